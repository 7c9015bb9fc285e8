package memory

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/supplier"
)

// Allotments returns the inventory ledger. Every call runs under the
// store's lock, so a hold's check and decrement are one step.
func (s *Store) Allotments() agency.AllotmentRepo { return allotments{s} }

type allotments struct{ s *Store }

func pickAllotments(st *state) map[string]supplier.AllotmentSpec { return st.allotments }
func pickNights(st *state) map[string]supplier.Night             { return st.nights }
func pickHolds(st *state) map[string]agency.TenantHold           { return st.holds }

func nightKey(tenant agency.TenantID, id string, n date.Date) string {
	return key(string(tenant), id, strconv.Itoa(int(n)))
}

func (r allotments) Create(ctx context.Context, tenant agency.TenantID, spec supplier.AllotmentSpec) error {
	if err := textsAnd(spec, string(tenant)); err != nil {
		return err
	}
	if err := spec.Validate(); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), spec.ID)
		if _, ok := lookup(tx, pickAllotments, k); ok {
			return fmt.Errorf("%w: allotment %s already exists", agency.ErrConflict, spec.ID)
		}
		tx.over.allotments[k] = spec
		for d := spec.From; d <= spec.To; d++ {
			tx.over.nights[nightKey(tenant, spec.ID, d)] = supplier.Night{AllotmentID: spec.ID, Night: d, Allocated: spec.Units,
				OverbookLimit: spec.OverbookLimit, Kind: spec.Kind}
		}
		return nil
	})
}

func (r allotments) Get(ctx context.Context, tenant agency.TenantID, id string) (supplier.AllotmentSpec, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.AllotmentSpec{}, err
	}
	var out supplier.AllotmentSpec
	err := r.s.do(ctx, func(tx *Store) error {
		a, ok := lookup(tx, pickAllotments, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: allotment %s", agency.ErrNotFound, id)
		}
		out = a
		return nil
	})
	return out, err
}

func (r allotments) Nights(ctx context.Context, tenant agency.TenantID, id string, from, to date.Date) ([]supplier.Night, error) {
	if err := texts(string(tenant), id); err != nil {
		return nil, err
	}
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return nil, fmt.Errorf("%w: nights %s to %s", agency.ErrInvalid, from, to)
	}
	var out []supplier.Night
	err := r.s.do(ctx, func(tx *Store) error {
		for d := from; d <= to; d++ {
			if n, ok := lookup(tx, pickNights, nightKey(tenant, id, d)); ok {
				out = append(out, n)
			}
		}
		return nil
	})
	return out, err
}

// replayed returns the hold first placed with an idempotency key, so that
// a retried Hold or Request returns it instead of placing another.
func replayed(tx *Store, tenant agency.TenantID, idempotencyKey string) (supplier.Hold, bool) {
	if idempotencyKey == "" {
		return supplier.Hold{}, false
	}
	id, ok := lookup(tx, func(st *state) map[string]string { return st.holdKeys }, key(string(tenant), idempotencyKey))
	if !ok {
		return supplier.Hold{}, false
	}
	th, _ := lookup(tx, pickHolds, key(string(tenant), id))
	return th.Hold, true
}

