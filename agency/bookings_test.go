package agency_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

func cnyMoney(t testing.TB, s string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(s, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// newBooking is case 1's booking: 12 800.00 CNY, 30 % deposit on
// 2027-03-01, the balance 30 days before the 2027-05-01 departure.
func newBooking(t testing.TB, ref string) (booking.Booking, pricing.PaymentSchedule) {
	t.Helper()
	total := cnyMoney(t, "12800.00")
	s, err := pricing.Schedule(total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2027, 3, 1), date.New(2027, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	return booking.Booking{Reference: ref, CustomerID: "c1", Zone: "Asia/Shanghai", Total: total, DepositDue: s.Instalments[0].Amount,
		Services: []booking.Service{{ID: "hotel", SupplierID: "hotel-pantheon", Product: "family-room", Start: date.New(2027, 5, 1),
			End: date.New(2027, 5, 8), Units: 1, Status: booking.Requested, Price: total}},
		Travellers: []booking.Traveller{{ID: "t1", Surname: "WANG", GivenNames: "LEI", DocumentNumber: "E12345678"}}}, s
}

func eventTypes(t *testing.T, s agency.Store) []string {
	t.Helper()
	p, err := s.Outbox().List(context.Background(), tenant, agency.EventPending, agency.PageRequest{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range p.Items {
		out = append(out, e.Type)
	}
	return out
}

// storesUnderTest opens a fresh memory store and a fresh SQLite store.
func storesUnderTest() map[string]func(t *testing.T) agency.Store {
	return map[string]func(t *testing.T) agency.Store{
		"memory": func(t *testing.T) agency.Store { return memory.New() },
		"sqlite": func(t *testing.T) agency.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "agency.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

// The booking side end to end, on memory and on SQLite: create, option,
// deposit by statement import, confirm, reminders once, balance, pay; a
// second booking's option lapses in the sweep, which runs twice; a third
// is cancelled with its fee; every change has its event.
func TestBookingFlow(t *testing.T) {
	t.Parallel()
	for name, open := range storesUnderTest() {
		t.Run(name, func(t *testing.T) { bookingFlow(t, open(t)) })
	}
}

func bookingFlow(t *testing.T, store agency.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	clock := &fakeClock{now: time.Date(2027, 3, 1, 10, 0, 0, 0, sh)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}))

	b, sched := newBooking(t, "TK-2027-0042")
	if _, err := svc.CreateBooking(ctx, tenant, b, sched, "Wang Lei", "chen"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateBooking(ctx, tenant, b, sched, "Wang Lei", "chen"); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("second create: %v", err)
	}
	if _, err := svc.ApplyBookingEvent(ctx, tenant, b.Reference, booking.PlaceOption, booking.Input{OptionUntil: clock.Now().Add(72 * time.Hour), Grace: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	// Confirming before the service is confirmed and the contract signed
	// is refused and changes nothing.
	if _, err := svc.ApplyBookingEvent(ctx, tenant, b.Reference, booking.Confirm, booking.Input{}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Fatalf("early confirm: %v", err)
	}

	lines, err := booking.ParseStatement(strings.NewReader("id,date,amount,payer,text\n"+
		"BK-88,2027-03-01,3840.00,Wang Lei,deposit TK-2027-0042\n"+
		"BK-89,2027-03-01,50.00,Someone,unknown\n"),
		booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := svc.ImportStatement(ctx, tenant, lines, 3)
	if err != nil || ms[0].State != booking.Partial || ms[1].State != booking.Unregistered {
		t.Fatalf("import: %+v %v", ms, err)
	}
	if _, err := svc.ImportStatement(ctx, tenant, []booking.StatementLine{{Amount: cnyMoney(t, "1.00")}}, 3); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a line without a transaction ID: %v", err)
	}
	again, err := svc.ImportStatement(ctx, tenant, lines, 3)
	if err != nil || again[0].State != booking.Duplicate || again[1].State != booking.Duplicate {
		t.Fatalf("re-import: %+v %v", again, err)
	}
	rec, err := store.Bookings().Get(ctx, tenant, b.Reference)
	if err != nil || len(rec.Ledger.Payments) != 1 || !rec.Booking.Paid.Equal(cnyMoney(t, "3840.00")) {
		t.Fatalf("after import: %+v %v", rec.Ledger.Payments, err)
	}
	// The supplier confirms, the contract is signed: confirm.
	if _, err := svc.SetServiceStatus(ctx, tenant, b.Reference, "nope", booking.ServiceConfirmed, "HP-1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown service: %v", err)
	}
	if rec, err = svc.SetServiceStatus(ctx, tenant, b.Reference, "hotel", booking.ServiceConfirmed, "HP-1"); err != nil || rec.Booking.Services[0].SupplierRef != "HP-1" {
		t.Fatalf("confirm service: %v", err)
	}
	rec.Booking.ContractSigned = true
	if _, err := store.Bookings().Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApplyBookingEvent(ctx, tenant, b.Reference, booking.Confirm, booking.Input{}); err != nil {
		t.Fatal(err)
	}

	// The balance reminder goes 2027-03-25 08:00, once.
	clock.Add(time.Date(2027, 3, 25, 8, 0, 0, 0, sh).Sub(clock.Now()))
	for i, want := range []int{1, 0} {
		if n, err := svc.SweepReminders(ctx, tenant, booking.DefaultReminders()); err != nil || n != want {
			t.Fatalf("reminder sweep %d: %d %v, want %d", i, n, err, want)
		}
	}
	if _, err := svc.RecordBookingPayment(ctx, tenant, b.Reference, booking.Payment{ID: "p2", Kind: booking.KindPayment,
		Amount: cnyMoney(t, "8960.00"), ReceivedAt: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	paid, err := svc.ApplyBookingEvent(ctx, tenant, b.Reference, booking.Pay, booking.Input{})
	if err != nil || paid.Booking.State != booking.Paid {
		t.Fatalf("pay: %v", err)
	}

	// A second booking lapses; two sweeps expire it once.
	b2, s2 := newBooking(t, "TK-2027-0043")
	if _, err := svc.CreateBooking(ctx, tenant, b2, s2, "Li Na", "chen"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApplyBookingEvent(ctx, tenant, b2.Reference, booking.PlaceOption, booking.Input{OptionUntil: clock.Now().Add(time.Hour), Grace: time.Hour}); err != nil {
		t.Fatal(err)
	}
	clock.Add(119 * time.Minute)
	if n, _ := svc.SweepOptions(ctx, 10); n != 0 {
		t.Fatalf("swept within grace: %d", n)
	}
	clock.Add(time.Minute)
	for i, want := range []int{1, 0} {
		if n, err := svc.SweepOptions(ctx, 10); err != nil || n != want {
			t.Fatalf("option sweep %d: %d %v, want %d", i, n, err, want)
		}
	}

	// A third booking is cancelled by the traveller 6 days out: 50 %.
	b3, s3 := newBooking(t, "TK-2027-0044")
	b3.Services[0].Start, b3.Services[0].End = date.New(2027, 3, 31), date.New(2027, 4, 7)
	// Its hotel is held on an allotment; cancelling gives the room back.
	spec := supplier.AllotmentSpec{ID: "AL-B3", SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3",
		Kind: supplier.Allotment, From: date.New(2027, 3, 31), To: date.New(2027, 4, 6), Units: 1, Zone: "Asia/Shanghai"}
	if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	hold, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: spec.From, Nights: 7, Units: 1, For: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if av, _ := svc.Availability(ctx, tenant, spec.ID, spec.From, 7, 1); av[0].Sellable != 0 {
		t.Fatalf("held room still sellable: %+v", av[0])
	}
	b3.Services[0].HoldID = hold.ID
	if _, err := svc.CreateBooking(ctx, tenant, b3, s3, "Zhao Lei", "chen"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordBookingPayment(ctx, tenant, b3.Reference, booking.Payment{ID: "p3", Kind: booking.KindPayment,
		Amount: cnyMoney(t, "3840.00"), ReceivedAt: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	scale := booking.CancellationInput{Scale: booking.OutboundTraveller()}
	q, err := svc.QuoteBookingCancellation(ctx, tenant, b3.Reference, scale)
	if err != nil || q.DaysLeft != 6 || !q.Fee.Equal(cnyMoney(t, "6400.00")) || !q.Owed.Equal(cnyMoney(t, "2560.00")) {
		t.Fatalf("quote: %+v %v", q, err)
	}
	if r, _ := store.Bookings().Get(ctx, tenant, b3.Reference); r.Booking.State != booking.Enquiry {
		t.Fatal("a quote changed the booking")
	}
	cancelled, c, err := svc.CancelBooking(ctx, tenant, b3.Reference, booking.ByCustomer, scale)
	if err != nil || cancelled.Booking.State != booking.Cancelled || !c.Fee.Equal(q.Fee) {
		t.Fatalf("cancel: %v", err)
	}
	if h, err := store.Allotments().GetHold(ctx, tenant, hold.ID); err != nil || h.State != supplier.HoldCancelled || cancelled.Booking.Services[0].Status != booking.ServiceCancelled {
		t.Fatalf("hold after cancel: %+v %v", h, err)
	}
	if av, err := svc.Availability(ctx, tenant, spec.ID, spec.From, 7, 1); err != nil || av[0].Sellable != 1 || av[6].Sellable != 1 {
		t.Fatalf("availability after cancel: %+v %v", av, err)
	}
	if _, _, err := svc.CancelBooking(ctx, tenant, b3.Reference, booking.ByCustomer, scale); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("second cancel: %v", err)
	}

	got := strings.Join(eventTypes(t, store), " ")
	want := "booking.created booking.changed booking.statement_line booking.changed booking.changed booking.payment_reminder booking.payment booking.changed " +
		"booking.created booking.changed booking.expired allotment.held booking.created booking.payment allotment.cancelled booking.cancelled"
	if got != want {
		t.Errorf("events\n got %s\nwant %s", got, want)
	}
}
