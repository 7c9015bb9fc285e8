package events

import (
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/pricing"
)

// Local says where the instants of a payload are read: an IANA zone and
// the name of a place people know it by, in the recipient's language.
type Local struct {
	Zone  string `json:"zone,omitempty"`
	Place string `json:"place,omitempty"`
}

// CustomerSaved: a customer was created or changed. Internal.
type CustomerSaved struct {
	CustomerID string `json:"customer_id"`
	Version    int    `json:"version"`
	Created    bool   `json:"created,omitempty"`
}

// CustomersMerged: customer From was merged into Into, and Moved of its
// inquiries moved with it. Internal.
type CustomersMerged struct {
	Into  string `json:"into"`
	From  string `json:"from"`
	Moved int    `json:"moved"`
}

// InquiryLogged: a new inquiry reached a consultant, who answers it before
// FirstResponseDue. For staff: the consultant.
type InquiryLogged struct {
	InquiryID        string          `json:"inquiry_id"`
	CustomerID       string          `json:"customer_id"`
	CustomerName     string          `json:"customer_name"`
	Consultant       string          `json:"consultant"`
	Channel          inquiry.Channel `json:"channel"`
	NewCustomer      bool            `json:"new_customer,omitempty"`
	ReceivedAt       time.Time       `json:"received_at"`
	FirstResponseDue *time.Time      `json:"first_response_due,omitempty"`
	Local
}

// InquiryChanged: an inquiry moved in its lifecycle or recorded an
// exchange. Internal.
type InquiryChanged struct {
	InquiryID  string         `json:"inquiry_id"`
	CustomerID string         `json:"customer_id"`
	Consultant string         `json:"consultant"`
	Event      string         `json:"event"`
	Status     inquiry.Status `json:"status"`
	BookingRef string         `json:"booking_ref,omitempty"`
}

// InquiryProposed: a trip and its quote were proposed for an inquiry, from
// the catalogue (ProductID) or designed for the customer. Internal.
type InquiryProposed struct {
	InquiryID    string `json:"inquiry_id"`
	CustomerID   string `json:"customer_id"`
	Consultant   string `json:"consultant"`
	TripID       string `json:"trip_id"`
	TripVersion  int    `json:"trip_version"`
	QuoteID      string `json:"quote_id"`
	QuoteVersion int    `json:"quote_version"`
	ProductID    string `json:"product_id,omitempty"`
}

// ProductSaved: a catalogue product was added or changed. Internal.
type ProductSaved struct {
	ProductID string `json:"product_id"`
	Version   int    `json:"version"`
}

// TripProposed: a version of a trip proposal is ready. For the customer.
type TripProposed struct {
	CustomerID   string    `json:"customer_id"`
	CustomerName string    `json:"customer_name"`
	TripID       string    `json:"trip_id"`
	Title        string    `json:"title"`
	Version      int       `json:"version"`
	Start        date.Date `json:"start"`
	End          date.Date `json:"end"`
}

// QuoteIssued: a quote version was issued, valid until ValidUntil. For the
// customer.
type QuoteIssued struct {
	CustomerID   string        `json:"customer_id"`
	CustomerName string        `json:"customer_name"`
	QuoteID      string        `json:"quote_id"`
	Version      int           `json:"version"`
	TripID       string        `json:"trip_id"`
	Total        pricing.Money `json:"total"`
	ValidUntil   time.Time     `json:"valid_until"`
	Local
}

// QuoteAccepted: the customer accepted a quote version. For the customer.
type QuoteAccepted struct {
	CustomerID   string        `json:"customer_id"`
	CustomerName string        `json:"customer_name"`
	QuoteID      string        `json:"quote_id"`
	Version      int           `json:"version"`
	TripID       string        `json:"trip_id"`
	Total        pricing.Money `json:"total"`
}

// SupplierSaved: a supplier was created or changed. Internal.
type SupplierSaved struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
	Version    int    `json:"version"`
}

// SupplierContractAdded: a version of a supplier contract was stored.
// Internal.
type SupplierContractAdded struct {
	SupplierID string `json:"supplier_id"`
	ContractID string `json:"contract_id"`
	Version    int    `json:"version"`
}

