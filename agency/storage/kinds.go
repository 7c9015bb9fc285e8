package storage

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// TenantID identifies an agency. Every record belongs to one, and no store
// call reads or changes another tenant's records.
type TenantID string

// Language is a person's language for documents and notifications, as a
// BCP 47 tag.
type Language string

// Languages every document and notification is written in.
const (
	Chinese Language = "zh-CN"
	English Language = "en"
	// ChineseTraditional is Traditional Chinese, for customers in Hong
	// Kong, Macao and Taiwan.
	ChineseTraditional Language = "zh-Hant"
)

// The kinds every store keeps through Records. Their names are the tables
// of the SQL stores.
var (
	customerKind = &Kind{Name: "customers", Noun: "customer", Mode: Versioned, Key: []Column{{"id", Text}},
		Fields: []Column{{"name", Text}, {"email", Text}, {"phone", Text}, {"wechat", Text}, {"language", Text},
			{"created_at", Int}, {"updated_at", Int}, {"name_key", Text}, {"email_key", Text}, {"phone_key", Text}},
		Indexes: []Index{{"name", []string{"name_key"}}, {"email", []string{"email_key"}}, {"phone", []string{"phone_key"}}}}
	tripKind = &Kind{Name: "trip_versions", Noun: "trip", Mode: Chain, Key: []Column{{"trip_id", Text}, {"version", Int}}, Body: "trip",
		Fields:  []Column{{"customer_id", Text}, {"created_at", Int}, {"title", Text}, {"start_day", Int}, {"end_day", Int}},
		Indexes: []Index{{"customer", []string{"customer_id"}}}}
	quoteKind = &Kind{Name: "quote_versions", Noun: "quote", Mode: Chain, Key: []Column{{"quote_id", Text}, {"version", Int}}, Body: "quote",
		Fields: []Column{{"trip_id", Text}, {"trip_version", Int}, {"customer_id", Text}, {"currency", Text}, {"total_minor", Int},
			{"created_at", Int}},
		Indexes: []Index{{"customer", []string{"customer_id"}}}}
	acceptanceKind = &Kind{Name: "quote_acceptances", Noun: "quote acceptance", Mode: Immutable, Key: []Column{{"quote_id", Text}},
		Fields: []Column{{"version", Int}, {"accepted_at", Int}}}
	complaintKind = &Kind{Name: "complaints", Noun: "complaint", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"status", Text}, {"customer_id", Text}, {"consultant", Text}, {"received_at", Int}, {"next_check_at", NullInt},
			{"alerts", Int}, {"assignee", Text}, {"due_at", NullInt}, {"charged_back_to", Text}, {"first_response_at", NullInt},
			{"resolve_due", NullInt}, {"resolved_at", NullInt}},
		Indexes: []Index{{"received", []string{"received_at"}}, {"status", []string{"status", "received_at"}},
			{"assignee", []string{"assignee", "received_at"}}, {"due", []string{"due_at"}}},
		Touch: []string{"next_check_at", "alerts"}, Due: "next_check_at"}
	surveyKind = &Kind{Name: "surveys", Noun: "survey", Mode: Immutable, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"responded_at", Int}, {"consultant", Text}, {"team", Text}, {"csat", Int}, {"nps", NullInt},
			{"r_hotel", Int}, {"r_transport", Int}, {"r_guide", Int}, {"r_meals", Int}, {"r_itinerary", Int}, {"r_consultant", Int}},
		Indexes: []Index{{"responded", []string{"responded_at"}}}}
	followUpKind = &Kind{Name: "follow_ups", Noun: "follow-up", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"due", Int}}, Indexes: []Index{{"due", []string{"due"}}}}
	supplierKind = &Kind{Name: "suppliers", Noun: "supplier", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"status", Text}, {"updated_at", Int}}}
	contractKind = &Kind{Name: "contract_versions", Noun: "supplier contract", Mode: Chain,
		Key: []Column{{"contract_id", Text}, {"version", Int}}, Body: "body",
		Fields: []Column{{"supplier_id", Text}, {"created_at", Int}}, Indexes: []Index{{"supplier", []string{"supplier_id"}}}}
	costLineKind = &Kind{Name: "cost_lines", Noun: "cost line", Mode: Immutable, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"supplier_id", Text}, {"booking", Text}, {"currency", Text}, {"expected_minor", Int}, {"frozen_at", Int},
			{"service_day", Int}},
		Indexes: []Index{{"supplier", []string{"supplier_id", "booking"}}, {"booking", []string{"booking"}}}}
	invoiceKind = &Kind{Name: "invoices", Noun: "invoice", Mode: Immutable, Key: []Column{{"id", Text}}, Body: "body",
		Fields:  []Column{{"supplier_id", Text}, {"issued", Int}, {"line_count", Int}, {"lines_exact", Int}},
		Indexes: []Index{{"supplier", []string{"supplier_id", "issued"}}}}
	bookingKind = &Kind{Name: "bookings", Noun: "booking", Mode: Versioned, Key: []Column{{"reference", Text}}, Body: "body",
		Fields: []Column{{"state", Text}, {"lapse_at", NullInt}, {"currency", Text}, {"outstanding_minor", Int}, {"next_due", Int},
			{"payer", Text}, {"updated_at", Int}, {"consultant", Text}, {"booked_at", Int}, {"departure", Int}, {"sold_minor", Int},
			{"customer_id", Text}, {"due_now_minor", Int}},
		Indexes: []Index{{"customer", []string{"customer_id"}}, {"state", []string{"state"}}}, Due: "lapse_at"}
	travelContractKind = &Kind{Name: "travel_contracts", Noun: "travel contract", Mode: Versioned,
		Key: []Column{{"number", Text}, {"supplement", Int}}, Body: "body",
		Fields: []Column{{"booking", Text}, {"issued_at", Int}, {"blocking", Int}, {"ever_blocked", Int}, {"signed_at", NullInt},
			{"updated_at", Int}, {"consultant", Text}, {"signed_blocked", Int}},
		Indexes: []Index{{"booking", []string{"booking"}}}}
	inquiryKind = &Kind{Name: "inquiries", Noun: "inquiry", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"customer_id", Text}, {"consultant", Text}, {"channel", Text}, {"lead_source", Text}, {"status", Text},
			{"received_at", Int}, {"proposed", Int}, {"won", Int}, {"updated_at", Int}},
		Indexes: []Index{{"customer", []string{"customer_id", "received_at"}}, {"consultant", []string{"consultant", "received_at"}},
			{"received", []string{"received_at"}}}}
	productKind = &Kind{Name: "products", Noun: "product", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields: []Column{{"updated_at", Int}}}
	reportKind = &Kind{Name: "market_reports", Noun: "research report", Mode: Versioned, Key: []Column{{"id", Text}}, Body: "body",
		Fields:  []Column{{"consultant", Text}, {"due_at", Int}, {"submitted_at", NullInt}, {"on_schedule", Int}},
		Indexes: []Index{{"due", []string{"due_at"}}}}
	planKind = &Kind{Name: "sales_plans", Noun: "sales plan", Mode: Versioned, Key: []Column{{"consultant", Text}, {"month", Int}},
		Body: "body"}
	observationKind = &Kind{Name: "market_observations", Noun: "competitor observation", Mode: Immutable, Key: []Column{{"id", Text}},
		Body: "body", Fields: []Column{{"observed_at", Int}}, Indexes: []Index{{"observed", []string{"observed_at"}}}}
)

