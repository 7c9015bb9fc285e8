package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/pricing"
)

// pageQuery runs a keyset query: q without its keyset condition (first)
// or with it (after), each ending in LIMIT ?; scan reads a row and returns
// its sort position. It fetches one row more than the page to know
// whether another page follows.
func pageQuery[T any](ctx context.Context, s *Store, p agency.PageRequest, first, after string, args []any,
	keyArgs func(agency.Position) []any, scan func(scanner) (T, agency.Position, error)) (agency.Page[T], error) {
	size, err := p.Size()
	if err != nil {
		return agency.Page[T]{}, err
	}
	pos, err := agency.ParseCursor(p.After)
	if err != nil {
		return agency.Page[T]{}, err
	}
	q := first
	if pos != nil {
		q = after
		args = append(args, keyArgs(*pos)...)
	}
	rows, err := s.query(ctx, q, append(args, size+1)...)
	if err != nil {
		return agency.Page[T]{}, err
	}
	defer rows.Close()
	var out agency.Page[T]
	var last agency.Position
	for rows.Next() {
		if len(out.Items) == size {
			out.Next = last.Cursor()
			break
		}
		it, at, err := scan(rows)
		if err != nil {
			return agency.Page[T]{}, s.translate(err)
		}
		out.Items, last = append(out.Items, it), at
	}
	return out, s.translate(rows.Err())
}

func (r customers) Find(ctx context.Context, tenant agency.TenantID, f agency.CustomerFilter, p agency.PageRequest) (agency.Page[agency.Customer], error) {
	if err := f.Check(); err != nil {
		return agency.Page[agency.Customer]{}, err
	}
	sel := `SELECT ` + customerCols + `, name_key, phone_key FROM {customers} WHERE tenant = ?`
	var first, after string
	args := []any{tenant}
	byName, byPhone := false, false
	switch {
	case f.Email != "":
		first = sel + ` AND email_key = ? ORDER BY id LIMIT ?`
		after = sel + ` AND email_key = ? AND id > ? ORDER BY id LIMIT ?`
		args = append(args, agency.EmailKey(f.Email))
	case f.Phone != "":
		byPhone = true
		key := agency.PhoneKey(f.Phone)
		first = sel + ` AND phone_key >= ? AND phone_key < ? ORDER BY phone_key, id LIMIT ?`
		after = sel + ` AND phone_key >= ? AND phone_key < ? AND (phone_key, id) > (?, ?) ORDER BY phone_key, id LIMIT ?`
		args = append(args, key, key+"\U0010FFFF")
	default:
		byName = true
		prefix := agency.NameKey(f.NamePrefix)
		// A prefix is a range of the bytewise-ordered key: [prefix, prefix+U+10FFFF).
		first = sel + ` AND name_key >= ? AND name_key < ? ORDER BY name_key, id LIMIT ?`
		after = sel + ` AND name_key >= ? AND name_key < ? AND (name_key, id) > (?, ?) ORDER BY name_key, id LIMIT ?`
		args = append(args, prefix, prefix+"\U0010FFFF")
	}
	return pageQuery(ctx, r.s, p, first, after, args, func(at agency.Position) []any {
		if byName || byPhone {
			return []any{at.Text, at.ID}
		}
		return []any{at.ID}
	}, func(sc scanner) (agency.Customer, agency.Position, error) {
		var nameKey, phoneKey string
		c, err := scanCustomerAnd(sc, &nameKey, &phoneKey)
		switch {
		case byName:
			return c, agency.Position{Text: nameKey, ID: c.ID}, err
		case byPhone:
			return c, agency.Position{Text: phoneKey, ID: c.ID}, err
		}
		return c, agency.Position{ID: c.ID}, err
	})
}

func (r trips) ListByCustomer(ctx context.Context, tenant agency.TenantID, customerID string, p agency.PageRequest) (agency.Page[agency.TripSummary], error) {
	const sel = `SELECT trip_id, version, title, start_day, end_day, created_at FROM {trip_versions} WHERE tenant = ? AND customer_id = ?`
	return pageQuery(ctx, r.s, p, sel+` ORDER BY trip_id, version LIMIT ?`,
		sel+` AND (trip_id, version) > (?, ?) ORDER BY trip_id, version LIMIT ?`, []any{tenant, customerID},
		func(at agency.Position) []any { return []any{at.Text, at.Number} },
		func(sc scanner) (agency.TripSummary, agency.Position, error) {
			var t agency.TripSummary
			var start, end, created int64
			err := sc.Scan(&t.TripID, &t.Version, &t.Title, &start, &end, &created)
			t.Start, t.End, t.CreatedAt = dateOf(start), dateOf(end), fromNanos(created)
			return t, agency.Position{Text: t.TripID, Number: int64(t.Version)}, err
		})
}

