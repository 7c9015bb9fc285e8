package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/supplier"
)

// cancellingStaff cancels the caller's context when a staff member is
// looked up: the import is cancelled half-way, after its first reads.
type cancellingStaff struct{ cancel context.CancelFunc }

func (c cancellingStaff) Member(context.Context, agency.TenantID, string) (agency.StaffMember, bool, error) {
	c.cancel()
	return agency.StaffMember{}, false, nil
}

// An import cancelled through its context returns an error matching
// context.Canceled, on every store, and records nothing.
func TestImportCancelledThroughItsContextMatchesContextCanceled(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a, clock := newAgency(t, store, func(c *agency.Config) { c.Staff = cancellingStaff{cancel} })
		sh, _ := time.LoadLocation("Asia/Shanghai")
		clock.Set(time.Date(2027, 3, 2, 10, 0, 0, 0, sh))
		createCustomer(t, a)
		b, sched := handBooking(t, "TK-1")
		if _, err := a.Bookings.Create(context.Background(), tenant, agency.NewBooking{Booking: b, Schedule: sched}); err != nil {
			t.Fatal(err)
		}
		lines, err := booking.ParseStatement(strings.NewReader("id,date,amount,payer,text\nBK-1,2027-03-01,3840.00,Wang Lei,TK-1\n"),
			booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: "CNY"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Bookings.ImportStatement(ctx, tenant, agency.Statement{Lines: lines, Window: 3}); !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled import: %v", err)
		}
		if got, _ := a.Bookings.Get(context.Background(), tenant, "TK-1"); len(got.Ledger.Payments) != 0 {
			t.Errorf("the cancelled import recorded %d payments", len(got.Ledger.Payments))
		}
	})
}

// An idempotency key reused for another hold — another allotment, other
// nights or other units — is a conflict, never the first hold.
func TestIdempotencyKeyReusedForAnotherHoldIsAConflict(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, _ := newAgency(t, store)
		addCase1Suppliers(t, a)
		createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 2)
		createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 2)
		first := agency.HoldRequest{AllotmentID: "AL-PARIS", From: date.New(2027, 5, 1), Nights: 2, Units: 1, For: time.Hour, IdempotencyKey: "web-7"}
		h, err := a.Allotments.Hold(ctx, tenant, first)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := a.Allotments.Hold(ctx, tenant, first); err != nil || again.ID != h.ID {
			t.Errorf("the same request again: %+v, %v", again, err)
		}
		for name, change := range map[string]func(*agency.HoldRequest){
			"another allotment": func(r *agency.HoldRequest) { r.AllotmentID = "AL-ROME" },
			"other nights":      func(r *agency.HoldRequest) { r.From++ },
			"more nights":       func(r *agency.HoldRequest) { r.Nights = 3 },
			"other units":       func(r *agency.HoldRequest) { r.Units = 2 },
		} {
			r := first
			change(&r)
			if got, err := a.Allotments.Hold(ctx, tenant, r); !errors.Is(err, agency.ErrConflict) {
				t.Errorf("%s under the same key: %+v, %v", name, got, err)
			}
		}
		if n := sellable(t, a, "AL-PARIS", date.New(2027, 5, 1), 2); n != 1 {
			t.Errorf("%d units left in Paris, want 1", n)
		}
	})
}

// An allotment's size is capped in validation: every store gives the same
// answer, ErrInvalid naming the field, and keeps nothing.
func TestAllotmentSizeIsCappedTheSameOnEveryStore(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, _ := newAgency(t, store)
		addCase1Suppliers(t, a)
		spec := supplier.AllotmentSpec{ID: "AL-HUGE", SupplierID: "hotel-lumiere", Product: "family-room", UnitType: "family-3",
			Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 1 << 31, Zone: "Europe/Paris"}
		_, err := a.Allotments.Create(ctx, tenant, spec)
		var ve *agency.ValidationError
		if !errors.As(err, &ve) || ve.Problems[0].Field != "Units" {
			t.Fatalf("2^31 units: %v", err)
		}
		if _, err := a.Allotments.Get(ctx, tenant, "AL-HUGE"); !errors.Is(err, agency.ErrNotFound) {
			t.Errorf("the refused allotment is stored: %v", err)
		}
		spec.Units = supplier.MaxUnits
		if _, err := a.Allotments.Create(ctx, tenant, spec); err != nil {
			t.Errorf("the largest allotment: %v", err)
		}
		if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL-HUGE", From: spec.From, Nights: 1, Units: supplier.MaxUnits + 1,
			For: time.Hour}); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("a hold above the cap: %v", err)
		}
		// A hold of nothing for no time: every problem at once.
		_, err = a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL-HUGE", From: spec.From})
		var fields []string
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fields = append(fields, p.Field)
			}
		}
		if got := strings.Join(fields, ","); got != "for,Nights,Units" {
			t.Errorf("a hold of nothing for no time: fields %q (%v)", got, err)
		}
	})
}

