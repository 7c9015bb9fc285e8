package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/travelkit/travelkit/agency/storage"
)

type outbox struct{ s *Store }

const eventCols = `id, tenant, type, aggregate_id, audience, recipient, language, payload, created_at, attempts, next_attempt_at,
	delivered_at, dead_at, last_error`

func scanEvent(sc scanner) (storage.Event, error) {
	var e storage.Event
	var payload string
	var created, next int64
	var delivered, dead sql.NullInt64
	if err := sc.Scan(&e.ID, &e.Tenant, &e.Type, &e.AggregateID, &e.Audience, &e.Recipient, &e.Language, &payload, &created, &e.Attempts, &next,
		&delivered, &dead, &e.LastError); err != nil {
		return e, err
	}
	e.Payload, e.CreatedAt, e.NextAttemptAt = json.RawMessage(payload), fromNanos(created), fromNanos(next)
	if delivered.Valid {
		t := fromNanos(delivered.Int64)
		e.DeliveredAt = &t
	}
	if dead.Valid {
		t := fromNanos(dead.Int64)
		e.DeadAt = &t
	}
	return e, nil
}

func (r outbox) Add(ctx context.Context, e storage.Event) error {
	if err := storage.CheckText(e); err != nil {
		return err
	}
	inserted, err := r.s.insert(ctx, `INSERT INTO {outbox} (id, tenant, type, aggregate_id, audience, recipient, language, payload, created_at, attempts,
		next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) {nodup}`,
		e.ID, e.Tenant, e.Type, e.AggregateID, e.Audience, e.Recipient, e.Language, string(e.Payload), nanos(e.CreatedAt), e.Attempts,
		nanos(e.NextAttemptAt))
	if err != nil {
		return err
	}
	if !inserted {
		return fmt.Errorf("%w: event %s already exists", storage.ErrConflict, e.ID)
	}
	return nil
}

// claimable selects the due events one claim may take, oldest first; on
// PostgreSQL and MySQL it skips rows another claim has locked, so that
// concurrent claims never take the same event (SQLite serialises writers).
const claimable = `FROM {outbox} WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ? AND locked_until <= ?
	ORDER BY created_at, id LIMIT ? {skiplocked}`