func (r quotes) ListByCustomer(ctx context.Context, tenant agency.TenantID, customerID string, p agency.PageRequest) (agency.Page[agency.QuoteSummary], error) {
	const sel = `SELECT q.quote_id, q.version, q.trip_id, q.trip_version, q.currency, q.total_minor, q.created_at, a.accepted_at
		FROM {quote_versions} q LEFT JOIN {quote_acceptances} a ON a.tenant = q.tenant AND a.quote_id = q.quote_id AND a.version = q.version
		WHERE q.tenant = ? AND q.customer_id = ?`
	return pageQuery(ctx, r.s, p, sel+` ORDER BY q.quote_id, q.version LIMIT ?`,
		sel+` AND (q.quote_id, q.version) > (?, ?) ORDER BY q.quote_id, q.version LIMIT ?`, []any{tenant, customerID},
		func(at agency.Position) []any { return []any{at.Text, at.Number} },
		func(sc scanner) (agency.QuoteSummary, agency.Position, error) {
			var q agency.QuoteSummary
			var code string
			var minor, created int64
			var accepted sql.NullInt64
			if err := sc.Scan(&q.QuoteID, &q.Version, &q.TripID, &q.TripVersion, &code, &minor, &created, &accepted); err != nil {
				return q, agency.Position{}, err
			}
			cur, err := pricing.ParseCurrency(code)
			if err != nil {
				return q, agency.Position{}, fmt.Errorf("sqlstore: stored quote %s currency: %w", q.QuoteID, err)
			}
			q.Total, q.CreatedAt = pricing.FromMinor(minor, cur), fromNanos(created)
			if accepted.Valid {
				at := fromNanos(accepted.Int64)
				q.AcceptedAt = &at
			}
			return q, agency.Position{Text: q.QuoteID, Number: int64(q.Version)}, nil
		})
}

func (r complaints) Find(ctx context.Context, tenant agency.TenantID, f agency.ComplaintFilter, p agency.PageRequest) (agency.Page[agency.ComplaintRecord], error) {
	if err := f.Check(); err != nil {
		return agency.Page[agency.ComplaintRecord]{}, err
	}
	q := `SELECT ` + complaintCols + `, received_at FROM {complaints} WHERE tenant = ?`
	args := []any{tenant}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, string(f.Status))
	}
	if f.Assignee != "" {
		q += ` AND assignee = ?`
		args = append(args, f.Assignee)
	}
	order := `received_at`
	if window := f.HasDueWindow(); window {
		q += ` AND due_at IS NOT NULL AND due_at >= ? AND due_at < ?`
		args = append(args, nanos(f.DueFrom), nanos(f.DueTo))
		order = `due_at`
	}
	first := q + ` ORDER BY ` + order + `, id LIMIT ?`
	after := q + ` AND (` + order + `, id) > (?, ?) ORDER BY ` + order + `, id LIMIT ?`
	return pageQuery(ctx, r.s, p, first, after, args,
		func(at agency.Position) []any { return []any{at.Number, at.ID} },
		func(sc scanner) (agency.ComplaintRecord, agency.Position, error) {
			var received int64
			rec, err := scanComplaintAnd(sc, &received)
			pos := agency.Position{Number: received, ID: rec.Complaint.ID}
			if order == `due_at` && rec.DueAt != nil {
				pos.Number = rec.DueAt.UnixNano()
			}
			return rec, pos, err
		})
}

// eventStates are the conditions of each delivery state, matching the
// partial indexes of migration 003.
var eventStates = map[agency.EventState]string{
	agency.EventPending:   `delivered_at IS NULL AND dead_at IS NULL`,
	agency.EventDelivered: `delivered_at IS NOT NULL`,
	agency.EventDead:      `dead_at IS NOT NULL`,
}

func (r outbox) List(ctx context.Context, tenant agency.TenantID, state agency.EventState, p agency.PageRequest) (agency.Page[agency.Event], error) {
	if err := state.Check(); err != nil {
		return agency.Page[agency.Event]{}, err
	}
	q := `SELECT ` + eventCols + ` FROM {outbox} WHERE tenant = ? AND ` + eventStates[state]
	return pageQuery(ctx, r.s, p, q+` ORDER BY created_at, id LIMIT ?`,
		q+` AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`, []any{tenant},
		func(at agency.Position) []any { return []any{at.Number, at.ID} },
		func(sc scanner) (agency.Event, agency.Position, error) {
			e, err := scanEvent(sc)
			return e, agency.Position{Number: e.CreatedAt.UnixNano(), ID: e.ID}, err
		})
}

func (r outbox) Requeue(ctx context.Context, tenant agency.TenantID, id string, at time.Time) error {
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
		if err == sql.ErrNoRows {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		if err != nil {
			return s.translate(err)
		}
		return fmt.Errorf("%w: event %s is not dead", agency.ErrInvalidTransition, id)
	})
}

// dateOf reads a date stored as days since 0001-01-01 (date.Date).
func dateOf(days int64) date.Date { return date.Date(days) }
