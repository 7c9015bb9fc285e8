package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Records tests the generic versioned repository over every kind:
// round trips, versions and conflicts, chains, records written once, the
// sweeps' bookkeeping, listings and cross-tenant due lists.
func Records(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"CustomerRoundTrip", customerRoundTrip},
		{"CustomerConflict", customerConflict},
		{"NotFound", notFound},
		{"TripVersions", tripVersions},
		{"QuotesAndAcceptance", quotesAndAcceptance},
		{"TenantIsolation", tenantIsolation},
		{"ConcurrentWriters", concurrentWriters},
		{"Complaints", complaints},
		{"TouchKeepsTheVersion", touchKeepsTheVersion},
		{"SurveysAndFollowUps", surveysAndFollowUps},
		{"Bookings", bookings},
		{"BookingConfirmCancelRace", bookingConfirmCancelRace},
		{"TravelContracts", travelContracts},
		{"Inquiries", inquiries},
		{"SuppliersAndContracts", suppliersAndContracts},
		{"CostLinesAndInvoices", costLinesAndInvoices},
		{"PlansReportsObservations", plansReportsObservations},
		{"ListCustomers", listCustomers},
		{"ListTripsAndQuotes", listTripsAndQuotes},
		{"ListComplaints", listComplaints},
		{"BadQueries", badQueries},
	})
}

func customerRoundTrip(t *testing.T, s storage.Store) {
	ctx := context.Background()
	c := customer(t, tenantA, "c1")
	saved := mustSave(t, s, c)
	if saved.Version != 1 {
		t.Fatalf("first save version %d, want 1", saved.Version)
	}
	got, err := storage.Customers().Get(ctx, s, tenantA, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != c.Name || got.Email != c.Email || got.Phone != c.Phone || got.WeChat != c.WeChat ||
		got.Language != c.Language || got.Version != 1 || !got.CreatedAt.Equal(c.CreatedAt) || !got.UpdatedAt.Equal(c.UpdatedAt) {
		t.Errorf("round trip changed the customer:\n got %+v\nwant %+v", got, c)
	}
	got.Name = "Wang Lei"
	got.UpdatedAt = at(t).Add(time.Hour)
	updated := mustSave(t, s, got)
	if updated.Version != 2 {
		t.Errorf("update version %d, want 2", updated.Version)
	}
	again, _ := storage.Customers().Get(ctx, s, tenantA, "c1")
	if again.Name != "Wang Lei" || !again.CreatedAt.Equal(c.CreatedAt) || !again.UpdatedAt.Equal(at(t).Add(time.Hour)) || again.Version != 2 {
		t.Errorf("after update: %+v", again)
	}
	mustSave(t, s, customer(t, tenantA, "c0"))
	list, err := storage.Customers().All(ctx, s, tenantA, storage.Query{}, 10)
	if err != nil || len(list) != 2 || list[0].ID != "c0" || list[1].ID != "c1" {
		t.Errorf("all = %v, %v", list, err)
	}
}

func customerConflict(t *testing.T, s storage.Store) {
	ctx := context.Background()
	c := mustSave(t, s, customer(t, tenantA, "c1"))
	if _, err := storage.Customers().Put(ctx, s, tenantA, customer(t, tenantA, "c1")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("second insert: %v, want ErrConflict", err)
	}
	mustSave(t, s, c) // version 1 → 2
	if _, err := storage.Customers().Put(ctx, s, tenantA, c); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale save: %v, want ErrConflict", err)
	}
	ghost := customer(t, tenantA, "ghost")
	ghost.Version = 3
	if _, err := storage.Customers().Put(ctx, s, tenantA, ghost); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("update of a missing customer: %v, want ErrNotFound", err)
	}
}

func notFound(t *testing.T, s storage.Store) {
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["customer"] = storage.Customers().Get(ctx, s, tenantA, "nobody")
	_, checks["trip"] = storage.Trips(nil).Get(ctx, s, tenantA, "nothing", int64(1))
	_, checks["latest trip"] = storage.Trips(nil).Latest(ctx, s, tenantA, "nothing")
	_, checks["quote"] = storage.Quotes().Get(ctx, s, tenantA, "nothing", int64(1))
	_, checks["latest quote"] = storage.Quotes().Latest(ctx, s, tenantA, "nothing")
	_, checks["acceptance"] = storage.QuoteAcceptances().Get(ctx, s, tenantA, "nothing")
	_, checks["booking"] = storage.Bookings().Get(ctx, s, tenantA, "nothing")
	_, checks["event"] = s.Outbox().Get(ctx, tenantA, "nothing")
	checks["mark delivered"] = s.Outbox().MarkDelivered(ctx, []string{"nothing"}, at(t))
	checks["mark failed"] = s.Outbox().MarkFailed(ctx, "nothing", 1, at(t), "x", false)
	for what, err := range checks {
		if !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", what, err)
		}
	}
	// The error names the record.
	if _, err := storage.Bookings().Get(ctx, s, tenantA, "TK-404"); err == nil || !strings.Contains(err.Error(), "booking TK-404") {
		t.Errorf("not found names the record: %v", err)
	}
}

func tripVersions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	trips := storage.Trips(nil)
	v1 := tripVersion(t, tenantA, 1)
	put(t, s, trips, tenantA, v1)
	got, err := trips.Get(ctx, s, tenantA, v1.TripID, int64(1))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "trip", v1.Trip, got.Trip)
	if !got.CreatedAt.Equal(v1.CreatedAt) || got.CustomerID != "c1" || got.Version != 1 {
		t.Errorf("trip version fields: %+v", got)
	}
	// Instants come back in their places' zones.
	dep := got.Trip.Items[0].Transport.Depart
	if dep.Location().String() != "Asia/Shanghai" && dep.Format("-07:00") != "+08:00" {
		t.Errorf("departure zone %v", dep.Location())
	}
	if _, err := trips.Put(ctx, s, tenantA, v1); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("adding version 1 twice: %v, want ErrConflict", err)
	}
	if _, err := trips.Put(ctx, s, tenantA, tripVersion(t, tenantA, 3)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("skipping version 2: %v, want ErrConflict", err)
	}
	put(t, s, trips, tenantA, tripVersion(t, tenantA, 2))
	latest, err := trips.Latest(ctx, s, tenantA, v1.TripID)
	if err != nil || latest.Version != 2 || latest.Trip.Title != tripVersion(t, tenantA, 2).Trip.Title {
		t.Errorf("latest = v%d %q, %v", latest.Version, latest.Trip.Title, err)
	}
	// Versions are immutable: changing what Get returned changes nothing.
	got.Trip.Items[0].Title = "changed"
	again, _ := trips.Get(ctx, s, tenantA, v1.TripID, int64(1))
	if again.Trip.Items[0].Title == "changed" {
		t.Error("the store shares memory with a returned trip")
	}
}

