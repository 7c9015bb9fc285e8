package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/supplier"
)

// A stay built with the builder names its hotel and the contract it is
// bought under.
func TestStayNamesItsSupplierAndContract(t *testing.T) {
	t.Parallel()
	trip := case1Trip(t, true)
	for id, want := range map[string][2]string{"stay-1": {"hotel-lumiere", "C-LUMIERE-2027"}, "stay-2": {"hotel-pantheon", "C-PANTHEON-2027"}} {
		it, ok := trip.Item(id)
		if !ok || it.Kind != itinerary.KindStay || it.Supplier != want[0] || it.Contract != want[1] || it.Product != "family-room" ||
			it.Stay.Rooms[0].UnitType != "family-3" {
			t.Errorf("%s: %+v", id, it)
		}
	}
}

// The cost frozen when the hotel confirms is the net the service was sold
// at: the contract version it was priced from, with its weekend
// supplement and the early-booking offer of the day it was quoted — not
// the contract as it reads on the day of confirmation.
func TestFrozenCostIsTheNetSold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	addCase1Suppliers(t, a)
	cs, _ := casebook.Case1Contracts()
	v2 := *cs["hotel-lumiere"]
	v2.Version = 2
	v2.Supplements = []supplier.Supplement{{ID: "weekend", Product: "family-room", Weekdays: []time.Weekday{time.Saturday}, Amount: money(t, "30", "EUR")}}
	v2.Offers = []supplier.Offer{{ID: "early-2027", Kind: supplier.EarlyBooking, Product: "family-room", From: date.New(2027, 4, 1),
		To: date.New(2027, 6, 30), BookBy: date.New(2027, 1, 31), Percent: decimal.NewFromInt(5)}}
	if _, err := a.Suppliers.AddContract(ctx, tenant, v2); err != nil {
		t.Fatal(err)
	}
	acc := runCase1(t, a, true)
	br := bookCase1(t, a, acc, "TK-1")
	paris := serviceByID(t, br.Booking, "stay-1")
	// 1–3 May 2027: 3 × 260 + 30 for Saturday 1 May = 810, 5 % off.
	if paris.ContractVersion != 2 || paris.Net.String() != "769.50 EUR" {
		t.Fatalf("Paris sold at %s under version %d", paris.Net, paris.ContractVersion)
	}
	// February: the offer is over and a third version raises the price.
	clock.Set(time.Date(2027, 2, 10, 2, 0, 0, 0, time.UTC))
	v3 := v2
	v3.Version = 3
	v3.Plans = []supplier.RatePlan{v2.Plans[0]}
	v3.Plans[0].Prices = []supplier.Prices{{Season: "all-year", Adult: money(t, "300", "EUR")}}
	if _, err := a.Suppliers.AddContract(ctx, tenant, v3); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "TK-1", ServiceID: "stay-1", Status: booking.ServiceConfirmed,
		SupplierRef: "LU-1"}); err != nil {
		t.Fatal(err)
	}
	costs, err := a.Payables.ListCostLines(ctx, tenant, agency.CostQuery{SupplierID: "hotel-lumiere"})
	if err != nil || len(costs.Items) != 1 {
		t.Fatalf("cost lines %+v, %v", costs.Items, err)
	}
	if c := costs.Items[0]; !c.Expected.Equal(paris.Net) || c.ContractVersion != 2 {
		t.Errorf("frozen %s under version %d, sold at %s under version 2", c.Expected, c.ContractVersion, paris.Net)
	}
	// Confirming again freezes nothing twice.
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "TK-1", ServiceID: "stay-1", Status: booking.ServiceConfirmed}); err != nil {
		t.Fatal(err)
	}
	if costs, _ := a.Payables.ListCostLines(ctx, tenant, agency.CostQuery{SupplierID: "hotel-lumiere"}); len(costs.Items) != 1 {
		t.Errorf("%d cost lines after a second confirmation", len(costs.Items))
	}
}

