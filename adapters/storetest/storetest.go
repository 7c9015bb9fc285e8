package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/pricing"
)

// Open returns an empty store for one test.
type Open func(t *testing.T) agency.Store

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	t.Run("CustomerRoundTrip", func(t *testing.T) { customerRoundTrip(t, open(t)) })
	t.Run("CustomerConflict", func(t *testing.T) { customerConflict(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { notFound(t, open(t)) })
	t.Run("TripVersions", func(t *testing.T) { tripVersions(t, open(t)) })
	t.Run("QuoteRoundTripAndAccept", func(t *testing.T) { quoteRoundTrip(t, open(t)) })
	t.Run("RollbackLeavesNothing", func(t *testing.T) { rollback(t, open(t)) })
	t.Run("TenantIsolation", func(t *testing.T) { tenantIsolation(t, open(t)) })
	t.Run("ConcurrentTripWriters", func(t *testing.T) { concurrentWriters(t, open(t)) })
	t.Run("OutboxClaims", func(t *testing.T) { outboxClaims(t, open(t)) })
	t.Run("OutboxConcurrentClaims", func(t *testing.T) { outboxConcurrentClaims(t, open(t)) })
	t.Run("Complaints", func(t *testing.T) { complaints(t, open(t)) })
	t.Run("SurveysAndFollowUps", func(t *testing.T) { surveysAndFollowUps(t, open(t)) })
	t.Run("SurveySummary", func(t *testing.T) { surveySummary(t, open(t)) })
	t.Run("PanicInUnitOfWork", func(t *testing.T) { panicInUnitOfWork(t, open(t)) })
	t.Run("CancelledContext", func(t *testing.T) { cancelledContext(t, open(t)) })
	t.Run("BadText", func(t *testing.T) { badText(t, open(t)) })
	t.Run("KeysNotConfused", func(t *testing.T) { keysNotConfused(t, open(t)) })
	t.Run("LeaseRenewal", func(t *testing.T) { leaseRenewal(t, open(t)) })
	t.Run("ConcurrentHolds", func(t *testing.T) { concurrentHolds(t, open(t)) })
	t.Run("HoldAllOrNothing", func(t *testing.T) { holdAllOrNothing(t, open(t)) })
	t.Run("HoldLifecycle", func(t *testing.T) { holdLifecycle(t, open(t)) })
	t.Run("StopSales", func(t *testing.T) { stopSales(t, open(t)) })
	t.Run("SuppliersAndContracts", func(t *testing.T) { suppliersAndContracts(t, open(t)) })
	t.Run("Payables", func(t *testing.T) { payables(t, open(t)) })
	t.Run("SupplierPerformance", func(t *testing.T) { supplierPerformance(t, open(t)) })
	t.Run("BookingsRoundTrip", func(t *testing.T) { bookingsRoundTrip(t, open(t)) })
	t.Run("TravelContractsRoundTrip", func(t *testing.T) { travelContractsRoundTrip(t, open(t)) })
	t.Run("InquiriesRoundTrip", func(t *testing.T) { inquiriesRoundTrip(t, open(t)) })
	t.Run("KPIFigures", func(t *testing.T) { kpiFigures(t, open(t)) })
	t.Run("BookingConfirmCancelRace", func(t *testing.T) { bookingConfirmCancelRace(t, open(t)) })
	t.Run("RemindersOnce", func(t *testing.T) { remindersOnce(t, open(t)) })
	t.Run("BankTransactions", func(t *testing.T) { bankTransactions(t, open(t)) })
	t.Run("ReadCustomers", func(t *testing.T) { readCustomers(t, open(t)) })
	t.Run("ReadTripsAndQuotes", func(t *testing.T) { readTripsAndQuotes(t, open(t)) })
	t.Run("ReadComplaints", func(t *testing.T) { readComplaints(t, open(t)) })
	t.Run("ReadEvents", func(t *testing.T) { readEvents(t, open(t)) })
}

const tenantA, tenantB agency.TenantID = "agency-a", "agency-b"

// at is a fixed instant with nanoseconds and a zone, to prove times
// round-trip exactly.
func at(t *testing.T) time.Time {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 27, 10, 30, 15, 123456789, loc)
}