func quotesAndAcceptance(t *testing.T, s storage.Store) {
	ctx := context.Background()
	quotes, accepts := storage.Quotes(), storage.QuoteAcceptances()
	v1 := quoteVersion(t, tenantA, 1)
	put(t, s, quotes, tenantA, v1)
	got, err := quotes.Get(ctx, s, tenantA, v1.QuoteID, int64(1))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "quote", v1.Quote, got.Quote)
	if !got.Quote.Totals.Total.Equal(v1.Quote.Totals.Total) || got.Quote.Totals.Total.String() != "84314.38 CNY" {
		t.Errorf("total %s", got.Quote.Totals.Total)
	}
	if _, err := quotes.Put(ctx, s, tenantA, v1); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("adding version 1 twice: %v", err)
	}
	put(t, s, quotes, tenantA, quoteVersion(t, tenantA, 2))
	a := put(t, s, accepts, tenantA, storage.QuoteAcceptance{QuoteID: v1.QuoteID, Version: 2, At: at(t)})
	if _, err := accepts.Put(ctx, s, tenantA, storage.QuoteAcceptance{QuoteID: v1.QuoteID, Version: 1, At: at(t)}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("a second acceptance: %v, want ErrConflict", err)
	}
	back, err := accepts.Get(ctx, s, tenantA, v1.QuoteID)
	if err != nil || back.Version != 2 || !back.At.Equal(at(t)) || a.Version != 2 {
		t.Errorf("acceptance %+v, %v", back, err)
	}
	latest, _ := quotes.Latest(ctx, s, tenantA, v1.QuoteID)
	if latest.Version != 2 {
		t.Errorf("latest v%d", latest.Version)
	}
}

func tenantIsolation(t *testing.T, s storage.Store) {
	ctx := context.Background()
	mustSave(t, s, customer(t, tenantA, "c1"))
	put(t, s, storage.Trips(nil), tenantA, tripVersion(t, tenantA, 1))
	put(t, s, storage.Quotes(), tenantA, quoteVersion(t, tenantA, 1))
	if _, err := storage.Customers().Get(ctx, s, tenantB, "c1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's customer: %v", err)
	}
	if list, _ := storage.Customers().All(ctx, s, tenantB, storage.Query{}, 10); len(list) != 0 {
		t.Errorf("tenant B lists %d customers of tenant A", len(list))
	}
	if _, err := storage.Trips(nil).Latest(ctx, s, tenantB, "T-2026-1127-001"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's trip: %v", err)
	}
	if _, err := storage.Quotes().Get(ctx, s, tenantB, "Q-2026-1127-001", int64(1)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's quote: %v", err)
	}
	stale := customer(t, tenantB, "c1")
	stale.Version = 1
	if _, err := storage.Customers().Put(ctx, s, tenantB, stale); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B updates tenant A's customer: %v", err)
	}
	// The same IDs are free for tenant B.
	mustSave(t, s, customer(t, tenantB, "c1"))
	put(t, s, storage.Trips(nil), tenantB, tripVersion(t, tenantB, 1))
	a, _ := storage.Customers().Get(ctx, s, tenantA, "c1")
	if a.Version != 1 {
		t.Errorf("tenant A's customer changed: %+v", a)
	}
}

// concurrentWriters: 20 goroutines add version 2 of one trip; exactly one
// wins and 19 get ErrConflict. Then 20 update one customer from version 1.
func concurrentWriters(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, storage.Trips(nil), tenantA, tripVersion(t, tenantA, 1))
	c := mustSave(t, s, customer(t, tenantA, "c1"))
	const writers = 20
	for _, what := range []string{"trip", "customer"} {
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, conflicts := 0, 0
		var others []error
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if what == "trip" {
					v := tripVersion(t, tenantA, 2)
					v.CustomerID = fmt.Sprintf("writer-%d", i)
					_, err = storage.Trips(nil).Put(ctx, s, tenantA, v)
				} else {
					mine := c
					mine.Name = fmt.Sprintf("writer %d", i)
					_, err = storage.Customers().Put(ctx, s, tenantA, mine)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case errors.Is(err, storage.ErrConflict):
					conflicts++
				default:
					others = append(others, err)
				}
			}()
		}
		wg.Wait()
		if won != 1 || conflicts != writers-1 || len(others) > 0 {
			t.Errorf("%s: %d won, %d conflicts, other errors %v; want 1 and %d", what, won, conflicts, others, writers-1)
		}
	}
	latest, _ := storage.Trips(nil).Latest(ctx, s, tenantA, "T-2026-1127-001")
	if latest.Version != 2 {
		t.Errorf("latest trip version %d", latest.Version)
	}
}

