package booking

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/pricing"
)

// State is where a booking is in its life.
type State string

// Booking states.
const (
	Enquiry    State = "enquiry"
	Option     State = "option"     // held until an expiry instant (plus grace)
	Confirmed  State = "confirmed"  // every service confirmed, contract signed, deposit met
	Paid       State = "paid"       // the balance received
	Travelling State = "travelling" // from the first service's date
	Completed  State = "completed"  // after the last service's date
	Cancelled  State = "cancelled"  // with a reason
	Expired    State = "expired"    // the option lapsed
	Moved      State = "moved"      // superseded by another booking
)

// Event is what happens to a booking.
type Event string

// Events.
const (
	PlaceOption Event = "place_option"
	Confirm     Event = "confirm"
	Pay         Event = "pay"
	Depart      Event = "depart"
	Complete    Event = "complete"
	Cancel      Event = "cancel"
	Expire      Event = "expire"
	Move        Event = "move"
)

// CancelReason says why a booking was cancelled.
type CancelReason string

// Cancellation reasons.
const (
	ByCustomer     CancelReason = "customer"
	ByAgency       CancelReason = "agency"
	GroupNotFormed CancelReason = "group_not_formed"
	ForceMajeure   CancelReason = "force_majeure"
	Unpaid         CancelReason = "unpaid"
)

// ServiceStatus is a booked service's own status, apart from the
// booking's.
type ServiceStatus string

// Service statuses.
const (
	Requested        ServiceStatus = "requested"
	OnRequest        ServiceStatus = "on_request"
	ServiceConfirmed ServiceStatus = "confirmed"
	Declined         ServiceStatus = "declined"
	ServiceCancelled ServiceStatus = "cancelled"
)

// Service is one supplier product in a booking.
type Service struct {
	ID          string        `json:"id"`
	SupplierID  string        `json:"supplier_id"`
	Product     string        `json:"product"`
	Start       date.Date     `json:"start"`
	End         date.Date     `json:"end"`
	Units       int           `json:"units"`
	SupplierRef string        `json:"supplier_ref,omitempty"`
	Status      ServiceStatus `json:"status"`
	// HoldID is the allotment hold behind the service, when there is one;
	// cancelling the booking gives its units back.
	HoldID string `json:"hold_id,omitempty"`
	// Price is what the customer agreed to pay for this service; an
	// amendment keeps it unless a re-price is asked for.
	Price pricing.Money `json:"price,omitzero"`
	// ContractID is the supplier contract the service is bought under;
	// its cancellation tiers set what the supplier charges when the
	// service is cancelled.
	ContractID string `json:"contract_id,omitempty"`
	// Net is the agency's cost of the service in the supplier's currency,
	// the base of the supplier's percentage fees.
	Net pricing.Money `json:"net,omitzero"`
	// Persons and Infants count the travellers the service is for, the
	// base of per-person fees.
	Persons int `json:"persons,omitempty"`
	Infants int `json:"infants,omitempty"`
	// SupplierFee is what the supplier charged under its contract's tiers
	// when the service was cancelled (zero: nothing, or no contract).
	SupplierFee pricing.Money `json:"supplier_fee,omitzero"`
	// ContractVersion is the version of ContractID the service was sold
	// under: its cost is frozen, and its cancellation charged, by that
	// version.
	ContractVersion int `json:"contract_version,omitempty"`
	// Requests are the customer's special requests this service must
	// meet, as the supplier is asked for them.
	Requests []string `json:"requests,omitempty"`
}

// Requests are what a customer asked for beyond the itinerary — diet,
// mobility, the room, an occasion — in the customer's words. They travel
// to the services they concern, the requests sent to suppliers and the
// confirmation letter.
type Requests struct {
	Dietary  string `json:"dietary,omitempty"`
	Mobility string `json:"mobility,omitempty"`
	Room     string `json:"room,omitempty"`
	Occasion string `json:"occasion,omitempty"`
}

// IsZero reports whether nothing was asked for.
func (r Requests) IsZero() bool { return r == Requests{} }

// Booking is a customer's booking. Its State changes only through Apply.
type Booking struct {
	Reference    string        `json:"reference"`
	CustomerID   string        `json:"customer_id"`
	QuoteID      string        `json:"quote_id"`
	QuoteVersion int           `json:"quote_version"`
	TripID       string        `json:"trip_id"`
	TripVersion  int           `json:"trip_version"`
	State        State         `json:"state"`
	OptionUntil  time.Time     `json:"option_until,omitzero"`
	Grace        time.Duration `json:"grace,omitempty"`
	Services     []Service     `json:"services"`
	Travellers   []Traveller   `json:"travellers"`
	// ContractSigned is set when the customer has signed the travel
	// contract.
	ContractSigned bool `json:"contract_signed,omitempty"`
	// Requests are the customer's special requests.
	Requests   Requests      `json:"requests,omitzero"`
	Total      pricing.Money `json:"total"`
	DepositDue pricing.Money `json:"deposit_due,omitzero"`
	Paid       pricing.Money `json:"paid,omitzero"`
	// Zone is the agency's zone, in which travel dates are read.
	Zone     string       `json:"zone"`
	Reason   CancelReason `json:"reason,omitempty"`
	MovedTo  string       `json:"moved_to,omitempty"`
	Revision int          `json:"revision"`
}

// Departure and Return are the first and last service dates.
func (b *Booking) Departure() date.Date {
	var d date.Date
	for i, s := range b.Services {
		if i == 0 || s.Start < d {
			d = s.Start
		}
	}
	return d
}

// Return is the last service's end date.
func (b *Booking) Return() date.Date {
	var d date.Date
	for _, s := range b.Services {
		d = max(d, s.End)
	}
	return d
}

