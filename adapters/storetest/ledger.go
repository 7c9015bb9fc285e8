package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/supplier"
)

var stayNight = date.New(2027, 5, 4)

// Ledger tests the inventory ledger: holds that never oversell, all or
// none over a stay, idempotent retries that cannot leak units, the hold
// lifecycle, stop sales, releases, requests and listings.
func Ledger(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"ConcurrentHolds", concurrentHolds},
		{"HoldAllOrNothing", holdAllOrNothing},
		{"HoldLifecycle", holdLifecycle},
		{"StopSales", stopSales},
		{"StopSaleKeeps", stopSaleKeeps},
		{"IdempotencyKeyForAnotherRequest", idempotencyKeyForAnotherRequest},
		{"RetriesNeverLeakUnits", retriesNeverLeakUnits},
		{"FailedHoldInsideAUnitTakesNothing", failedHoldInsideAUnit},
		{"UnitsAreCapped", unitsAreCapped},
		{"RequestsAndListings", requestsAndListings},
	})
}

func allotment(id string, units int, kind supplier.InventoryKind) supplier.AllotmentSpec {
	return supplier.AllotmentSpec{ID: id, SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3", Kind: kind,
		From: stayNight, To: stayNight + 6, Units: units, Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
}

func hold(t *testing.T, id, allot string, from date.Date, nights, units int, key string) supplier.Hold {
	created := at(t)
	return supplier.Hold{ID: id, AllotmentID: allot, From: from, Nights: nights, Units: units, CreatedAt: created,
		ExpiresAt: created.Add(30 * time.Minute), IdempotencyKey: key}
}

func counters(t *testing.T, s storage.Store, id string) []supplier.Night {
	t.Helper()
	ns, err := s.Ledger().Nights(context.Background(), tenantA, id, stayNight, stayNight+6)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func mustCreate(t *testing.T, s storage.Store, spec supplier.AllotmentSpec) {
	t.Helper()
	if err := s.Ledger().Create(context.Background(), tenantA, spec); err != nil {
		t.Fatal(err)
	}
}

// concurrentHolds: 20 clients each hold one unit of a night with 5 free:
// exactly 5 win, 15 are refused as conflicts, and the counter is exact.
func concurrentHolds(t *testing.T, s storage.Store) {
	ctx := context.Background()
	mustCreate(t, s, allotment("A1", 5, supplier.Allotment))
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Ledger().Hold(ctx, tenantA, hold(t, fmt.Sprintf("h%02d", i), "A1", stayNight, 1, 1, ""))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, storage.ErrConflict):
				conflicts++
			default:
				t.Errorf("hold %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if wins != 5 || conflicts != 15 {
		t.Errorf("%d won, %d refused; want 5 and 15", wins, conflicts)
	}
	n := counters(t, s, "A1")[0]
	if n.Held != 5 || n.Sellable() != 0 || n.Booked != 0 {
		t.Errorf("counter %+v", n)
	}
}

// holdAllOrNothing: a stay whose third night is full holds nothing; a
// retry with the same idempotency key holds once.
func holdAllOrNothing(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("A2", 2, supplier.Allotment))
	if _, err := a.Hold(ctx, tenantA, hold(t, "fill", "A2", stayNight+2, 1, 2, "")); err != nil {
		t.Fatal(err)
	}
	_, err := a.Hold(ctx, tenantA, hold(t, "stay", "A2", stayNight, 3, 1, ""))
	if !errors.Is(err, storage.ErrConflict) {
		t.Fatalf("stay over a full night: %v", err)
	}
	ns := counters(t, s, "A2")
	if ns[0].Held != 0 || ns[1].Held != 0 || ns[2].Held != 2 {
		t.Errorf("a refused stay changed counters: %+v", ns[:3])
	}
	if _, err := a.GetHold(ctx, tenantA, "stay"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("refused hold stored: %v", err)
	}
	first, err := a.Hold(ctx, tenantA, hold(t, "k1", "A2", stayNight, 2, 1, "req-42"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.Hold(ctx, tenantA, hold(t, "k2", "A2", stayNight, 2, 1, "req-42"))
	if err != nil || again.ID != "k1" {
		t.Errorf("retry with the same key: %+v, %v", again, err)
	}
	if n := counters(t, s, "A2")[0]; n.Held != 1 {
		t.Errorf("retry held twice: %+v", n)
	}
	if !first.ExpiresAt.Equal(at(t).Add(30*time.Minute)) || first.State != supplier.HoldActive {
		t.Errorf("hold %+v", first)
	}
	// A hold without an expiry, or for another tenant's allotment.
	h := hold(t, "forever", "A2", stayNight, 1, 1, "")
	h.ExpiresAt = time.Time{}
	if _, err := a.Hold(ctx, tenantA, h); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("hold without expiry: %v", err)
	}
	if _, err := a.Hold(ctx, tenantB, hold(t, "other", "A2", stayNight, 1, 1, "")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("another tenant's allotment: %v", err)
	}
}

// holdLifecycle: confirm moves held to booked only while the hold is live;
// cancel gives units back; the expiry sweep and the release job give back
// nothing twice.
func holdLifecycle(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("A3", 4, supplier.Allotment))
	for _, id := range []string{"h1", "h2", "h3"} {
		if _, err := a.Hold(ctx, tenantA, hold(t, id, "A3", stayNight, 2, 1, "")); err != nil {
			t.Fatal(err)
		}
	}
	expiry := at(t).Add(30 * time.Minute)
	if _, err := a.Confirm(ctx, tenantA, "h1", expiry); !errors.Is(err, storage.ErrInvalidTransition) {
		t.Errorf("confirm at the expiry instant: %v", err)
	}
	h1, err := a.Confirm(ctx, tenantA, "h1", expiry.Add(-time.Second))
	if err != nil || h1.State != supplier.HoldConfirmed {
		t.Fatalf("confirm: %+v, %v", h1, err)
	}
	if _, err := a.Confirm(ctx, tenantA, "h1", expiry.Add(-time.Second)); !errors.Is(err, storage.ErrInvalidTransition) {
		t.Errorf("confirm twice: %v", err)
	}
	if _, err := a.Cancel(ctx, tenantA, "h2"); err != nil {
		t.Fatal(err)
	}
	n := counters(t, s, "A3")[1]
	if n.Held != 1 || n.Booked != 1 {
		t.Errorf("after confirm and cancel: %+v", n)
	}
	// The sweep expires h3 once.
	for i, want := range []int{1, 0} {
		got, err := a.ExpireDue(ctx, expiry, 10)
		if err != nil || len(got) != want {
			t.Fatalf("sweep %d: %v, %v", i, got, err)
		}
		if want == 1 && (got[0].Tenant != tenantA || got[0].Hold.ID != "h3" || got[0].Hold.State != supplier.HoldExpired) {
			t.Errorf("expired %+v", got[0])
		}
	}
	if _, err := a.Confirm(ctx, tenantA, "h3", expiry.Add(-time.Hour)); !errors.Is(err, storage.ErrInvalidTransition) {
		t.Errorf("confirm an expired hold: %v", err)
	}
	n = counters(t, s, "A3")[0]
	if n.Held != 0 || n.Booked != 1 {
		t.Errorf("after the sweep: %+v", n)
	}
	// Release gives back what is neither booked nor held, once.
	for i, want := range []int{3, 0} {
		got, err := a.Release(ctx, tenantA, "A3", stayNight)
		if err != nil || got != want {
			t.Errorf("release %d: %d, %v; want %d", i, got, err, want)
		}
	}
	if n := counters(t, s, "A3")[0]; n.Released != 3 || n.Sellable() != 0 {
		t.Errorf("after release: %+v", n)
	}
}

