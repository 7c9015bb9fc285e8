package memory

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/supplier"
)

// ledger is the inventory ledger. Every call runs under the store's lock,
// so a hold's check and decrement are one step.
type ledger struct{ s *Store }

func pickAllotments(st *state) map[string]supplier.AllotmentSpec { return st.allotments }
func pickNights(st *state) map[string]supplier.Night             { return st.nights }
func pickHolds(st *state) map[string]storage.TenantHold          { return st.holds }

func nightKey(tenant storage.TenantID, id string, n date.Date) string {
	return key(string(tenant), id, strconv.Itoa(int(n)))
}

func copyHold(h supplier.Hold) supplier.Hold {
	if h.ConfirmedAt != nil {
		t := *h.ConfirmedAt
		h.ConfirmedAt = &t
	}
	return h
}

func (r ledger) Create(ctx context.Context, tenant storage.TenantID, spec supplier.AllotmentSpec) error {
	if err := storage.CheckText(spec); err != nil {
		return err
	}
	if err := texts(string(tenant)); err != nil {
		return err
	}
	if err := spec.Validate(); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), spec.ID)
		if _, ok := lookup(tx, pickAllotments, k); ok {
			return fmt.Errorf("%w: allotment %s already exists", storage.ErrConflict, spec.ID)
		}
		tx.over.allotments[k] = spec
		for d := spec.From; d <= spec.To; d++ {
			tx.over.nights[nightKey(tenant, spec.ID, d)] = supplier.Night{AllotmentID: spec.ID, Night: d, Allocated: spec.Units,
				OverbookLimit: spec.OverbookLimit, Kind: spec.Kind}
		}
		return nil
	})
}

func (r ledger) Get(ctx context.Context, tenant storage.TenantID, id string) (supplier.AllotmentSpec, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.AllotmentSpec{}, err
	}
	var out supplier.AllotmentSpec
	err := r.s.do(ctx, func(tx *Store) error {
		a, ok := lookup(tx, pickAllotments, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: allotment %s", storage.ErrNotFound, id)
		}
		out = a
		return nil
	})
	return out, err
}

func (r ledger) List(ctx context.Context, tenant storage.TenantID, supplierID string, p storage.PageRequest) (storage.Page[supplier.AllotmentSpec], error) {
	if err := texts(string(tenant), supplierID); err != nil {
		return storage.Page[supplier.AllotmentSpec]{}, err
	}
	prefix := key(string(tenant))
	var all []supplier.AllotmentSpec
	err := r.s.do(ctx, func(tx *Store) error {
		for k, a := range merged(tx, pickAllotments) {
			if strings.HasPrefix(k, prefix) && k == key(string(tenant), a.ID) && (supplierID == "" || a.SupplierID == supplierID) {
				all = append(all, a)
			}
		}
		return nil
	})
	if err != nil {
		return storage.Page[supplier.AllotmentSpec]{}, err
	}
	return storage.Paginate(all, []storage.ColumnType{storage.Text}, func(a supplier.AllotmentSpec) []any { return []any{a.ID} }, p)
}

func (r ledger) Nights(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date) ([]supplier.Night, error) {
	if err := texts(string(tenant), id); err != nil {
		return nil, err
	}
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return nil, fmt.Errorf("%w: nights %s to %s", storage.ErrInvalid, from, to)
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

// sameRequest reports whether two holds ask for the same units.
func sameRequest(a, b supplier.Hold) bool {
	return a.AllotmentID == b.AllotmentID && a.From == b.From && a.Nights == b.Nights && a.Units == b.Units && a.OnRequest == b.OnRequest
}

// replayed returns the hold first placed with h's idempotency key, so that
// a retried Hold or Request returns it instead of placing another; the key
// reused for another request is ErrConflict.
func replayed(tx *Store, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, bool, error) {
	if h.IdempotencyKey == "" {
		return supplier.Hold{}, false, nil
	}
	id, ok := lookup(tx, func(st *state) map[string]string { return st.holdKeys }, key(string(tenant), h.IdempotencyKey))
	if !ok {
		return supplier.Hold{}, false, nil
	}
	th, _ := lookup(tx, pickHolds, key(string(tenant), id))
	if !sameRequest(th.Hold, h) {
		return supplier.Hold{}, false, fmt.Errorf("%w: idempotency key %q was used for another request (hold %s)", storage.ErrConflict,
			h.IdempotencyKey, id)
	}
	return copyHold(th.Hold), true, nil
}

// checkHold refuses a hold whose text or tenant no store could keep, or
// that is invalid, before anything is read.
func checkHold(tenant storage.TenantID, h supplier.Hold) error {
	if err := storage.CheckText(h); err != nil {
		return err
	}
	if err := texts(string(tenant)); err != nil {
		return err
	}
	return h.Validate()
}

func (r ledger) Hold(ctx context.Context, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := checkHold(tenant, h); err != nil {
		return supplier.Hold{}, err
	}
	h.OnRequest = false
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		if first, ok, err := replayed(tx, tenant, h); err != nil || ok {
			out = first
			return err
		}
		if _, ok := lookup(tx, pickHolds, key(string(tenant), h.ID)); ok {
			return fmt.Errorf("%w: hold %s already exists", storage.ErrConflict, h.ID)
		}
		// Check every night first, then take them all: all or none.
		updated := make(map[string]supplier.Night, h.Nights)
		for i := 0; i < h.Nights; i++ {
			d := h.From + date.Date(i)
			k := nightKey(tenant, h.AllotmentID, d)
			n, ok := lookup(tx, pickNights, k)
			if !ok || n.Sellable() < h.Units {
				return fmt.Errorf("%w: night %s cannot give %d unit(s)", storage.ErrConflict, d, h.Units)
			}
			n.Held += h.Units
			updated[k] = n
		}
		for k, n := range updated {
			tx.over.nights[k] = n
		}
		h.State, h.Version = supplier.HoldActive, 1
		tx.over.holds[key(string(tenant), h.ID)] = storage.TenantHold{Tenant: tenant, Hold: copyHold(h)}
		if h.IdempotencyKey != "" {
			tx.over.holdKeys[key(string(tenant), h.IdempotencyKey)] = h.ID
		}
		out = h
		return nil
	})
	return out, err
}