// AllotmentCreated: an allotment and its nights were stored. Internal.
type AllotmentCreated struct {
	AllotmentID string    `json:"allotment_id"`
	SupplierID  string    `json:"supplier_id"`
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
	Units       int       `json:"units"`
}

// Stay is the units of an allotment a hold or request concerns, as the
// supplier knows them.
type Stay struct {
	HoldID       string    `json:"hold_id"`
	AllotmentID  string    `json:"allotment_id"`
	SupplierID   string    `json:"supplier_id"`
	SupplierName string    `json:"supplier_name,omitempty"`
	Product      string    `json:"product,omitempty"`
	UnitType     string    `json:"unit_type,omitempty"`
	From         date.Date `json:"from"`
	Nights       int       `json:"nights"`
	Units        int       `json:"units"`
	// Booking and Service name the booking and service the hold is for,
	// when it is one.
	Booking string `json:"booking,omitempty"`
	Service string `json:"service,omitempty"`
}

// HoldPlaced: units were held on an allotment. Internal.
type HoldPlaced struct {
	Stay
	ExpiresAt time.Time `json:"expires_at"`
}

// UnitsRequested: the supplier is asked to confirm units it must grant
// (on request, or inside the release period), with the guests' special
// requests. For the supplier.
type UnitsRequested struct {
	Stay
	LeadGuest string    `json:"lead_guest,omitempty"`
	Requests  []string  `json:"requests,omitempty"`
	ReplyBy   time.Time `json:"reply_by"`
	Local
}

// RequestAnswered: the supplier's answer to a request was recorded.
// Internal.
type RequestAnswered struct {
	Stay
	Accepted bool `json:"accepted"`
}

// HoldConfirmed: held units were booked; the supplier is told the booking
// with the lead guest and the special requests. For the supplier.
type HoldConfirmed struct {
	Stay
	LeadGuest string   `json:"lead_guest,omitempty"`
	Requests  []string `json:"requests,omitempty"`
}

// HoldCancelled: held or booked units were given back (a booking
// cancelled, moved or lapsed, a supplier's decline). For the supplier.
type HoldCancelled struct {
	Stay
	// WasBooked says the supplier had the units booked, not only held.
	WasBooked bool `json:"was_booked,omitempty"`
}

// HoldExpired: a hold ran out unconfirmed and gave its units back.
// Internal.
type HoldExpired struct {
	Stay
}

// UnitsReleased: unsold units of a night went back to the supplier at its
// release date. For the supplier.
type UnitsReleased struct {
	AllotmentID  string    `json:"allotment_id"`
	SupplierID   string    `json:"supplier_id"`
	SupplierName string    `json:"supplier_name,omitempty"`
	Product      string    `json:"product,omitempty"`
	UnitType     string    `json:"unit_type,omitempty"`
	Night        date.Date `json:"night"`
	Units        int       `json:"units"`
}

// StopSaleSet: sales of an allotment's nights were stopped or reopened.
// Internal.
type StopSaleSet struct {
	AllotmentID string    `json:"allotment_id"`
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
	Stop        bool      `json:"stop"`
	// Keep is how many more units each night may sell under the stop.
	Keep int `json:"keep,omitempty"`
}

// CostFrozen: the expected cost of a confirmed service was frozen at the
// net it was sold at. Internal.
type CostFrozen struct {
	CostLineID      string        `json:"cost_line_id"`
	SupplierID      string        `json:"supplier_id"`
	ContractID      string        `json:"contract_id,omitempty"`
	ContractVersion int           `json:"contract_version,omitempty"`
	Booking         string        `json:"booking"`
	Service         string        `json:"service"`
	Expected        pricing.Money `json:"expected"`
}

// InvoiceRecorded: a supplier invoice was matched against the cost lines.
// Internal.
type InvoiceRecorded struct {
	InvoiceID  string `json:"invoice_id"`
	SupplierID string `json:"supplier_id"`
	Number     string `json:"number"`
	Lines      int    `json:"lines"`
	Flagged    int    `json:"flagged"`
	Unmatched  int    `json:"unmatched"`
}