func (r allotments) Hold(ctx context.Context, tenant agency.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := textsAnd(h, string(tenant)); err != nil {
		return supplier.Hold{}, err
	}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		if first, ok := replayed(tx, tenant, h.IdempotencyKey); ok {
			out = first
			return nil
		}
		if _, ok := lookup(tx, pickHolds, key(string(tenant), h.ID)); ok {
			return fmt.Errorf("%w: hold %s already exists", agency.ErrConflict, h.ID)
		}
		// Check every night first, then take them all: all or none.
		updated := make(map[string]supplier.Night, h.Nights)
		for i := 0; i < h.Nights; i++ {
			d := h.From + date.Date(i)
			k := nightKey(tenant, h.AllotmentID, d)
			n, ok := lookup(tx, pickNights, k)
			if !ok || n.Sellable() < h.Units {
				return fmt.Errorf("%w: night %s cannot give %d unit(s)", agency.ErrConflict, d, h.Units)
			}
			n.Held += h.Units
			updated[k] = n
		}
		for k, n := range updated {
			tx.over.nights[k] = n
		}
		h.State, h.Version = supplier.HoldActive, 1
		tx.over.holds[key(string(tenant), h.ID)] = agency.TenantHold{Tenant: tenant, Hold: h}
		if h.IdempotencyKey != "" {
			tx.over.holdKeys[key(string(tenant), h.IdempotencyKey)] = h.ID
		}
		out = h
		return nil
	})
	return out, err
}

func (r allotments) Request(ctx context.Context, tenant agency.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := textsAnd(h, string(tenant)); err != nil {
		return supplier.Hold{}, err
	}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		if first, ok := replayed(tx, tenant, h.IdempotencyKey); ok {
			out = first
			return nil
		}
		if _, ok := lookup(tx, pickAllotments, key(string(tenant), h.AllotmentID)); !ok {
			return fmt.Errorf("%w: allotment %s", agency.ErrNotFound, h.AllotmentID)
		}
		if _, ok := lookup(tx, pickHolds, key(string(tenant), h.ID)); ok {
			return fmt.Errorf("%w: hold %s already exists", agency.ErrConflict, h.ID)
		}
		h.State, h.Version, h.OnRequest = supplier.HoldRequested, 1, true
		tx.over.holds[key(string(tenant), h.ID)] = agency.TenantHold{Tenant: tenant, Hold: h}
		if h.IdempotencyKey != "" {
			tx.over.holdKeys[key(string(tenant), h.IdempotencyKey)] = h.ID
		}
		out = h
		return nil
	})
	return out, err
}

func (r allotments) Answer(ctx context.Context, tenant agency.TenantID, id string, accept bool, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error { return h.Answer(accept, now) })
}

func (r allotments) GetHold(ctx context.Context, tenant agency.TenantID, id string) (supplier.Hold, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		th, ok := lookup(tx, pickHolds, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: hold %s", agency.ErrNotFound, id)
		}
		out = th.Hold
		return nil
	})
	return out, err
}

// move shifts a hold's units between counters on every night it covers.
func (tx *Store) move(tenant agency.TenantID, h supplier.Hold, fn func(n *supplier.Night)) {
	for i := 0; i < h.Nights; i++ {
		k := nightKey(tenant, h.AllotmentID, h.From+date.Date(i))
		if n, ok := lookup(tx, pickNights, k); ok {
			fn(&n)
			tx.over.nights[k] = n
		}
	}
}

// change applies a state change to a stored hold under the lock.
func (r allotments) change(ctx context.Context, tenant agency.TenantID, id string, fn func(tx *Store, h *supplier.Hold) error) (supplier.Hold, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), id)
		th, ok := lookup(tx, pickHolds, k)
		if !ok {
			return fmt.Errorf("%w: hold %s", agency.ErrNotFound, id)
		}
		if err := fn(tx, &th.Hold); err != nil {
			return err
		}
		th.Hold.Version++
		tx.over.holds[k] = th
		out = th.Hold
		return nil
	})
	return out, err
}

func (r allotments) Confirm(ctx context.Context, tenant agency.TenantID, id string, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error {
		if h.State != supplier.HoldActive || !now.Before(h.ExpiresAt) {
			return fmt.Errorf("%w: hold %s is %s (expires %s)", agency.ErrInvalidTransition, id, h.State, h.ExpiresAt.Format(time.RFC3339))
		}
		tx.move(tenant, *h, func(n *supplier.Night) { n.Held -= h.Units; n.Booked += h.Units })
		h.State = supplier.HoldConfirmed
		at := now
		h.ConfirmedAt = &at
		return nil
	})
}