// stopSaleKeeps: a stop sale that keeps units sellable (an agreed
// remaining allotment) sells exactly those, a unit given back sells again
// within them, Sellable and Nights say so, and reopening sells the rest.
func stopSaleKeeps(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("K1", 5, supplier.Allotment))
	if _, err := a.Hold(ctx, tenantA, hold(t, "k0", "K1", stayNight, 1, 1, "")); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStopSale(ctx, tenantA, "K1", stayNight, stayNight, true, 2, stayNight-30); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStopSale(ctx, tenantA, "K1", stayNight, stayNight, true, -1, stayNight-30); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("a stop sale keeping -1 units: %v", err)
	}
	sellable := func() int {
		t.Helper()
		got, err := a.Sellable(ctx, tenantA, "K1", stayNight, stayNight)
		if err != nil || len(got) != 1 || !got[0].StopSale {
			t.Fatalf("sellable %+v, %v", got, err)
		}
		ns := counters(t, s, "K1")
		if ns[0].Sellable() != got[0].Units || ns[0].StopSaleCap != 3 {
			t.Errorf("the night says %d sellable (cap %d), Sellable %d", ns[0].Sellable(), ns[0].StopSaleCap, got[0].Units)
		}
		return got[0].Units
	}
	if n := sellable(); n != 2 {
		t.Errorf("%d sellable under a stop keeping 2", n)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "k1", "K1", stayNight, 1, 3, "")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("3 units under a stop keeping 2: %v", err)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "k2", "K1", stayNight, 1, 2, "")); err != nil {
		t.Errorf("the 2 units kept: %v", err)
	}
	if n := sellable(); n != 0 {
		t.Errorf("%d sellable once the kept units are taken", n)
	}
	if _, err := a.Cancel(ctx, tenantA, "k0"); err != nil {
		t.Fatal(err)
	}
	if n := sellable(); n != 1 {
		t.Errorf("%d sellable after a unit came back", n)
	}
	if err := a.SetStopSale(ctx, tenantA, "K1", stayNight, stayNight, false, 0, stayNight-30); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Sellable(ctx, tenantA, "K1", stayNight, stayNight); len(got) != 1 || got[0].Units != 3 || got[0].StopSale {
		t.Errorf("reopened: %+v", got)
	}
}

