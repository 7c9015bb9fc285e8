package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/supplier"
)

// Allotments keeps the inventory bought from suppliers: allotments with a
// counter per night that never sells more than allocated and the
// overbooking limit, availability with the reasons a night does not sell,
// holds, requests to the supplier and their answers, and stop sales.
type Allotments struct{ c *core }

// AllotmentQuery lists a supplier's allotments (every supplier's when
// SupplierID is empty).
type AllotmentQuery struct {
	SupplierID string      `json:"supplier_id,omitempty"`
	Page       PageRequest `json:"page"`
}

// NightsQuery asks for an allotment's counters from From to To inclusive:
// its calendar.
type NightsQuery struct {
	AllotmentID string    `json:"allotment_id"`
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
}

// AvailabilityQuery asks whether Units sell on each night of a stay.
type AvailabilityQuery struct {
	AllotmentID string    `json:"allotment_id"`
	From        date.Date `json:"from"`
	Nights      int       `json:"nights"`
	Units       int       `json:"units"`
}

// HoldRequest asks to hold units of an allotment over a stay for a while,
// or (Request) asks the supplier for them.
type HoldRequest struct {
	AllotmentID string        `json:"allotment_id"`
	From        date.Date     `json:"from"`
	Nights      int           `json:"nights"`
	Units       int           `json:"units"`
	For         time.Duration `json:"for"` // how long the hold lasts, or the request waits for its answer
	// IdempotencyKey makes a retry return the first hold; the same key for
	// another request is ErrConflict.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// LeadGuest and Requests go to the supplier with a request.
	LeadGuest string   `json:"lead_guest,omitempty"`
	Requests  []string `json:"requests,omitempty"`
}

// RequestAnswer is the supplier's answer to a request.
type RequestAnswer struct {
	HoldID string `json:"hold_id"`
	Accept bool   `json:"accept"`
}

// HoldQuery lists an allotment's holds and requests.
type HoldQuery struct {
	AllotmentID string      `json:"allotment_id"`
	Page        PageRequest `json:"page"`
}

// StopSale stops (or, Stop false, reopens) sales on the nights From to To.
// Keep is how many more units each night may still sell under the stop:
// the remaining allotment the supplier agreed to leave the agency (0:
// none). Guaranteed units stay sellable whatever the stop.
type StopSale struct {
	AllotmentID string    `json:"allotment_id"`
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
	Stop        bool      `json:"stop"`
	Keep        int       `json:"keep,omitempty"`
}

// Create stores an allotment and its nights' counters and records
// allotment.created; creating it again with the same terms returns it.
func (s Allotments) Create(ctx context.Context, tenant TenantID, spec supplier.AllotmentSpec) (supplier.AllotmentSpec, error) {
	if err := spec.Validate(); err != nil {
		return supplier.AllotmentSpec{}, err
	}
	err := s.c.change(ctx, tenant, func(u *unit) error {
		switch cur, err := u.tx.Ledger().Get(u.ctx, tenant, spec.ID); {
		case err == nil && sameJSON(cur, spec):
			return nil
		case err == nil:
			return fmt.Errorf("%w: allotment %s exists already with other terms", ErrConflict, problem.Clip(spec.ID))
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if _, err := storage.Suppliers().Get(u.ctx, u.tx, tenant, spec.SupplierID); err != nil {
			return fmt.Errorf("allotment %s: %w", problem.Clip(spec.ID), err)
		}
		if err := u.tx.Ledger().Create(u.ctx, tenant, spec); err != nil {
			return err
		}
		return u.internal(spec.ID, events.AllotmentCreated{AllotmentID: spec.ID, SupplierID: spec.SupplierID, From: spec.From, To: spec.To,
			Units: spec.Units})
	})
	if err != nil {
		return supplier.AllotmentSpec{}, err
	}
	return spec, nil
}

// Get returns an allotment.
func (s Allotments) Get(ctx context.Context, tenant TenantID, id string) (supplier.AllotmentSpec, error) {
	if err := s.c.ready(tenant); err != nil {
		return supplier.AllotmentSpec{}, err
	}
	return s.c.store.Ledger().Get(ctx, tenant, id)
}

// List returns one page of allotments by ID.
func (s Allotments) List(ctx context.Context, tenant TenantID, q AllotmentQuery) (Page[supplier.AllotmentSpec], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[supplier.AllotmentSpec]{}, err
	}
	return s.c.store.Ledger().List(ctx, tenant, q.SupplierID, q.Page)
}

