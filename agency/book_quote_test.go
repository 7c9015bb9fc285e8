package agency_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Case 1 booked from its accepted quote, on memory and on SQLite: the
// hotels held on their allotments in the booking's transaction, a second
// booking that cannot get the Rome room holding nothing at all, the
// supplier's confirmation confirming the hold, and a cancellation that
// gives the rooms back and charges each hotel under its own contract.
func TestBookQuote(t *testing.T) {
	t.Parallel()
	for name, open := range storesUnderTest() {
		t.Run(name, func(t *testing.T) { bookQuoteFlow(t, open(t)) })
	}
}

func bookQuoteFlow(t *testing.T, store agency.Store) {
	ctx := context.Background()
	rates, extras, err := sample.Case1ContractRates()
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithRates(rates))
	saveCase1Suppliers(t, svc, []string{"hotel-lumiere", "hotel-pantheon"}, "hotel-lumiere", "hotel-pantheon")
	allot := func(id, sup, contract, zone string, units int) {
		spec := supplier.AllotmentSpec{ID: id, SupplierID: sup, ContractID: contract, Product: "family-room", UnitType: "family-3",
			Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: units,
			Release: supplier.ReleaseRule{Days: 21}, Zone: zone}
		if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
			t.Fatal(err)
		}
	}
	allot("AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 2)
	allot("AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
	acc := runCase1(t, svc, extras)

	req := agency.QuoteBooking{Reference: "B-1", QuoteID: acc.QuoteID, Version: acc.Version, Zone: "Asia/Shanghai", Payer: "WANG LEI",
		Policy:    pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		Documents: map[string]agency.TravelDocument{"t1": {Surname: "WANG", GivenNames: "LEI", Number: "E12345678", Expiry: date.New(2031, 6, 30)}},
		Sources:   map[string]agency.ServiceSource{"stay-1": {AllotmentID: "AL-PARIS"}, "stay-2": {AllotmentID: "AL-ROME"}},
		HoldFor:   72 * time.Hour}

	// Refusals change nothing.
	bad := req
	bad.Reference, bad.Zone, bad.HoldFor = "", "Mars/Olympus", 0
	bad.Sources = map[string]agency.ServiceSource{"stay-1": {AllotmentID: "AL-PARIS", ContractID: "C-LUMIERE-2027"}}
	var ve *agency.ValidationError
	if _, err := svc.BookQuote(ctx, tenant, bad); !errors.As(err, &ve) || !errors.Is(err, agency.ErrInvalid) || len(ve.Problems) != 4 {
		t.Errorf("a bad request: %v", err)
	}
	unknown := req
	unknown.Reference = "B-U"
	unknown.Documents = map[string]agency.TravelDocument{"t9": {Number: "X"}}
	unknown.Sources = map[string]agency.ServiceSource{"lunch": {ContractID: "C"}}
	if _, err := svc.BookQuote(ctx, tenant, unknown); !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Errorf("an unknown traveller and item: %v", err)
	}
	later, err := svc.PriceTrip(ctx, tenant, acc.TripID, acc.TripVersion, quoteOptions(t, extras))
	if err != nil {
		t.Fatal(err)
	}
	notAccepted := req
	notAccepted.Version = later.Version
	if _, err := svc.BookQuote(ctx, tenant, notAccepted); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("booking a version not accepted: %v", err)
	}

	rec, err := svc.BookQuote(ctx, tenant, req)
	if err != nil {
		t.Fatal(err)
	}
	b := rec.Booking
	if b.State != booking.Enquiry || b.QuoteID != acc.QuoteID || b.QuoteVersion != acc.Version || b.TripID != acc.TripID ||
		b.TripVersion != acc.TripVersion || b.CustomerID != "c1" || !b.Total.Equal(acc.Quote.Totals.Total) {
		t.Errorf("booking %+v", b)
	}
	// Every quote line lands in exactly one service, so the services' prices
	// add up to the lines' totals.
	lines, services := pricing.Zero(b.Total.Currency()), pricing.Zero(b.Total.Currency())
	for _, l := range acc.Quote.Lines {
		lines, _ = lines.Add(l.Total)
	}
	for _, sv := range b.Services {
		services, _ = services.Add(sv.Price)
	}
	if !lines.Equal(services) {
		t.Errorf("services add up to %s, the quote's lines to %s", services, lines)
	}
	byID := map[string]booking.Service{}
	for _, sv := range b.Services {
		byID[sv.ID] = sv
	}
	rome := byID["stay-2"]
	if rome.Start != date.New(2027, 5, 4) || rome.End != date.New(2027, 5, 7) || rome.Units != 1 || rome.HoldID == "" ||
		rome.ContractID != "C-PANTHEON-2027" || rome.Net.String() != "620.00 EUR" || rome.Persons != 3 || rome.Status != booking.Requested {
		t.Errorf("Rome stay %+v", rome)
	}
	if want := lineTotal(t, acc.Quote, "stay-2/1", "stay-2/2"); !rome.Price.Equal(want) {
		t.Errorf("Rome stay price %s, its lines %s", rome.Price, want)
	}
	if len(b.Travellers) != 3 || b.Travellers[0].DocumentNumber != "E12345678" || b.Travellers[2].GivenNames != "XIAOYU" {
		t.Errorf("travellers %+v", b.Travellers)
	}
	s := rec.Ledger.Schedule
	if len(s.Instalments) != 2 || s.Instalments[0].Due != date.New(2026, 11, 27) || s.Instalments[1].Due != date.New(2027, 4, 1) ||
		!b.DepositDue.Equal(s.Instalments[0].Amount) || !s.Total.Equal(b.Total) {
		t.Errorf("schedule %+v, deposit %s", s, b.DepositDue)
	}
	sellable := func(id string, from date.Date, nights int) int {
		t.Helper()
		av, err := svc.Availability(ctx, tenant, id, from, nights, 1)
		if err != nil {
			t.Fatal(err)
		}
		n := av[0].Sellable
		for _, a := range av {
			n = min(n, a.Sellable)
		}
		return n
	}
	if sellable("AL-ROME", date.New(2027, 5, 4), 3) != 0 || sellable("AL-PARIS", date.New(2027, 5, 1), 3) != 1 {
		t.Error("the booking holds a room in each hotel")
	}

	// The second booking holds Paris's last room, then finds Rome full:
	// nothing of it stays, not even the Paris hold.
	if _, err := svc.BookQuote(ctx, tenant, req); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("the same reference again: %v", err)
	}
	second := req
	second.Reference = "B-2"
	if _, err := svc.BookQuote(ctx, tenant, second); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("no room in Rome: %v", err)
	}
	if sellable("AL-PARIS", date.New(2027, 5, 1), 3) != 1 {
		t.Error("the failed booking kept its Paris hold")
	}
	if _, err := store.Bookings().Get(ctx, tenant, "B-2"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("the failed booking was stored: %v", err)
	}

	// Rome confirms: so does its hold. Paris does not answer before its
	// hold lapses; confirming it afterwards is refused, as the room may
	// be sold.
	if _, err := svc.SetServiceStatus(ctx, tenant, "B-1", "stay-2", booking.ServiceConfirmed, "PG-7781"); err != nil {
		t.Fatal(err)
	}
	if h, err := store.Allotments().GetHold(ctx, tenant, rome.HoldID); err != nil || h.State != supplier.HoldConfirmed {
		t.Errorf("Rome hold %+v, %v", h, err)
	}
	clock.Add(73 * time.Hour)
	if n, err := svc.SweepHolds(ctx, 10); err != nil || n != 1 {
		t.Errorf("sweep expired %d holds, %v", n, err)
	}
	if _, err := svc.SetServiceStatus(ctx, tenant, "B-1", "stay-1", booking.ServiceConfirmed, "LU-1"); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("confirming a service whose hold lapsed: %v", err)
	}

	// A booking whose Paris stay is bought under the contract, no
	// allotment, confirmed by the hotel.
	third := req
	third.Reference = "B-3"
	third.Sources = map[string]agency.ServiceSource{"stay-1": {ContractID: "C-LUMIERE-2027"}}
	r3, err := svc.BookQuote(ctx, tenant, third)
	if err != nil {
		t.Fatal(err)
	}
	if sv := r3.Booking.Services[slices.IndexFunc(r3.Booking.Services, func(s booking.Service) bool { return s.ID == "stay-1" })]; sv.HoldID != "" ||
		sv.ContractID != "C-LUMIERE-2027" || sv.Net.String() != "780.00 EUR" {
		t.Errorf("Paris by contract: %+v", sv)
	}
	if _, err := svc.SetServiceStatus(ctx, tenant, "B-3", "stay-1", booking.ServiceConfirmed, "LU-2"); err != nil {
		t.Fatal(err)
	}

	// Cancelled on 29 April 2027 at 09:00 in Beijing (03:00 in Paris and
	// Rome): Rome (4 May) is five days away, Paris (1 May) two, both in
	// the 7-day tier: 50 % of 620 and of 780 EUR. The lapsed, unconfirmed
	// Paris service of B-1 costs nothing.
	clock.now = time.Date(2027, 4, 29, 1, 0, 0, 0, time.UTC)
	fees := map[string]string{}
	for _, ref := range []string{"B-1", "B-3"} {
		got, _, err := svc.CancelBooking(ctx, tenant, ref, booking.ByCustomer, booking.CancellationInput{Scale: booking.OutboundTraveller()})
		if err != nil {
			t.Fatal(err)
		}
		for _, sv := range got.Booking.Services {
			if sv.Status != booking.ServiceCancelled {
				t.Errorf("%s service %s is %s", ref, sv.ID, sv.Status)
			}
			if sv.SupplierFee.IsValid() {
				fees[ref+"/"+sv.ID] = sv.SupplierFee.String()
			}
		}
	}
	want := map[string]string{"B-1/stay-2": "310.00 EUR", "B-3/stay-1": "390.00 EUR"}
	if !maps.Equal(fees, want) {
		t.Errorf("supplier fees %v, want %v", fees, want)
	}
	// A contract the store does not hold: the fee cannot be priced, the
	// customer's cancellation still goes through and the event says why.
	fourth := req
	fourth.Reference = "B-4"
	fourth.Sources = map[string]agency.ServiceSource{"stay-1": {ContractID: "C-GONE"}}
	if _, err := svc.BookQuote(ctx, tenant, fourth); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetServiceStatus(ctx, tenant, "B-4", "stay-1", booking.ServiceConfirmed, "LU-4"); err != nil {
		t.Fatal(err)
	}
	if got, _, err := svc.CancelBooking(ctx, tenant, "B-4", booking.ByCustomer, booking.CancellationInput{Scale: booking.OutboundTraveller()}); err != nil ||
		got.Booking.State != booking.Cancelled {
		t.Fatalf("cancelling with an unpriced supplier fee: %v", err)
	}
	page, err := store.Outbox().List(ctx, tenant, agency.EventPending, agency.PageRequest{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	payloads := 0
	for _, e := range page.Items {
		if e.Type == agency.EventBookingCancelled && e.AggregateID == "B-3" {
			payloads++
			if !strings.Contains(string(e.Payload), `"supplier_fees":{"stay-1":{"amount":"390.00","currency":"EUR"}}`) {
				t.Errorf("B-3 cancellation event %s", e.Payload)
			}
		}
	}
	unpriced := 0
	for _, e := range page.Items {
		if e.Type == agency.EventBookingCancelled && e.AggregateID == "B-4" && strings.Contains(string(e.Payload), `"supplier_fee_problems":{"stay-1":`) &&
			strings.Contains(string(e.Payload), "C-GONE") {
			unpriced++
		}
	}
	if unpriced != 1 {
		t.Error("the cancellation event does not say which fee went unpriced")
	}
	if payloads != 1 {
		t.Errorf("%d cancellation events for B-3", payloads)
	}
	// The room goes back to the allotment (inside its release period now,
	// so not for sale again).
	if h, err := store.Allotments().GetHold(ctx, tenant, rome.HoldID); err != nil || h.State != supplier.HoldCancelled {
		t.Errorf("Rome hold after the cancellation %+v, %v", h, err)
	}
}

func lineTotal(t *testing.T, q pricing.Quote, ids ...string) pricing.Money {
	t.Helper()
	sum := pricing.Zero(q.Currency)
	for _, l := range q.Lines {
		for _, id := range ids {
			if l.ID == id {
				sum, _ = sum.Add(l.Total)
			}
		}
	}
	return sum
}
