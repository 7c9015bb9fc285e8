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
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// createAllotment stores a May 2027 family-room allotment of a case-1
// hotel under its contract.
func createAllotment(t testing.TB, a *agency.Agency, id, sup, contract, zone string, units int) {
	t.Helper()
	spec := supplier.AllotmentSpec{ID: id, SupplierID: sup, ContractID: contract, Product: "family-room", UnitType: "family-3",
		Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: units,
		Release: supplier.ReleaseRule{Days: 21}, Zone: zone}
	if _, err := a.Allotments.Create(context.Background(), tenant, spec); err != nil {
		t.Fatal(err)
	}
}

// sellable is the fewest units sellable on any night of a stay.
func sellable(t testing.TB, a *agency.Agency, id string, from date.Date, nights int) int {
	t.Helper()
	av, err := a.Allotments.Availability(context.Background(), tenant, agency.AvailabilityQuery{AllotmentID: id, From: from, Nights: nights, Units: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := av[0].Sellable
	for _, x := range av {
		n = min(n, x.Sellable)
	}
	return n
}

func serviceByID(t testing.TB, b booking.Booking, id string) booking.Service {
	t.Helper()
	i := slices.IndexFunc(b.Services, func(s booking.Service) bool { return s.ID == id })
	if i < 0 {
		t.Fatalf("booking %s has no service %s", b.Reference, id)
	}
	return b.Services[i]
}

// case1Booking asks for case 1's accepted quote to be booked, its hotels
// held on the allotments for 72 hours.
func case1Booking(acc agency.QuoteVersion, ref string) agency.QuoteBooking {
	return agency.QuoteBooking{Reference: ref, QuoteID: acc.QuoteID, Version: acc.Version, Payer: "WANG LEI", Consultant: "li",
		Policy:     pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		Documents:  map[string]agency.TravelDocument{"t1": {Surname: "WANG", GivenNames: "LEI", Number: "E12345678", Expiry: date.New(2031, 6, 30)}},
		Allotments: map[string]string{"stay-1": "AL-PARIS", "stay-2": "AL-ROME"}, HoldFor: 72 * time.Hour}
}

// Case 1 booked from its accepted quote, on every store: the stays name
// their hotels and the contract versions they were priced from, held on
// the allotments in the booking's unit of work; a second booking that
// cannot get the Rome room holds nothing at all; the supplier's
// confirmation books the hold and freezes the cost at the net sold; a
// lapsed hold cannot be confirmed; a cancellation gives the rooms back and
// charges each hotel under its own contract version.
func TestBookQuote(t *testing.T) {
	t.Parallel()
	eachStore(t, bookQuoteFlow)
}

func bookQuoteFlow(t *testing.T, store storage.Store) {
	ctx := context.Background()
	a, clock := newAgency(t, store)
	addCase1Suppliers(t, a)
	createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 2)
	createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
	acc := runCase1(t, a, true)
	req := case1Booking(acc, "B-1")

	// Refusals change nothing.
	bad := req
	bad.Reference, bad.HoldFor = "", 0
	var ve *agency.ValidationError
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, bad); !errors.As(err, &ve) || !errors.Is(err, agency.ErrInvalid) || len(ve.Problems) != 2 {
		t.Errorf("a bad request: %v", err)
	}
	unknown := req
	unknown.Reference = "B-U"
	unknown.Documents = map[string]agency.TravelDocument{"t9": {Number: "X"}}
	unknown.Allotments = map[string]string{"lunch": "AL-PARIS"}
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, unknown); !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Errorf("an unknown traveller and item: %v", err)
	}
	later, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: acc.TripID, TripVersion: acc.TripVersion, QuoteID: acc.QuoteID,
		QuoteOptions: quoteOptions(t)})
	if err != nil {
		t.Fatal(err)
	}
	notAccepted := req
	notAccepted.Version = later.Version
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, notAccepted); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("booking a version not accepted: %v", err)
	}

	rec, err := a.Bookings.CreateFromQuote(ctx, tenant, req)
	if err != nil {
		t.Fatal(err)
	}
	b := rec.Booking
	if b.State != booking.Enquiry || b.QuoteID != acc.QuoteID || b.QuoteVersion != acc.Version || b.TripID != acc.TripID ||
		b.TripVersion != acc.TripVersion || b.CustomerID != "c1" || !b.Total.Equal(acc.Quote.Totals.Total) || rec.Consultant != "li" {
		t.Errorf("booking %+v", b)
	}
	// Every quote line lands in exactly one service.
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
	paris, rome := serviceByID(t, b, "stay-1"), serviceByID(t, b, "stay-2")
	if rome.Start != date.New(2027, 5, 4) || rome.End != date.New(2027, 5, 7) || rome.Units != 1 || rome.HoldID == "" ||
		rome.SupplierID != "hotel-pantheon" || rome.ContractID != "C-PANTHEON-2027" || rome.ContractVersion != 1 ||
		rome.Net.String() != "620.00 EUR" || rome.Persons != 3 || rome.Status != booking.Requested {
		t.Errorf("Rome stay %+v", rome)
	}
	if paris.SupplierID != "hotel-lumiere" || paris.ContractID != "C-LUMIERE-2027" || paris.ContractVersion != 1 || paris.Net.String() != "780.00 EUR" {
		t.Errorf("Paris stay %+v", paris)
	}
	if want := lineTotal(acc.Quote, "stay-2/1", "stay-2/2"); !rome.Price.Equal(want) {
		t.Errorf("Rome stay price %s, its lines %s", rome.Price, want)
	}
	// The agency words the season lines in the customer's language.
	var words []string
	for _, l := range acc.Quote.Lines {
		if strings.HasPrefix(l.ID, "stay-2/") {
			words = append(words, l.Description)
		}
	}
	if got := strings.Join(words, " | "); got != "Hotel Pantheon Garden，family room，5月4日 星期二起1晚（spring） | Hotel Pantheon Garden，family room，5月5日 星期三起2晚（summer）" {
		t.Errorf("the Rome stay's lines for a Chinese customer: %s", got)
	}
	if len(b.Travellers) != 3 || b.Travellers[0].DocumentNumber != "E12345678" || b.Travellers[2].GivenNames != "XIAOYU" {
		t.Errorf("travellers %+v", b.Travellers)
	}
	s := rec.Ledger.Schedule
	if len(s.Instalments) != 2 || s.Instalments[0].Due != date.New(2026, 11, 27) || s.Instalments[1].Due != date.New(2027, 4, 1) ||
		!b.DepositDue.Equal(s.Instalments[0].Amount) || !s.Total.Equal(b.Total) {
		t.Errorf("schedule %+v, deposit %s", s, b.DepositDue)
	}
	if sellable(t, a, "AL-ROME", date.New(2027, 5, 4), 3) != 0 || sellable(t, a, "AL-PARIS", date.New(2027, 5, 1), 3) != 1 {
		t.Error("the booking holds a room in each hotel")
	}
	if again, err := a.Bookings.CreateFromQuote(ctx, tenant, req); err != nil || again.Version != rec.Version {
		t.Errorf("the same booking again: %v", err)
	}

	// The second booking holds Paris's last room, then finds Rome full:
	// nothing of it stays, not even the Paris hold.
	second := req
	second.Reference = "B-2"
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, second); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("no room in Rome: %v", err)
	}
	if sellable(t, a, "AL-PARIS", date.New(2027, 5, 1), 3) != 1 {
		t.Error("the failed booking kept its Paris hold")
	}
	if _, err := a.Bookings.Get(ctx, tenant, "B-2"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("the failed booking was stored: %v", err)
	}

	// Rome confirms: its hold is booked and the cost frozen at the net sold.
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "B-1", ServiceID: "stay-2",
		Status: booking.ServiceConfirmed, SupplierRef: "PG-7781"}); err != nil {
		t.Fatal(err)
	}
	if h, err := a.Allotments.GetHold(ctx, tenant, rome.HoldID); err != nil || h.State != supplier.HoldConfirmed {
		t.Errorf("Rome hold %+v, %v", h, err)
	}
	costs, err := a.Payables.ListCostLines(ctx, tenant, agency.CostQuery{SupplierID: "hotel-pantheon", Booking: "B-1"})
	if err != nil || len(costs.Items) != 1 {
		t.Fatalf("cost lines %+v, %v", costs, err)
	}
	if c := costs.Items[0]; !c.Expected.Equal(rome.Net) || c.ContractID != "C-PANTHEON-2027" || c.ContractVersion != 1 || c.Service != "stay-2" ||
		c.ServiceDate != rome.Start {
		t.Errorf("frozen cost %+v, sold at %s", c, rome.Net)
	}
	// Paris does not answer before its hold lapses; confirming it
	// afterwards is refused, as the room may be sold.
	clock.Add(73 * time.Hour)
	if n, err := a.Sweeps.Holds(ctx, agency.SweepRequest{Limit: 10}); err != nil || n != 1 {
		t.Errorf("sweep expired %d holds, %v", n, err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "B-1", ServiceID: "stay-1",
		Status: booking.ServiceConfirmed, SupplierRef: "LU-1"}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("confirming a service whose hold lapsed: %v", err)
	}

	// A booking with no allotments: its stays are bought under the
	// contracts directly.
	third := req
	third.Reference, third.Allotments, third.HoldFor = "B-3", nil, 0
	r3, err := a.Bookings.CreateFromQuote(ctx, tenant, third)
	if err != nil {
		t.Fatal(err)
	}
	if sv := serviceByID(t, r3.Booking, "stay-1"); sv.HoldID != "" || sv.ContractID != "C-LUMIERE-2027" || sv.Net.String() != "780.00 EUR" {
		t.Errorf("Paris by contract: %+v", sv)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "B-3", ServiceID: "stay-1",
		Status: booking.ServiceConfirmed, SupplierRef: "LU-2"}); err != nil {
		t.Fatal(err)
	}
	// A booking made by hand whose service names a contract the agency does
	// not keep: its supplier fee cannot be priced.
	manual, sched := handBooking(t, "B-4")
	manual.Services[0].SupplierID, manual.Services[0].ContractID = "hotel-lumiere", "C-GONE"
	manual.Services[0].Net = money(t, "500", "EUR")
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: manual, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "B-4", ServiceID: "hotel",
		Status: booking.ServiceConfirmed, SupplierRef: "LU-4"}); err != nil {
		t.Fatal(err)
	}

	// Cancelled on 29 April 2027 at 09:00 in Beijing (03:00 in Paris and
	// Rome): Rome (4 May) is five days away, Paris (1 May) two, both in the
	// 7-day tier: 50 % of 620 and of 780 EUR. The lapsed, unconfirmed Paris
	// service of B-1 costs nothing.
	clock.Set(time.Date(2027, 4, 29, 1, 0, 0, 0, time.UTC))
	scale := booking.OutboundTraveller()
	fees := map[string]string{}
	for _, ref := range []string{"B-1", "B-3", "B-4"} {
		got, err := a.Bookings.Cancel(ctx, tenant, agency.Cancellation{Reference: ref, Reason: booking.ByCustomer,
			Terms: &agency.CancellationTerms{Scale: &scale}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Booking.Booking.State != booking.Cancelled {
			t.Errorf("%s is %s", ref, got.Booking.Booking.State)
		}
		for _, sv := range got.Booking.Booking.Services {
			if sv.Status != booking.ServiceCancelled {
				t.Errorf("%s service %s is %s", ref, sv.ID, sv.Status)
			}
			if sv.SupplierFee.IsValid() {
				fees[ref+"/"+sv.ID] = sv.SupplierFee.String()
			}
		}
	}
	if want := map[string]string{"B-1/stay-2": "310.00 EUR", "B-3/stay-1": "390.00 EUR"}; !maps.Equal(fees, want) {
		t.Errorf("supplier fees %v, want %v", fees, want)
	}
	cancelled := map[string]string{}
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		if e.Type == "booking.cancelled" {
			cancelled[e.AggregateID] = string(e.Payload)
		}
	}
	if p := cancelled["B-3"]; !strings.Contains(p, `"supplier_fees":{"stay-1":{"amount":"390.00","currency":"EUR"}}`) {
		t.Errorf("B-3 cancellation event %s", p)
	}
	if p := cancelled["B-4"]; !strings.Contains(p, `"supplier_fee_problems":{"hotel":`) || !strings.Contains(p, "C-GONE") {
		t.Errorf("B-4 cancellation event does not say which fee went unpriced: %s", p)
	}
	// The booked Rome room goes back to the allotment, and the hotel is
	// told it was booked.
	if h, err := a.Allotments.GetHold(ctx, tenant, rome.HoldID); err != nil || h.State != supplier.HoldCancelled {
		t.Errorf("Rome hold after the cancellation %+v, %v", h, err)
	}
	told := false
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		if e.Type == "allotment.cancelled" && strings.Contains(string(e.Payload), rome.HoldID) {
			told = e.Audience == "supplier" && e.Recipient == "booking@pantheongarden.example" && e.Language == agency.English &&
				strings.Contains(string(e.Payload), `"was_booked":true`)
		}
	}
	if !told {
		t.Error("the Rome hotel was not told its booked room was given back")
	}
}