func complaints(t *testing.T, s storage.Store) {
	ctx := context.Background()
	cs := storage.Complaints()
	t0 := at(t)
	next := t0.Add(time.Hour)
	rec := put(t, s, cs, tenantA, complaint(t, tenantA, "K1", t0, &next))
	if rec.Version != 1 {
		t.Fatalf("insert: v%d", rec.Version)
	}
	got, err := cs.Get(ctx, s, tenantA, "K1")
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "complaint", rec.Complaint, got.Complaint)
	if got.Version != 1 || got.NextCheck == nil || !got.NextCheck.Equal(next) {
		t.Errorf("record %+v", got)
	}
	if err := got.Complaint.Apply(feedback.Acknowledge, t0.Add(10*time.Minute), "li", "sorry"); err != nil {
		t.Fatal(err)
	}
	got.Alerts, got.NextCheck = storage.AlertFirstResponseAtRisk, nil
	updated := put(t, s, cs, tenantA, got)
	if updated.Version != 2 {
		t.Fatalf("update: v%d", updated.Version)
	}
	if _, err := cs.Put(ctx, s, tenantA, got); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	if _, err := cs.Put(ctx, s, tenantA, complaint(t, tenantA, "K1", t0, nil)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate insert: %v", err)
	}
	again, _ := cs.Get(ctx, s, tenantA, "K1")
	if again.Complaint.Status != feedback.Acknowledged || again.Alerts != storage.AlertFirstResponseAtRisk || again.NextCheck != nil {
		t.Errorf("after update %+v", again)
	}
	if _, err := cs.Get(ctx, s, tenantB, "K1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's complaint: %v", err)
	}
	ghost := complaint(t, tenantB, "K1", t0, nil)
	ghost.Version = 1
	if _, err := cs.Put(ctx, s, tenantB, ghost); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("tenant B updates tenant A's complaint: %v", err)
	}
	// Due: only complaints with a check at or before now, earliest first,
	// across tenants.
	for i, when := range []time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour, 5 * time.Hour} {
		n := t0.Add(when)
		tenant := tenantA
		if i%2 == 1 {
			tenant = tenantB
		}
		put(t, s, cs, tenant, complaint(t, tenant, fmt.Sprintf("D%d", i), t0.Add(time.Duration(i)*time.Minute), &n))
	}
	due, err := cs.Due(ctx, s, storage.Nanos(t0.Add(3*time.Hour)), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got2 []string
	for _, d := range due {
		got2 = append(got2, string(d.Tenant)+"/"+d.Complaint.ID)
	}
	if fmt.Sprint(got2) != "[agency-b/D1 agency-a/D2 agency-a/D0]" {
		t.Errorf("due %v", got2)
	}
	if due, _ := cs.Due(ctx, s, storage.Nanos(t0.Add(3*time.Hour)), 2); len(due) != 2 {
		t.Errorf("limit ignored: %d", len(due))
	}
	// Listing by receipt within [from, to), per tenant; K1 and D0 arrived
	// together: by ID.
	list, err := cs.All(ctx, s, tenantA, storage.Query{Index: "received", From: storage.Nanos(t0), To: storage.Nanos(t0.Add(3 * time.Minute))}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got3 []string
	for _, l := range list {
		got3 = append(got3, l.Complaint.ID)
	}
	if fmt.Sprint(got3) != "[D0 K1 D2]" {
		t.Errorf("list %v", got3)
	}
}

// touchKeepsTheVersion: a sweep's bookkeeping (next check, alerts) is
// written without a new version, so the holder of the version changes the
// record next; a touch of a record changed since is ErrConflict.
func touchKeepsTheVersion(t *testing.T, s storage.Store) {
	ctx := context.Background()
	cs := storage.Complaints()
	next := at(t).Add(time.Hour)
	rec := put(t, s, cs, tenantA, complaint(t, tenantA, "K1", at(t), &next))
	swept := rec
	later := next.Add(time.Hour)
	swept.NextCheck, swept.Alerts = &later, storage.AlertFirstResponseAtRisk
	swept.Complaint.Summary = "a sweep never changes the complaint"
	if err := cs.Touch(ctx, s, tenantA, swept); err != nil {
		t.Fatal(err)
	}
	got, _ := cs.Get(ctx, s, tenantA, "K1")
	if got.Version != 1 || got.NextCheck == nil || !got.NextCheck.Equal(later) || got.Alerts != storage.AlertFirstResponseAtRisk ||
		got.Complaint.Summary != rec.Complaint.Summary {
		t.Errorf("after a touch: v%d next %v alerts %d summary %q", got.Version, got.NextCheck, got.Alerts, got.Complaint.Summary)
	}
	// The consultant's change at the version they hold still goes through.
	got.Complaint.Assignee = "wu"
	changed := put(t, s, cs, tenantA, got)
	if changed.Version != 2 {
		t.Errorf("change after a touch: v%d", changed.Version)
	}
	if err := cs.Touch(ctx, s, tenantA, swept); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("touch of a changed record: %v", err)
	}
	if due, _ := cs.Due(ctx, s, storage.Nanos(next), 10); len(due) != 0 {
		t.Errorf("the touched check is due early: %d", len(due))
	}
}

func surveysAndFollowUps(t *testing.T, s storage.Store) {
	ctx := context.Background()
	t0 := at(t)
	nps := 9
	for i, id := range []string{"s2", "s1", "s3"} {
		put(t, s, storage.Surveys(), tenantA, feedback.Survey{ID: id, CustomerID: "c1", RespondedAt: t0.Add(time.Duration(i) * time.Hour), CSAT: 5,
			NPS: &nps, Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 4}, Comment: "很好 great"})
	}
	if _, err := storage.Surveys().Put(ctx, s, tenantA, feedback.Survey{ID: "s1", CustomerID: "c1", RespondedAt: t0, CSAT: 1}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate survey: %v", err)
	}
	list, err := storage.Surveys().All(ctx, s, tenantA, storage.Query{Index: "responded", From: storage.Nanos(t0), To: storage.Nanos(t0.Add(2 * time.Hour))}, 10)
	if err != nil || len(list) != 2 || list[0].ID != "s2" || list[1].ID != "s1" || *list[0].NPS != 9 || list[0].Ratings[feedback.AspectHotel] != 4 ||
		!list[0].RespondedAt.Equal(t0) || list[0].Comment != "很好 great" {
		t.Errorf("surveys %+v, %v", list, err)
	}
	if other, _ := storage.Surveys().All(ctx, s, tenantB, storage.Query{}, 10); len(other) != 0 {
		t.Errorf("tenant B sees %d surveys", len(other))
	}
	fs := storage.FollowUps()
	d := date.New(2026, 12, 1)
	f1 := put(t, s, fs, tenantA, storage.FollowUpRecord{FollowUp: feedback.FollowUp{ID: "f1", Kind: feedback.AfterTrip, CustomerID: "c1", Ref: "T1", Due: d}})
	done := t0
	f1.FollowUp.DoneAt = &done
	if f1 = put(t, s, fs, tenantA, f1); f1.Version != 2 {
		t.Errorf("follow-up update: v%d", f1.Version)
	}
	put(t, s, fs, tenantA, storage.FollowUpRecord{FollowUp: feedback.FollowUp{ID: "f0", Kind: feedback.AfterComplaint, CustomerID: "c1", Ref: "K1", Due: d - 1}})
	got, err := fs.All(ctx, s, tenantA, storage.Query{Index: "due", From: int64(d - 1), To: int64(d + 1)}, 10)
	if err != nil || len(got) != 2 || got[0].FollowUp.ID != "f0" || got[1].FollowUp.DoneAt == nil || !got[1].FollowUp.DoneAt.Equal(done) {
		t.Errorf("follow-ups %+v, %v", got, err)
	}
	if other, _ := fs.All(ctx, s, tenantB, storage.Query{}, 10); len(other) != 0 {
		t.Errorf("tenant B sees %d follow-ups", len(other))
	}
}