// Nights returns an allotment's counters, night by night: its calendar.
func (s Allotments) Nights(ctx context.Context, tenant TenantID, q NightsQuery) ([]supplier.Night, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	return s.c.store.Ledger().Nights(ctx, tenant, q.AllotmentID, q.From, q.To)
}

// Availability answers for each night of a stay whether units sell from
// the allotment now, and why not when they do not.
func (s Allotments) Availability(ctx context.Context, tenant TenantID, q AvailabilityQuery) ([]supplier.NightAvailability, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	if q.Nights < 1 || q.Nights > supplier.MaxAllotmentNights || q.Units < 1 || q.Units > supplier.MaxUnits {
		return nil, problem.One(ErrInvalid, "nights", "invalid_value", "ask for 1 or more units over 1 or more nights")
	}
	spec, err := s.c.store.Ledger().Get(ctx, tenant, q.AllotmentID)
	if err != nil {
		return nil, err
	}
	counters, err := s.c.store.Ledger().Sellable(ctx, tenant, q.AllotmentID, q.From, q.From+date.Date(q.Nights-1))
	if err != nil {
		return nil, err
	}
	loc, err := s.c.location(spec.Zone)
	if err != nil {
		return nil, err
	}
	return supplier.Availability(spec, counters, q.From, q.Nights, q.Units, s.c.clock.Now(), loc), nil
}

// hold makes the hold a request asks for, validated.
// Every problem of the request is reported at once: its time and the
// hold's own.
func (u *unit) newHold(r HoldRequest, onRequest bool) (supplier.Hold, error) {
	h := supplier.Hold{ID: u.c.ids.NewID(), AllotmentID: r.AllotmentID, From: r.From, Nights: r.Nights, Units: r.Units,
		CreatedAt: u.now, ExpiresAt: u.now.Add(r.For), IdempotencyKey: r.IdempotencyKey, OnRequest: onRequest}
	if r.For > 0 {
		return h, h.Validate()
	}
	ps := problem.List{{Field: "for", Code: "required", Message: "a hold lasts, and a request waits, a positive time"}}
	h.ExpiresAt = u.now.Add(time.Nanosecond) // checked above; the rest is the hold's own
	var ve *ValidationError
	if err := h.Validate(); errors.As(err, &ve) {
		ps = append(ps, ve.Problems...)
	}
	return supplier.Hold{}, ps.Err(ErrInvalid)
}

// Hold holds units on every night of the stay or none, and records
// allotment.held. A night inside the release period (on request from the
// supplier) is ErrInvalidTransition; a night without the units is
// ErrConflict. A retry with the same idempotency key returns the first
// hold and holds nothing twice.
func (s Allotments) Hold(ctx context.Context, tenant TenantID, r HoldRequest) (supplier.Hold, error) {
	var out supplier.Hold
	err := s.c.change(ctx, tenant, func(u *unit) error {
		h, err := u.newHold(r, false)
		if err != nil {
			return err
		}
		out, _, err = u.hold(h, "", "")
		return err
	})
	return out, err
}