// BookingCreated: a booking was made. For the customer.
type BookingCreated struct {
	Reference    string        `json:"reference"`
	CustomerID   string        `json:"customer_id"`
	CustomerName string        `json:"customer_name"`
	Total        pricing.Money `json:"total"`
	Departure    date.Date     `json:"departure"`
	Return       date.Date     `json:"return"`
	State        booking.State `json:"state"`
}

// BookingChanged: a booking moved in its lifecycle. Internal.
type BookingChanged struct {
	Reference string        `json:"reference"`
	Event     booking.Event `json:"event"`
	State     booking.State `json:"state"`
	Revision  int           `json:"revision"`
}

// BookingConfirmed: every service, the contract and the deposit are in
// place. For the customer.
type BookingConfirmed struct {
	Reference    string        `json:"reference"`
	CustomerName string        `json:"customer_name"`
	Departure    date.Date     `json:"departure"`
	Total        pricing.Money `json:"total"`
	Paid         pricing.Money `json:"paid"`
}

// ServiceAnswered: a supplier's answer for one service of a booking was
// recorded. Internal.
type ServiceAnswered struct {
	Reference   string                `json:"reference"`
	Service     string                `json:"service"`
	Status      booking.ServiceStatus `json:"status"`
	SupplierRef string                `json:"supplier_ref,omitempty"`
}

// PaymentRecorded: a payment (or a refund, negative) reached a booking's
// ledger. For the customer.
type PaymentRecorded struct {
	Reference    string        `json:"reference"`
	CustomerName string        `json:"customer_name"`
	Amount       pricing.Money `json:"amount"`
	Refund       bool          `json:"refund,omitempty"`
	Paid         pricing.Money `json:"paid"`
	Outstanding  pricing.Money `json:"outstanding"`
	BankTxID     string        `json:"bank_tx_id,omitempty"`
}

// PaymentReminder: an instalment falls due. For the customer.
type PaymentReminder struct {
	Reference    string        `json:"reference"`
	CustomerName string        `json:"customer_name"`
	Instalment   int           `json:"instalment"`
	Amount       pricing.Money `json:"amount"`
	Due          date.Date     `json:"due"`
}

// BookingAmended: a booking's next revision, with the price difference.
// For the customer.
type BookingAmended struct {
	Reference       string        `json:"reference"`
	CustomerName    string        `json:"customer_name"`
	Revision        int           `json:"revision"`
	PriceDifference pricing.Money `json:"price_difference"`
	Total           pricing.Money `json:"total"`
}

// BookingCancelled: a booking was cancelled with its fee; Refund is what
// goes back (never negative) and Owed what the traveller still owes.
// SupplierFees are the suppliers' charges by service, SupplierFeeProblems
// why a confirmed service's fee could not be computed. For the customer.
type BookingCancelled struct {
	Reference           string                   `json:"reference"`
	CustomerName        string                   `json:"customer_name"`
	Reason              booking.CancelReason     `json:"reason"`
	Fee                 pricing.Money            `json:"fee"`
	Refund              pricing.Money            `json:"refund"`
	Owed                pricing.Money            `json:"owed"`
	Scale               string                   `json:"scale,omitempty"`
	SupplierFees        map[string]pricing.Money `json:"supplier_fees,omitempty"`
	SupplierFeeProblems map[string]string        `json:"supplier_fee_problems,omitempty"`
}

// BookingExpired: an option lapsed and its holds went back. For the
// customer.
type BookingExpired struct {
	Reference    string    `json:"reference"`
	CustomerName string    `json:"customer_name"`
	OptionUntil  time.Time `json:"option_until"`
	Local
}

// BookingMoved: a booking was superseded by another, which took its
// holds. Internal.
type BookingMoved struct {
	Reference string   `json:"reference"`
	To        string   `json:"to"`
	Handed    []string `json:"handed,omitempty"`
	Released  []string `json:"released,omitempty"`
}

// StatementLine: a bank statement line a person must look at (no booking
// found, or more than was due). For staff.
type StatementLine struct {
	TxID      string             `json:"tx_id"`
	Reference string             `json:"reference,omitempty"`
	Match     booking.MatchState `json:"match"`
	Amount    pricing.Money      `json:"amount"`
	Payer     string             `json:"payer,omitempty"`
}