// stopSales: a stop sale sells nothing, except guaranteed units; zero
// overbooking is a real limit, a positive one sells beyond the allocation.
func stopSales(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("A4", 3, supplier.Allotment))
	g := allotment("G1", 2, supplier.Guaranteed)
	mustCreate(t, s, g)
	over := allotment("O1", 1, supplier.Allotment)
	over.OverbookLimit = 1
	mustCreate(t, s, over)
	for _, id := range []string{"A4", "G1"} {
		if err := a.SetStopSale(ctx, tenantA, id, stayNight, stayNight+1, true, 0, stayNight-30); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "s1", "A4", stayNight, 1, 1, "")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("hold under a stop sale: %v", err)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "g1", "G1", stayNight, 1, 2, "")); err != nil {
		t.Errorf("guaranteed units under a stop sale: %v", err)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "o1", "O1", stayNight, 1, 2, "")); err != nil {
		t.Errorf("overbooking by the limit: %v", err)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "o2", "O1", stayNight, 1, 1, "")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("beyond the overbooking limit: %v", err)
	}
	if err := a.SetStopSale(ctx, tenantA, "A4", stayNight, stayNight+1, false, 0, stayNight-30); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Hold(ctx, tenantA, hold(t, "s2", "A4", stayNight, 1, 1, "")); err != nil {
		t.Errorf("hold after the stop sale is lifted: %v", err)
	}
	if got, _ := a.Release(ctx, tenantA, "G1", stayNight+1); got != 0 {
		t.Errorf("guaranteed units released: %d", got)
	}
	// Sellable agrees with the counters, night by night.
	got, err := a.Sellable(ctx, tenantA, "O1", stayNight-1, stayNight+2)
	if err != nil || len(got) != 3 {
		t.Fatalf("sellable: %v, %v", got, err)
	}
	if got[0].Night != stayNight || got[0].Units != 0 || got[1].Units != 2 || got[1].StopSale {
		t.Errorf("sellable O1: %+v", got)
	}
	if got, _ := a.Sellable(ctx, tenantA, "G1", stayNight, stayNight); len(got) != 1 || !got[0].StopSale || got[0].Units != 0 {
		t.Errorf("sellable G1 (2 held of 2, stop-sold): %+v", got)
	}
	if got, _ := a.Sellable(ctx, tenantB, "O1", stayNight, stayNight+6); len(got) != 0 {
		t.Errorf("another tenant's counters: %+v", got)
	}
	if err := a.Create(ctx, tenantA, allotment("A4", 1, supplier.Allotment)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate allotment: %v", err)
	}
	if _, err := a.Get(ctx, tenantB, "A4"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("another tenant's allotment: %v", err)
	}
}