// A payment dated in the future beyond the clock-skew allowance is
// refused and changes nothing; one within it is taken.
func TestPaymentDatedInTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	createCustomer(t, a)
	b, sched := handBooking(t, "TK-1")
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	pay := func(id string, at time.Time) error {
		_, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: "TK-1", Payment: booking.Payment{ID: id, Kind: booking.KindPayment,
			Amount: money(t, "100.00", "CNY"), ReceivedAt: at}})
		return err
	}
	var ve *agency.ValidationError
	if err := pay("p1", clock.Now().Add(agency.DefaultClockSkew+time.Second)); !errors.As(err, &ve) || ve.Problems[0].Code != "in_future" {
		t.Errorf("a payment from the future: %v", err)
	}
	if err := pay("p2", clock.Now().Add(agency.DefaultClockSkew)); err != nil {
		t.Errorf("a payment within the allowance: %v", err)
	}
	if got, _ := a.Bookings.Get(ctx, tenant, "TK-1"); len(got.Ledger.Payments) != 1 || got.Ledger.Payments[0].ID != "p2" {
		t.Errorf("payments %+v", got.Ledger.Payments)
	}
}

// A competitor observation seen in the future beyond the clock-skew
// allowance is refused, with the whole batch.
func TestObservationDatedInTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	obs := func(id string, at time.Time) market.Observation {
		return market.Observation{ID: id, Competitor: "ctrip", Product: "Europe 10 days", Destination: "Europe", Departure: date.New(2027, 5, 2),
			Days: 10, Price: money(t, "9000.00", "CNY"), Basis: market.PerPerson, ObservedAt: at, Source: "ctrip.com", Available: true}
	}
	_, err := a.Market.Ingest(ctx, tenant, []market.Observation{obs("A", clock.Now()), obs("F", clock.Now().Add(agency.DefaultClockSkew+time.Minute))})
	if !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a batch with an observation from the future: %v", err)
	}
	if got, _ := a.Market.ListObservations(ctx, tenant, agency.ObservationQuery{To: clock.Now().Add(time.Hour)}); len(got.Items) != 0 {
		t.Errorf("the refused batch stored %d", len(got.Items))
	}
}

// Reading another tenant's customer profile is ErrNotFound, like every
// other read across tenants.
func TestAnotherTenantsProfileIsNotFound(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		if _, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: case1Inquiry(t, "INQ-1", clock.Now()), Customer: agency.NewCustomer{
			ID: "c1", Name: "王磊", Email: "wang.lei@example.com", Language: agency.Chinese}}); err != nil {
			t.Fatal(err)
		}
		if p, err := a.Customers.Profile(ctx, tenant, "c1"); err != nil || len(p.Preferences) == 0 {
			t.Fatalf("own profile %+v, %v", p, err)
		}
		if p, err := a.Customers.Profile(ctx, "agency-b", "c1"); !errors.Is(err, agency.ErrNotFound) {
			t.Errorf("another tenant reads %+v, %v", p, err)
		}
	})
}