// ContractDrafted: a travel contract (or supplement) was drafted and
// validated. Internal.
type ContractDrafted struct {
	Number     string   `json:"number"`
	Supplement int      `json:"supplement"`
	Booking    string   `json:"booking"`
	Revision   int      `json:"revision"`
	Blocking   int      `json:"blocking"`
	Codes      []string `json:"codes,omitempty"`
}

// ContractSigned: the customer signed a travel contract. For the customer.
type ContractSigned struct {
	Number       string `json:"number"`
	Supplement   int    `json:"supplement"`
	Booking      string `json:"booking"`
	CustomerName string `json:"customer_name"`
}

// ContractRefused: signing was refused on blocking findings. For staff:
// the booking's consultant.
type ContractRefused struct {
	Number     string   `json:"number"`
	Supplement int      `json:"supplement"`
	Booking    string   `json:"booking"`
	Codes      []string `json:"codes"`
}

// ComplaintOpened: a complaint was received. For the customer.
type ComplaintOpened struct {
	ComplaintID  string `json:"complaint_id"`
	CustomerID   string `json:"customer_id"`
	CustomerName string `json:"customer_name"`
	Summary      string `json:"summary"`
}

// ComplaintChanged: a complaint moved in its lifecycle, was resolved or
// rated. Internal.
type ComplaintChanged struct {
	ComplaintID string          `json:"complaint_id"`
	Action      string          `json:"action"`
	Status      feedback.Status `json:"status"`
	By          string          `json:"by,omitempty"`
}

// SLAAlert is what the SLA events carry: the complaint, the target
// (first_response or resolution) and its due instant.
type SLAAlert struct {
	ComplaintID  string    `json:"complaint_id"`
	CustomerName string    `json:"customer_name"`
	Target       string    `json:"target"`
	Due          time.Time `json:"due"`
	Local
}

// SLAAtRisk: a complaint's target will soon be missed. For staff: the
// assignee or consultant.
type SLAAtRisk struct{ SLAAlert }

// SLABreached: a complaint's target was missed. For staff.
type SLABreached struct{ SLAAlert }

// SurveyRecorded: a survey response was stored. Internal.
type SurveyRecorded struct {
	SurveyID   string `json:"survey_id"`
	CustomerID string `json:"customer_id"`
	CSAT       int    `json:"csat,omitempty"`
	NPS        *int   `json:"nps,omitempty"`
}

// FollowUpScheduled: a follow-up visit (回访) is due. For staff: the
// consultant.
type FollowUpScheduled struct {
	FollowUpID   string                `json:"follow_up_id"`
	CustomerID   string                `json:"customer_id"`
	CustomerName string                `json:"customer_name"`
	Kind         feedback.FollowUpKind `json:"kind"`
	Ref          string                `json:"ref"`
	Due          date.Date             `json:"due"`
}

// PlanSaved: a sales plan was stored. Internal.
type PlanSaved struct {
	Consultant string     `json:"consultant"`
	Year       int        `json:"year"`
	Month      time.Month `json:"month"`
	Version    int        `json:"version"`
}

// ReportSubmitted: a market research report was submitted. Internal.
type ReportSubmitted struct {
	ReportID   string `json:"report_id"`
	Consultant string `json:"consultant"`
	OnSchedule bool   `json:"on_schedule"`
}

// ObservationsIngested: competitor observations were stored. Internal.
type ObservationsIngested struct {
	Count int `json:"count"`
}

// The event type of each payload.

// EventType returns "customer.saved".
func (CustomerSaved) EventType() string { return "customer.saved" }

// EventType returns "customer.merged".
func (CustomersMerged) EventType() string { return "customer.merged" }

// EventType returns "inquiry.logged".
func (InquiryLogged) EventType() string { return "inquiry.logged" }

// EventType returns "inquiry.changed".
func (InquiryChanged) EventType() string { return "inquiry.changed" }

// EventType returns "inquiry.proposed".
func (InquiryProposed) EventType() string { return "inquiry.proposed" }

// EventType returns "product.saved".
func (ProductSaved) EventType() string { return "product.saved" }

// EventType returns "trip.proposed".
func (TripProposed) EventType() string { return "trip.proposed" }

