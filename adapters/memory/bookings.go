package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
)

// Bookings returns the bookings repository.
func (s *Store) Bookings() agency.BookingRepo { return bookings{s} }

type bookings struct{ s *Store }

func pickBookings(st *state) map[string]agency.BookingRecord { return st.bookings }
func pickReminded(st *state) map[string]time.Time            { return st.reminded }
func pickBankTx(st *state) map[string]string                 { return st.bankTx }

func (r bookings) Get(ctx context.Context, tenant agency.TenantID, ref string) (agency.BookingRecord, error) {
	if err := texts(string(tenant), ref); err != nil {
		return agency.BookingRecord{}, err
	}
	return getRecord(ctx, r.s, pickBookings, key(string(tenant), ref), "booking "+ref)
}

func (r bookings) Save(ctx context.Context, rec agency.BookingRecord) (agency.BookingRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.BookingRecord{}, err
	}
	ref := rec.Booking.Reference
	return saveVersioned(ctx, r.s, pickBookings, key(string(rec.Tenant), ref), "booking "+ref, rec,
		func(b *agency.BookingRecord) *int { return &b.Version })
}

func (r bookings) Lapsed(ctx context.Context, now time.Time, limit int) ([]agency.BookingRecord, error) {
	var out []agency.BookingRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickBookings) {
			if at := rec.LapseAt(); !at.IsZero() && !at.After(now) {
				out = append(out, rec)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.BookingRecord) int {
		return cmp.Or(a.LapseAt().Compare(b.LapseAt()), strings.Compare(a.Booking.Reference, b.Booking.Reference))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i] = deepCopy(out[i])
	}
	return out, err
}

func (r bookings) Open(ctx context.Context, tenant agency.TenantID) ([]booking.Expected, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []booking.Expected
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickBookings) {
			if rec.Tenant != tenant {
				continue
			}
			if amt, due := rec.Outstanding(); amt.Sign() > 0 {
				out = append(out, booking.Expected{Reference: rec.Booking.Reference, Payer: rec.Payer, Outstanding: amt, Due: due})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b booking.Expected) int { return strings.Compare(a.Reference, b.Reference) })
	return out, err
}

func (r bookings) MarkReminded(ctx context.Context, tenant agency.TenantID, ref string, instalment int, due date.Date, at time.Time) error {
	if err := texts(string(tenant), ref); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), ref, strconv.Itoa(instalment), due.String())
		if _, ok := lookup(tx, pickReminded, k); ok {
			return fmt.Errorf("%w: the reminder of %s instalment %d due %s went out already", agency.ErrConflict, ref, instalment, due)
		}
		tx.over.reminded[k] = at
		return nil
	})
}

func (r bookings) AddBankTx(ctx context.Context, tenant agency.TenantID, txID, ref string, at time.Time) error {
	if err := texts(string(tenant), txID, ref); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), txID)
		if _, ok := lookup(tx, pickBankTx, k); ok {
			return fmt.Errorf("%w: bank transaction %s is already recorded", agency.ErrConflict, txID)
		}
		tx.over.bankTx[k] = ref
		return nil
	})
}

func (r bookings) KnownBankTx(ctx context.Context, tenant agency.TenantID, ids []string) ([]string, error) {
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