// bookings: bookings keep their version, lapse instant and what they still
// expect; tenants stay apart; options lapse across tenants by an index;
// listings by customer and state.
func bookings(t *testing.T, s storage.Store) {
	ctx := context.Background()
	bs := storage.Bookings()
	until := at(t).Add(48 * time.Hour)
	rec := put(t, s, bs, tenantA, bookingRecord(t, tenantA, "TK-1", booking.Option, until))
	if rec.Version != 1 {
		t.Fatalf("save: %+v", rec)
	}
	if _, err := bs.Put(ctx, s, tenantA, bookingRecord(t, tenantA, "TK-1", booking.Option, until)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate insert: %v", err)
	}
	got, err := bs.Get(ctx, s, tenantA, "TK-1")
	if err != nil || got.Version != 1 || got.Payer != "Wang Lei" || !got.Booking.OptionUntil.Equal(until) ||
		got.Booking.Travellers[0].DocumentNumber != "E12345678" || !got.Ledger.Schedule.Instalments[1].Amount.Equal(rec.Ledger.Schedule.Instalments[1].Amount) {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := bs.Get(ctx, s, tenantB, "TK-1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	paid, _ := pricing.Parse("3000.00", "CNY")
	if got.Ledger, err = got.Ledger.Record(booking.Payment{ID: "p1", Kind: booking.KindPayment, Amount: paid, ReceivedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	if upd := put(t, s, bs, tenantA, got); upd.Version != 2 {
		t.Fatalf("update: %+v", upd)
	}
	if _, err := bs.Put(ctx, s, tenantA, got); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	// A second option lapsing earlier, a confirmed booking, another tenant.
	early := bookingRecord(t, tenantA, "TK-0", booking.Option, until.Add(-time.Hour))
	early.Booking.CustomerID = "c2"
	put(t, s, bs, tenantA, early)
	put(t, s, bs, tenantA, bookingRecord(t, tenantA, "TK-2", booking.Confirmed, until.Add(-24*time.Hour)))
	put(t, s, bs, tenantB, bookingRecord(t, tenantB, "TK-9", booking.Option, until.Add(time.Hour)))
	// Lapse is expiry plus the hour of grace, across tenants.
	lapsed, err := bs.Due(ctx, s, storage.Nanos(until.Add(time.Hour)), 10)
	if err != nil || len(lapsed) != 2 || lapsed[0].Booking.Reference != "TK-0" || lapsed[1].Booking.Reference != "TK-1" || lapsed[1].Version != 2 {
		t.Fatalf("lapsed: %d %v", len(lapsed), err)
	}
	if one, _ := bs.Due(ctx, s, storage.Nanos(until.Add(time.Hour)), 1); len(one) != 1 {
		t.Errorf("limit 1: %d", len(one))
	}
	ref := func(r storage.BookingRecord) string { return r.Booking.Reference }
	if got := pages(t, 1, listing(ctx, s, bs, tenantA, storage.Query{Index: "customer", Equal: []any{"c1"}}), ref); fmt.Sprint(got) != "[TK-1 TK-2]" {
		t.Errorf("c1's bookings %v", got)
	}
	if got := pages(t, 1, listing(ctx, s, bs, tenantA, storage.Query{Index: "state", Equal: []any{"option"}}), ref); fmt.Sprint(got) != "[TK-0 TK-1]" {
		t.Errorf("options %v", got)
	}
}

// bookingConfirmCancelRace: a confirm and a cancel of one booking from the
// same version: exactly one wins, the other is ErrConflict.
func bookingConfirmCancelRace(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := put(t, s, storage.Bookings(), tenantA, bookingRecord(t, tenantA, "TK-R", booking.Option, at(t).Add(time.Hour)))
	for round := range 5 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, state := range []booking.State{booking.Confirmed, booking.Cancelled} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := base
				r.Booking.State = state
				errs[i] = s.InTx(ctx, func(tx storage.Store) error {
					_, err := storage.Bookings().Put(ctx, tx, tenantA, r)
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
			case !errors.Is(err, storage.ErrConflict):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners, %v", round, won, errs)
		}
		var err error
		if base, err = storage.Bookings().Get(ctx, s, tenantA, "TK-R"); err != nil {
			t.Fatal(err)
		}
	}
}

// travelContracts: contracts and supplements keep their validations and
// version; a stale or duplicate save is ErrConflict; a booking lists its
// contracts in order; tenants stay apart; a rolled-back save leaves
// nothing.
func travelContracts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	r := storage.TravelContracts()
	first := put(t, s, r, tenantA, travelContract(t, tenantA, "HT-1", 0, "TK-1"))
	if first.Version != 1 {
		t.Fatalf("save: %+v", first)
	}
	if _, err := r.Put(ctx, s, tenantA, travelContract(t, tenantA, "HT-1", 0, "TK-1")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	put(t, s, r, tenantA, travelContract(t, tenantA, "HT-1", 1, "TK-1"))
	put(t, s, r, tenantB, travelContract(t, tenantB, "HT-1", 0, "TK-1"))
	got, err := r.Get(ctx, s, tenantA, "HT-1", int64(0))
	if err != nil || got.Version != 1 || got.Blocking() != 1 || got.Contract.Travellers[0].DocumentNumber != "E12345678" ||
		!got.Contract.Price.Total.Equal(first.Contract.Price.Total) || got.Validations[0].Result.Findings[0].Code != contract.MissingLicenceNo {
		t.Fatalf("get: %+v %v", got, err)
	}
	signed := at(t).Add(time.Hour)
	got.Contract.SignedAt = &signed
	got.Validations = append(got.Validations, storage.ContractValidation{At: signed, Result: contract.Result{Template: "GF-2014-2402"}})
	if upd := put(t, s, r, tenantA, got); upd.Version != 2 {
		t.Fatalf("update: %+v", upd)
	}
	if _, err := r.Put(ctx, s, tenantA, got); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale update: %v", err)
	}
	again, err := r.Get(ctx, s, tenantA, "HT-1", int64(0))
	if err != nil || again.Version != 2 || again.Blocking() != 0 || !again.EverBlocked() || again.SignedBlocked() || len(again.Validations) != 2 ||
		again.Contract.SignedAt == nil || !again.Contract.SignedAt.Equal(signed) {
		t.Errorf("after update: %+v %v", again, err)
	}
	list, err := r.All(ctx, s, tenantA, storage.Query{Index: "booking", Equal: []any{"TK-1"}}, 10)
	if err != nil || len(list) != 2 || list[0].Contract.Supplement != 0 || list[1].Contract.Supplement != 1 || list[0].Version != 2 {
		t.Errorf("for booking: %+v %v", list, err)
	}
	if _, err := r.Get(ctx, s, tenantA, "HT-1", int64(5)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown supplement: %v", err)
	}
	boom := errors.New("boom")
	err = s.InTx(ctx, func(tx storage.Store) error {
		if _, err := r.Put(ctx, tx, tenantA, travelContract(t, tenantA, "HT-2", 0, "TK-2")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, s, tenantA, "HT-2", int64(0)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("rolled-back contract: %v", err)
	}
	bad := travelContract(t, tenantA, "HT-3", 0, "TK-3")
	bad.Contract.Staff.Name = "bad\x00name"
	if _, err := r.Put(ctx, s, tenantA, bad); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("NUL in a contract: %v", err)
	}
}

func inquiryRecord(tenant storage.TenantID, id, customer, consultant string, ch inquiry.Channel, source string, at time.Time) storage.InquiryRecord {
	return storage.InquiryRecord{Tenant: tenant, UpdatedAt: at, Inquiry: inquiry.Inquiry{ID: id, Channel: ch, ReceivedAt: at, Consultant: consultant,
		CustomerID: customer, LeadSource: source, Status: inquiry.New,
		Needs: inquiry.Needs{Destinations: []string{"欧洲"}, Party: []date.Date{date.New(1985, 3, 12)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}}}}}
}

// inquiries: inquiries keep their version; stale and duplicate saves
// conflict; a customer's, a consultant's and a period's inquiries come in
// order; moving a customer's inquiries keeps them updatable; products keep
// their version.
func inquiries(t *testing.T, s storage.Store) {
	ctx := context.Background()
	r := storage.Inquiries()
	base := at(t)
	for i, sp := range [][3]string{{"I-1", "c1", "chen"}, {"I-2", "c2", "chen"}, {"I-3", "c1", "chen"}, {"I-4", "c3", "li"}} {
		rec := put(t, s, r, tenantA, inquiryRecord(tenantA, sp[0], sp[1], sp[2], inquiry.WeChat, "referral", base.Add(time.Duration(i)*time.Hour)))
		if rec.Version != 1 {
			t.Fatalf("save %s: v%d", sp[0], rec.Version)
		}
	}
	got, _ := r.Get(ctx, s, tenantA, "I-1")
	at1 := got.Inquiry.ReceivedAt.Add(time.Minute)
	for _, ev := range []inquiry.Event{inquiry.Qualify, inquiry.Propose, inquiry.Win} {
		if err := got.Inquiry.Apply(ev, inquiry.Input{At: at1, TripID: "T-1", QuoteID: "Q-1", BookingRef: "TK-1"}); err != nil {
			t.Fatal(err)
		}
	}
	if got = put(t, s, r, tenantA, got); got.Version != 2 {
		t.Fatalf("update: v%d", got.Version)
	}
	back, err := r.Get(ctx, s, tenantA, "I-1")
	if err != nil || back.Version != 2 || back.Inquiry.Status != inquiry.Won || back.Inquiry.BookingRef != "TK-1" || back.Inquiry.QuoteID != "Q-1" ||
		!back.Proposed() {
		t.Fatalf("get: %+v %v", back, err)
	}
	if _, err := r.Put(ctx, s, tenantA, inquiryRecord(tenantA, "I-1", "c1", "chen", inquiry.Phone, "", base)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	stale := back
	stale.Version = 1
	if _, err := r.Put(ctx, s, tenantA, stale); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale: %v", err)
	}
	if _, err := r.Get(ctx, s, tenantB, "I-1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	id := func(x storage.InquiryRecord) string { return x.Inquiry.ID }
	if got := pages(t, 1, listing(ctx, s, r, tenantA, storage.Query{Index: "customer", Equal: []any{"c1"}}), id); fmt.Sprint(got) != "[I-1 I-3]" {
		t.Errorf("c1's inquiries %v", got)
	}
	if got := pages(t, 2, listing(ctx, s, r, tenantA, storage.Query{Index: "consultant", Equal: []any{"chen"}, From: storage.Nanos(base),
		To: storage.Nanos(base.Add(24 * time.Hour))}), id); fmt.Sprint(got) != "[I-1 I-2 I-3]" {
		t.Errorf("chen's period %v", got)
	}
	if got := pages(t, 2, listing(ctx, s, r, tenantA, storage.Query{Index: "received", From: storage.Nanos(base.Add(time.Hour))}), id); fmt.Sprint(got) != "[I-2 I-3 I-4]" {
		t.Errorf("the period %v", got)
	}
	// Moving c1's inquiries to c2 is a save of each; they stay updatable.
	for _, x := range []string{"I-1", "I-3"} {
		rec, _ := r.Get(ctx, s, tenantA, x)
		rec.Inquiry.CustomerID = "c2"
		put(t, s, r, tenantA, rec)
	}
	if got := pages(t, 5, listing(ctx, s, r, tenantA, storage.Query{Index: "customer", Equal: []any{"c2"}}), id); fmt.Sprint(got) != "[I-1 I-2 I-3]" {
		t.Errorf("after the merge %v", got)
	}

	price, _ := pricing.Parse("27800.00", "CNY")
	p := storage.ProductRecord{Tenant: tenantA, UpdatedAt: base, Product: inquiry.Product{ID: "EU-10", PriceFrom: price, Destinations: []string{"Europe"},
		Departures: []date.Date{date.New(2027, 5, 1)}, Template: itinerary.Template{ID: "EU-10", Title: "Europe", Themes: []itinerary.Theme{itinerary.ThemeHistory},
			Skeleton: itinerary.Trip{ID: "EU-10", Start: date.New(2027, 1, 1), End: date.New(2027, 1, 10)}}}}
	saved := put(t, s, storage.Products(), tenantA, p)
	if _, err := storage.Products().Put(ctx, s, tenantA, p); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate product: %v", err)
	}
	put(t, s, storage.Products(), tenantA, saved)
	ps, err := storage.Products().All(ctx, s, tenantA, storage.Query{}, 10)
	if err != nil || len(ps) != 1 || ps[0].Version != 2 || !ps[0].Product.PriceFrom.Equal(price) || ps[0].Product.Days() != 10 {
		t.Errorf("products %+v %v", ps, err)
	}
	if _, err := storage.Products().Get(ctx, s, tenantB, "EU-10"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("another tenant's product: %v", err)
	}
}

// suppliersAndContracts: suppliers keep their versions; contract versions
// are immutable and follow each other; tenants stay apart.
func suppliersAndContracts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	ss, err := casebook.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	rec := put(t, s, storage.Suppliers(), tenantA, storage.SupplierRecord{Supplier: ss[0], UpdatedAt: at(t)})
	rec.Supplier.Licences = append(rec.Supplier.Licences, rec.Supplier.Licences[0])
	rec.Supplier.Licences[1].To = date.New(2030, 1, 1)
	if rec = put(t, s, storage.Suppliers(), tenantA, rec); rec.Version != 2 {
		t.Fatalf("update: %+v", rec)
	}
	if _, err := storage.Suppliers().Put(ctx, s, tenantA, storage.SupplierRecord{Supplier: ss[0], Version: 1}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("stale supplier save: %v", err)
	}
	got, err := storage.Suppliers().Get(ctx, s, tenantA, ss[0].ID)
	if err != nil || len(got.Supplier.Licences) != 2 || got.Supplier.Bank == nil || got.Supplier.Bank.Account != ss[0].Bank.Account ||
		got.Supplier.Language != "en" || !got.UpdatedAt.Equal(at(t)) {
		t.Errorf("get: %+v, %v", got, err)
	}
	if _, err := storage.Suppliers().Get(ctx, s, tenantB, ss[0].ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	cs, _ := casebook.Case1Contracts()
	c := *cs["hotel-pantheon"]
	cv := storage.SupplierContracts()
	put(t, s, cv, tenantA, storage.SupplierContract{Contract: c, CreatedAt: at(t)})
	v2 := c
	v2.Version = 2
	v2.Clauses = []supplier.Clause{{ID: "cancellation", Version: 2, Title: "Cancellation", Text: "Free until 45 days before arrival."}}
	put(t, s, cv, tenantA, storage.SupplierContract{Contract: v2, CreatedAt: at(t)})
	if _, err := cv.Put(ctx, s, tenantA, storage.SupplierContract{Contract: v2, CreatedAt: at(t)}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("version 2 twice: %v", err)
	}
	old, err := cv.Get(ctx, s, tenantA, c.ID, int64(1))
	if err != nil || old.Contract.Clauses[0].Text != "Free until 30 days before arrival." || old.Contract.Seasons[2].From != date.New(2027, 5, 5) {
		t.Errorf("version 1 changed: %+v, %v", old.Contract.Clauses, err)
	}
	latest, err := cv.Latest(ctx, s, tenantA, c.ID)
	if err != nil || latest.Contract.Version != 2 || !latest.Contract.Plans[0].Prices[1].Adult.Equal(c.Plans[0].Prices[1].Adult) {
		t.Errorf("latest: %+v, %v", latest.Contract.Version, err)
	}
	if err := latest.Contract.Validate(); err != nil {
		t.Errorf("stored contract no longer validates: %v", err)
	}
	if _, err := cv.Latest(ctx, s, tenantB, c.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("other tenant's contract: %v", err)
	}
	key := func(v storage.SupplierContract) string {
		return v.Contract.ID + " v" + strconv.Itoa(v.Contract.Version)
	}
	if got := pages(t, 1, listing(ctx, s, cv, tenantA, storage.Query{Index: "supplier", Equal: []any{"hotel-pantheon"}}), key); fmt.Sprint(got) !=
		"[C-PANTHEON-2027 v1 C-PANTHEON-2027 v2]" {
		t.Errorf("the supplier's contracts %v", got)
	}
}

// costLinesAndInvoices: cost lines are kept as frozen and listed by
// supplier and booking; invoices keep their match.
func costLinesAndInvoices(t *testing.T, s storage.Store) {
	ctx := context.Background()
	cs, _ := casebook.Case1Contracts()
	c := cs["hotel-pantheon"]
	rate, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 3})
	if err != nil {
		t.Fatal(err)
	}
	lines := storage.CostLines()
	for _, b := range []string{"B-2", "B-1"} {
		l, err := supplier.Freeze("cost-"+b, b, c, rate, 1, at(t))
		if err != nil {
			t.Fatal(err)
		}
		l.Service = "stay-2"
		put(t, s, lines, tenantA, l)
	}
	l, _ := supplier.Freeze("cost-B-1", "B-1", c, rate, 1, at(t))
	if _, err := lines.Put(ctx, s, tenantA, l); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate cost line: %v", err)
	}
	all, err := lines.All(ctx, s, tenantA, storage.Query{Index: "supplier", Equal: []any{"hotel-pantheon"}}, 10)
	if err != nil || len(all) != 2 || all[0].ID != "cost-B-1" || all[0].Expected.String() != "620.00 EUR" || !all[0].FrozenAt.Equal(at(t)) ||
		all[0].Service != "stay-2" || all[0].ServiceDate != date.New(2027, 5, 4) {
		t.Errorf("cost lines: %+v, %v", all, err)
	}
	one, _ := lines.All(ctx, s, tenantA, storage.Query{Index: "booking", Equal: []any{"B-2"}}, 10)
	if len(one) != 1 || one[0].Booking != "B-2" {
		t.Errorf("by booking: %+v", one)
	}
	if other, _ := lines.All(ctx, s, tenantB, storage.Query{Index: "supplier", Equal: []any{"hotel-pantheon"}}, 10); len(other) != 0 {
		t.Errorf("another tenant's cost lines: %+v", other)
	}
	inv := supplier.Invoice{ID: "INV-1", SupplierID: "hotel-pantheon", Number: "7", Issued: date.New(2027, 5, 12),
		Lines: []supplier.InvoiceLine{{CostLine: "cost-B-1", Amount: all[0].Expected}}}
	m, _ := supplier.MatchInvoice(inv, all, supplier.Tolerance{})
	put(t, s, storage.Invoices(), tenantA, storage.InvoiceRecord{Invoice: inv, Match: m})
	got, err := storage.Invoices().Get(ctx, s, tenantA, "INV-1")
	if err != nil || got.Tenant != tenantA || len(got.Match.Variances) != 1 || got.Match.Variances[0].Flagged || !got.Match.Variances[0].Diff.IsZero() ||
		len(got.Match.Unbilled) != 0 {
		t.Errorf("invoice: %+v, %v", got, err)
	}
	if _, err := storage.Invoices().Get(ctx, s, tenantB, "INV-1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("another tenant's invoice: %v", err)
	}
}