func lineTotal(q pricing.Quote, ids ...string) pricing.Money {
	sum := pricing.Zero(q.Currency)
	for _, l := range q.Lines {
		if slices.Contains(ids, l.ID) {
			sum, _ = sum.Add(l.Total)
		}
	}
	return sum
}

// handBooking is a booking made by hand: 12 800.00 CNY, 30 % deposit on
// 2027-03-01, the balance 30 days before the 2027-05-01 departure, its
// contract signed on paper.
func handBooking(t testing.TB, ref string) (booking.Booking, pricing.PaymentSchedule) {
	t.Helper()
	total := money(t, "12800.00", "CNY")
	s, err := pricing.Schedule(total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2027, 3, 1), date.New(2027, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	return booking.Booking{Reference: ref, CustomerID: "c1", Zone: "Asia/Shanghai", Total: total, DepositDue: s.Instalments[0].Amount, ContractSigned: true,
		Services: []booking.Service{{ID: "hotel", SupplierID: "hotel-pantheon", Product: "family-room", Start: date.New(2027, 5, 1),
			End: date.New(2027, 5, 8), Units: 1, Status: booking.Requested, Price: total}},
		Travellers: []booking.Traveller{{ID: "t1", Surname: "WANG", GivenNames: "LEI", DocumentNumber: "E12345678"}}}, s
}

// The booking side end to end on every store: create, option, deposit by
// statement import, confirm, reminders once, balance, pay; a second
// booking's option lapses in the sweep, which runs twice; a third, held on
// an allotment, is cancelled with its fee and gives its room back; every
// change has its event.
func TestBookingFlow(t *testing.T) {
	t.Parallel()
	eachStore(t, bookingFlow)
}

func bookingFlow(t *testing.T, store storage.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	a, clock := newAgency(t, store)
	clock.Set(time.Date(2027, 3, 1, 10, 0, 0, 0, sh))
	createCustomer(t, a)
	addCase1Suppliers(t, a)

	b, sched := handBooking(t, "TK-2027-0042")
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b, Schedule: sched, Payer: "Wang Lei", Consultant: "chen"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b, Schedule: sched, Payer: "Wang Lei", Consultant: "chen"}); err != nil {
		t.Errorf("the same booking again: %v", err)
	}
	other := b
	other.Total = money(t, "1.00", "CNY")
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: other, Schedule: sched}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a schedule for another total: %v", err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b.Reference, Event: booking.PlaceOption,
		OptionUntil: clock.Now().Add(72 * time.Hour), Grace: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	// Confirming before the supplier confirms is refused and changes
	// nothing.
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b.Reference, Event: booking.Confirm}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Fatalf("early confirm: %v", err)
	}

	lines, err := booking.ParseStatement(strings.NewReader("id,date,amount,payer,text\n"+
		"BK-88,2027-03-01,3840.00,Wang Lei,deposit TK-2027-0042\n"+
		"BK-89,2027-03-01,50.00,Someone,unknown\n"),
		booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := a.Bookings.ImportStatement(ctx, tenant, agency.Statement{Lines: lines, Window: 3})
	if err != nil || ms[0].State != booking.Matched || ms[1].State != booking.Unregistered {
		t.Fatalf("import: %+v %v", ms, err)
	}
	if _, err := a.Bookings.ImportStatement(ctx, tenant, agency.Statement{Lines: []booking.StatementLine{{Amount: money(t, "1.00", "CNY")}}, Window: 3}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a line without a transaction ID: %v", err)
	}
	again, err := a.Bookings.ImportStatement(ctx, tenant, agency.Statement{Lines: lines, Window: 3})
	if err != nil || again[0].State != booking.Duplicate || again[1].State != booking.Duplicate {
		t.Fatalf("re-import: %+v %v", again, err)
	}
	rec, err := a.Bookings.Get(ctx, tenant, b.Reference)
	if err != nil || len(rec.Ledger.Payments) != 1 || !rec.Booking.Paid.Equal(money(t, "3840.00", "CNY")) {
		t.Fatalf("after import: %+v %v", rec.Ledger.Payments, err)
	}
	// The supplier confirms: the booking confirms.
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: b.Reference, ServiceID: "nope",
		Status: booking.ServiceConfirmed}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown service: %v", err)
	}
	if rec, err = a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: b.Reference, ServiceID: "hotel",
		Status: booking.ServiceConfirmed, SupplierRef: "HP-1"}); err != nil || rec.Booking.Services[0].SupplierRef != "HP-1" {
		t.Fatalf("confirm service: %v", err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b.Reference, Version: rec.Version - 1, Event: booking.Confirm}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("confirming a stale version: %v", err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b.Reference, Version: rec.Version, Event: booking.Confirm}); err != nil {
		t.Fatal(err)
	}

	// The balance reminder goes 2027-03-25 08:00, once.
	clock.Set(time.Date(2027, 3, 25, 8, 0, 0, 0, sh))
	for i, want := range []int{1, 0} {
		if n, err := a.Sweeps.Reminders(ctx, tenant, agency.ReminderSweep{Policy: booking.DefaultReminders()}); err != nil || n != want {
			t.Fatalf("reminder sweep %d: %d %v, want %d", i, n, err, want)
		}
	}
	if _, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: b.Reference, Payment: booking.Payment{ID: "p2",
		Kind: booking.KindPayment, Amount: money(t, "8960.00", "CNY"), ReceivedAt: clock.Now().Add(time.Hour)}}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a payment received in an hour: %v", err)
	}
	if _, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: b.Reference, Payment: booking.Payment{ID: "p2",
		Kind: booking.KindPayment, Amount: money(t, "8960.00", "CNY"), ReceivedAt: clock.Now()}}); err != nil {
		t.Fatal(err)
	}
	paid, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b.Reference, Event: booking.Pay})
	if err != nil || paid.Booking.State != booking.Paid {
		t.Fatalf("pay: %v", err)
	}

	// A second booking lapses; two sweeps expire it once.
	b2, s2 := handBooking(t, "TK-2027-0043")
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b2, Schedule: s2, Payer: "Li Na", Consultant: "chen"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: b2.Reference, Event: booking.PlaceOption,
		OptionUntil: clock.Now().Add(time.Hour), Grace: time.Hour}); err != nil {
		t.Fatal(err)
	}
	clock.Add(119 * time.Minute)
	if n, _ := a.Sweeps.Options(ctx, agency.SweepRequest{Limit: 10}); n != 0 {
		t.Fatalf("swept within grace: %d", n)
	}
	clock.Add(time.Minute)
	for i, want := range []int{1, 0} {
		if n, err := a.Sweeps.Options(ctx, agency.SweepRequest{Limit: 10}); err != nil || n != want {
			t.Fatalf("option sweep %d: %d %v, want %d", i, n, err, want)
		}
	}

	// A third booking, held on an allotment, is cancelled by the traveller
	// 6 days out: 50 %.
	b3, s3 := handBooking(t, "TK-2027-0044")
	b3.Services[0].Start, b3.Services[0].End = date.New(2027, 3, 31), date.New(2027, 4, 7)
	spec := supplier.AllotmentSpec{ID: "AL-B3", SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3",
		Kind: supplier.Allotment, From: date.New(2027, 3, 31), To: date.New(2027, 4, 6), Units: 1, Zone: "Asia/Shanghai"}
	if _, err := a.Allotments.Create(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	hold, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: spec.From, Nights: 7, Units: 1, For: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if sellable(t, a, spec.ID, spec.From, 7) != 0 {
		t.Fatal("held room still sellable")
	}
	b3.Services[0].HoldID = hold.ID
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b3, Schedule: s3, Payer: "Zhao Lei", Consultant: "chen"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: b3.Reference, Payment: booking.Payment{ID: "p3",
		Kind: booking.KindPayment, Amount: money(t, "3840.00", "CNY"), ReceivedAt: clock.Now()}}); err != nil {
		t.Fatal(err)
	}
	scale := booking.OutboundTraveller()
	cn := agency.Cancellation{Reference: b3.Reference, Reason: booking.ByCustomer, Terms: &agency.CancellationTerms{Scale: &scale}}
	q, err := a.Bookings.CancellationFee(ctx, tenant, cn)
	if err != nil || q.DaysLeft != 6 || !q.Fee.Equal(money(t, "6400.00", "CNY")) || !q.Owed.Equal(money(t, "2560.00", "CNY")) || !q.Refund.IsZero() {
		t.Fatalf("quote: %+v %v", q, err)
	}
	if r, _ := a.Bookings.Get(ctx, tenant, b3.Reference); r.Booking.State != booking.Enquiry {
		t.Fatal("a quote changed the booking")
	}
	if _, err := a.Bookings.Cancel(ctx, tenant, agency.Cancellation{Reference: b3.Reference, Reason: booking.ByCustomer}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("cancelling without a signed contract or a scale: %v", err)
	}
	cancelled, err := a.Bookings.Cancel(ctx, tenant, cn)
	if err != nil || cancelled.Booking.Booking.State != booking.Cancelled || !cancelled.Cancellation.Fee.Equal(q.Fee) {
		t.Fatalf("cancel: %v", err)
	}
	if h, err := a.Allotments.GetHold(ctx, tenant, hold.ID); err != nil || h.State != supplier.HoldCancelled ||
		cancelled.Booking.Booking.Services[0].Status != booking.ServiceCancelled {
		t.Fatalf("hold after cancel: %+v %v", h, err)
	}
	if sellable(t, a, spec.ID, spec.From, 7) != 1 {
		t.Fatal("the room did not come back")
	}
	if _, err := a.Bookings.Cancel(ctx, tenant, cn); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("second cancel: %v", err)
	}

	var got []string
	for _, typ := range eventTypes(t, a) {
		if !strings.HasPrefix(typ, "supplier.") && typ != "customer.saved" {
			got = append(got, typ)
		}
	}
	want := "booking.created booking.changed booking.payment booking.statement_line booking.service_answered booking.confirmed " +
		"booking.payment_reminder booking.payment booking.changed " +
		"booking.created booking.changed booking.expired " +
		"allotment.created allotment.held booking.created booking.payment allotment.cancelled booking.cancelled"
	if strings.Join(got, " ") != want {
		t.Errorf("events\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	summariesMatchRecords(t, a, agency.BookingQuery{Page: agency.PageRequest{Limit: 2}})
	summariesMatchRecords(t, a, agency.BookingQuery{State: booking.Cancelled})
}

// summariesMatchRecords: every page of summaries says what the whole
// records do, page for page.
func summariesMatchRecords(t *testing.T, a *agency.Agency, q agency.BookingQuery) {
	t.Helper()
	ctx := context.Background()
	seen := 0
	for {
		recs, err := a.Bookings.List(ctx, tenant, q)
		if err != nil {
			t.Fatal(err)
		}
		sums, err := a.Bookings.Summaries(ctx, tenant, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums.Items) != len(recs.Items) || sums.Next != recs.Next {
			t.Fatalf("%d summaries (next %q) for %d records (next %q)", len(sums.Items), sums.Next, len(recs.Items), recs.Next)
		}
		for i, rec := range recs.Items {
			out, due := rec.Outstanding()
			want := agency.BookingSummary{Reference: rec.Booking.Reference, CustomerID: rec.Booking.CustomerID, State: rec.Booking.State,
				Outstanding: out, NextDue: date.Date(due), Departure: rec.Booking.Departure(), Payer: rec.Payer, Consultant: rec.Consultant,
				BookedAt: rec.BookedAt.UTC(), Version: rec.Version}
			got := sums.Items[i]
			if !got.Outstanding.Equal(want.Outstanding) || !got.BookedAt.Equal(want.BookedAt) {
				t.Errorf("summary %s: outstanding %s, booked %v; the record says %s, %v", got.Reference, got.Outstanding, got.BookedAt,
					want.Outstanding, want.BookedAt)
			}
			got.Outstanding, got.BookedAt = want.Outstanding, want.BookedAt // compared above
			if got != want {
				t.Errorf("summary\n got %+v\nwant %+v", got, want)
			}
		}
		seen += len(recs.Items)
		if recs.Next == "" {
			break
		}
		q.Page.After = recs.Next
	}
	if seen == 0 {
		t.Errorf("no bookings listed for %+v", q)
	}
}