func (r outbox) Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]storage.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	until := nanos(now.Add(lease))
	var out []storage.Event
	err := r.s.atomic(ctx, func(s *Store) error {
		if s.d.Returning() {
			// One statement per batch.
			rows, err := s.query(ctx, `UPDATE {outbox} SET locked_until = ? WHERE id IN (SELECT id `+claimable+`) RETURNING `+eventCols,
				until, nanos(now), nanos(now), limit)
			if err != nil {
				return err
			}
			out, err = scanEvents(rows, out)
			return err
		}
		// Without UPDATE … RETURNING: lock the batch, then lease it, in
		// one transaction.
		rows, err := s.query(ctx, `SELECT `+eventCols+` `+claimable, nanos(now), nanos(now), limit)
		if err != nil {
			return err
		}
		if out, err = scanEvents(rows, out); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]any, 0, len(out)+1)
		ids = append(ids, until)
		for _, e := range out {
			ids = append(ids, e.ID)
		}
		_, err = s.exec(ctx, `UPDATE {outbox} SET locked_until = ? WHERE id IN (`+placeholders(len(out))+`)`, ids...)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].LeasedUntil = fromNanos(until)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func scanEvents(rows *sql.Rows, out []storage.Event) ([]storage.Event, error) {
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// distinct returns ids without repeats, in their order, as arguments.
func distinct(ids []string, lead ...any) []any {
	seen := make(map[string]bool, len(ids))
	out := append(make([]any, 0, len(lead)+len(ids)), lead...)
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (r outbox) Renew(ctx context.Context, ids []string, held, until time.Time) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := distinct(ids, nanos(until))
	n := len(args) - 1
	args = append(args, nanos(held))
	var renewed map[string]bool
	err := r.s.atomic(ctx, func(s *Store) error {
		renewed = make(map[string]bool, n)
		update := `UPDATE {outbox} SET locked_until = ? WHERE id IN (` + placeholders(n) + `) AND locked_until = ? AND delivered_at IS NULL AND dead_at IS NULL`
		var rows *sql.Rows
		var err error
		if s.d.Returning() {
			rows, err = s.query(ctx, update+` RETURNING id`, args...)
		} else {
			if _, err = s.exec(ctx, update, args...); err != nil {
				return err
			}
			rows, err = s.query(ctx, `SELECT id FROM {outbox} WHERE id IN (`+placeholders(n)+`) AND locked_until = ? AND delivered_at IS NULL AND dead_at IS NULL`,
				append(args[1:n+1:n+1], nanos(until))...)
		}
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			renewed[id] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(renewed))
	for _, id := range ids {
		if renewed[id] {
			out = append(out, id)
			delete(renewed, id)
		}
	}
	return out, nil
}

func (r outbox) MarkDelivered(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := distinct(ids, nanos(at))
	n := len(args) - 1
	// In a transaction of its own (or a savepoint), so that an unknown ID
	// leaves every event as it was.
	return r.s.isolated(ctx, func(s *Store) error {
		res, err := s.exec(ctx, `UPDATE {outbox} SET delivered_at = ?, locked_until = 0 WHERE id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return err
		}
		if got, _ := res.RowsAffected(); got != int64(n) {
			return fmt.Errorf("%w: %d of the %d events to mark delivered are unknown", storage.ErrNotFound, int64(n)-got, n)
		}
		return nil
	})
}

func (r outbox) mark(ctx context.Context, id, q string, args ...any) error {
	res, err := r.s.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
	}
	return nil
}

func (r outbox) MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error {
	var deadAt sql.NullInt64
	if dead {
		deadAt = sql.NullInt64{Int64: nanos(next), Valid: true}
	}
	return r.mark(ctx, id, `UPDATE {outbox} SET attempts = ?, next_attempt_at = ?, last_error = ?, dead_at = ?, locked_until = 0 WHERE id = ?`,
		attempts, nanos(next), lastErr, deadAt, id)
}

func (r outbox) Get(ctx context.Context, tenant storage.TenantID, id string) (storage.Event, error) {
	e, err := scanEvent(r.s.queryRow(ctx, `SELECT `+eventCols+` FROM {outbox} WHERE id = ? AND tenant = ?`, id, tenant))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
	}
	return e, r.s.translate(err)
}

// eventStates are the conditions of each delivery state, matching the
// partial indexes of migration 003.
var eventStates = map[storage.EventState]string{
	storage.EventPending:   `delivered_at IS NULL AND dead_at IS NULL`,
	storage.EventDelivered: `delivered_at IS NOT NULL`,
	storage.EventDead:      `dead_at IS NOT NULL`,
}

func (r outbox) List(ctx context.Context, tenant storage.TenantID, state storage.EventState, p storage.PageRequest) (storage.Page[storage.Event], error) {
	if err := state.Check(); err != nil {
		return storage.Page[storage.Event]{}, err
	}
	q := `SELECT ` + eventCols + ` FROM {outbox} WHERE tenant = ? AND ` + eventStates[state]
	return pageQuery(ctx, r.s, p, []storage.ColumnType{storage.Int, storage.Text}, q+` ORDER BY created_at, id LIMIT ?`,
		q+` AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`, []any{tenant},
		func(sc scanner) (storage.Event, []any, error) {
			e, err := scanEvent(sc)
			return e, []any{e.CreatedAt.UnixNano(), e.ID}, err
		})
}

func (r outbox) Requeue(ctx context.Context, tenant storage.TenantID, id string, at time.Time) error {
	return r.s.atomic(ctx, func(s *Store) error {
		res, err := s.exec(ctx, `UPDATE {outbox} SET dead_at = NULL, attempts = 0, next_attempt_at = ?, locked_until = 0
			WHERE tenant = ? AND id = ? AND dead_at IS NOT NULL`, nanos(at), tenant, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var delivered sql.NullInt64
		err = s.queryRow(ctx, `SELECT delivered_at FROM {outbox} WHERE tenant = ? AND id = ?`, tenant, id).Scan(&delivered)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: event %s", storage.ErrNotFound, id)
		}
		if err != nil {
			return s.translate(err)
		}
		return fmt.Errorf("%w: event %s is not dead", storage.ErrInvalidTransition, id)
	})
}

// pageQuery runs a keyset query: first without its keyset condition,
// after with it, each ending in LIMIT ?; scan reads a row and returns its
// position (values of the listing's order columns, of the given types).
// It fetches one row more than the page to know whether another follows.
func pageQuery[T any](ctx context.Context, s *Store, p storage.PageRequest, types []storage.ColumnType, first, after string, args []any,
	scan func(scanner) (T, []any, error)) (storage.Page[T], error) {
	size, err := p.Size()
	if err != nil {
		return storage.Page[T]{}, err
	}
	pos, err := storage.DecodeCursor(p.After, types)
	if err != nil {
		return storage.Page[T]{}, err
	}
	q := first
	if pos != nil {
		q = after
		args = append(args, pos...)
	}
	rows, err := s.query(ctx, q, append(args, size+1)...)
	if err != nil {
		return storage.Page[T]{}, err
	}
	defer rows.Close()
	var out storage.Page[T]
	var last []any
	for rows.Next() {
		if len(out.Items) == size {
			out.Next = storage.EncodeCursor(last)
			break
		}
		it, at, err := scan(rows)
		if err != nil {
			return storage.Page[T]{}, s.translate(err)
		}
		out.Items, last = append(out.Items, it), at
	}
	return out, s.translate(rows.Err())
}