// hold places h in the unit and records allotment.held, returning the hold
// (the first one on an idempotent retry) and its allotment.
func (u *unit) hold(h supplier.Hold, booking, service string) (supplier.Hold, supplier.AllotmentSpec, error) {
	spec, err := u.tx.Ledger().Get(u.ctx, u.tenant, h.AllotmentID)
	if err != nil {
		return supplier.Hold{}, spec, err
	}
	if spec.Kind == supplier.Allotment {
		loc, err := u.c.location(spec.Zone)
		if err != nil {
			return supplier.Hold{}, spec, err
		}
		if !spec.Release.Sells(h.From, h.CreatedAt, loc) {
			return supplier.Hold{}, spec, fmt.Errorf("%w: %s is inside the release period of allotment %s: ask the supplier (on request)",
				ErrInvalidTransition, h.From, problem.Clip(h.AllotmentID))
		}
	}
	out, err := u.tx.Ledger().Hold(u.ctx, u.tenant, h)
	if err != nil || out.ID != h.ID {
		return out, spec, err // an idempotent retry: nothing new happened
	}
	stay, err := u.stay(out, spec, booking, service, false)
	if err != nil {
		return out, spec, err
	}
	return out, spec, u.internal(out.ID, events.HoldPlaced{Stay: stay, ExpiresAt: out.ExpiresAt})
}

// stay describes a hold as the supplier knows it; withName reads the
// supplier's name.
func (u *unit) stay(h supplier.Hold, spec supplier.AllotmentSpec, booking, service string, withName bool) (events.Stay, error) {
	s := events.Stay{HoldID: h.ID, AllotmentID: h.AllotmentID, SupplierID: spec.SupplierID, Product: spec.Product, UnitType: spec.UnitType,
		From: h.From, Nights: h.Nights, Units: h.Units, Booking: booking, Service: service}
	if withName {
		rec, err := storage.Suppliers().Get(u.ctx, u.tx, u.tenant, spec.SupplierID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return s, err
		}
		s.SupplierName = rec.Supplier.Name
	}
	return s, nil
}

// tellSupplier records a supplier event about a hold, addressed to the
// supplier's reservations contact in its language.
func (u *unit) tellSupplier(h supplier.Hold, spec supplier.AllotmentSpec, booking, service string, p func(events.Stay, recipient) events.Payload) error {
	to, name, err := u.toSupplier(spec.SupplierID)
	if err != nil {
		return err
	}
	s, err := u.stay(h, spec, booking, service, false)
	if err != nil {
		return err
	}
	s.SupplierName = name
	return u.emit(h.ID, p(s, to), to)
}

// Request asks the supplier for units it must confirm — an on-request
// product, or nights inside an allotment's release period — and records
// allotment.requested for the supplier, with the lead guest and the
// special requests. The request takes nothing from the counters; Answer
// records the supplier's word. A retry with the same idempotency key
// returns the first request.
func (s Allotments) Request(ctx context.Context, tenant TenantID, r HoldRequest) (supplier.Hold, error) {
	var out supplier.Hold
	err := s.c.change(ctx, tenant, func(u *unit) error {
		h, err := u.newHold(r, true)
		if err != nil {
			return err
		}
		if out, err = u.tx.Ledger().Request(u.ctx, tenant, h); err != nil || out.ID != h.ID {
			return err
		}
		spec, err := u.tx.Ledger().Get(u.ctx, tenant, out.AllotmentID)
		if err != nil {
			return err
		}
		return u.tellSupplier(out, spec, "", "", func(st events.Stay, to recipient) events.Payload {
			return events.UnitsRequested{Stay: st, LeadGuest: r.LeadGuest, Requests: r.Requests, ReplyBy: out.ExpiresAt, Local: u.c.local(to.lang)}
		})
	})
	return out, err
}

// Answer records the supplier's answer to a request now, accepted or
// declined, and records allotment.answered.
func (s Allotments) Answer(ctx context.Context, tenant TenantID, a RequestAnswer) (supplier.Hold, error) {
	var out supplier.Hold
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		if out, err = u.tx.Ledger().Answer(u.ctx, tenant, a.HoldID, a.Accept, u.now); err != nil {
			return err
		}
		spec, err := u.tx.Ledger().Get(u.ctx, tenant, out.AllotmentID)
		if err != nil {
			return err
		}
		st, err := u.stay(out, spec, "", "", false)
		if err != nil {
			return err
		}
		return u.internal(out.ID, events.RequestAnswered{Stay: st, Accepted: a.Accept})
	})
	return out, err
}