func (r allotments) Cancel(ctx context.Context, tenant agency.TenantID, id string) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error {
		switch {
		case h.OnRequest && (h.State == supplier.HoldRequested || h.State == supplier.HoldConfirmed):
			// a request never took from the counters
		case h.State == supplier.HoldActive:
			tx.move(tenant, *h, func(n *supplier.Night) { n.Held -= h.Units })
		case h.State == supplier.HoldConfirmed:
			tx.move(tenant, *h, func(n *supplier.Night) { n.Booked -= h.Units })
		default:
			return fmt.Errorf("%w: hold %s is %s", agency.ErrInvalidTransition, id, h.State)
		}
		h.State = supplier.HoldCancelled
		return nil
	})
}

func (r allotments) ExpireDue(ctx context.Context, now time.Time, limit int) ([]agency.TenantHold, error) {
	var out []agency.TenantHold
	err := r.s.do(ctx, func(tx *Store) error {
		var due []agency.TenantHold
		for _, th := range merged(tx, pickHolds) {
			if th.Hold.State == supplier.HoldActive && !th.Hold.ExpiresAt.After(now) {
				due = append(due, th)
			}
		}
		slices.SortFunc(due, func(a, b agency.TenantHold) int {
			if c := a.Hold.ExpiresAt.Compare(b.Hold.ExpiresAt); c != 0 {
				return c
			}
			return compareStrings(string(a.Tenant)+"\x00"+a.Hold.ID, string(b.Tenant)+"\x00"+b.Hold.ID)
		})
		for _, th := range due[:min(limit, len(due))] {
			tx.move(th.Tenant, th.Hold, func(n *supplier.Night) { n.Held -= th.Hold.Units })
			th.Hold.State = supplier.HoldExpired
			th.Hold.Version++
			tx.over.holds[key(string(th.Tenant), th.Hold.ID)] = th
			out = append(out, th)
		}
		return nil
	})
	return out, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (r allotments) Release(ctx context.Context, tenant agency.TenantID, id string, night date.Date) (int, error) {
	if err := texts(string(tenant), id); err != nil {
		return 0, err
	}
	released := 0
	err := r.s.do(ctx, func(tx *Store) error {
		k := nightKey(tenant, id, night)
		n, ok := lookup(tx, pickNights, k)
		if !ok {
			return fmt.Errorf("%w: allotment %s has no night %s", agency.ErrNotFound, id, night)
		}
		if n.Kind == supplier.Guaranteed {
			return nil
		}
		released = max(n.Allocated-n.Held-n.Booked-n.Released, 0)
		n.Released += released
		tx.over.nights[k] = n
		return nil
	})
	return released, err
}

func (r allotments) SetStopSale(ctx context.Context, tenant agency.TenantID, id string, from, to date.Date, stop bool, on date.Date) error {
	if err := texts(string(tenant), id); err != nil {
		return err
	}
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return fmt.Errorf("%w: nights %s to %s", agency.ErrInvalid, from, to)
	}
	return r.s.do(ctx, func(tx *Store) error {
		for d := from; d <= to; d++ {
			k := nightKey(tenant, id, d)
			if n, ok := lookup(tx, pickNights, k); ok {
				n.StopSale = stop
				if stop && n.StopSoldOn == 0 {
					n.StopSoldOn = on
				}
				tx.over.nights[k] = n
			}
		}
		return nil
	})
}

func (r allotments) Sellable(ctx context.Context, tenant agency.TenantID, id string, from, to date.Date) ([]supplier.Sellable, error) {
	ns, err := r.Nights(ctx, tenant, id, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]supplier.Sellable, len(ns))
	for i, n := range ns {
		out[i] = supplier.Sellable{Night: n.Night, Units: max(n.Allocated+n.OverbookLimit-n.Held-n.Booked-n.Released, 0), StopSale: n.StopSale}
	}
	return out, nil
}