// Customers are matched by e-mail with its case folded and a "+tag"
// ignored — for matching only: the address they gave is kept, and mail
// goes to it.
func TestEmailMatchingIgnoresCaseAndPlusTagButSendsToTheAddressGiven(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Wang Lei", Email: "Wang.Lei+trips@Example.com",
			Language: agency.English}); err != nil {
			t.Fatal(err)
		}
		rec, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: case1Inquiry(t, "INQ-1", clock.Now()), Customer: agency.NewCustomer{
			Name: "Wang Lei", Email: "wang.lei@example.com", Language: agency.English}})
		if err != nil || rec.Inquiry.CustomerID != "c1" || rec.Inquiry.NewCustomer {
			t.Fatalf("matched %+v, %v", rec.Inquiry, err)
		}
		for _, q := range []string{"WANG.LEI@EXAMPLE.COM", "wang.lei+other@example.com"} {
			if p, err := a.Customers.List(ctx, tenant, agency.CustomerQuery{Email: q}); err != nil || len(p.Items) != 1 {
				t.Errorf("search by %s: %+v, %v", q, p.Items, err)
			}
		}
		c, _ := a.Customers.Get(ctx, tenant, "c1")
		if c.Email != "Wang.Lei+trips@Example.com" {
			t.Errorf("the stored address became %q", c.Email)
		}
		if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: case1Trip(t, false)}); err != nil {
			t.Fatal(err)
		}
		for _, n := range deliverAll(t, a) {
			if n.Type == "trip.proposed" && n.Recipient != "Wang.Lei+trips@Example.com" {
				t.Errorf("the proposal went to %q", n.Recipient)
			}
		}
	})
}

// On every store, a payment or refund whose minor units do not fit an
// int64, or that would take the sum paid beyond it, is refused and the
// ledger stays as it was.
func TestPaymentsBeyondInt64AreRefusedOnEveryStore(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		createCustomer(t, a)
		b, sched := handBooking(t, "TK-1")
		if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b, Schedule: sched}); err != nil {
			t.Fatal(err)
		}
		pay := func(id, amount string, kind booking.PaymentKind) error {
			_, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: "TK-1", Payment: booking.Payment{ID: id, Kind: kind,
				Amount: money(t, amount, "CNY"), ReceivedAt: clock.Now()}})
			return err
		}
		if err := pay("p1", "100.00", booking.KindPayment); err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct{ id, amount string }{{"r1", "-10000000000000000000000000"}, {"p2", "10000000000000000000000000"}} {
			kind := booking.KindPayment
			if p.amount[0] == '-' {
				kind = booking.KindRefund
			}
			if err := pay(p.id, p.amount, kind); !errors.Is(err, agency.ErrInvalid) {
				t.Errorf("%s of %s: %v", kind, p.amount, err)
			}
		}
		if err := pay("p3", "90000000000000000.00", booking.KindPayment); err != nil {
			t.Fatal(err)
		}
		if err := pay("p4", "90000000000000000.00", booking.KindPayment); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("a second 9e16: %v", err)
		}
		got, _ := a.Bookings.Get(ctx, tenant, "TK-1")
		if len(got.Ledger.Payments) != 2 || got.Booking.Paid.String() != "90000000000000100.00 CNY" {
			t.Errorf("payments %d, paid %s", len(got.Ledger.Payments), got.Booking.Paid)
		}
	})
}

// A stop sale that leaves the agency an agreed remaining allotment keeps
// those units sellable, and availability gives the one figure of what can
// still be sold, on every store.
func TestStopSaleKeepsTheAgreedUnitsSellable(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, _ := newAgency(t, store)
		addCase1Suppliers(t, a)
		createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 4)
		night := date.New(2027, 5, 10)
		if err := a.Allotments.StopSale(ctx, tenant, agency.StopSale{AllotmentID: "AL-ROME", From: night, To: night, Stop: true, Keep: 1}); err != nil {
			t.Fatal(err)
		}
		av, err := a.Allotments.Availability(ctx, tenant, agency.AvailabilityQuery{AllotmentID: "AL-ROME", From: night, Nights: 1, Units: 2})
		if err != nil || av[0].Sellable != 1 || av[0].Reason != supplier.StopSold {
			t.Errorf("two units under a stop keeping one: %+v, %v", av, err)
		}
		if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL-ROME", From: night, Nights: 1, Units: 1, For: time.Hour}); err != nil {
			t.Errorf("the unit kept: %v", err)
		}
		if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL-ROME", From: night, Nights: 1, Units: 1, For: time.Hour}); !errors.Is(err, agency.ErrConflict) {
			t.Errorf("a unit beyond it: %v", err)
		}
		if sellable(t, a, "AL-ROME", night, 1) != 0 {
			t.Error("units left after the kept one was sold")
		}
	})
}