// plansReportsObservations: plans are keyed by consultant and month;
// reports keep their schedule; observations are written once and read by
// the instant they were seen.
func plansReportsObservations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	m := func(v string) pricing.Money { x, _ := pricing.Parse(v, "CNY"); return x }
	plan := kpi.Plan{Consultant: "a", Year: 2026, Month: time.November, Target: m("50000.00"), TargetBookings: 5}
	saved := put(t, s, storage.Plans(), tenantA, storage.PlanRecord{Plan: plan})
	if _, err := storage.Plans().Put(ctx, s, tenantA, storage.PlanRecord{Plan: plan}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("a second plan for the month: %v", err)
	}
	p, err := storage.Plans().Get(ctx, s, tenantA, "a", storage.MonthKey(2026, time.November))
	if err != nil || p.Version != 1 || saved.Version != 1 || !p.Plan.Target.Equal(plan.Target) {
		t.Errorf("plan %+v %v", p, err)
	}
	if _, err := storage.Plans().Get(ctx, s, tenantA, "a", storage.MonthKey(2026, time.December)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("no plan: %v", err)
	}
	base := at(t)
	ch := decimal.NewFromInt(3)
	for i, due := range []time.Time{base.Add(48 * time.Hour), base} {
		sub := due.Add(-time.Hour)
		put(t, s, storage.Reports(), tenantA, storage.ReportRecord{ID: fmt.Sprintf("R%d", i), Consultant: "a", Report: market.Report{Due: due,
			SubmittedAt: &sub, Trend: []market.TrendPoint{{Label: "W1"}, {Label: "W2", Change: &ch}}}})
	}
	if r, err := storage.Reports().Get(ctx, s, tenantA, "R0"); err != nil || r.Consultant != "a" || r.Report.SubmittedAt == nil {
		t.Errorf("report %+v %v", r, err)
	}
	rid := func(r storage.ReportRecord) string { return r.ID }
	if got := pages(t, 1, listing(ctx, s, storage.Reports(), tenantA, storage.Query{Index: "due"}), rid); fmt.Sprint(got) != "[R1 R0]" {
		t.Errorf("reports by due instant %v", got)
	}
	price := m("9000.00")
	obs := storage.Observations()
	for i, seen := range []time.Time{base.Add(2 * time.Hour), base.Add(time.Hour), base.Add(48 * time.Hour), base.Add(time.Hour)} {
		put(t, s, obs, tenantA, market.Observation{ID: fmt.Sprintf("O%d", i), Competitor: "ctrip", Product: "Europe 10 days", Destination: "Europe",
			Departure: date.New(2027, 5, 1), Days: 10, Price: price, Basis: market.PerPerson, ObservedAt: seen, Source: "ctrip.com", Available: i != 3})
	}
	dup := market.Observation{ID: "O0", Competitor: "tuniu", Product: "P", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10,
		Price: price, Basis: market.PerPerson, ObservedAt: base, Source: "tuniu.com"}
	if _, err := obs.Put(ctx, s, tenantA, dup); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("an observation twice: %v", err)
	}
	got, err := obs.All(ctx, s, tenantA, storage.Query{Index: "observed", From: storage.Nanos(base), To: storage.Nanos(base.Add(24 * time.Hour))}, 10)
	var keys string
	for _, o := range got {
		keys += o.ID + " "
	}
	if err != nil || keys != "O1 O3 O0 " || got[1].Available || !got[2].Price.Equal(price) {
		t.Errorf("observations %s %v", keys, err)
	}
}

