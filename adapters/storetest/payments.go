package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// Payments tests what statement matching and reminders keep: what open
// bookings expect, reminders sent once, bank transactions imported once.
func Payments(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"OpenBookings", openBookings},
		{"RemindersOnce", remindersOnce},
		{"BankTransactions", bankTransactions},
	})
}

// openBookings: what each open booking still expects, the first open
// instalment's due date and what it expects now, by reference; closed and
// paid bookings expect nothing.
func openBookings(t *testing.T, s storage.Store) {
	ctx := context.Background()
	r := bookingRecord(t, tenantA, "TK-1", booking.Option, at(t).Add(time.Hour))
	paid, _ := pricing.Parse("3000.00", "CNY")
	var err error
	if r.Ledger, err = r.Ledger.Record(booking.Payment{ID: "p1", Kind: booking.KindPayment, Amount: paid, ReceivedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	put(t, s, storage.Bookings(), tenantA, r)
	part := bookingRecord(t, tenantA, "TK-0", booking.Confirmed, time.Time{})
	some, _ := pricing.Parse("1000.00", "CNY")
	if part.Ledger, err = part.Ledger.Record(booking.Payment{ID: "p0", Kind: booking.KindPayment, Amount: some, ReceivedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	put(t, s, storage.Bookings(), tenantA, part)
	put(t, s, storage.Bookings(), tenantA, bookingRecord(t, tenantA, "TK-2", booking.Cancelled, time.Time{}))
	put(t, s, storage.Bookings(), tenantB, bookingRecord(t, tenantB, "TK-9", booking.Option, at(t)))
	open, err := s.Payments().Open(ctx, tenantA)
	if err != nil || len(open) != 2 {
		t.Fatalf("open: %+v %v", open, err)
	}
	if e := open[0]; e.Reference != "TK-0" || e.Outstanding.Amount().StringFixed(2) != "9000.00" || e.DueNow.Amount().StringFixed(2) != "2000.00" ||
		e.Due != date.New(2027, 3, 1) {
		t.Errorf("open TK-0: %+v", e)
	}
	if e := open[1]; e.Reference != "TK-1" || e.Payer != "Wang Lei" || e.Outstanding.Amount().StringFixed(2) != "7000.00" ||
		e.DueNow.Amount().StringFixed(2) != "7000.00" || e.Due != date.New(2027, 4, 1) {
		t.Errorf("open TK-1: %+v", e)
	}
}

// remindersOnce: concurrent sweeps mark one instalment's reminder; one
// succeeds, and a repeat inside a transaction does not spoil it.
func remindersOnce(t *testing.T, s storage.Store) {
	ctx := context.Background()
	due := date.New(2027, 4, 1)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Payments().MarkReminded(ctx, tenantA, "TK-1", 1, due, at(t))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, storage.ErrConflict) {
			t.Fatal(err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d reminders went out, want 1", ok)
	}
	err := s.InTx(ctx, func(tx storage.Store) error {
		if err := tx.Payments().MarkReminded(ctx, tenantA, "TK-1", 1, due, at(t)); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("repeat: %v", err)
		}
		return tx.Payments().MarkReminded(ctx, tenantA, "TK-1", 0, date.New(2027, 3, 1), at(t))
	})
	if err != nil {
		t.Fatalf("a transaction after a repeat: %v", err)
	}
	if err := s.Payments().MarkReminded(ctx, tenantB, "TK-1", 1, due, at(t)); err != nil {
		t.Errorf("another tenant's reminder: %v", err)
	}
}

// bankTransactions: an imported transaction ID is known once per tenant.
func bankTransactions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, id := range []string{"B1", "B2"} {
		if err := s.Payments().AddBankTx(ctx, tenantA, id, "TK-1", at(t)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Payments().AddBankTx(ctx, tenantA, "B1", "", at(t)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	ids := []string{"B0", "B2", "B1", "B3"}
	for i := range 1200 { // more than one batch
		ids = append(ids, "X"+date.Date(i).String())
	}
	known, err := s.Payments().KnownBankTx(ctx, tenantA, ids)
	slices.Sort(known)
	if err != nil || !slices.Equal(known, []string{"B1", "B2"}) {
		t.Errorf("known: %v %v", known, err)
	}
	if k, _ := s.Payments().KnownBankTx(ctx, tenantB, ids); len(k) != 0 {
		t.Errorf("other tenant knows %v", k)
	}
}