// heldBooking books case 1 as ref on the Paris and Rome allotments, under
// an option of a day, with Rome confirmed by the hotel.
func heldBooking(t *testing.T, a *agency.Agency, clock *fakeClock, acc agency.QuoteVersion, ref string) agency.BookingRecord {
	t.Helper()
	ctx := context.Background()
	br, err := a.Bookings.CreateFromQuote(ctx, tenant, case1Booking(acc, ref))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: ref, Event: booking.PlaceOption, OptionUntil: clock.Now().Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: ref, ServiceID: "stay-2", Status: booking.ServiceConfirmed,
		SupplierRef: "PG-1"}); err != nil {
		t.Fatal(err)
	}
	return br
}

// supplierTold counts the allotment.cancelled events for a hold that went
// to its hotel, and says whether the hotel had it booked.
func supplierTold(t *testing.T, a *agency.Agency, holdID string) (n int, booked bool) {
	t.Helper()
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		if e.Type == "allotment.cancelled" && strings.Contains(string(e.Payload), `"hold_id":"`+holdID+`"`) && e.Audience == "supplier" {
			n++
			booked = booked || strings.Contains(string(e.Payload), `"was_booked":true`)
		}
	}
	return n, booked
}

// An option that lapses gives back every hold it owns — the one the hotel
// had booked too, telling it so — and the customer hears it lapsed.
func TestLapsedOptionGivesBackEveryHold(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		addCase1Suppliers(t, a)
		createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 1)
		createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
		br := heldBooking(t, a, clock, runCase1(t, a, true), "TK-1")
		clock.Add(25 * time.Hour)
		if n, err := a.Sweeps.Options(ctx, agency.SweepRequest{}); err != nil || n != 1 {
			t.Fatalf("options expired %d, %v", n, err)
		}
		got, _ := a.Bookings.Get(ctx, tenant, "TK-1")
		if got.Booking.State != booking.Expired {
			t.Errorf("booking is %s", got.Booking.State)
		}
		for _, id := range []string{"stay-1", "stay-2"} {
			sv := serviceByID(t, br.Booking, id)
			if h, err := a.Allotments.GetHold(ctx, tenant, sv.HoldID); err != nil || h.State != supplier.HoldCancelled {
				t.Errorf("%s hold %+v, %v", id, h, err)
			}
			if n, _ := supplierTold(t, a, sv.HoldID); n != 1 {
				t.Errorf("%s: the hotel was told %d times", id, n)
			}
		}
		if _, booked := supplierTold(t, a, serviceByID(t, br.Booking, "stay-2").HoldID); !booked {
			t.Error("Rome was not told its booked room was given back")
		}
		if sellable(t, a, "AL-PARIS", date.New(2027, 5, 1), 3) != 1 || sellable(t, a, "AL-ROME", date.New(2027, 5, 4), 3) != 1 {
			t.Error("the rooms did not come back")
		}
		expired := 0
		for _, e := range outboxEvents(t, a, agency.EventPending) {
			if e.Type == "booking.expired" && e.Recipient == "wang.lei@example.com" && e.Language == agency.Chinese {
				expired++
			}
		}
		if expired != 1 {
			t.Errorf("%d lapse notices to the customer", expired)
		}
	})
}