func customer(t *testing.T, tenant agency.TenantID, id string) agency.Customer {
	return agency.Customer{Tenant: tenant, ID: id, Name: "王磊 Wang Lei", Email: "wang.lei@example.com", Phone: "+86 138 0000 0000",
		WeChat: "wanglei", Language: agency.Chinese, CreatedAt: at(t), UpdatedAt: at(t)}
}

func mustSave(t *testing.T, s agency.Store, c agency.Customer) agency.Customer {
	t.Helper()
	saved, err := s.Customers().Save(context.Background(), c)
	if err != nil {
		t.Fatalf("save customer %s: %v", c.ID, err)
	}
	return saved
}

func customerRoundTrip(t *testing.T, s agency.Store) {
	ctx := context.Background()
	c := customer(t, tenantA, "c1")
	saved := mustSave(t, s, c)
	if saved.Version != 1 {
		t.Fatalf("first save version %d, want 1", saved.Version)
	}
	got, err := s.Customers().Get(ctx, tenantA, "c1")
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
	again, _ := s.Customers().Get(ctx, tenantA, "c1")
	if again.Name != "Wang Lei" || !again.CreatedAt.Equal(c.CreatedAt) || !again.UpdatedAt.Equal(at(t).Add(time.Hour)) {
		t.Errorf("after update: %+v", again)
	}
	mustSave(t, s, customer(t, tenantA, "c0"))
	list, err := s.Customers().List(ctx, tenantA)
	if err != nil || len(list) != 2 || list[0].ID != "c0" || list[1].ID != "c1" {
		t.Errorf("List = %v, %v", list, err)
	}
}

func customerConflict(t *testing.T, s agency.Store) {
	ctx := context.Background()
	c := mustSave(t, s, customer(t, tenantA, "c1"))
	if _, err := s.Customers().Save(ctx, customer(t, tenantA, "c1")); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("second insert: %v, want ErrConflict", err)
	}
	mustSave(t, s, c) // version 1 → 2
	if _, err := s.Customers().Save(ctx, c); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale save: %v, want ErrConflict", err)
	}
	ghost := customer(t, tenantA, "ghost")
	ghost.Version = 3
	if _, err := s.Customers().Save(ctx, ghost); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("update of a missing customer: %v, want ErrNotFound", err)
	}
}

func notFound(t *testing.T, s agency.Store) {
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["customer"] = s.Customers().Get(ctx, tenantA, "nobody")
	_, checks["trip"] = s.Trips().Get(ctx, tenantA, "nothing", 1)
	_, checks["latest trip"] = s.Trips().Latest(ctx, tenantA, "nothing")
	_, checks["quote"] = s.Quotes().Get(ctx, tenantA, "nothing", 1)
	_, checks["latest quote"] = s.Quotes().Latest(ctx, tenantA, "nothing")
	checks["accept"] = s.Quotes().Accept(ctx, tenantA, "nothing", 1, at(t))
	_, checks["event"] = s.Outbox().Get(ctx, "nothing")
	checks["mark delivered"] = s.Outbox().MarkDelivered(ctx, "nothing", at(t))
	checks["mark failed"] = s.Outbox().MarkFailed(ctx, "nothing", 1, at(t), "x", false)
	for what, err := range checks {
		if !errors.Is(err, agency.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", what, err)
		}
	}
}

func tripVersion(t *testing.T, tenant agency.TenantID, version int) agency.TripVersion {
	trip, err := sample.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	trip.Title = fmt.Sprintf("%s (v%d)", trip.Title, version)
	return agency.TripVersion{Tenant: tenant, TripID: trip.ID, Version: version, CustomerID: "c1", Trip: *trip, CreatedAt: at(t)}
}

// sameJSON compares two values by their JSON encoding: instants with their
// offsets, money as exact strings.
func sameJSON(t *testing.T, what string, want, got any) {
	t.Helper()
	a, err1 := json.Marshal(want)
	b, err2 := json.Marshal(got)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: %v %v", what, err1, err2)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s changed in the round trip:\n got %s\nwant %s", what, b, a)
	}
}

