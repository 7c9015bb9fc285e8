package memory

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/travelkit/travelkit/agency/storage"
)

type outbox struct{ s *Store }

func pickEvents(st *state) map[string]storage.Event { return st.events }

func copyEvent(e storage.Event) storage.Event {
	e.Payload = slices.Clone(e.Payload)
	if e.DeliveredAt != nil {
		t := *e.DeliveredAt
		e.DeliveredAt = &t
	}
	if e.DeadAt != nil {
		t := *e.DeadAt
		e.DeadAt = &t
	}
	return e
}

func (r outbox) Add(ctx context.Context, e storage.Event) error {
	if err := storage.CheckText(e); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		if _, ok := lookup(tx, pickEvents, e.ID); ok {
			return fmt.Errorf("%w: event %s already exists", storage.ErrConflict, e.ID)
		}
		tx.over.events[e.ID] = copyEvent(e)
		tx.over.order = append(tx.over.order, e.ID)
		return nil
	})
}

func (tx *Store) leaseUntil(id string) (time.Time, bool) {
	return lookup(tx, func(st *state) map[string]time.Time { return st.leases }, id)
}

// Claim leases due events in insertion order.
func (r outbox) Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]storage.Event, error) {
	var out []storage.Event
	err := r.s.do(ctx, func(tx *Store) error {
		tx.base.compact()
		ids := append(append(slices.Clone(tx.base.order), tx.over.order...), tx.over.requeued...)
		seen := map[string]bool{}
		for _, id := range ids {
			if len(out) >= limit {
				break
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			e, _ := lookup(tx, pickEvents, id)
			if e.DeliveredAt != nil || e.DeadAt != nil || e.NextAttemptAt.After(now) {
				continue
			}
			if until, ok := tx.leaseUntil(id); ok && until.After(now) {
				continue
			}
			tx.over.leases[id] = now.Add(lease)
			c := copyEvent(e)
			c.LeasedUntil = now.Add(lease)
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

func (r outbox) Renew(ctx context.Context, ids []string, held, until time.Time) ([]string, error) {
	if err := texts(ids...); err != nil {
		return nil, err
	}
	renewed := make([]string, 0, len(ids))
	err := r.s.do(ctx, func(tx *Store) error {
		for _, id := range ids {
			e, ok := lookup(tx, pickEvents, id)
			if !ok {
				continue
			}
			cur, _ := tx.leaseUntil(id)
			if e.DeliveredAt != nil || e.DeadAt != nil || !cur.Equal(held) {
				continue
			}
			tx.over.leases[id] = until
			renewed = append(renewed, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return renewed, nil
}

func (r outbox) MarkDelivered(ctx context.Context, ids []string, at time.Time) error {
	if err := texts(ids...); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		for _, id := range ids {
			e, ok := lookup(tx, pickEvents, id)
			if !ok {
				return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
			}
			e.DeliveredAt = &at
			tx.over.events[id] = e
			tx.over.leases[id] = time.Time{}
		}
		return nil
	})
}

func (r outbox) MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error {
	if err := texts(id, lastErr); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, pickEvents, id)
		if !ok {
			return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
		}
		e.Attempts, e.NextAttemptAt, e.LastError = attempts, next, lastErr
		if dead {
			at := next
			e.DeadAt = &at
		}
		tx.over.events[id] = e
		tx.over.leases[id] = time.Time{} // released
		return nil
	})
}

func (r outbox) Get(ctx context.Context, tenant storage.TenantID, id string) (storage.Event, error) {
	if err := texts(string(tenant), id); err != nil {
		return storage.Event{}, err
	}
	var out storage.Event
	err := r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, pickEvents, id)
		if !ok || e.Tenant != tenant {
			return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
		}
		out = copyEvent(e)
		return nil
	})
	return out, err
}

func (r outbox) List(ctx context.Context, tenant storage.TenantID, st storage.EventState, p storage.PageRequest) (storage.Page[storage.Event], error) {
	if err := texts(string(tenant)); err != nil {
		return storage.Page[storage.Event]{}, err
	}
	if err := st.Check(); err != nil {
		return storage.Page[storage.Event]{}, err
	}
	var all []storage.Event
	err := r.s.do(ctx, func(tx *Store) error {
		for _, e := range merged(tx, pickEvents) {
			if e.Tenant == tenant && e.State() == st {
				all = append(all, copyEvent(e))
			}
		}
		return nil
	})
	if err != nil {
		return storage.Page[storage.Event]{}, err
	}
	return storage.Paginate(all, []storage.ColumnType{storage.Int, storage.Text}, func(e storage.Event) []any {
		return []any{e.CreatedAt.UnixNano(), e.ID}
	}, p)
}

func (r outbox) Requeue(ctx context.Context, tenant storage.TenantID, id string, at time.Time) error {
	if err := texts(string(tenant), id); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, pickEvents, id)
		if !ok || e.Tenant != tenant {
			return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
		}
		if e.DeadAt == nil {
			return fmt.Errorf("%w: event %s is not dead", storage.ErrInvalidTransition, id)
		}
		e.DeadAt, e.Attempts, e.NextAttemptAt = nil, 0, at
		tx.over.events[id] = e
		tx.over.leases[id] = time.Time{}
		tx.over.requeued = append(tx.over.requeued, id)
		return nil
	})
}
