package storage

import (
	"context"
	"encoding/json"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Store is the storage the agency runs on: five repositories and a unit of
// work across them. Implementations pass the conformance suite in
// adapters/storetest.
type Store interface {
	Records() Records
	Outbox() Outbox
	Ledger() Ledger
	Payments() Payments
	Figures() Figures
	// InTx runs fn with a Store whose changes commit together when fn
	// returns nil and leave nothing behind when it returns an error (which
	// InTx returns) or panics. Calling InTx on the Store given to fn joins
	// the same unit of work.
	InTx(ctx context.Context, fn func(Store) error) error
}

// Event is a change worth telling someone about, written to the outbox in
// the transaction of the change and delivered at least once afterwards. ID
// is the idempotency key receivers see. Audience, Recipient and Language
// say who it is for (Recipient an address; empty for internal events) and
// in which language it reads.
type Event struct {
	ID          string          `json:"id"`
	Tenant      TenantID        `json:"tenant"`
	Type        string          `json:"type"`
	AggregateID string          `json:"aggregate_id"`
	Audience    string          `json:"audience"`
	Recipient   string          `json:"recipient,omitempty"`
	Language    Language        `json:"language,omitempty"`
	Payload     json.RawMessage `json:"payload"`
	CreatedAt   time.Time       `json:"created_at"`
	// Delivery state, kept by the store.
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	DeadAt        *time.Time `json:"dead_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	// LeasedUntil is set on a claimed event: the lease its claimer holds.
	LeasedUntil time.Time `json:"-"`
}

// EventState is where an event is in delivery.
type EventState string

// Event states.
const (
	EventPending   EventState = "pending"
	EventDelivered EventState = "delivered"
	EventDead      EventState = "dead"
)

// State returns the event's delivery state.
func (e Event) State() EventState {
	switch {
	case e.DeliveredAt != nil:
		return EventDelivered
	case e.DeadAt != nil:
		return EventDead
	}
	return EventPending
}

// Check reports an unknown state.
func (s EventState) Check() error {
	switch s {
	case EventPending, EventDelivered, EventDead:
		return nil
	}
	return invalid("State", "state is pending, delivered or dead")
}

// Outbox keeps events until they are delivered.
type Outbox interface {
	// Add stores a new event; a duplicate ID is ErrConflict.
	Add(ctx context.Context, e Event) error
	// Claim leases up to limit events that are due (not delivered, not
	// dead, next attempt at or before now, not leased by another claim)
	// until now+lease, oldest first, each with LeasedUntil set. Concurrent
	// claims never return the same event while its lease runs.
	Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Event, error)
	// Renew extends the leases of claimed events from held to until, in
	// one statement, and returns the IDs whose lease it extended, in the
	// order given: an event missing from them is no longer this claim's
	// (its lease ran out and another claim took it, or it was marked).
	Renew(ctx context.Context, ids []string, held, until time.Time) ([]string, error)
	// MarkDelivered records the delivery of events at at, in one
	// statement; ErrNotFound, changing nothing, when one is unknown.
	MarkDelivered(ctx context.Context, ids []string, at time.Time) error
	// MarkFailed records a failed attempt: the attempt count, when to try
	// next, the error, and dead when no attempt is left.
	MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error
	// Get returns one of the tenant's events; ErrNotFound when unknown.
	Get(ctx context.Context, tenant TenantID, id string) (Event, error)
	// List returns one page of the tenant's events in a delivery state,
	// oldest first.
	List(ctx context.Context, tenant TenantID, state EventState, p PageRequest) (Page[Event], error)
	// Requeue makes a dead event of the tenant pending again, due at at,
	// with its attempts reset; ErrNotFound for an unknown event,
	// ErrInvalidTransition for one that is not dead.
	Requeue(ctx context.Context, tenant TenantID, id string, at time.Time) error
}

// TenantHold is a hold with the tenant it belongs to, as sweeps across
// tenants return it.
type TenantHold struct {
	Tenant TenantID      `json:"tenant"`
	Hold   supplier.Hold `json:"hold"`
}

// Ledger keeps the inventory: one counter per allotment and night, and the
// holds on it. The guarantee that a night never sells more than its
// allocation and overbooking limit lives in the store: a hold is a
// conditional update of each night's counter, nights in date order, all
// or none.
type Ledger interface {
	// Create stores an allotment and a counter for each of its nights with
	// spec.Units allocated; a duplicate ID is ErrConflict.
	Create(ctx context.Context, tenant TenantID, spec supplier.AllotmentSpec) error
	// Get returns an allotment; ErrNotFound when the tenant has none.
	Get(ctx context.Context, tenant TenantID, id string) (supplier.AllotmentSpec, error)
	// List returns one page of a supplier's allotments (every supplier's
	// when supplierID is empty), by ID.
	List(ctx context.Context, tenant TenantID, supplierID string, p PageRequest) (Page[supplier.AllotmentSpec], error)
	// Nights returns the counters of the nights from to to inclusive, in
	// date order (nights without a counter are left out).
	Nights(ctx context.Context, tenant TenantID, id string, from, to date.Date) ([]supplier.Night, error)
	// Sellable returns, for the nights from to to inclusive, how many units
	// each sells from its counter and whether it is stop-sold, in date
	// order.
	Sellable(ctx context.Context, tenant TenantID, id string, from, to date.Date) ([]supplier.Sellable, error)
	// Hold takes h.Units on every night of the hold or on none: a night
	// that cannot give them makes it ErrConflict naming the night, and
	// nothing changes. A hold with the IdempotencyKey of an earlier one for
	// the same allotment, nights and units returns that one and holds
	// nothing; the same key for a different request is ErrConflict.
	Hold(ctx context.Context, tenant TenantID, h supplier.Hold) (supplier.Hold, error)
	// Request stores a request to the supplier (h.OnRequest, state
	// requested): it takes nothing from the counters. The idempotency key
	// works as for Hold.
	Request(ctx context.Context, tenant TenantID, h supplier.Hold) (supplier.Hold, error)
	// Answer records the supplier's answer to a request at now; a hold that
	// is not a pending request is ErrInvalidTransition.
	Answer(ctx context.Context, tenant TenantID, id string, accept bool, now time.Time) (supplier.Hold, error)
	// GetHold returns a hold; ErrNotFound when the tenant has none.
	GetHold(ctx context.Context, tenant TenantID, id string) (supplier.Hold, error)
	// Holds returns one page of an allotment's holds and requests, by ID.
	Holds(ctx context.Context, tenant TenantID, allotmentID string, p PageRequest) (Page[supplier.Hold], error)
	// Confirm moves an active hold's units from held to booked while now is
	// before its expiry; otherwise ErrInvalidTransition.
	Confirm(ctx context.Context, tenant TenantID, id string, now time.Time) (supplier.Hold, error)
	// Cancel gives an active or confirmed hold's units back; any other
	// state is ErrInvalidTransition.
	Cancel(ctx context.Context, tenant TenantID, id string) (supplier.Hold, error)
	// ExpireDue expires up to limit active holds of any tenant whose expiry
	// is at or before now, giving their units back, and returns them; a
	// hold is expired once however often the sweep runs.
	ExpireDue(ctx context.Context, now time.Time, limit int) ([]TenantHold, error)
	// Release gives back to the supplier what the night has not sold or
	// held and returns how many units that was: 0 when run again.
	Release(ctx context.Context, tenant TenantID, id string, night date.Date) (int, error)
	// SetStopSale stops (or reopens) sales on the nights from to to; keep
	// is how many more units each night may still sell under the stop
	// (an agreed remaining allotment: the night's StopSaleCap becomes its
	// held and booked units plus keep); on is the supplier's local date
	// the stop sale was issued, kept the first time.
	SetStopSale(ctx context.Context, tenant TenantID, id string, from, to date.Date, stop bool, keep int, on date.Date) error
}

// Payments keeps what statement matching and payment reminders need beside
// the bookings.
type Payments interface {
	// Open returns what the tenant's open bookings still expect (those with
	// a positive outstanding amount), by reference.
	Open(ctx context.Context, tenant TenantID) ([]booking.Expected, error)
	// MarkReminded records that the reminder of an instalment went out;
	// ErrConflict when it already had, so that each goes out once.
	MarkReminded(ctx context.Context, tenant TenantID, reference string, instalment int, due date.Date, at time.Time) error
	// AddBankTx records an imported bank transaction ID; ErrConflict when
	// it is already recorded.
	AddBankTx(ctx context.Context, tenant TenantID, txID, reference string, at time.Time) error
	// KnownBankTx returns which of ids are already recorded.
	KnownBankTx(ctx context.Context, tenant TenantID, ids []string) ([]string, error)
}

// FiguresQuery asks for one scope's KPI figures over a period.
type FiguresQuery struct {
	// Consultants are the scope's consultants; empty means the whole
	// agency.
	Consultants []string
	// From and To are the period's instants [From, To); PrevFrom starts
	// the previous period, which ends at From.
	From, To, PrevFrom time.Time
	// FromDay, ToDay and PrevFromDay are the same as dates (ToDay
	// excluded), for sales by departure date.
	FromDay, ToDay, PrevFromDay date.Date
	Basis                       kpi.SalesBasis
	// Currency is the one net sales are summed in; bookings in another
	// currency are not counted.
	Currency pricing.Currency
	// Now: open complaints whose resolution was due by now count as
	// failures; those due later are not yet counted.
	Now time.Time
}

// Conversion counts inquiries received in a period that reached a
// proposal and a booking, for one consultant, channel and lead source.
type Conversion struct {
	Consultant string          `json:"consultant"`
	Channel    inquiry.Channel `json:"channel"`
	LeadSource string          `json:"lead_source"`
	Inquiries  int             `json:"inquiries"`
	Proposed   int             `json:"proposed"`
	Won        int             `json:"won"`
}

// Figures aggregates in the store's queries, never by loading every row.
type Figures interface {
	// KPI counts one scope's figures for a period: survey responses and
	// satisfied ones, net sales of this and the previous period and
	// bookings sold, complaints received and answered within 24 hours,
	// complaints due and resolved within their SLA, contracts issued and
	// ever blocked and those signed with a blocking finding, reports due
	// and on schedule.
	KPI(ctx context.Context, tenant TenantID, q FiguresQuery) (kpi.Figures, error)
	// SupplierPerformance gathers what the supplier did in [from, to):
	// confirmation times of its allotments' holds confirmed then, the
	// services it supplied then (cost lines by service date), invoice lines
	// issued then and those within tolerance, complaints received then that
	// are charged back to it, on-request requests made then and answered
	// (and how many were accepted), and allotment nights whose release date
	// fell then and those it did not stop-sell before it.
	SupplierPerformance(ctx context.Context, tenant TenantID, supplierID string, from, to time.Time) (supplier.Performance, error)
	// SurveySummary aggregates the tenant's responses given in [from, to)
	// for one consultant and team ("" for any).
	SurveySummary(ctx context.Context, tenant TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error)
	// Conversion counts the inquiries received in [from, to) that reached
	// a proposal and a booking, per consultant, channel and lead source,
	// in that order.
	Conversion(ctx context.Context, tenant TenantID, from, to time.Time) ([]Conversion, error)
}