// A booking moved to another hands its live holds to the booking that
// supersedes it — a booked room stays booked — and the new booking gives
// them back when it is cancelled.
func TestMovedBookingHandsItsHoldsOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	addCase1Suppliers(t, a)
	createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 1)
	createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
	acc := runCase1(t, a, true)
	old := heldBooking(t, a, clock, acc, "TK-1")
	next := case1Booking(acc, "TK-2")
	next.Allotments, next.HoldFor = nil, 0
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, next); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: "TK-1", Event: booking.Move, MovedTo: "TK-1"}); !errors.Is(err, agency.ErrInvalid) &&
		!errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("a booking moved onto itself: %v", err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: "TK-1", Event: booking.Move, MovedTo: "TK-2"}); err != nil {
		t.Fatal(err)
	}
	moved, _ := a.Bookings.Get(ctx, tenant, "TK-1")
	took, _ := a.Bookings.Get(ctx, tenant, "TK-2")
	for _, id := range []string{"stay-1", "stay-2"} {
		was := serviceByID(t, old.Booking, id).HoldID
		if serviceByID(t, moved.Booking, id).HoldID != "" || serviceByID(t, took.Booking, id).HoldID != was {
			t.Errorf("%s: hold %s not handed over", id, was)
		}
	}
	rome := serviceByID(t, took.Booking, "stay-2")
	if rome.Status != booking.ServiceConfirmed || rome.SupplierRef != "PG-1" {
		t.Errorf("Rome on the new booking %+v", rome)
	}
	if h, _ := a.Allotments.GetHold(ctx, tenant, rome.HoldID); h.State != supplier.HoldConfirmed {
		t.Errorf("the booked Rome room is %s", h.State)
	}
	scale := booking.OutboundTraveller()
	if _, err := a.Bookings.Cancel(ctx, tenant, agency.Cancellation{Reference: "TK-2", Reason: booking.ByCustomer,
		Terms: &agency.CancellationTerms{Scale: &scale}}); err != nil {
		t.Fatal(err)
	}
	if sellable(t, a, "AL-PARIS", date.New(2027, 5, 1), 3) != 1 || sellable(t, a, "AL-ROME", date.New(2027, 5, 4), 3) != 1 {
		t.Error("the rooms did not come back after the new booking was cancelled")
	}
}