// Input carries what an event needs: the instant it happens (from the
// injected clock), the option's expiry, the cancellation reason, the
// superseding booking.
type Input struct {
	Now         time.Time
	OptionUntil time.Time
	Grace       time.Duration
	Reason      CancelReason
	MovedTo     string
}

// transition is one allowed move: from, event, to, and a guard that
// returns why it may not happen now (nil: it may).
type transition struct {
	from  State
	event Event
	to    State
	guard func(b *Booking, in Input) error
}

// table is the lifecycle, one row per allowed move. Guards are pure
// functions of the booking and the input.
func table() []transition {
	open := func(b *Booking, in Input) error { return nil }
	return []transition{
		{Enquiry, PlaceOption, Option, func(b *Booking, in Input) error {
			if !in.OptionUntil.After(in.Now) {
				return fmt.Errorf("an option expires after it is placed")
			}
			return nil
		}},
		{Option, Confirm, Confirmed, func(b *Booking, in Input) error {
			if b.lapsed(in.Now) {
				return fmt.Errorf("the option lapsed at %s", b.OptionUntil.Add(b.Grace).Format(time.RFC3339))
			}
			return b.confirmable()
		}},
		{Confirmed, Pay, Paid, func(b *Booking, in Input) error {
			if b.Paid.Amount().LessThan(b.Total.Amount()) {
				return fmt.Errorf("paid %s of %s", b.Paid, b.Total)
			}
			return nil
		}},
		{Paid, Depart, Travelling, func(b *Booking, in Input) error {
			if today := b.today(in.Now); today < b.Departure() {
				return fmt.Errorf("the trip starts on %s", b.Departure())
			}
			return nil
		}},
		{Travelling, Complete, Completed, func(b *Booking, in Input) error {
			if today := b.today(in.Now); today <= b.Return() {
				return fmt.Errorf("the trip ends on %s", b.Return())
			}
			return nil
		}},
		{Enquiry, Cancel, Cancelled, needReason},
		{Option, Cancel, Cancelled, needReason},
		{Confirmed, Cancel, Cancelled, needReason},
		{Paid, Cancel, Cancelled, needReason},
		{Travelling, Cancel, Cancelled, needReason},
		{Option, Expire, Expired, func(b *Booking, in Input) error {
			if !b.lapsed(in.Now) {
				return fmt.Errorf("the option runs until %s plus %s grace", b.OptionUntil.Format(time.RFC3339), b.Grace)
			}
			return nil
		}},
		{Option, Move, Moved, needMovedTo},
		{Confirmed, Move, Moved, needMovedTo},
		{Paid, Move, Moved, needMovedTo},
		{Enquiry, Move, Moved, func(b *Booking, in Input) error { return open(b, in) }},
	}
}

func needReason(b *Booking, in Input) error {
	switch in.Reason {
	case ByCustomer, ByAgency, GroupNotFormed, ForceMajeure, Unpaid:
		return nil
	}
	return fmt.Errorf("a cancellation needs its reason")
}

func needMovedTo(b *Booking, in Input) error {
	if in.MovedTo == "" || in.MovedTo == b.Reference {
		return fmt.Errorf("a move names the booking that supersedes this one")
	}
	return nil
}

// lapsed reports whether the option and its grace have run out.
func (b *Booking) lapsed(now time.Time) bool {
	return !b.OptionUntil.IsZero() && !now.Before(b.OptionUntil.Add(b.Grace))
}

// confirmable reports what keeps the booking from being confirmed.
func (b *Booking) confirmable() error {
	if len(b.Services) == 0 {
		return fmt.Errorf("a booking needs services")
	}
	for _, s := range b.Services {
		if s.Status != ServiceConfirmed {
			return fmt.Errorf("service %s is %s, not confirmed", s.ID, s.Status)
		}
	}
	if !b.ContractSigned {
		return fmt.Errorf("the contract is not signed")
	}
	if b.DepositDue.IsValid() && b.Paid.Amount().LessThan(b.DepositDue.Amount()) {
		return fmt.Errorf("deposit %s due, %s paid", b.DepositDue, b.Paid)
	}
	return nil
}

// today is the date of now in the booking's zone (UTC when unknown).
func (b *Booking) today(now time.Time) date.Date {
	loc, err := time.LoadLocation(b.Zone)
	if err != nil || b.Zone == "" {
		loc = time.UTC
	}
	return date.NewAt(now.In(loc))
}

// Allowed reports whether event may happen to the booking now: nil, or an
// error matching ErrInvalidTransition that names the state, the event and
// the guard that refused.
func (b *Booking) Allowed(event Event, in Input) error {
	for _, t := range table() {
		if t.from != b.State || t.event != event {
			continue
		}
		if err := t.guard(b, in); err != nil {
			return fmt.Errorf("%w: %s a booking that is %s: %v", ErrInvalidTransition, event, b.State, err)
		}
		return nil
	}
	return fmt.Errorf("%w: cannot %s a booking that is %s", ErrInvalidTransition, event, b.State)
}

// Apply moves the booking by event, or changes nothing and returns why
// not (ErrInvalidTransition).
func (b *Booking) Apply(event Event, in Input) error {
	if err := b.Allowed(event, in); err != nil {
		return err
	}
	for _, t := range table() {
		if t.from == b.State && t.event == event {
			switch event {
			case PlaceOption:
				b.OptionUntil, b.Grace = in.OptionUntil, max(in.Grace, 0)
			case Cancel:
				b.Reason = in.Reason
			case Move:
				b.MovedTo = in.MovedTo
			}
			b.State = t.to
			return nil
		}
	}
	return nil
}
