package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// Bookings returns the bookings repository.
func (s *Store) Bookings() agency.BookingRepo { return bookings{s} }

type bookings struct{ s *Store }

func (r bookings) Get(ctx context.Context, tenant agency.TenantID, ref string) (agency.BookingRecord, error) {
	var rec agency.BookingRecord
	var version int
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, body FROM {bookings} WHERE tenant = ? AND reference = ?`, tenant, ref), "booking", ref, &rec, &version)
	rec.Version = version // the column is the truth, not the document
	return rec, err
}

func (r bookings) Save(ctx context.Context, rec agency.BookingRecord) (agency.BookingRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.BookingRecord{}, err
	}
	amt, due := rec.Outstanding()
	out, err := amt.MinorUnits()
	if err != nil {
		return agency.BookingRecord{}, fmt.Errorf("%w: booking %s: %v", agency.ErrInvalid, rec.Booking.Reference, err)
	}
	var lapse any
	if at := rec.LapseAt(); !at.IsZero() {
		lapse = nanos(at)
	}
	stored := rec
	stored.Version = 0 // the column is the truth
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.BookingRecord{}, err
	}
	b := &rec.Booking
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {bookings} (tenant, reference, version, state, lapse_at, currency, outstanding_minor, next_due, payer, updated_at, body,
			consultant, booked_at, departure, sold_minor) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.Tenant, b.Reference, string(b.State), lapse,
			amt.Currency().Code(), out, int64(due), rec.Payer, nanos(rec.UpdatedAt), string(body), rec.Consultant, nanos(rec.BookedAt),
			int64(b.Departure()), rec.NetSale()); err != nil {
			return agency.BookingRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {bookings} SET version = version + 1, state = ?, lapse_at = ?, currency = ?, outstanding_minor = ?, next_due = ?,
		payer = ?, updated_at = ?, body = ?, consultant = ?, booked_at = ?, departure = ?, sold_minor = ? WHERE tenant = ? AND reference = ? AND version = ?`,
		string(b.State), lapse, amt.Currency().Code(), out, int64(due), rec.Payer, nanos(rec.UpdatedAt), string(body), rec.Consultant, nanos(rec.BookedAt),
		int64(b.Departure()), rec.NetSale(), rec.Tenant, b.Reference, rec.Version)
	if err != nil {
		return agency.BookingRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.BookingRecord{}, fmt.Errorf("%w: booking %s is not at version %d", agency.ErrConflict, b.Reference, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r bookings) Lapsed(ctx context.Context, now time.Time, limit int) ([]agency.BookingRecord, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := r.s.query(ctx, `SELECT version, body FROM {bookings} WHERE lapse_at IS NOT NULL AND lapse_at <= ? ORDER BY lapse_at, reference LIMIT ?`, nanos(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.BookingRecord
	for rows.Next() {
		var rec agency.BookingRecord
		var version int
		if err := r.s.scanDoc(rows, "booking", "in the lapse index", &rec, &version); err != nil {
			return nil, err
		}
		rec.Version = version
		out = append(out, rec)
	}
	return out, r.s.translate(rows.Err())
}

func (r bookings) Open(ctx context.Context, tenant agency.TenantID) ([]booking.Expected, error) {
	rows, err := r.s.query(ctx, `SELECT reference, payer, currency, outstanding_minor, next_due FROM {bookings}
		WHERE tenant = ? AND outstanding_minor > 0 ORDER BY reference`, tenant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Expected
	curs := map[string]pricing.Currency{}
	for rows.Next() {
		var e booking.Expected
		var code string
		var minor, due int64
		if err := rows.Scan(&e.Reference, &e.Payer, &code, &minor, &due); err != nil {
			return nil, r.s.translate(err)
		}
		cur, ok := curs[code]
		if !ok {
			if cur, err = pricing.ParseCurrency(code); err != nil {
				return nil, fmt.Errorf("sqlstore: stored booking %s: %w", e.Reference, err)
			}
			curs[code] = cur
		}
		e.Outstanding, e.Due = pricing.FromMinor(minor, cur), date.Date(due)
		out = append(out, e)
	}
	return out, r.s.translate(rows.Err())
}

func (r bookings) MarkReminded(ctx context.Context, tenant agency.TenantID, ref string, instalment int, due date.Date, at time.Time) error {
	// ON CONFLICT DO NOTHING: a repeat is reported without failing the
	// surrounding transaction (PostgreSQL aborts one on a key violation).
	res, err := r.s.exec(ctx, `INSERT INTO {booking_reminders} (tenant, reference, instalment, due, sent_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, tenant, ref, instalment, int64(due), nanos(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("%w: the reminder of %s instalment %d due %s went out already", agency.ErrConflict, ref, instalment, due)
	}
	return nil
}

func (r bookings) AddBankTx(ctx context.Context, tenant agency.TenantID, txID, ref string, at time.Time) error {
	res, err := r.s.exec(ctx, `INSERT INTO {bank_transactions} (tenant, tx_id, reference, imported_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		tenant, txID, ref, nanos(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("%w: bank transaction %s is already recorded", agency.ErrConflict, txID)
	}
	return nil
}

func (r bookings) KnownBankTx(ctx context.Context, tenant agency.TenantID, ids []string) ([]string, error) {
	var out []string
	// Batches keep each statement under every driver's parameter limit.
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, tenant)
		for _, id := range batch {
			args = append(args, id)
		}
		q := `SELECT tx_id FROM {bank_transactions} WHERE tenant = ? AND tx_id IN (?` + strings.Repeat(", ?", len(batch)-1) + `)`
		rows, err := r.s.query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, r.s.translate(err)
			}
			out = append(out, id)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, r.s.translate(err)
		}
	}
	return out, nil
}
