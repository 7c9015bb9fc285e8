package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

func bookingRecord(t *testing.T, tenant agency.TenantID, ref string, state booking.State, until time.Time) agency.BookingRecord {
	t.Helper()
	total, err := pricing.Parse("10000.00", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	deposit, _ := pricing.Parse("3000.00", "CNY")
	balance, _ := pricing.Parse("7000.00", "CNY")
	return agency.BookingRecord{Tenant: tenant, Payer: "Wang Lei", UpdatedAt: at(t),
		Booking: booking.Booking{Reference: ref, State: state, Zone: "Asia/Shanghai", Total: total, Revision: 1,
			OptionUntil: until, Grace: time.Hour,
			Services: []booking.Service{{ID: "s1", Product: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 5), Units: 1,
				Status: booking.ServiceConfirmed, Price: total}},
			Travellers: []booking.Traveller{{ID: "t1", Surname: "王", GivenNames: "磊", DocumentNumber: "E12345678"}}},
		Ledger: booking.Ledger{Schedule: pricing.PaymentSchedule{Total: total, Instalments: []pricing.Instalment{
			{Kind: pricing.InstalmentDeposit, Amount: deposit, Due: date.New(2027, 3, 1)},
			{Kind: pricing.InstalmentBalance, Amount: balance, Due: date.New(2027, 4, 1)}}}}}
}

// bookingsRoundTrip: bookings keep their version, lapse instant and what
// they still expect; tenants stay apart.
func bookingsRoundTrip(t *testing.T, s agency.Store) {
	ctx := context.Background()
	until := at(t).Add(48 * time.Hour)
	rec, err := s.Bookings().Save(ctx, bookingRecord(t, tenantA, "TK-1", booking.Option, until))
	if err != nil || rec.Version != 1 {
		t.Fatalf("save: %+v %v", rec, err)
	}
	if _, err := s.Bookings().Save(ctx, bookingRecord(t, tenantA, "TK-1", booking.Option, until)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate insert: %v", err)
	}
	got, err := s.Bookings().Get(ctx, tenantA, "TK-1")
	if err != nil || got.Version != 1 || got.Payer != "Wang Lei" || !got.Booking.OptionUntil.Equal(until) ||
		got.Booking.Travellers[0].DocumentNumber != "E12345678" || !got.Ledger.Schedule.Instalments[1].Amount.Equal(rec.Ledger.Schedule.Instalments[1].Amount) {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := s.Bookings().Get(ctx, tenantB, "TK-1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	paid, _ := pricing.Parse("3000.00", "CNY")
	if got.Ledger, err = got.Ledger.Record(booking.Payment{ID: "p1", Kind: booking.KindPayment, Amount: paid, ReceivedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	upd, err := s.Bookings().Save(ctx, got)
	if err != nil || upd.Version != 2 {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if _, err := s.Bookings().Save(ctx, got); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	// A second option lapsing earlier, a confirmed booking, another tenant.
	if _, err := s.Bookings().Save(ctx, bookingRecord(t, tenantA, "TK-0", booking.Option, until.Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Bookings().Save(ctx, bookingRecord(t, tenantA, "TK-2", booking.Confirmed, until.Add(-24*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Bookings().Save(ctx, bookingRecord(t, tenantB, "TK-9", booking.Option, until.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	// Lapse is expiry plus the hour of grace.
	lapsed, err := s.Bookings().Lapsed(ctx, until.Add(time.Hour), 10)
	if err != nil || len(lapsed) != 2 || lapsed[0].Booking.Reference != "TK-0" || lapsed[1].Booking.Reference != "TK-1" || lapsed[1].Version != 2 {
		t.Fatalf("lapsed: %d %v", len(lapsed), err)
	}
	if one, _ := s.Bookings().Lapsed(ctx, until.Add(time.Hour), 1); len(one) != 1 {
		t.Errorf("limit 1: %d", len(one))
	}
	open, err := s.Bookings().Open(ctx, tenantA)
	if err != nil || len(open) != 3 {
		t.Fatalf("open: %+v %v", open, err)
	}
	if e := open[1]; e.Reference != "TK-1" || e.Payer != "Wang Lei" || e.Outstanding.Amount().StringFixed(2) != "7000.00" || e.Due != date.New(2027, 4, 1) {
		t.Errorf("open TK-1: %+v", e)
	}
}

// bookingConfirmCancelRace: a confirm and a cancel of one booking from the
// same version: exactly one wins, the other is ErrConflict.
func bookingConfirmCancelRace(t *testing.T, s agency.Store) {
	ctx := context.Background()
	base, err := s.Bookings().Save(ctx, bookingRecord(t, tenantA, "TK-R", booking.Option, at(t).Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, state := range []booking.State{booking.Confirmed, booking.Cancelled} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := base
				r.Booking.State = state
				errs[i] = s.InTx(ctx, func(tx agency.Store) error {
					_, err := tx.Bookings().Save(ctx, r)
					return err
				})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, agency.ErrConflict):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners, %v", round, won, errs)
		}
		if base, err = s.Bookings().Get(ctx, tenantA, "TK-R"); err != nil {
			t.Fatal(err)
		}
	}
}

// remindersOnce: concurrent sweeps mark one instalment's reminder; one
// succeeds, and a repeat inside a transaction does not spoil it.
func remindersOnce(t *testing.T, s agency.Store) {
	ctx := context.Background()
	due := date.New(2027, 4, 1)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Bookings().MarkReminded(ctx, tenantA, "TK-1", 1, due, at(t))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, agency.ErrConflict) {
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d reminders went out, want 1", ok)
	}
	err := s.InTx(ctx, func(tx agency.Store) error {
		if err := tx.Bookings().MarkReminded(ctx, tenantA, "TK-1", 1, due, at(t)); !errors.Is(err, agency.ErrConflict) {
			t.Errorf("repeat: %v", err)
		}
		return tx.Bookings().MarkReminded(ctx, tenantA, "TK-1", 0, date.New(2027, 3, 1), at(t))
	})
	if err != nil {
		t.Fatalf("a transaction after a repeat: %v", err)
	}
	if err := s.Bookings().MarkReminded(ctx, tenantB, "TK-1", 1, due, at(t)); err != nil {
		t.Errorf("another tenant's reminder: %v", err)
	}
}

// bankTransactions: an imported transaction ID is known once per tenant.
func bankTransactions(t *testing.T, s agency.Store) {
	ctx := context.Background()
	for _, id := range []string{"B1", "B2"} {
		if err := s.Bookings().AddBankTx(ctx, tenantA, id, "TK-1", at(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Bookings().AddBankTx(ctx, tenantA, "B1", "", at(t)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	ids := []string{"B0", "B2", "B1", "B3"}
	for i := range 1200 { // more than one batch
		ids = append(ids, "X"+date.Date(i).String())
	}
	known, err := s.Bookings().KnownBankTx(ctx, tenantA, ids)
	slices.Sort(known)
	if err != nil || !slices.Equal(known, []string{"B1", "B2"}) {
		t.Errorf("known: %v %v", known, err)
	}
	if k, _ := s.Bookings().KnownBankTx(ctx, tenantB, ids); len(k) != 0 {
		t.Errorf("other tenant knows %v", k)
	}
}