func tripVersions(t *testing.T, s agency.Store) {
	ctx := context.Background()
	v1 := tripVersion(t, tenantA, 1)
	if err := s.Trips().Add(ctx, v1); err != nil {
		t.Fatal(err)
	}
	got, err := s.Trips().Get(ctx, tenantA, v1.TripID, 1)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "trip", v1.Trip, got.Trip)
	if !got.CreatedAt.Equal(v1.CreatedAt) || got.CustomerID != "c1" {
		t.Errorf("trip version fields: %+v", got)
	}
	// Instants come back in their places' zones.
	dep := got.Trip.Items[0].Transport.Depart
	if dep.Location().String() != "Asia/Shanghai" && dep.Format("-07:00") != "+08:00" {
		t.Errorf("departure zone %v", dep.Location())
	}
	if err := s.Trips().Add(ctx, v1); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("adding version 1 twice: %v, want ErrConflict", err)
	}
	if err := s.Trips().Add(ctx, tripVersion(t, tenantA, 3)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("skipping version 2: %v, want ErrConflict", err)
	}
	if err := s.Trips().Add(ctx, tripVersion(t, tenantA, 2)); err != nil {
		t.Fatal(err)
	}
	latest, err := s.Trips().Latest(ctx, tenantA, v1.TripID)
	if err != nil || latest.Version != 2 || latest.Trip.Title != tripVersion(t, tenantA, 2).Trip.Title {
		t.Errorf("latest = v%d %q, %v", latest.Version, latest.Trip.Title, err)
	}
	// Versions are immutable: changing what Get returned changes nothing.
	got.Trip.Items[0].Title = "changed"
	again, _ := s.Trips().Get(ctx, tenantA, v1.TripID, 1)
	if again.Trip.Items[0].Title == "changed" {
		t.Error("the store shares memory with a returned trip")
	}
}

func quoteVersion(t *testing.T, tenant agency.TenantID, version int) agency.QuoteVersion {
	req, err := sample.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	req.Version = version
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	return agency.QuoteVersion{Tenant: tenant, QuoteID: q.ID, Version: version, TripID: "T-2026-1127-001", TripVersion: 1,
		CustomerID: "c1", Quote: *q, CreatedAt: at(t)}
}

func quoteRoundTrip(t *testing.T, s agency.Store) {
	ctx := context.Background()
	v1 := quoteVersion(t, tenantA, 1)
	if err := s.Quotes().Add(ctx, v1); err != nil {
		t.Fatal(err)
	}
	got, err := s.Quotes().Get(ctx, tenantA, v1.QuoteID, 1)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "quote", v1.Quote, got.Quote)
	if !got.Quote.Totals.Total.Equal(v1.Quote.Totals.Total) || got.Quote.Totals.Total.String() != "84314.38 CNY" {
		t.Errorf("total %s", got.Quote.Totals.Total)
	}
	if got.AcceptedAt != nil {
		t.Error("a new quote is not accepted")
	}
	if err := s.Quotes().Add(ctx, v1); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("adding version 1 twice: %v", err)
	}
	if err := s.Quotes().Add(ctx, quoteVersion(t, tenantA, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.Quotes().Accept(ctx, tenantA, v1.QuoteID, 3, at(t)); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("accepting a missing version: %v", err)
	}
	if err := s.Quotes().Accept(ctx, tenantA, v1.QuoteID, 2, at(t)); err != nil {
		t.Fatal(err)
	}
	if err := s.Quotes().Accept(ctx, tenantA, v1.QuoteID, 1, at(t)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("a second acceptance: %v, want ErrConflict", err)
	}
	acc, _ := s.Quotes().Get(ctx, tenantA, v1.QuoteID, 2)
	if acc.AcceptedAt == nil || !acc.AcceptedAt.Equal(at(t)) {
		t.Errorf("accepted at %v", acc.AcceptedAt)
	}
	latest, _ := s.Quotes().Latest(ctx, tenantA, v1.QuoteID)
	if latest.Version != 2 || latest.AcceptedAt == nil {
		t.Errorf("latest v%d accepted %v", latest.Version, latest.AcceptedAt)
	}
}