// The supplier evaluation counts the services a hotel supplied and the
// complaints charged back to it in the period they happened, and names
// the hotel: a May with a charged-back complaint is no "excellent".
func TestEvaluationCountsServicesAndComplaintsInTheirPeriod(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	addCase1Suppliers(t, a)
	acc := runCase1(t, a, true)
	bookCase1(t, a, acc, "TK-1")
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "TK-1", ServiceID: "stay-1", Status: booking.ServiceConfirmed}); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC))
	k, err := a.Complaints.Open(ctx, tenant, agency.NewComplaint{By: "li", Complaint: feedback.Complaint{ID: "K1", CustomerID: "c1", SupplierID: "hotel-lumiere",
		Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat, Summary: "room not cleaned", ReceivedAt: clock.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []feedback.Action{feedback.Acknowledge, feedback.Assess, feedback.Investigate} {
		clock.Add(5 * time.Minute)
		if k, err = a.Complaints.Act(ctx, tenant, agency.ComplaintAction{ID: "K1", Version: k.Version, Action: act, By: "li"}); err != nil {
			t.Fatal(err)
		}
	}
	refund := money(t, "300", "CNY")
	r := feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "room re-cleaned", Compensations: []feedback.Compensation{
		{Kind: feedback.Refund, Amount: &refund, Reason: "one night refunded", ChargeBack: "hotel-lumiere", ApprovedBy: "manager-wu"}}}
	if _, err := a.Complaints.Resolve(ctx, tenant, agency.ComplaintResolution{ID: "K1", Version: k.Version, Resolution: r, By: "li"}); err != nil {
		t.Fatal(err)
	}
	scheme := supplier.DefaultScheme()
	may, err := a.Suppliers.Evaluate(ctx, tenant, agency.EvaluationRequest{SupplierID: "hotel-lumiere", Day: date.New(2027, 5, 20), Scheme: scheme})
	if err != nil || may.NoData || may.SupplierName != "Hôtel Lumière Saint-Germain" {
		t.Fatalf("May: %+v, %v", may, err)
	}
	var charged *supplier.CriterionScore
	for i, c := range may.Criteria {
		if c.Metric == supplier.ChargedBackComplaints {
			charged = &may.Criteria[i]
		}
	}
	if charged == nil || charged.Score == nil || charged.Score.String() == "100" || may.Standing.Name == "excellent" {
		t.Errorf("May with a charged-back complaint: %+v, standing %s", charged, may.Standing.Name)
	}
	april, err := a.Suppliers.Evaluate(ctx, tenant, agency.EvaluationRequest{SupplierID: "hotel-lumiere", Day: date.New(2027, 4, 20), Scheme: scheme})
	if err != nil || !april.NoData {
		t.Errorf("April, before the stay: %+v, %v", april, err)
	}
}

// Background sweeps never change the version a consultant holds: after
// the reminder, option, hold and release sweeps, a change made on the
// version read before them goes through.
func TestSweepsNeverCauseVersionConflicts(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		addCase1Suppliers(t, a)
		createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 1)
		createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
		acc := runCase1(t, a, true)
		heldBooking(t, a, clock, acc, "TK-1")
		read, err := a.Bookings.Get(ctx, tenant, "TK-1")
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(12 * time.Hour) // the option still runs; the deposit is due
		if n, err := a.Sweeps.Reminders(ctx, tenant, agency.ReminderSweep{Policy: booking.DefaultReminders()}); err != nil || n == 0 {
			t.Fatalf("reminders sent %d, %v", n, err)
		}
		for _, sweep := range []func(context.Context, agency.SweepRequest) (int, error){a.Sweeps.Options, a.Sweeps.Holds, a.Sweeps.SLA} {
			if _, err := sweep(ctx, agency.SweepRequest{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Sweeps.Release(ctx, tenant, agency.ReleaseRun{AllotmentID: "AL-ROME", From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "TK-1", Version: read.Version, ServiceID: "stay-1",
			Status: booking.ServiceConfirmed, SupplierRef: "LU-1"}); err != nil {
			t.Errorf("the consultant's change on the version read before the sweeps: %v", err)
		}
	})
}

// Running the same set-up twice changes nothing and fails nowhere; the
// same ID with other content is a conflict that names it.
func TestCreatesAreIdempotent(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		setup := func() {
			addCase1Suppliers(t, a)
			createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
			createCustomer(t, a)
			if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: case1Trip(t, true)}); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: case1Inquiry(t, "INQ-1", clock.Now()), Customer: agency.NewCustomer{
				ID: "c1", Name: "王磊", Email: "wang.lei@example.com", Language: agency.Chinese}}); err != nil {
				t.Fatal(err)
			}
			newComplaint(t, a, clock, "K1")
			if _, err := a.Feedback.RecordSurvey(ctx, tenant, feedback.Survey{ID: "S1", CustomerID: "c1", CSAT: 5, RespondedAt: clock.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		setup()
		before := len(outboxEvents(t, a, agency.EventPending))
		setup()
		if after := len(outboxEvents(t, a, agency.EventPending)); after != before {
			t.Errorf("the second set-up wrote %d events", after-before)
		}
		for name, err := range map[string]error{
			"customer": func() error {
				_, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Someone Else", Language: agency.English})
				return err
			}(),
			"supplier": func() error {
				ss, _ := casebook.Case1Suppliers()
				ss[0].Name = "Another hotel"
				_, err := a.Suppliers.Create(ctx, tenant, ss[0])
				return err
			}(),
			"inquiry": func() error {
				q := case1Inquiry(t, "INQ-1", clock.Now().Add(-time.Hour))
				q.CustomerID = "c1"
				_, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q})
				return err
			}(),
			"product": func() error {
				_, err := a.Catalogue.Create(ctx, tenant, inquiry.Product{})
				return err
			}(),
		} {
			if name == "product" {
				if !errors.Is(err, agency.ErrInvalid) {
					t.Errorf("an empty product: %v", err)
				}
				continue
			}
			if !errors.Is(err, agency.ErrConflict) {
				t.Errorf("%s with other content: %v", name, err)
			}
		}
		_, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Someone Else", Language: agency.English})
		if err == nil || !strings.Contains(err.Error(), "c1") {
			t.Errorf("the conflict does not name the customer: %v", err)
		}
	})
}
