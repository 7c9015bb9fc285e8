package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/pricing"
)

type customers struct{ s *Store }

const customerCols = `tenant, id, name, email, phone, wechat, language, version, created_at, updated_at`

func scanCustomer(sc scanner) (agency.Customer, error) { return scanCustomerAnd(sc) }

// scanCustomerAnd scans customerCols and then extra columns into extra.
func scanCustomerAnd(sc scanner, extra ...any) (agency.Customer, error) {
	var c agency.Customer
	var created, updated int64
	err := sc.Scan(append([]any{&c.Tenant, &c.ID, &c.Name, &c.Email, &c.Phone, &c.WeChat, &c.Language, &c.Version, &created, &updated}, extra...)...)
	c.CreatedAt, c.UpdatedAt = fromNanos(created), fromNanos(updated)
	return c, err
}

func (r customers) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.Customer, error) {
	c, err := scanCustomer(r.s.queryRow(ctx, `SELECT `+customerCols+` FROM {customers} WHERE tenant = ? AND id = ?`, tenant, id))
	if errors.Is(err, sql.ErrNoRows) {
		return agency.Customer{}, fmt.Errorf("%w: customer %s", agency.ErrNotFound, id)
	}
	return c, r.s.translate(err)
}

func (r customers) Save(ctx context.Context, c agency.Customer) (agency.Customer, error) {
	if err := agency.CheckText(c); err != nil {
		return agency.Customer{}, err
	}
	if c.Version == 0 {
		c.Version = 1
		_, err := r.s.exec(ctx, `INSERT INTO {customers} (`+customerCols+`, name_key, email_key, phone_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Tenant, c.ID, c.Name, c.Email, c.Phone, c.WeChat, c.Language, c.Version, nanos(c.CreatedAt), nanos(c.UpdatedAt),
			agency.NameKey(c.Name), agency.EmailKey(c.Email), agency.PhoneKey(c.Phone))
		if err != nil {
			return agency.Customer{}, err
		}
		return c, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {customers} SET name = ?, email = ?, phone = ?, wechat = ?, language = ?, version = version + 1,
		updated_at = ?, name_key = ?, email_key = ?, phone_key = ? WHERE tenant = ? AND id = ? AND version = ?`,
		c.Name, c.Email, c.Phone, c.WeChat, c.Language, nanos(c.UpdatedAt), agency.NameKey(c.Name), agency.EmailKey(c.Email), agency.PhoneKey(c.Phone),
		c.Tenant, c.ID, c.Version)
	if err != nil {
		return agency.Customer{}, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return r.Get(ctx, c.Tenant, c.ID)
	}
	cur, err := r.Get(ctx, c.Tenant, c.ID)
	if err != nil {
		return agency.Customer{}, err
	}
	return agency.Customer{}, fmt.Errorf("%w: customer %s is at version %d, not %d", agency.ErrConflict, c.ID, cur.Version, c.Version)
}

func (r customers) List(ctx context.Context, tenant agency.TenantID) ([]agency.Customer, error) {
	rows, err := r.s.query(ctx, `SELECT `+customerCols+` FROM {customers} WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type trips struct{ s *Store }

// insertVersion inserts a versioned row only if it is the next version:
// one statement, so concurrent writers race on the primary key and exactly
// one wins. table, idCol and cols are constants of this package.
func (s *Store) insertVersion(ctx context.Context, table, idCol, cols, values string, tenant agency.TenantID, id string, v int, args ...any) error {
	q := `INSERT INTO ` + table + ` (` + cols + `) SELECT ` + values + ` WHERE (SELECT coalesce(max(version), 0) FROM ` + table +
		` WHERE tenant = ? AND ` + idCol + ` = ?) = ?`
	res, err := s.exec(ctx, q, append(args, tenant, id, v-1)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s is not at version %d; cannot add version %d", agency.ErrConflict, id, v-1, v)
	}
	return nil
}

func (r trips) Add(ctx context.Context, v agency.TripVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	body, err := json.Marshal(v.Trip)
	if err != nil {
		return err
	}
	return r.s.insertVersion(ctx, "{trip_versions}", "trip_id", `tenant, trip_id, version, customer_id, trip, created_at, title, start_day, end_day`,
		`?, ?, CAST(? AS INTEGER), ?, ?, CAST(? AS BIGINT), ?, CAST(? AS BIGINT), CAST(? AS BIGINT)`, v.Tenant, v.TripID, v.Version,
		v.Tenant, v.TripID, v.Version, v.CustomerID, string(body), nanos(v.CreatedAt), v.Trip.Title, int64(v.Trip.Start), int64(v.Trip.End))
}

func (r trips) scan(row scanner, tripID string) (agency.TripVersion, error) {
	var v agency.TripVersion
	var body string
	var created int64
	if err := row.Scan(&v.Tenant, &v.TripID, &v.Version, &v.CustomerID, &body, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return v, fmt.Errorf("%w: trip %s", agency.ErrNotFound, tripID)
		}
		return v, r.s.translate(err)
	}
	trip, err := r.s.trips.Decode([]byte(body))
	if err != nil {
		return v, fmt.Errorf("sqlstore: stored trip %s v%d: %w", tripID, v.Version, err)
	}
	v.Trip, v.CreatedAt = *trip, fromNanos(created)
	return v, nil
}

func (r trips) Get(ctx context.Context, tenant agency.TenantID, tripID string, version int) (agency.TripVersion, error) {
	return r.scan(r.s.queryRow(ctx, `SELECT tenant, trip_id, version, customer_id, trip, created_at FROM {trip_versions}
		WHERE tenant = ? AND trip_id = ? AND version = ?`, tenant, tripID, version), tripID)
}

func (r trips) Latest(ctx context.Context, tenant agency.TenantID, tripID string) (agency.TripVersion, error) {
	return r.scan(r.s.queryRow(ctx, `SELECT tenant, trip_id, version, customer_id, trip, created_at FROM {trip_versions}
		WHERE tenant = ? AND trip_id = ? ORDER BY version DESC LIMIT 1`, tenant, tripID), tripID)
}

type quotes struct{ s *Store }

func (r quotes) Add(ctx context.Context, v agency.QuoteVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	body, err := encodeQuote(&v.Quote)
	if err != nil {
		return err
	}
	minor, err := v.Quote.Totals.Total.MinorUnits()
	if err != nil {
		return fmt.Errorf("%w: quote total: %v", agency.ErrInvalid, err)
	}
	return r.s.insertVersion(ctx, "{quote_versions}", "quote_id",
		`tenant, quote_id, version, trip_id, trip_version, customer_id, currency, total_minor, quote, created_at`,
		`?, ?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?, ?, CAST(? AS BIGINT), ?, CAST(? AS BIGINT)`, v.Tenant, v.QuoteID, v.Version,
		v.Tenant, v.QuoteID, v.Version, v.TripID, v.TripVersion, v.CustomerID, v.Quote.Currency.Code(), minor, body, nanos(v.CreatedAt))
}

const quoteSelect = `SELECT q.tenant, q.quote_id, q.version, q.trip_id, q.trip_version, q.customer_id, q.quote, q.created_at, a.accepted_at
	FROM {quote_versions} q LEFT JOIN {quote_acceptances} a ON a.tenant = q.tenant AND a.quote_id = q.quote_id AND a.version = q.version`

func (r quotes) scan(row scanner, quoteID string) (agency.QuoteVersion, error) {
	var v agency.QuoteVersion
	var body string
	var created int64
	var accepted sql.NullInt64
	if err := row.Scan(&v.Tenant, &v.QuoteID, &v.Version, &v.TripID, &v.TripVersion, &v.CustomerID, &body, &created, &accepted); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return v, fmt.Errorf("%w: quote %s", agency.ErrNotFound, quoteID)
		}
		return v, r.s.translate(err)
	}
	q, err := decodeQuote(body)
	if err != nil {
		return v, fmt.Errorf("sqlstore: stored quote %s v%d: %w", quoteID, v.Version, err)
	}
	v.Quote, v.CreatedAt = q, fromNanos(created)
	if accepted.Valid {
		at := fromNanos(accepted.Int64)
		v.AcceptedAt = &at
	}
	return v, nil
}

func (r quotes) Get(ctx context.Context, tenant agency.TenantID, quoteID string, version int) (agency.QuoteVersion, error) {
	return r.scan(r.s.queryRow(ctx, quoteSelect+` WHERE q.tenant = ? AND q.quote_id = ? AND q.version = ?`, tenant, quoteID, version), quoteID)
}

func (r quotes) Latest(ctx context.Context, tenant agency.TenantID, quoteID string) (agency.QuoteVersion, error) {
	return r.scan(r.s.queryRow(ctx, quoteSelect+` WHERE q.tenant = ? AND q.quote_id = ? ORDER BY q.version DESC LIMIT 1`, tenant, quoteID), quoteID)
}

func (r quotes) Accept(ctx context.Context, tenant agency.TenantID, quoteID string, version int, at time.Time) error {
	return r.s.atomic(ctx, func(s *Store) error {
		var n int
		if err := s.queryRow(ctx, `SELECT count(*) FROM {quote_versions} WHERE tenant = ? AND quote_id = ? AND version = ?`,
			tenant, quoteID, version).Scan(&n); err != nil {
			return s.translate(err)
		}
		if n == 0 {
			return fmt.Errorf("%w: quote %s version %d", agency.ErrNotFound, quoteID, version)
		}
		_, err := s.exec(ctx, `INSERT INTO {quote_acceptances} (tenant, quote_id, version, accepted_at) VALUES (?, ?, ?, ?)`,
			tenant, quoteID, version, nanos(at))
		if errors.Is(err, agency.ErrConflict) {
			return fmt.Errorf("%w: quote %s is already accepted", agency.ErrConflict, quoteID)
		}
		return err
	})
}

type outbox struct{ s *Store }

const eventCols = `id, tenant, type, aggregate_id, language, payload, created_at, attempts, next_attempt_at, delivered_at, dead_at, last_error`

func scanEvent(sc interface{ Scan(...any) error }) (agency.Event, error) {
	var e agency.Event
	var payload string
	var created, next int64
	var delivered, dead sql.NullInt64
	if err := sc.Scan(&e.ID, &e.Tenant, &e.Type, &e.AggregateID, &e.Language, &payload, &created, &e.Attempts, &next,
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

func (r outbox) Add(ctx context.Context, e agency.Event) error {
	if err := agency.CheckText(e); err != nil {
		return err
	}
	_, err := r.s.exec(ctx, `INSERT INTO {outbox} (id, tenant, type, aggregate_id, language, payload, created_at, attempts, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Tenant, e.Type, e.AggregateID, e.Language, string(e.Payload), nanos(e.CreatedAt), e.Attempts, nanos(e.NextAttemptAt))
	return err
}

func (r outbox) Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]agency.Event, error) {
	// On PostgreSQL the inner SELECT skips rows another claim has locked, so
	// two dispatchers never take the same event; SQLite serialises writers.
	q := `UPDATE {outbox} SET locked_until = ? WHERE id IN (SELECT id FROM {outbox}
		WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ? AND locked_until <= ?
		ORDER BY created_at, id LIMIT ?` + r.s.d.SkipLocked + `) RETURNING ` + eventCols
	var out []agency.Event
	err := r.s.atomic(ctx, func(s *Store) error {
		rows, err := s.query(ctx, q, nanos(now.Add(lease)), nanos(now), nanos(now), limit)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			e.LeasedUntil = fromNanos(nanos(now.Add(lease)))
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (r outbox) mark(ctx context.Context, id, q string, args ...any) error {
	res, err := r.s.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
	}
	return nil
}

func (r outbox) Renew(ctx context.Context, id string, held, until time.Time) error {
	res, err := r.s.exec(ctx, `UPDATE {outbox} SET locked_until = ? WHERE id = ? AND locked_until = ? AND delivered_at IS NULL AND dead_at IS NULL`,
		nanos(until), id, nanos(held))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: the lease of event %s is no longer held", agency.ErrConflict, id)
	}
	return nil
}

func (r outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return r.mark(ctx, id, `UPDATE {outbox} SET delivered_at = ?, locked_until = 0 WHERE id = ?`, nanos(at), id)
}

func (r outbox) MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error {
	var deadAt sql.NullInt64
	if dead {
		deadAt = sql.NullInt64{Int64: nanos(next), Valid: true}
	}
	return r.mark(ctx, id, `UPDATE {outbox} SET attempts = ?, next_attempt_at = ?, last_error = ?, dead_at = ?, locked_until = 0 WHERE id = ?`,
		attempts, nanos(next), lastErr, deadAt, id)
}

func (r outbox) Get(ctx context.Context, id string) (agency.Event, error) {
	e, err := scanEvent(r.s.queryRow(ctx, `SELECT `+eventCols+` FROM {outbox} WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
	}
	return e, r.s.translate(err)
}

// encodeQuote writes a quote for the quote column: its stored form
// (pricing.Quote.MarshalBinary, about a fifth of the JSON and decoded
// without reflection) in base64, so that the column stays text on every
// database.
func encodeQuote(q *pricing.Quote) (string, error) {
	bin, err := q.MarshalBinary()
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(bin), nil
}

// decodeQuote reads the quote column: the stored form in base64, or JSON
// as the first version of this store wrote it ("{" never starts base64).
func decodeQuote(body string) (pricing.Quote, error) {
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