func listCustomers(t *testing.T, s storage.Store) {
	ctx := context.Background()
	names := []string{"Wang Lei", "wang li", "Wang  Fang", "Zhang Wei", "王磊", "王芳", "Li Na"}
	for i, n := range names {
		c := customer(t, tenantA, fmt.Sprintf("c%02d", i))
		c.Name, c.Email, c.Phone = n, fmt.Sprintf("User%d@Example.com", i%3), fmt.Sprintf("+86 138-0000-%04d", i%2)
		if i == 6 {
			c.Email = "user1+trips@example.com" // a plus tag is the same address for matching
		}
		mustSave(t, s, c)
	}
	other := customer(t, tenantB, "b1")
	other.Name = "Wang Lei"
	mustSave(t, s, other)
	prefix := func(p string) storage.Query {
		k := storage.NameKey(p)
		return storage.Query{Index: "name", From: k, To: k + "\U0010FFFF"}
	}
	phone := func(p string) storage.Query {
		k := storage.PhoneKey(p)
		return storage.Query{Index: "phone", From: k, To: k + "\U0010FFFF"}
	}
	id := func(c storage.Customer) string { return c.ID }
	for _, tc := range []struct {
		name string
		q    storage.Query
		want []string
	}{
		// Ordered by name key (lower case, spaces folded), then ID.
		{"wang", prefix("wang"), []string{"c02", "c00", "c01"}},
		{"WANG L", prefix("WANG L"), []string{"c00", "c01"}},
		{"王", prefix("王"), []string{"c04", "c05"}}, // U+78CA before U+82B3
		{"everyone", prefix(""), []string{"c06", "c02", "c00", "c01", "c03", "c04", "c05"}},
		{"e-mail", storage.Query{Index: "email", Equal: []any{storage.EmailKey(" user1@example.COM ")}}, []string{"c01", "c04", "c06"}},
		{"phone", phone("8613800000001"), []string{"c01", "c03", "c05"}},
		{"local number", phone("138-0000-0001"), []string{"c01", "c03", "c05"}},
		{"nobody", prefix("nobody"), nil},
	} {
		for _, size := range []int{1, 2, 50} {
			if diff := cmp.Diff(tc.want, pages(t, size, listing(ctx, s, storage.Customers(), tenantA, tc.q), id)); diff != "" {
				t.Errorf("%s, pages of %d (-want +got):\n%s", tc.name, size, diff)
			}
		}
	}
	// A page is stable against inserts before the cursor.
	first, err := storage.Customers().List(ctx, s, tenantA, storage.Query{Index: "name", From: "wang", To: "wang\U0010FFFF", Page: storage.PageRequest{Limit: 2}})
	if err != nil {
		t.Fatal(err)
	}
	early := customer(t, tenantA, "c99")
	early.Name = "Wang A"
	mustSave(t, s, early)
	rest, err := storage.Customers().List(ctx, s, tenantA, storage.Query{Index: "name", From: "wang", To: "wang\U0010FFFF",
		Page: storage.PageRequest{Limit: 2, After: first.Next}})
	if err != nil || len(rest.Items) != 1 || rest.Items[0].ID != "c01" || rest.Next != "" {
		t.Errorf("after an insert before the cursor: %+v, %v", rest, err)
	}
}

