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
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

type payments struct{ s *Store }

func pickReminded(st *state) map[string]time.Time { return st.reminded }
func pickBankTx(st *state) map[string]string      { return st.bankTx }

// Open reads the bookings' fields as the SQL store's query does.
func (r payments) Open(ctx context.Context, tenant storage.TenantID) ([]booking.Expected, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	k := storage.Bookings().Kind()
	var out []booking.Expected
	err := r.s.do(ctx, func(tx *Store) error {
		var ferr error
		tx.each(k, func(rec storage.Record) {
			if rec.Tenant != tenant || i64(k, rec, "outstanding_minor") <= 0 || ferr != nil {
				return
			}
			cur, err := pricing.ParseCurrency(str(k, rec, "currency"))
			if err != nil {
				ferr = fmt.Errorf("memory: stored booking: %w", err)
				return
			}
			out = append(out, booking.Expected{Reference: rec.Key[0].(string), Payer: str(k, rec, "payer"),
				Outstanding: pricing.FromMinor(i64(k, rec, "outstanding_minor"), cur), Due: date.Date(i64(k, rec, "next_due")),
				DueNow: pricing.FromMinor(i64(k, rec, "due_now_minor"), cur)})
		})
		return ferr
	})
	slices.SortFunc(out, func(a, b booking.Expected) int { return strings.Compare(a.Reference, b.Reference) })
	return out, err
}

func (r payments) MarkReminded(ctx context.Context, tenant storage.TenantID, ref string, instalment int, due date.Date, at time.Time) error {
	if err := texts(string(tenant), ref); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), ref, strconv.Itoa(instalment), due.String())
		if _, ok := lookup(tx, pickReminded, k); ok {
			return fmt.Errorf("%w: the reminder of %s instalment %d due %s went out already", storage.ErrConflict, ref, instalment, due)
		}
		tx.over.reminded[k] = at
		return nil
	})
}

func (r payments) AddBankTx(ctx context.Context, tenant storage.TenantID, txID, ref string, at time.Time) error {
	if err := texts(string(tenant), txID, ref); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), txID)
		if _, ok := lookup(tx, pickBankTx, k); ok {
			return fmt.Errorf("%w: bank transaction %s is already recorded", storage.ErrConflict, txID)
		}
		tx.over.bankTx[k] = ref
		return nil
	})
}

func (r payments) KnownBankTx(ctx context.Context, tenant storage.TenantID, ids []string) ([]string, error) {
	if err := texts(append([]string{string(tenant)}, ids...)...); err != nil {
		return nil, err
	}
	var out []string
	err := r.s.do(ctx, func(tx *Store) error {
		for _, id := range ids {
			if _, ok := lookup(tx, pickBankTx, key(string(tenant), id)); ok && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}

// Field readers of a record, by name.

func i64(k *storage.Kind, r storage.Record, field string) int64 {
	n, _ := k.Field(r, field).(int64)
	return n
}

func str(k *storage.Kind, r storage.Record, field string) string {
	s, _ := k.Field(r, field).(string)
	return s
}

// nullable returns a NullInt field and whether it is set.
func nullable(k *storage.Kind, r storage.Record, field string) (int64, bool) {
	n, ok := k.Field(r, field).(int64)
	return n, ok
}