// idempotencyKeyForAnotherRequest: a key reused for a different request
// (another allotment, nights or units) is ErrConflict, not the first hold.
func idempotencyKeyForAnotherRequest(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("A5", 5, supplier.Allotment))
	mustCreate(t, s, allotment("A6", 5, supplier.Allotment))
	if _, err := a.Hold(ctx, tenantA, hold(t, "k1", "A5", stayNight, 2, 1, "req-1")); err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]supplier.Hold{
		"other allotment": hold(t, "k2", "A6", stayNight, 2, 1, "req-1"),
		"other nights":    hold(t, "k3", "A5", stayNight, 3, 1, "req-1"),
		"other units":     hold(t, "k4", "A5", stayNight, 2, 2, "req-1"),
		"other start":     hold(t, "k5", "A5", stayNight+1, 2, 1, "req-1"),
	} {
		if _, err := a.Hold(ctx, tenantA, h); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("%s under a used key: %v, want ErrConflict", name, err)
		}
	}
	if _, err := a.Request(ctx, tenantA, hold(t, "k6", "A5", stayNight, 2, 1, "req-1")); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("a request under a hold's key: %v", err)
	}
	if ns := counters(t, s, "A5"); ns[0].Held != 1 || ns[2].Held != 0 {
		t.Errorf("refused reuses moved counters: %+v", ns[:3])
	}
	if ns := counters(t, s, "A6"); ns[0].Held != 0 {
		t.Errorf("refused reuse held on another allotment: %+v", ns[0])
	}
}

// retriesNeverLeakUnits: clients retry a two-night hold with the same key
// at once while the second night has one unit left and other clients
// compete for it; afterwards every night's held counter equals the units
// of the live holds that cover it — no unit belongs to no hold.
func retriesNeverLeakUnits(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	mustCreate(t, s, allotment("A7", 3, supplier.Allotment))
	if _, err := a.Hold(ctx, tenantA, hold(t, "fill", "A7", stayNight+1, 1, 2, "")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("retry-%d", i%3) // three clients, eight attempts each
			_ = s.InTx(ctx, func(tx storage.Store) error {
				_, err := tx.Ledger().Hold(ctx, tenantA, hold(t, fmt.Sprintf("r%02d", i), "A7", stayNight, 2, 1, key))
				return err
			})
		}()
	}
	wg.Wait()
	ns := counters(t, s, "A7")
	var live []supplier.Hold
	for i := range 24 {
		if h, err := a.GetHold(ctx, tenantA, fmt.Sprintf("r%02d", i)); err == nil && h.State == supplier.HoldActive {
			live = append(live, h)
		}
	}
	want := [2]int{0, 2}
	for _, h := range live {
		want[0] += h.Units
		want[1] += h.Units
	}
	if ns[0].Held != want[0] || ns[1].Held != want[1] || len(live) != 1 {
		t.Errorf("held %d and %d, live holds %d; want %v and exactly one live hold", ns[0].Held, ns[1].Held, len(live), want)
	}
}