// EventType returns "quote.issued".
func (QuoteIssued) EventType() string { return "quote.issued" }

// EventType returns "quote.accepted".
func (QuoteAccepted) EventType() string { return "quote.accepted" }

// EventType returns "supplier.saved".
func (SupplierSaved) EventType() string { return "supplier.saved" }

// EventType returns "supplier.contract_added".
func (SupplierContractAdded) EventType() string { return "supplier.contract_added" }

// EventType returns "allotment.created".
func (AllotmentCreated) EventType() string { return "allotment.created" }

// EventType returns "allotment.held".
func (HoldPlaced) EventType() string { return "allotment.held" }

// EventType returns "allotment.requested".
func (UnitsRequested) EventType() string { return "allotment.requested" }

// EventType returns "allotment.answered".
func (RequestAnswered) EventType() string { return "allotment.answered" }

// EventType returns "allotment.confirmed".
func (HoldConfirmed) EventType() string { return "allotment.confirmed" }

// EventType returns "allotment.cancelled".
func (HoldCancelled) EventType() string { return "allotment.cancelled" }

// EventType returns "allotment.hold_expired".
func (HoldExpired) EventType() string { return "allotment.hold_expired" }

// EventType returns "allotment.released".
func (UnitsReleased) EventType() string { return "allotment.released" }

// EventType returns "allotment.stop_sale".
func (StopSaleSet) EventType() string { return "allotment.stop_sale" }

// EventType returns "payable.cost_frozen".
func (CostFrozen) EventType() string { return "payable.cost_frozen" }

// EventType returns "payable.invoice_recorded".
func (InvoiceRecorded) EventType() string { return "payable.invoice_recorded" }

// EventType returns "booking.created".
func (BookingCreated) EventType() string { return "booking.created" }

// EventType returns "booking.changed".
func (BookingChanged) EventType() string { return "booking.changed" }

// EventType returns "booking.confirmed".
func (BookingConfirmed) EventType() string { return "booking.confirmed" }

// EventType returns "booking.service_answered".
func (ServiceAnswered) EventType() string { return "booking.service_answered" }

// EventType returns "booking.payment".
func (PaymentRecorded) EventType() string { return "booking.payment" }

// EventType returns "booking.payment_reminder".
func (PaymentReminder) EventType() string { return "booking.payment_reminder" }

// EventType returns "booking.amended".
func (BookingAmended) EventType() string { return "booking.amended" }

// EventType returns "booking.cancelled".
func (BookingCancelled) EventType() string { return "booking.cancelled" }

// EventType returns "booking.expired".
func (BookingExpired) EventType() string { return "booking.expired" }

// EventType returns "booking.moved".
func (BookingMoved) EventType() string { return "booking.moved" }

// EventType returns "booking.statement_line".
func (StatementLine) EventType() string { return "booking.statement_line" }

// EventType returns "travel_contract.drafted".
func (ContractDrafted) EventType() string { return "travel_contract.drafted" }

// EventType returns "travel_contract.signed".
func (ContractSigned) EventType() string { return "travel_contract.signed" }

// EventType returns "travel_contract.refused".
func (ContractRefused) EventType() string { return "travel_contract.refused" }

// EventType returns "complaint.opened".
func (ComplaintOpened) EventType() string { return "complaint.opened" }

// EventType returns "complaint.changed".
func (ComplaintChanged) EventType() string { return "complaint.changed" }

// EventType returns "sla.at_risk".
func (SLAAtRisk) EventType() string { return "sla.at_risk" }

// EventType returns "sla.breached".
func (SLABreached) EventType() string { return "sla.breached" }

// EventType returns "survey.recorded".
func (SurveyRecorded) EventType() string { return "survey.recorded" }

// EventType returns "follow_up.scheduled".
func (FollowUpScheduled) EventType() string { return "follow_up.scheduled" }

// EventType returns "plan.saved".
func (PlanSaved) EventType() string { return "plan.saved" }

// EventType returns "report.submitted".
func (ReportSubmitted) EventType() string { return "report.submitted" }

// EventType returns "observations.ingested".
func (ObservationsIngested) EventType() string { return "observations.ingested" }