func (r ledger) Request(ctx context.Context, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := checkHold(tenant, h); err != nil {
		return supplier.Hold{}, err
	}
	h.OnRequest = true
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		if first, ok, err := replayed(tx, tenant, h); err != nil || ok {
			out = first
			return err
		}
		if _, ok := lookup(tx, pickAllotments, key(string(tenant), h.AllotmentID)); !ok {
			return fmt.Errorf("%w: allotment %s", storage.ErrNotFound, h.AllotmentID)
		}
		if _, ok := lookup(tx, pickHolds, key(string(tenant), h.ID)); ok {
			return fmt.Errorf("%w: hold %s already exists", storage.ErrConflict, h.ID)
		}
		h.State, h.Version = supplier.HoldRequested, 1
		tx.over.holds[key(string(tenant), h.ID)] = storage.TenantHold{Tenant: tenant, Hold: copyHold(h)}
		if h.IdempotencyKey != "" {
			tx.over.holdKeys[key(string(tenant), h.IdempotencyKey)] = h.ID
		}
		out = h
		return nil
	})
	return out, err
}

func (r ledger) Answer(ctx context.Context, tenant storage.TenantID, id string, accept bool, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error { return h.Answer(accept, now) })
}

func (r ledger) GetHold(ctx context.Context, tenant storage.TenantID, id string) (supplier.Hold, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		th, ok := lookup(tx, pickHolds, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: hold %s", storage.ErrNotFound, id)
		}
		out = copyHold(th.Hold)
		return nil
	})
	return out, err
}

func (r ledger) Holds(ctx context.Context, tenant storage.TenantID, allotmentID string, p storage.PageRequest) (storage.Page[supplier.Hold], error) {
	if err := texts(string(tenant), allotmentID); err != nil {
		return storage.Page[supplier.Hold]{}, err
	}
	var all []supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		for _, th := range merged(tx, pickHolds) {
			if th.Tenant == tenant && th.Hold.AllotmentID == allotmentID {
				all = append(all, copyHold(th.Hold))
			}
		}
		return nil
	})
	if err != nil {
		return storage.Page[supplier.Hold]{}, err
	}
	return storage.Paginate(all, []storage.ColumnType{storage.Text}, func(h supplier.Hold) []any { return []any{h.ID} }, p)
}

// move shifts a hold's units between counters on every night it covers.
func (tx *Store) move(tenant storage.TenantID, h supplier.Hold, fn func(n *supplier.Night)) {
	for i := 0; i < h.Nights; i++ {
		k := nightKey(tenant, h.AllotmentID, h.From+date.Date(i))
		if n, ok := lookup(tx, pickNights, k); ok {
			fn(&n)
			tx.over.nights[k] = n
		}
	}
}

// change applies a state change to a stored hold under the lock.
func (r ledger) change(ctx context.Context, tenant storage.TenantID, id string, fn func(tx *Store, h *supplier.Hold) error) (supplier.Hold, error) {
	if err := texts(string(tenant), id); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), id)
		th, ok := lookup(tx, pickHolds, k)
		if !ok {
			return fmt.Errorf("%w: hold %s", storage.ErrNotFound, id)
		}
		th.Hold = copyHold(th.Hold)
		if err := fn(tx, &th.Hold); err != nil {
			return err
		}
		th.Hold.Version++
		tx.over.holds[k] = th
		out = copyHold(th.Hold)
		return nil
	})
	return out, err
}

