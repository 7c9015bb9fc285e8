package agency

import (
	"context"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/supplier"
)

// TenantHold is a hold with the tenant it belongs to, as sweeps across
// tenants return it.
type TenantHold struct {
	Tenant TenantID      `json:"tenant"`
	Hold   supplier.Hold `json:"hold"`
}

// AllotmentRepo keeps the inventory ledger: one counter per allotment and
// night, and the holds on it. The guarantee that a night never sells more
// than its allocation and overbooking limit lives in the store: a hold is a
// conditional update of each night's counter, nights in date order, all
// or none.
type AllotmentRepo interface {
	// Create stores an allotment and a counter for each of its nights with
	// spec.Units allocated; a duplicate ID is ErrConflict.
	Create(ctx context.Context, tenant TenantID, spec supplier.AllotmentSpec) error
	// Get returns an allotment; ErrNotFound when the tenant has none.
	Get(ctx context.Context, tenant TenantID, id string) (supplier.AllotmentSpec, error)
	// Nights returns the counters of the nights from to to inclusive, in
	// date order (nights without a counter are left out).
	Nights(ctx context.Context, tenant TenantID, id string, from, to date.Date) ([]supplier.Night, error)
	// Sellable returns, for the nights from to to inclusive, how many units
	// each sells from its counter (supplier.Night.Sellable) and whether it
	// is stop-sold, in date order, by the cheapest query the store has: the
	// read behind availability answers.
	Sellable(ctx context.Context, tenant TenantID, id string, from, to date.Date) ([]supplier.Sellable, error)
	// Hold takes h.Units on every night of the hold or on none: a night
	// that cannot give them (sold out, stop sale, no counter) makes it
	// ErrConflict naming the night, and nothing changes. A hold with the
	// IdempotencyKey of an earlier one returns that one and holds nothing.
	Hold(ctx context.Context, tenant TenantID, h supplier.Hold) (supplier.Hold, error)
	// Request stores a request to the supplier (h.OnRequest, state
	// requested): it takes nothing from the counters. The idempotency key
	// works as for Hold.
	Request(ctx context.Context, tenant TenantID, h supplier.Hold) (supplier.Hold, error)
	// Answer records the supplier's answer to a request at now: accepted
	// (confirmed, ConfirmedAt = now) or declined; a hold that is not a
	// pending request is ErrInvalidTransition.
	Answer(ctx context.Context, tenant TenantID, id string, accept bool, now time.Time) (supplier.Hold, error)
	// GetHold returns a hold; ErrNotFound when the tenant has none.
	GetHold(ctx context.Context, tenant TenantID, id string) (supplier.Hold, error)
	// Confirm moves an active hold's units from held to booked while now is
	// before its expiry; otherwise ErrInvalidTransition.
	Confirm(ctx context.Context, tenant TenantID, id string, now time.Time) (supplier.Hold, error)
	// Cancel gives an active or confirmed hold's units back (from held or
	// booked); any other state is ErrInvalidTransition.
	Cancel(ctx context.Context, tenant TenantID, id string) (supplier.Hold, error)
	// ExpireDue expires up to limit active holds of any tenant whose expiry
	// is at or before now, giving their units back, and returns them; a
	// hold is expired once however often the sweep runs. Inside InTx on
	// PostgreSQL, holds another sweep has locked are skipped.
	ExpireDue(ctx context.Context, now time.Time, limit int) ([]TenantHold, error)
	// Release gives back to the supplier what the night has not sold or
	// held (allocated − held − booked − released; never guaranteed units)
	// and returns how many units that was: 0 when run again.
	Release(ctx context.Context, tenant TenantID, id string, night date.Date) (int, error)
	// SetStopSale stops (or reopens) sales on the nights from to to; on is
	// the supplier's local date the stop sale was issued, kept (the first
	// time) to tell whether the supplier honoured the allotment until its
	// release.
	SetStopSale(ctx context.Context, tenant TenantID, id string, from, to date.Date, stop bool, on date.Date) error
}