// failedHoldInsideAUnit: a hold refused on its second night inside a unit
// of work that goes on and commits leaves no unit taken on its first.
func failedHoldInsideAUnit(t *testing.T, s storage.Store) {
	ctx := context.Background()
	mustCreate(t, s, allotment("A8", 1, supplier.Allotment))
	if _, err := s.Ledger().Hold(ctx, tenantA, hold(t, "fill", "A8", stayNight+1, 1, 1, "")); err != nil {
		t.Fatal(err)
	}
	err := s.InTx(ctx, func(tx storage.Store) error {
		if _, err := tx.Ledger().Hold(ctx, tenantA, hold(t, "two", "A8", stayNight, 2, 1, "k")); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("stay over a full night: %v", err)
		}
		_, err := tx.Ledger().Hold(ctx, tenantA, hold(t, "one", "A8", stayNight+3, 1, 1, ""))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ns := counters(t, s, "A8")
	if ns[0].Held != 0 || ns[1].Held != 1 || ns[3].Held != 1 {
		t.Errorf("counters after a refused hold in a committed unit: %+v", ns[:4])
	}
	if _, err := s.Ledger().GetHold(ctx, tenantA, "two"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the refused hold is stored: %v", err)
	}
}

// unitsAreCapped: an allotment or a hold beyond supplier.MaxUnits is
// refused as ErrInvalid on every store, and nothing is stored.
func unitsAreCapped(t *testing.T, s storage.Store) {
	ctx := context.Background()
	big := allotment("BIG", supplier.MaxUnits+1, supplier.Allotment)
	if err := s.Ledger().Create(ctx, tenantA, big); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("an allotment of %d units: %v", big.Units, err)
	}
	if _, err := s.Ledger().Get(ctx, tenantA, "BIG"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the refused allotment is stored: %v", err)
	}
	huge := allotment("HUGE", 1<<31, supplier.Allotment)
	if err := s.Ledger().Create(ctx, tenantA, huge); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("an allotment of 2^31 units: %v", err)
	}
	mustCreate(t, s, allotment("MAX", supplier.MaxUnits, supplier.Allotment))
	if _, err := s.Ledger().Hold(ctx, tenantA, hold(t, "h", "MAX", stayNight, 1, supplier.MaxUnits+1, "")); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("a hold beyond the cap: %v", err)
	}
	if _, err := s.Ledger().Hold(ctx, tenantA, hold(t, "h", "MAX", stayNight, 1, supplier.MaxUnits, "")); err != nil {
		t.Errorf("a hold of the cap: %v", err)
	}
	if n := counters(t, s, "MAX")[0]; n.Held != supplier.MaxUnits || n.Sellable() != 0 {
		t.Errorf("counter at the cap: %+v", n)
	}
}

// requestsAndListings: requests take nothing from the counters; a
// supplier's allotments and an allotment's holds are listed by ID.
func requestsAndListings(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	for _, id := range []string{"L2", "L1"} {
		mustCreate(t, s, allotment(id, 2, supplier.Allotment))
	}
	other := allotment("L3", 2, supplier.Allotment)
	other.SupplierID = "hotel-lumiere"
	mustCreate(t, s, other)
	for _, id := range []string{"h2", "h1"} {
		if _, err := a.Hold(ctx, tenantA, hold(t, id, "L1", stayNight, 1, 1, "")); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Request(ctx, tenantA, hold(t, "r1", "L1", stayNight, 1, 5, "ask-1"))
	if err != nil || r.State != supplier.HoldRequested || !r.OnRequest {
		t.Fatalf("request: %+v %v", r, err)
	}
	if again, err := a.Request(ctx, tenantA, hold(t, "r2", "L1", stayNight, 1, 5, "ask-1")); err != nil || again.ID != "r1" {
		t.Errorf("retried request: %+v %v", again, err)
	}
	if n := counters(t, s, "L1")[0]; n.Held != 2 {
		t.Errorf("a request took units: %+v", n)
	}
	spec := func(x supplier.AllotmentSpec) string { return x.ID }
	if got := pages(t, 1, func(p storage.PageRequest) (storage.Page[supplier.AllotmentSpec], error) {
		return a.List(ctx, tenantA, "hotel-pantheon", p)
	}, spec); !slices.Equal(got, []string{"L1", "L2"}) {
		t.Errorf("the supplier's allotments %v", got)
	}
	if got := pages(t, 2, func(p storage.PageRequest) (storage.Page[supplier.AllotmentSpec], error) {
		return a.List(ctx, tenantA, "", p)
	}, spec); !slices.Equal(got, []string{"L1", "L2", "L3"}) {
		t.Errorf("every allotment %v", got)
	}
	if got := pages(t, 1, func(p storage.PageRequest) (storage.Page[supplier.Hold], error) {
		return a.Holds(ctx, tenantA, "L1", p)
	}, func(h supplier.Hold) string { return h.ID }); !slices.Equal(got, []string{"h1", "h2", "r1"}) {
		t.Errorf("the allotment's holds %v", got)
	}
	if p, _ := a.Holds(ctx, tenantB, "L1", storage.PageRequest{}); len(p.Items) != 0 {
		t.Errorf("another tenant's holds %v", p.Items)
	}
}