// Confirm books a live hold's units and records allotment.confirmed for
// the supplier.
func (s Allotments) Confirm(ctx context.Context, tenant TenantID, holdID string) (supplier.Hold, error) {
	var out supplier.Hold
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		out, err = u.confirmHold(holdID, "", "", "", nil)
		return err
	})
	return out, err
}

func (u *unit) confirmHold(id, booking, service, lead string, requests []string) (supplier.Hold, error) {
	h, err := u.tx.Ledger().Confirm(u.ctx, u.tenant, id, u.now)
	if err != nil {
		return h, err
	}
	spec, err := u.tx.Ledger().Get(u.ctx, u.tenant, h.AllotmentID)
	if err != nil {
		return h, err
	}
	return h, u.tellSupplier(h, spec, booking, service, func(st events.Stay, _ recipient) events.Payload {
		return events.HoldConfirmed{Stay: st, LeadGuest: lead, Requests: requests}
	})
}

// Cancel gives a hold's units back, booked ones too, and records
// allotment.cancelled for the supplier.
func (s Allotments) Cancel(ctx context.Context, tenant TenantID, holdID string) (supplier.Hold, error) {
	var out supplier.Hold
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		out, err = u.cancelHold(holdID, "", "")
		return err
	})
	return out, err
}

func (u *unit) cancelHold(id, booking, service string) (supplier.Hold, error) {
	before, err := u.tx.Ledger().GetHold(u.ctx, u.tenant, id)
	if err != nil {
		return before, err
	}
	h, err := u.tx.Ledger().Cancel(u.ctx, u.tenant, id)
	if err != nil {
		return h, err
	}
	spec, err := u.tx.Ledger().Get(u.ctx, u.tenant, h.AllotmentID)
	if err != nil {
		return h, err
	}
	return h, u.tellSupplier(h, spec, booking, service, func(st events.Stay, _ recipient) events.Payload {
		return events.HoldCancelled{Stay: st, WasBooked: before.State == supplier.HoldConfirmed}
	})
}

// GetHold returns a hold or request.
func (s Allotments) GetHold(ctx context.Context, tenant TenantID, id string) (supplier.Hold, error) {
	if err := s.c.ready(tenant); err != nil {
		return supplier.Hold{}, err
	}
	return s.c.store.Ledger().GetHold(ctx, tenant, id)
}

// ListHolds returns one page of an allotment's holds and requests by ID.
func (s Allotments) ListHolds(ctx context.Context, tenant TenantID, q HoldQuery) (Page[supplier.Hold], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[supplier.Hold]{}, err
	}
	return s.c.store.Ledger().Holds(ctx, tenant, q.AllotmentID, q.Page)
}

// StopSale records the supplier's stop sale (or its lifting) on the nights
// of an allotment, with the units it keeps sellable, dated today in the
// supplier's zone: a stop sale before a night's release date counts
// against the supplier's release compliance. Availability then gives the
// one figure of what can still be sold.
func (s Allotments) StopSale(ctx context.Context, tenant TenantID, r StopSale) error {
	return s.c.change(ctx, tenant, func(u *unit) error {
		spec, err := u.tx.Ledger().Get(u.ctx, tenant, r.AllotmentID)
		if err != nil {
			return err
		}
		loc, err := u.c.location(spec.Zone)
		if err != nil {
			return err
		}
		keep := r.Keep
		if !r.Stop {
			keep = 0
		}
		if err := u.tx.Ledger().SetStopSale(u.ctx, tenant, r.AllotmentID, r.From, r.To, r.Stop, keep, date.NewAt(u.now.In(loc))); err != nil {
			return err
		}
		return u.internal(r.AllotmentID, events.StopSaleSet{AllotmentID: r.AllotmentID, From: r.From, To: r.To, Stop: r.Stop, Keep: keep})
	})
}

// holdKey is the idempotency key of a booking service's hold.
func holdKey(reference, service string) string { return "booking:" + keyOf(reference, service) }