// Kinds lists every kind the agency keeps through Records, for stores that
// check their schema and for the conformance suite.
func Kinds() []*Kind {
	return []*Kind{customerKind, tripKind, quoteKind, acceptanceKind, complaintKind, surveyKind, followUpKind, supplierKind,
		contractKind, costLineKind, invoiceKind, bookingKind, travelContractKind, inquiryKind, productKind, reportKind, planKind,
		observationKind}
}

// Nanos is how instants are kept: Unix nanoseconds.
func Nanos(t time.Time) int64 { return t.UnixNano() }

// FromNanos reads an instant kept as Unix nanoseconds, in UTC.
func FromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func nullNanos(t *time.Time) any {
	if t == nil {
		return nil
	}
	return Nanos(*t)
}

func timeOf(v any) *time.Time {
	n, ok := v.(int64)
	if !ok {
		return nil
	}
	t := FromNanos(n)
	return &t
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func i64(v any) int64 {
	n, _ := v.(int64)
	return n
}

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func version(r Record) int { return max(r.Version, 1) }

// doc marshals v as a record's document.
func doc(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// whole is the collection of a kind whose records are kept whole as their
// document, with the tenant and version in the columns only (the columns
// are the truth): meta points at a record's tenant and version, row gives
// its key and fields. A record just stored is stamped with what the store
// decided rather than decoded again.
func whole[T any](k *Kind, meta func(*T) (*TenantID, *int), row func(*T) (key, fields []any, err error)) Collection[T] {
	set := func(v *T, r Record) {
		t, ver := meta(v)
		*t, *ver = r.Tenant, version(r)
	}
	return Collection[T]{kind: k,
		encode: func(t TenantID, rec *T) (Record, error) {
			stored := *rec
			st, sv := meta(&stored)
			*st, *sv = t, 0
			body, err := doc(stored)
			if err != nil {
				return Record{}, err
			}
			key, fields, err := row(rec)
			_, v := meta(rec)
			return Record{Tenant: t, Key: key, Version: *v, Body: body, Fields: fields}, err
		},
		decode: func(r Record) (T, error) {
			var rec T
			err := undoc(k, r, &rec)
			set(&rec, r)
			return rec, err
		},
		stamp: set}
}

// undoc reads a record's document.
func undoc(k *Kind, r Record, v any) error {
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		return fmt.Errorf("storage: stored %s %s: %w", k.Noun, KeyString(r.Key), err)
	}
	return nil
}

// Customer is a person or company the agency serves.
type Customer struct {
	Tenant   TenantID `json:"tenant"`
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	WeChat   string   `json:"wechat,omitempty"`
	Language Language `json:"language"`
	// Version counts saves: 0 for a customer never saved.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NameKey is the form of a name that name searches compare: lower case,
// spaces folded.
func NameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// EmailKey is the form of an e-mail address that searches and matching
// compare: trimmed, case folded, and without a "+tag" in the local part
// ("Wang.Lei+trips@Example.com" and "wang.lei@example.com" are one
// address). It is for matching only; mail goes to the address as given.
func EmailKey(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return e
	}
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return local + "@" + domain
}

// PhoneKey is the form of a phone number that searches compare: its digits
// last to first, so that a number's ending is a prefix of its key.
func PhoneKey(phone string) string {
	digits := make([]byte, 0, len(phone))
	for i := len(phone) - 1; i >= 0; i-- {
		if c := phone[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	return string(digits)
}

// Customers is the collection of customers. Listings: "name" (by NameKey,
// a prefix search is a From/To range), "email" (Equal EmailKey), "phone"
// (PhoneKey; a number's ending is a range).
func Customers() Collection[Customer] {
	return Collection[Customer]{kind: customerKind,
		encode: func(t TenantID, c *Customer) (Record, error) {
			return Record{Tenant: t, Key: []any{c.ID}, Version: c.Version, Fields: []any{c.Name, c.Email, c.Phone, c.WeChat,
				string(c.Language), Nanos(c.CreatedAt), Nanos(c.UpdatedAt), NameKey(c.Name), EmailKey(c.Email), PhoneKey(c.Phone)}}, nil
		},
		decode: func(r Record) (Customer, error) {
			f := r.Fields
			return Customer{Tenant: r.Tenant, ID: str(r.Key[0]), Name: str(f[0]), Email: str(f[1]), Phone: str(f[2]), WeChat: str(f[3]),
				Language: Language(str(f[4])), Version: version(r), CreatedAt: FromNanos(i64(f[5])), UpdatedAt: FromNanos(i64(f[6]))}, nil
		}}
}

// TripVersion is one saved proposal of a trip. Versions are immutable:
// each change is saved as the next version.
type TripVersion struct {
	Tenant     TenantID       `json:"tenant"`
	TripID     string         `json:"trip_id"`
	Version    int            `json:"version"`
	CustomerID string         `json:"customer_id"`
	Trip       itinerary.Trip `json:"trip"`
	CreatedAt  time.Time      `json:"created_at"`
}

// Trips is the chain of trip versions, keyed by trip ID and version;
// listing "customer" (Equal customer ID). Trips are decoded with dec, which
// keeps the time zones it loads (nil decodes without keeping them).
func Trips(dec *itinerary.TripDecoder) Collection[TripVersion] {
	if dec == nil {
		dec = new(itinerary.TripDecoder)
	}
	return Collection[TripVersion]{kind: tripKind,
		encode: func(t TenantID, v *TripVersion) (Record, error) {
			body, err := doc(v.Trip)
			return Record{Tenant: t, Key: []any{v.TripID, int64(v.Version)}, Version: v.Version, Body: body,
				Fields: []any{v.CustomerID, Nanos(v.CreatedAt), v.Trip.Title, int64(v.Trip.Start), int64(v.Trip.End)}}, err
		},
		decode: func(r Record) (TripVersion, error) {
			trip, err := dec.Decode([]byte(r.Body))
			if err != nil {
				return TripVersion{}, fmt.Errorf("storage: stored trip %s: %w", KeyString(r.Key), err)
			}
			return TripVersion{Tenant: r.Tenant, TripID: str(r.Key[0]), Version: int(i64(r.Key[1])), CustomerID: str(r.Fields[0]),
				Trip: *trip, CreatedAt: FromNanos(i64(r.Fields[1]))}, nil
		},
		stamp: func(v *TripVersion, r Record) { v.Tenant, v.CreatedAt = r.Tenant, FromNanos(Nanos(v.CreatedAt)) }}
}

// QuoteVersion is one issued version of a quote for a trip version.
// Versions are immutable; at most one version of a quote is accepted.
type QuoteVersion struct {
	Tenant      TenantID      `json:"tenant"`
	QuoteID     string        `json:"quote_id"`
	Version     int           `json:"version"`
	TripID      string        `json:"trip_id"`
	TripVersion int           `json:"trip_version"`
	CustomerID  string        `json:"customer_id"`
	Quote       pricing.Quote `json:"quote"`
	CreatedAt   time.Time     `json:"created_at"`
	// AcceptedAt is set on the accepted version, when loaded through the
	// agency.
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
}

// Quotes is the chain of quote versions, keyed by quote ID and version;
// listing "customer". A quote is kept in its compact stored form
// (pricing.Quote.MarshalBinary, in base64); JSON as the first versions of
// the SQL store wrote it is read too.
func Quotes() Collection[QuoteVersion] {
	return Collection[QuoteVersion]{kind: quoteKind,
		encode: func(t TenantID, v *QuoteVersion) (Record, error) {
			bin, err := v.Quote.MarshalBinary()
			if err != nil {
				return Record{}, err
			}
			minor, err := v.Quote.Totals.Total.MinorUnits()
			if err != nil {
				return Record{}, fmt.Errorf("%w: quote total: %v", ErrInvalid, err)
			}
			return Record{Tenant: t, Key: []any{v.QuoteID, int64(v.Version)}, Version: v.Version, Body: base64.StdEncoding.EncodeToString(bin),
				Fields: []any{v.TripID, int64(v.TripVersion), v.CustomerID, v.Quote.Currency.Code(), minor, Nanos(v.CreatedAt)}}, nil
		},
		decode: func(r Record) (QuoteVersion, error) {
			q, err := DecodeQuote(r.Body)
			if err != nil {
				return QuoteVersion{}, fmt.Errorf("storage: stored quote %s: %w", KeyString(r.Key), err)
			}
			f := r.Fields
			return QuoteVersion{Tenant: r.Tenant, QuoteID: str(r.Key[0]), Version: int(i64(r.Key[1])), TripID: str(f[0]),
				TripVersion: int(i64(f[1])), CustomerID: str(f[2]), Quote: q, CreatedAt: FromNanos(i64(f[5]))}, nil
		},
		stamp: func(v *QuoteVersion, r Record) {
			// The acceptance is a record of its own: a version is stored unaccepted.
			v.Tenant, v.CreatedAt, v.AcceptedAt = r.Tenant, FromNanos(Nanos(v.CreatedAt)), nil
		}}
}

// DecodeQuote reads a stored quote: the stored form in base64, or JSON
// ("{" never starts base64).
func DecodeQuote(body string) (pricing.Quote, error) {
	var q pricing.Quote
	if strings.HasPrefix(body, "{") {
		return q, json.Unmarshal([]byte(body), &q)
	}
	bin, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return q, fmt.Errorf("%w: %v", pricing.ErrStoredForm, err)
	}
	return q, q.UnmarshalBinary(bin)
}

// QuoteAcceptance records which version of a quote was accepted, once.
type QuoteAcceptance struct {
	QuoteID string    `json:"quote_id"`
	Version int       `json:"version"`
	At      time.Time `json:"at"`
}

// QuoteAcceptances is the collection of acceptances, keyed by quote ID:
// a second acceptance of a quote is ErrConflict.
func QuoteAcceptances() Collection[QuoteAcceptance] {
	return Collection[QuoteAcceptance]{kind: acceptanceKind,
		encode: func(t TenantID, a *QuoteAcceptance) (Record, error) {
			return Record{Tenant: t, Key: []any{a.QuoteID}, Fields: []any{int64(a.Version), Nanos(a.At)}}, nil
		},
		decode: func(r Record) (QuoteAcceptance, error) {
			return QuoteAcceptance{QuoteID: str(r.Key[0]), Version: int(i64(r.Fields[0])), At: FromNanos(i64(r.Fields[1]))}, nil
		}}
}

// Alerts records which SLA events a complaint has already raised, so that
// each is raised exactly once.
type Alerts uint8

// SLA alerts.
const (
	AlertFirstResponseAtRisk Alerts = 1 << iota
	AlertFirstResponseBreached
	AlertResolutionAtRisk
	AlertResolutionBreached
)

// ComplaintRecord is a stored complaint: the complaint, its version, when
// the SLA sweep must look at it next (nil: nothing can change by itself —
// closed or paused), and the alerts raised. NextCheck and Alerts are the
// sweep's bookkeeping: the sweep changes them without a new version, so a
// person's next change is never refused because a sweep ran.
type ComplaintRecord struct {
	Tenant    TenantID           `json:"tenant"`
	Complaint feedback.Complaint `json:"complaint"`
	Version   int                `json:"version"`
	NextCheck *time.Time         `json:"next_check,omitempty"`
	Alerts    Alerts             `json:"alerts"`
	// DueAt is when the resolution target runs out, as of the last change;
	// nil once it is done. Screens list complaints by it.
	DueAt *time.Time `json:"due_at,omitempty"`
	// FirstResponseAt, ResolveDue and ResolvedAt are the SLA's instants as
	// of the last change, for the complaint KPIs.
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	ResolveDue      *time.Time `json:"resolve_due,omitempty"`
	ResolvedAt      *time.Time `json:"resolved_at,omitempty"`
}

// Complaints is the collection of complaints; listings "received",
// "status" (Equal status), "assignee" (Equal assignee), "due" (resolution
// due instant; complaints with none are not listed); due field
// next_check_at for the SLA sweep.
func Complaints() Collection[ComplaintRecord] {
	return Collection[ComplaintRecord]{kind: complaintKind,
		encode: func(t TenantID, rec *ComplaintRecord) (Record, error) {
			body, err := doc(rec.Complaint)
			c := &rec.Complaint
			return Record{Tenant: t, Key: []any{c.ID}, Version: rec.Version, Body: body, Fields: []any{string(c.Status), c.CustomerID,
				c.Consultant, Nanos(c.ReceivedAt), nullNanos(rec.NextCheck), int64(rec.Alerts), c.Assignee, nullNanos(rec.DueAt),
				c.ChargedBackTo(), nullNanos(rec.FirstResponseAt), nullNanos(rec.ResolveDue), nullNanos(rec.ResolvedAt)}}, err
		},
		decode: func(r Record) (ComplaintRecord, error) {
			rec := ComplaintRecord{Tenant: r.Tenant, Version: version(r)}
			if err := undoc(complaintKind, r, &rec.Complaint); err != nil {
				return rec, err
			}
			f := r.Fields
			rec.NextCheck, rec.Alerts, rec.DueAt = timeOf(f[4]), Alerts(i64(f[5])), timeOf(f[7])
			rec.FirstResponseAt, rec.ResolveDue, rec.ResolvedAt = timeOf(f[9]), timeOf(f[10]), timeOf(f[11])
			return rec, nil
		}}
}

// Surveys is the collection of survey responses (written once); listing
// "responded".
func Surveys() Collection[feedback.Survey] {
	return Collection[feedback.Survey]{kind: surveyKind,
		encode: func(t TenantID, v *feedback.Survey) (Record, error) {
			body, err := doc(v)
			var nps any
			if v.NPS != nil {
				nps = int64(*v.NPS)
			}
			fields := []any{Nanos(v.RespondedAt), v.Consultant, v.Team, int64(v.CSAT), nps}
			for _, a := range feedback.Aspects() {
				fields = append(fields, int64(v.Ratings[a]))
			}
			return Record{Tenant: t, Key: []any{v.ID}, Body: body, Fields: fields}, err
		},
		decode: func(r Record) (feedback.Survey, error) {
			var v feedback.Survey
			return v, undoc(surveyKind, r, &v)
		}}
}

// FollowUpRecord is a follow-up visit as stored.
type FollowUpRecord struct {
	Tenant   TenantID          `json:"tenant"`
	FollowUp feedback.FollowUp `json:"follow_up"`
	Version  int               `json:"version"`
}

// FollowUps is the collection of follow-up visits; listing "due".
func FollowUps() Collection[FollowUpRecord] {
	return Collection[FollowUpRecord]{kind: followUpKind,
		encode: func(t TenantID, f *FollowUpRecord) (Record, error) {
			body, err := doc(f.FollowUp)
			return Record{Tenant: t, Key: []any{f.FollowUp.ID}, Version: f.Version, Body: body, Fields: []any{int64(f.FollowUp.Due)}}, err
		},
		decode: func(r Record) (FollowUpRecord, error) {
			f := FollowUpRecord{Tenant: r.Tenant, Version: version(r)}
			return f, undoc(followUpKind, r, &f.FollowUp)
		}}
}

// SupplierRecord is a stored supplier with its version.
type SupplierRecord struct {
	Tenant    TenantID          `json:"tenant"`
	Supplier  supplier.Supplier `json:"supplier"`
	Version   int               `json:"version"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Suppliers is the collection of suppliers, listed by ID.
func Suppliers() Collection[SupplierRecord] {
	return Collection[SupplierRecord]{kind: supplierKind,
		encode: func(t TenantID, s *SupplierRecord) (Record, error) {
			body, err := doc(s.Supplier)
			return Record{Tenant: t, Key: []any{s.Supplier.ID}, Version: s.Version, Body: body,
				Fields: []any{string(s.Supplier.Status), Nanos(s.UpdatedAt)}}, err
		},
		decode: func(r Record) (SupplierRecord, error) {
			s := SupplierRecord{Tenant: r.Tenant, Version: version(r), UpdatedAt: FromNanos(i64(r.Fields[1]))}
			return s, undoc(supplierKind, r, &s.Supplier)
		}}
}

// SupplierContract is one immutable version of a supplier contract (a
// cooperation agreement): an edit is the next version, so what a confirmed
// booking agreed to stays as it was.
type SupplierContract struct {
	Tenant    TenantID          `json:"tenant"`
	Contract  supplier.Contract `json:"contract"`
	CreatedAt time.Time         `json:"created_at"`
}

// SupplierContracts is the chain of supplier contract versions, keyed by
// contract ID and version; listing "supplier".
func SupplierContracts() Collection[SupplierContract] {
	return Collection[SupplierContract]{kind: contractKind,
		encode: func(t TenantID, v *SupplierContract) (Record, error) {
			body, err := doc(v.Contract)
			c := &v.Contract
			return Record{Tenant: t, Key: []any{c.ID, int64(c.Version)}, Version: c.Version, Body: body,
				Fields: []any{c.SupplierID, Nanos(v.CreatedAt)}}, err
		},
		decode: func(r Record) (SupplierContract, error) {
			v := SupplierContract{Tenant: r.Tenant, CreatedAt: FromNanos(i64(r.Fields[1]))}
			return v, undoc(contractKind, r, &v.Contract)
		}}
}

// CostLines is the collection of expected cost lines, frozen once at
// confirmation; listings "supplier" (Equal supplier, then booking) and
// "booking".
func CostLines() Collection[supplier.CostLine] {
	return Collection[supplier.CostLine]{kind: costLineKind,
		encode: func(t TenantID, l *supplier.CostLine) (Record, error) {
			body, err := doc(l)
			if err != nil {
				return Record{}, err
			}
			minor, err := l.Expected.MinorUnits()
			if err != nil {
				return Record{}, fmt.Errorf("%w: cost line %s: %v", ErrInvalid, clip(l.ID), err)
			}
			return Record{Tenant: t, Key: []any{l.ID}, Body: body, Fields: []any{l.SupplierID, l.Booking, l.Expected.Currency().Code(),
				minor, Nanos(l.FrozenAt), int64(l.ServiceDate)}}, nil
		},
		decode: func(r Record) (supplier.CostLine, error) {
			var l supplier.CostLine
			return l, undoc(costLineKind, r, &l)
		}}
}

// InvoiceRecord is a supplier invoice as recorded, with its match against
// the expected cost lines.
type InvoiceRecord struct {
	Tenant  TenantID         `json:"tenant"`
	Invoice supplier.Invoice `json:"invoice"`
	Match   supplier.Match   `json:"match"`
}

// Invoices is the collection of supplier invoices (written once); listing
// "supplier" (Equal supplier, by issue date).
func Invoices() Collection[InvoiceRecord] {
	return Collection[InvoiceRecord]{kind: invoiceKind,
		encode: func(t TenantID, rec *InvoiceRecord) (Record, error) {
			rec.Tenant = t
			body, err := doc(rec)
			exact := 0
			for _, v := range rec.Match.Variances {
				if !v.Flagged {
					exact++
				}
			}
			return Record{Tenant: t, Key: []any{rec.Invoice.ID}, Body: body, Fields: []any{rec.Invoice.SupplierID,
				int64(rec.Invoice.Issued), int64(len(rec.Match.Variances)), int64(exact)}}, err
		},
		decode: func(r Record) (InvoiceRecord, error) {
			var rec InvoiceRecord
			err := undoc(invoiceKind, r, &rec)
			rec.Tenant = r.Tenant
			return rec, err
		}}
}

// BookingRecord is a booking as stored: the booking, its payment ledger,
// the payer's name as it appears on bank transfers, and the storage
// version every change checks.
type BookingRecord struct {
	Tenant  TenantID        `json:"tenant"`
	Booking booking.Booking `json:"booking"`
	Ledger  booking.Ledger  `json:"ledger"`
	Payer   string          `json:"payer,omitempty"`
	// Consultant made the booking; BookedAt is when it was created. The
	// sales KPIs and plans count by them.
	Consultant string    `json:"consultant,omitempty"`
	BookedAt   time.Time `json:"booked_at,omitzero"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// NetSale is what the booking adds to net sales, in minor units of its
// currency: the total of a sold booking (confirmed, paid, travelling or
// completed) less the refunds paid on it; nothing for a booking not sold
// or cancelled, expired or moved.
func (r BookingRecord) NetSale() int64 {
	switch r.Booking.State {
	case booking.Confirmed, booking.Paid, booking.Travelling, booking.Completed:
	default:
		return 0
	}
	total := minorOf(r.Booking.Total)
	for _, p := range r.Ledger.Payments {
		if p.Kind == booking.KindRefund {
			total += minorOf(p.Amount) // refunds are negative
		}
	}
	return total
}

func minorOf(m pricing.Money) int64 {
	n, err := m.MinorUnits()
	if err != nil {
		return 0
	}
	return n
}

// Outstanding is what the booking still expects: the total less what was
// paid net of refunds, and the due date of the first open instalment.
// Closed bookings (cancelled, expired, moved) expect nothing.
func (r BookingRecord) Outstanding() (pricing.Money, int64) {
	switch r.Booking.State {
	case booking.Cancelled, booking.Expired, booking.Moved:
		return pricing.Zero(r.Booking.Total.Currency()), 0
	}
	if !r.Ledger.Schedule.Total.IsValid() {
		return pricing.Zero(r.Booking.Total.Currency()), 0
	}
	m, d := r.Ledger.Outstanding()
	return m, int64(d)
}

// DueNow is what the booking's first open instalment still expects; zero
// for a closed booking.
func (r BookingRecord) DueNow() pricing.Money {
	switch r.Booking.State {
	case booking.Cancelled, booking.Expired, booking.Moved:
		return pricing.Zero(r.Booking.Total.Currency())
	}
	if !r.Ledger.Schedule.Total.IsValid() {
		return pricing.Zero(r.Booking.Total.Currency())
	}
	m, _ := r.Ledger.DueNow()
	return m
}

// LapseAt is when the booking's option runs out (expiry plus grace); zero
// when it is not an option.
func (r BookingRecord) LapseAt() time.Time {
	if r.Booking.State != booking.Option || r.Booking.OptionUntil.IsZero() {
		return time.Time{}
	}
	return r.Booking.OptionUntil.Add(r.Booking.Grace)
}

// Bookings is the collection of bookings, keyed by reference; listings
// "customer" and "state"; due field lapse_at for the option sweep.
func Bookings() Collection[BookingRecord] {
	return whole(bookingKind, func(r *BookingRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *BookingRecord) ([]any, []any, error) {
			amt, due := rec.Outstanding()
			out, err := amt.MinorUnits()
			if err != nil {
				return nil, nil, fmt.Errorf("%w: booking %s: %v", ErrInvalid, clip(rec.Booking.Reference), err)
			}
			now, _ := rec.DueNow().MinorUnits()
			var lapse any
			if at := rec.LapseAt(); !at.IsZero() {
				lapse = Nanos(at)
			}
			b := &rec.Booking
			return []any{b.Reference}, []any{string(b.State), lapse, amt.Currency().Code(), out, due, rec.Payer, Nanos(rec.UpdatedAt),
				rec.Consultant, Nanos(rec.BookedAt), int64(b.Departure()), rec.NetSale(), b.CustomerID, now}, nil
		})
}

// ContractValidation is one validation of a travel contract.
type ContractValidation struct {
	At     time.Time       `json:"at"`
	Result contract.Result `json:"result"`
}

// TravelContractRecord is a travel contract signed with a customer (or one
// of its supplements) as stored, with every validation it went through.
type TravelContractRecord struct {
	Tenant      TenantID             `json:"tenant"`
	Contract    contract.Contract    `json:"contract"`
	Validations []ContractValidation `json:"validations"`
	// Consultant is the booking's, whose contract error rate it counts in.
	Consultant string    `json:"consultant,omitempty"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Blocking counts the blocking findings of the latest validation; -1 when
// the contract was never validated.
func (r TravelContractRecord) Blocking() int {
	if len(r.Validations) == 0 {
		return -1
	}
	return r.Validations[len(r.Validations)-1].Result.Blocking()
}

// EverBlocked reports whether any validation of the contract found a
// blocking finding: drafts caught before signing count by it.
func (r TravelContractRecord) EverBlocked() bool {
	for _, v := range r.Validations {
		if v.Result.Blocks() {
			return true
		}
	}
	return false
}

// SignedBlocked reports whether the contract was signed and a validation
// after its signing found a blocking finding: an error the customer
// received.
func (r TravelContractRecord) SignedBlocked() bool {
	at := r.Contract.SignedAt
	if at == nil {
		return false
	}
	for _, v := range r.Validations {
		if v.At.After(*at) && v.Result.Blocks() {
			return true
		}
	}
	return false
}

// TravelContracts is the collection of travel contracts and supplements,
// keyed by number and supplement; listing "booking".
func TravelContracts() Collection[TravelContractRecord] {
	return whole(travelContractKind, func(r *TravelContractRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *TravelContractRecord) ([]any, []any, error) {
			c := &rec.Contract
			var signed any
			if c.SignedAt != nil {
				signed = Nanos(*c.SignedAt)
			}
			issued := rec.UpdatedAt
			if len(rec.Validations) > 0 {
				issued = rec.Validations[0].At
			}
			return []any{c.Number, int64(c.Supplement)}, []any{c.Booking, Nanos(issued), int64(rec.Blocking()), flag(rec.EverBlocked()), signed,
				Nanos(rec.UpdatedAt), rec.Consultant, flag(rec.SignedBlocked())}, nil
		})
}

// InquiryRecord is an inquiry as stored.
type InquiryRecord struct {
	Tenant    TenantID        `json:"tenant"`
	Inquiry   inquiry.Inquiry `json:"inquiry"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Proposed reports whether the inquiry ever reached a proposal.
func (r InquiryRecord) Proposed() bool {
	for _, c := range r.Inquiry.History {
		if c.To == inquiry.Proposed {
			return true
		}
	}
	return false
}

// Inquiries is the collection of inquiries; listings "customer",
// "consultant" (each Equal, then by receipt) and "received".
func Inquiries() Collection[InquiryRecord] {
	c := whole(inquiryKind, func(r *InquiryRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *InquiryRecord) ([]any, []any, error) {
			q := &rec.Inquiry
			return []any{q.ID}, []any{q.CustomerID, q.Consultant, string(q.Channel), q.LeadSource, string(q.Status), Nanos(q.ReceivedAt),
				flag(rec.Proposed()), flag(q.Status == inquiry.Won), Nanos(rec.UpdatedAt)}, nil
		})
	decode := c.decode
	c.decode = func(r Record) (InquiryRecord, error) {
		rec, err := decode(r)
		rec.Inquiry.CustomerID = str(r.Fields[0]) // the column is the truth
		return rec, err
	}
	return c
}

// ProductRecord is a catalogue product as stored.
type ProductRecord struct {
	Tenant    TenantID        `json:"tenant"`
	Product   inquiry.Product `json:"product"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Products is the catalogue, listed by product ID.
func Products() Collection[ProductRecord] {
	return whole(productKind, func(r *ProductRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *ProductRecord) ([]any, []any, error) {
			return []any{rec.Product.ID}, []any{Nanos(rec.UpdatedAt)}, nil
		})
}

// ReportRecord is a market research report as stored, with who wrote it.
type ReportRecord struct {
	Tenant     TenantID      `json:"tenant"`
	ID         string        `json:"id"`
	Consultant string        `json:"consultant"`
	Report     market.Report `json:"report"`
	Version    int           `json:"version"`
}

// Reports is the collection of research reports; listing "due".
func Reports() Collection[ReportRecord] {
	return whole(reportKind, func(r *ReportRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *ReportRecord) ([]any, []any, error) {
			on, _ := rec.Report.OnSchedule()
			return []any{rec.ID}, []any{rec.Consultant, Nanos(rec.Report.Due), nullNanos(rec.Report.SubmittedAt), flag(on)}, nil
		})
}

// PlanRecord is a consultant's sales plan for a month as stored.
type PlanRecord struct {
	Tenant  TenantID `json:"tenant"`
	Plan    kpi.Plan `json:"plan"`
	Version int      `json:"version"`
}

// MonthKey is how a plan's month is keyed: year × 100 + month.
func MonthKey(year int, m time.Month) int64 { return int64(year)*100 + int64(m) }

// Plans is the collection of sales plans, keyed by consultant and
// MonthKey.
func Plans() Collection[PlanRecord] {
	return whole(planKind, func(r *PlanRecord) (*TenantID, *int) { return &r.Tenant, &r.Version },
		func(rec *PlanRecord) ([]any, []any, error) {
			return []any{rec.Plan.Consultant, MonthKey(rec.Plan.Year, rec.Plan.Month)}, []any{}, nil
		})
}

// Observations is the collection of competitor observations (written
// once; a correction is a new one); listing "observed".
func Observations() Collection[market.Observation] {
	return Collection[market.Observation]{kind: observationKind,
		encode: func(t TenantID, o *market.Observation) (Record, error) {
			body, err := doc(o)
			return Record{Tenant: t, Key: []any{o.ID}, Body: body, Fields: []any{Nanos(o.ObservedAt)}}, err
		},
		decode: func(r Record) (market.Observation, error) {
			var o market.Observation
			return o, undoc(observationKind, r, &o)
		}}
}