func event(t *testing.T, tenant agency.TenantID, id string, created time.Time) agency.Event {
	return agency.Event{ID: id, Tenant: tenant, Type: agency.EventCustomerSaved, AggregateID: "c1", Language: agency.English,
		Payload: json.RawMessage(`{"customer_id":"c1","customer_name":"Wang Lei"}`), CreatedAt: created, NextAttemptAt: created}
}

func rollback(t *testing.T, s agency.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx agency.Store) error {
		mustSave(t, tx, customer(t, tenantA, "c1"))
		if err := tx.Trips().Add(ctx, tripVersion(t, tenantA, 1)); err != nil {
			return err
		}
		if err := tx.Quotes().Add(ctx, quoteVersion(t, tenantA, 1)); err != nil {
			return err
		}
		if err := tx.Outbox().Add(ctx, event(t, tenantA, "e1", at(t))); err != nil {
			return err
		}
		// Inside the transaction its own writes are visible, also through a
		// nested InTx.
		return tx.InTx(ctx, func(inner agency.Store) error {
			if _, err := inner.Customers().Get(ctx, tenantA, "c1"); err != nil {
				return fmt.Errorf("own write invisible: %w", err)
			}
			return boom
		})
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want the function's error", err)
	}
	if _, err := s.Customers().Get(ctx, tenantA, "c1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("customer survived the rollback: %v", err)
	}
	if _, err := s.Trips().Latest(ctx, tenantA, "T-2026-1127-001"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("trip survived the rollback: %v", err)
	}
	if _, err := s.Quotes().Latest(ctx, tenantA, "Q-2026-1127-001"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("quote survived the rollback: %v", err)
	}
	if _, err := s.Outbox().Get(ctx, "e1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("event survived the rollback: %v", err)
	}
	if evs, err := s.Outbox().Claim(ctx, at(t).Add(time.Hour), 10, time.Minute); err != nil || len(evs) != 0 {
		t.Errorf("a rolled-back event is claimable: %v, %v", evs, err)
	}
	// A committed unit of work keeps everything.
	err = s.InTx(ctx, func(tx agency.Store) error {
		mustSave(t, tx, customer(t, tenantA, "c1"))
		return tx.Outbox().Add(ctx, event(t, tenantA, "e2", at(t)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Customers().Get(ctx, tenantA, "c1"); err != nil {
		t.Error(err)
	}
	if _, err := s.Outbox().Get(ctx, "e2"); err != nil {
		t.Error(err)
	}
}

func tenantIsolation(t *testing.T, s agency.Store) {
	ctx := context.Background()
	mustSave(t, s, customer(t, tenantA, "c1"))
	if err := s.Trips().Add(ctx, tripVersion(t, tenantA, 1)); err != nil {
		t.Fatal(err)
	}
	if err := s.Quotes().Add(ctx, quoteVersion(t, tenantA, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Customers().Get(ctx, tenantB, "c1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's customer: %v", err)
	}
	if list, _ := s.Customers().List(ctx, tenantB); len(list) != 0 {
		t.Errorf("tenant B lists %d customers of tenant A", len(list))
	}
	if _, err := s.Trips().Latest(ctx, tenantB, "T-2026-1127-001"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's trip: %v", err)
	}
	if _, err := s.Quotes().Get(ctx, tenantB, "Q-2026-1127-001", 1); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's quote: %v", err)
	}
	if err := s.Quotes().Accept(ctx, tenantB, "Q-2026-1127-001", 1, at(t)); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B accepts tenant A's quote: %v", err)
	}
	stale := customer(t, tenantB, "c1")
	stale.Version = 1
	if _, err := s.Customers().Save(ctx, stale); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B updates tenant A's customer: %v", err)
	}
	// The same IDs are free for tenant B.
	mustSave(t, s, customer(t, tenantB, "c1"))
	if err := s.Trips().Add(ctx, tripVersion(t, tenantB, 1)); err != nil {
		t.Errorf("tenant B's own trip: %v", err)
	}
	a, _ := s.Customers().Get(ctx, tenantA, "c1")
	if a.Version != 1 {
		t.Errorf("tenant A's customer changed: %+v", a)
	}
}

// concurrentWriters: 20 goroutines add version 2 of one trip; exactly one
// wins and 19 get ErrConflict. Then 20 update one customer from version 1.
func concurrentWriters(t *testing.T, s agency.Store) {
	ctx := context.Background()
	if err := s.Trips().Add(ctx, tripVersion(t, tenantA, 1)); err != nil {
		t.Fatal(err)
	}
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
					err = s.Trips().Add(ctx, v)
				} else {
					mine := c
					mine.Name = fmt.Sprintf("writer %d", i)
					_, err = s.Customers().Save(ctx, mine)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case errors.Is(err, agency.ErrConflict):
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
	latest, _ := s.Trips().Latest(ctx, tenantA, "T-2026-1127-001")
	if latest.Version != 2 {
		t.Errorf("latest trip version %d", latest.Version)
	}
}

func outboxClaims(t *testing.T, s agency.Store) {
	ctx := context.Background()
	t0 := at(t)
	for i, id := range []string{"e1", "e2", "e3"} {
		if err := s.Outbox().Add(ctx, event(t, tenantA, id, t0.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Outbox().Add(ctx, event(t, tenantA, "e1", t0)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate event ID: %v", err)
	}
	now := t0.Add(time.Minute)
	first, err := s.Outbox().Claim(ctx, now, 2, time.Minute)
	if err != nil || len(first) != 2 || first[0].ID != "e1" || first[1].ID != "e2" {
		t.Fatalf("first claim %v, %v", ids(first), err)
	}
	if !bytes.Equal(first[0].Payload, event(t, tenantA, "e1", t0).Payload) || !first[0].CreatedAt.Equal(t0) {
		t.Errorf("event round trip: %+v", first[0])
	}
	second, _ := s.Outbox().Claim(ctx, now, 10, time.Minute)
	if len(second) != 1 || second[0].ID != "e3" {
		t.Fatalf("second claim %v: leased events must not be claimed again", ids(second))
	}
	if err := s.Outbox().MarkDelivered(ctx, "e1", now); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().MarkFailed(ctx, "e2", 1, now.Add(10*time.Second), "timeout", false); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().MarkFailed(ctx, "e3", 5, now, "gone", true); err != nil {
		t.Fatal(err)
	}
	// e2 is due again after its backoff; e3 is dead; e1 is delivered.
	if got, _ := s.Outbox().Claim(ctx, now.Add(5*time.Second), 10, time.Minute); len(got) != 0 {
		t.Errorf("claimed %v before the backoff ended", ids(got))
	}
	got, _ := s.Outbox().Claim(ctx, now.Add(10*time.Second), 10, time.Minute)
	if len(got) != 1 || got[0].ID != "e2" || got[0].Attempts != 1 || got[0].LastError != "timeout" {
		t.Errorf("after backoff claimed %+v", got)
	}
	// A claim whose holder died is claimable again once its lease ends.
	if got, _ := s.Outbox().Claim(ctx, now.Add(10*time.Second+time.Minute+time.Nanosecond), 10, time.Minute); len(got) != 1 || got[0].ID != "e2" {
		t.Errorf("after the lease ended claimed %v", ids(got))
	}
	e1, _ := s.Outbox().Get(ctx, "e1")
	e3, _ := s.Outbox().Get(ctx, "e3")
	if e1.DeliveredAt == nil || !e1.DeliveredAt.Equal(now) || e3.DeadAt == nil || e3.Attempts != 5 {
		t.Errorf("delivered %+v, dead %+v", e1, e3)
	}
}

func ids(es []agency.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// outboxConcurrentClaims: four claimers take batches of 5 from 100 events
// at once; no event is claimed twice and none is missed.
func outboxConcurrentClaims(t *testing.T, s agency.Store) {
	ctx := context.Background()
	t0 := at(t)
	err := s.InTx(ctx, func(tx agency.Store) error {
		for i := range 100 {
			if err := tx.Outbox().Add(ctx, event(t, tenantA, fmt.Sprintf("e%03d", i), t0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.Outbox().Claim(ctx, t0.Add(time.Second), 5, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					seen[e.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 100 {
		t.Errorf("claimed %d distinct events, want 100", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s claimed %d times", id, n)
		}
	}
}