func (r ledger) Confirm(ctx context.Context, tenant storage.TenantID, id string, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error {
		if h.State != supplier.HoldActive || !now.Before(h.ExpiresAt) {
			return fmt.Errorf("%w: hold %s is %s (expires %s)", storage.ErrInvalidTransition, id, h.State, h.ExpiresAt.Format(time.RFC3339))
		}
		tx.move(tenant, *h, func(n *supplier.Night) { n.Held -= h.Units; n.Booked += h.Units })
		h.State = supplier.HoldConfirmed
		at := now
		h.ConfirmedAt = &at
		return nil
	})
}

func (r ledger) Cancel(ctx context.Context, tenant storage.TenantID, id string) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(tx *Store, h *supplier.Hold) error {
		switch {
		case h.OnRequest && (h.State == supplier.HoldRequested || h.State == supplier.HoldConfirmed):
			// a request never took from the counters
		case h.State == supplier.HoldActive:
			tx.move(tenant, *h, func(n *supplier.Night) { n.Held -= h.Units })
		case h.State == supplier.HoldConfirmed:
			tx.move(tenant, *h, func(n *supplier.Night) { n.Booked -= h.Units })
		default:
			return fmt.Errorf("%w: hold %s is %s", storage.ErrInvalidTransition, id, h.State)
		}
		h.State = supplier.HoldCancelled
		return nil
	})
}

func (r ledger) ExpireDue(ctx context.Context, now time.Time, limit int) ([]storage.TenantHold, error) {
	var out []storage.TenantHold
	err := r.s.do(ctx, func(tx *Store) error {
		var due []storage.TenantHold
		for _, th := range merged(tx, pickHolds) {
			if th.Hold.State == supplier.HoldActive && !th.Hold.ExpiresAt.After(now) {
				due = append(due, th)
			}
		}
		slices.SortFunc(due, func(a, b storage.TenantHold) int {
			if c := a.Hold.ExpiresAt.Compare(b.Hold.ExpiresAt); c != 0 {
				return c
			}
			return strings.Compare(string(a.Tenant)+"\x00"+a.Hold.ID, string(b.Tenant)+"\x00"+b.Hold.ID)
		})
		for _, th := range due[:min(limit, len(due))] {
			tx.move(th.Tenant, th.Hold, func(n *supplier.Night) { n.Held -= th.Hold.Units })
			th.Hold.State = supplier.HoldExpired
			th.Hold.Version++
			tx.over.holds[key(string(th.Tenant), th.Hold.ID)] = th
			out = append(out, storage.TenantHold{Tenant: th.Tenant, Hold: copyHold(th.Hold)})
		}
		return nil
	})
	return out, err
}

func (r ledger) Release(ctx context.Context, tenant storage.TenantID, id string, night date.Date) (int, error) {
	if err := texts(string(tenant), id); err != nil {
		return 0, err
	}
	released := 0
	err := r.s.do(ctx, func(tx *Store) error {
		k := nightKey(tenant, id, night)
		n, ok := lookup(tx, pickNights, k)
		if !ok {
			return fmt.Errorf("%w: allotment %s has no night %s", storage.ErrNotFound, id, night)
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

func (r ledger) SetStopSale(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date, stop bool, keep int, on date.Date) error {
	if err := texts(string(tenant), id); err != nil {
		return err
	}
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return fmt.Errorf("%w: nights %s to %s", storage.ErrInvalid, from, to)
	}
	if keep < 0 || keep > supplier.MaxUnits {
		return fmt.Errorf("%w: a stop sale keeps 0 to %d units sellable", storage.ErrInvalid, supplier.MaxUnits)
	}
	return r.s.do(ctx, func(tx *Store) error {
		for d := from; d <= to; d++ {
			k := nightKey(tenant, id, d)
			if n, ok := lookup(tx, pickNights, k); ok {
				n.StopSale, n.StopSaleCap = stop, 0
				if stop {
					n.StopSaleCap = n.Held + n.Booked + keep
				}
				if stop && n.StopSoldOn == 0 {
					n.StopSoldOn = on
				}
				tx.over.nights[k] = n
			}
		}
		return nil
	})
}

func (r ledger) Sellable(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date) ([]supplier.Sellable, error) {
	ns, err := r.Nights(ctx, tenant, id, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]supplier.Sellable, len(ns))
	for i, n := range ns {
		out[i] = supplier.Sellable{Night: n.Night, Units: n.Sellable(), StopSale: n.StopSale}
	}
	return out, nil
}