func listTripsAndQuotes(t *testing.T, s storage.Store) {
	ctx := context.Background()
	tv := tripVersion(t, tenantA, 1)
	for _, trip := range []string{"T-b", "T-a"} {
		for v := 1; v <= 2; v++ {
			tv.TripID, tv.Version, tv.CustomerID = trip, v, "c1"
			put(t, s, storage.Trips(nil), tenantA, tv)
		}
	}
	tv.TripID, tv.Version, tv.CustomerID = "T-c", 1, "c2"
	put(t, s, storage.Trips(nil), tenantA, tv)
	other := tripVersion(t, tenantB, 1)
	put(t, s, storage.Trips(nil), tenantB, other)
	trips := listing(ctx, s, storage.Trips(nil), tenantA, storage.Query{Index: "customer", Equal: []any{"c1"}})
	got := pages(t, 3, trips, func(v storage.TripVersion) string { return v.TripID + " v" + strconv.Itoa(v.Version) })
	if diff := cmp.Diff([]string{"T-a v1", "T-a v2", "T-b v1", "T-b v2"}, got); diff != "" {
		t.Errorf("trips of c1 (-want +got):\n%s", diff)
	}
	qv := quoteVersion(t, tenantA, 1)
	for _, q := range []string{"Q-2", "Q-1"} {
		for v := 1; v <= 2; v++ {
			qv.QuoteID, qv.Version, qv.CustomerID = q, v, "c1"
			put(t, s, storage.Quotes(), tenantA, qv)
		}
	}
	quotes := listing(ctx, s, storage.Quotes(), tenantA, storage.Query{Index: "customer", Equal: []any{"c1"}})
	got = pages(t, 3, quotes, func(v storage.QuoteVersion) string {
		return v.QuoteID + " v" + strconv.Itoa(v.Version) + " " + v.Quote.Totals.Total.String()
	})
	total := qv.Quote.Totals.Total.String()
	if diff := cmp.Diff([]string{"Q-1 v1 " + total, "Q-1 v2 " + total, "Q-2 v1 " + total, "Q-2 v2 " + total}, got); diff != "" {
		t.Errorf("quotes of c1 (-want +got):\n%s", diff)
	}
}

