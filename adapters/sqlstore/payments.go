package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

type payments struct{ s *Store }

func nullNanos(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: nanos(*t), Valid: true}
}

func (r payments) Open(ctx context.Context, tenant storage.TenantID) ([]booking.Expected, error) {
	rows, err := r.s.query(ctx, `SELECT reference, payer, currency, outstanding_minor, next_due, due_now_minor FROM {bookings}
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
		var minor, due, now int64
		if err := rows.Scan(&e.Reference, &e.Payer, &code, &minor, &due, &now); err != nil {
			return nil, r.s.translate(err)
		}
		cur, ok := curs[code]
		if !ok {
			if cur, err = pricing.ParseCurrency(code); err != nil {
				return nil, fmt.Errorf("sqlstore: stored booking %s: %w", e.Reference, err)
			}
			curs[code] = cur
		}
		e.Outstanding, e.Due, e.DueNow = pricing.FromMinor(minor, cur), date.Date(due), pricing.FromMinor(now, cur)
		out = append(out, e)
	}
	return out, r.s.translate(rows.Err())
}

func (r payments) MarkReminded(ctx context.Context, tenant storage.TenantID, ref string, instalment int, due date.Date, at time.Time) error {
	// A repeat is reported without failing the surrounding transaction
	// (PostgreSQL aborts one on a key violation).
	inserted, err := r.s.insert(ctx, `INSERT INTO {booking_reminders} (tenant, reference, instalment, due, sent_at) VALUES (?, ?, ?, ?, ?)
		{nodup}`, tenant, ref, instalment, int64(due), nanos(at))
	if err != nil {
		return err
	}
	if !inserted {
		return fmt.Errorf("%w: the reminder of %s instalment %d due %s went out already", storage.ErrConflict, ref, instalment, due)
	}
	return nil
}

func (r payments) AddBankTx(ctx context.Context, tenant storage.TenantID, txID, ref string, at time.Time) error {
	inserted, err := r.s.insert(ctx, `INSERT INTO {bank_transactions} (tenant, tx_id, reference, imported_at) VALUES (?, ?, ?, ?) {nodup}`,
		tenant, txID, ref, nanos(at))
	if err != nil {
		return err
	}
	if !inserted {
		return fmt.Errorf("%w: bank transaction %s is already recorded", storage.ErrConflict, txID)
	}
	return nil
}

func (r payments) KnownBankTx(ctx context.Context, tenant storage.TenantID, ids []string) ([]string, error) {
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