func listComplaints(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := at(t)
	for i := range 6 {
		rec := complaint(t, tenantA, fmt.Sprintf("k%d", i), base.Add(time.Duration(i)*time.Minute), nil)
		rec.Complaint.Assignee = []string{"li", "wu"}[i%2]
		if i%3 == 0 {
			rec.Complaint.Status = feedback.Acknowledged
		}
		if i != 5 {
			due := base.Add(time.Duration(10-i) * time.Hour)
			rec.DueAt = &due
		}
		put(t, s, storage.Complaints(), tenantA, rec)
	}
	put(t, s, storage.Complaints(), tenantB, complaint(t, tenantB, "kb", base, nil))
	id := func(r storage.ComplaintRecord) string { return r.Complaint.ID }
	for _, tc := range []struct {
		name string
		q    storage.Query
		want []string
	}{
		{"all", storage.Query{Index: "received"}, []string{"k0", "k1", "k2", "k3", "k4", "k5"}},
		{"assignee", storage.Query{Index: "assignee", Equal: []any{"wu"}}, []string{"k1", "k3", "k5"}},
		{"status", storage.Query{Index: "status", Equal: []any{"acknowledged"}}, []string{"k0", "k3"}},
		{"status and assignee", storage.Query{Index: "status", Equal: []any{"acknowledged"}, Where: []storage.Cond{{Field: "assignee", Value: "wu"}}},
			[]string{"k3"}},
		// Due in [base+7h, base+10h): k3 (7h), k2 (8h), k1 (9h), by due instant.
		{"due window", storage.Query{Index: "due", From: storage.Nanos(base.Add(7 * time.Hour)), To: storage.Nanos(base.Add(10 * time.Hour))},
			[]string{"k3", "k2", "k1"}},
		// Without a window the due listing leaves out k5, which has none.
		{"by due", storage.Query{Index: "due"}, []string{"k4", "k3", "k2", "k1", "k0"}},
	} {
		if diff := cmp.Diff(tc.want, pages(t, 2, listing(ctx, s, storage.Complaints(), tenantA, tc.q), id)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	rec, err := storage.Complaints().Get(ctx, s, tenantA, "k1")
	if err != nil || rec.DueAt == nil || !rec.DueAt.Equal(base.Add(9*time.Hour)) || rec.Complaint.Assignee != "wu" {
		t.Errorf("due instant and assignee round trip: %+v, %v", rec.DueAt, err)
	}
}

// badQueries: a listing by an unknown index or field, a value of the wrong
// type, a page too large or a cursor made for another listing is
// ErrInvalid on every store.
func badQueries(t *testing.T, s storage.Store) {
	ctx := context.Background()
	mustSave(t, s, customer(t, tenantA, "c1"))
	mustSave(t, s, customer(t, tenantA, "c2"))
	p, err := storage.Customers().List(ctx, s, tenantA, storage.Query{Page: storage.PageRequest{Limit: 1}})
	if err != nil || p.Next == "" {
		t.Fatal(err)
	}
	for name, q := range map[string]storage.Query{
		"unknown index":   {Index: "colour"},
		"unknown field":   {Where: []storage.Cond{{Field: "colour", Value: "red"}}},
		"wrong type":      {Index: "name", Equal: []any{int64(7)}},
		"page too large":  {Page: storage.PageRequest{Limit: storage.MaxPageSize + 1}},
		"foreign cursor":  {Index: "phone", Page: storage.PageRequest{After: p.Next + "x"}},
		"not a cursor":    {Page: storage.PageRequest{After: "not-a-cursor"}},
		"too many values": {Equal: []any{"c1", "c2"}},
	} {
		if _, err := storage.Customers().List(ctx, s, tenantA, q); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}
