package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/travelkit/travelkit/agency/storage"
)

// Outbox tests the outbox: claims under leases, concurrent claimers,
// renewal, retries and dead letters, listings and requeue.
func Outbox(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"Claims", outboxClaims},
		{"ConcurrentClaims", outboxConcurrentClaims},
		{"LeaseRenewal", leaseRenewal},
		{"BatchLeases", batchLeases},
		{"ListAndRequeue", listEvents},
	})
}

func outboxClaims(t *testing.T, s storage.Store) {
	ctx := context.Background()
	t0 := at(t)
	for i, id := range []string{"e1", "e2", "e3"} {
		e := event(t, tenantA, id, t0.Add(time.Duration(i)*time.Second))
		if i == 0 {
			e.Audience, e.Recipient, e.Language = "customer", "wang.lei@example.com", storage.Chinese
		}
		if err := s.Outbox().Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Outbox().Add(ctx, event(t, tenantA, "e1", t0)); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("duplicate event ID: %v", err)
	}
	now := t0.Add(time.Minute)
	first, err := s.Outbox().Claim(ctx, now, 2, time.Minute)
	if err != nil || len(first) != 2 || first[0].ID != "e1" || first[1].ID != "e2" {
		t.Fatalf("first claim %v, %v", ids(first), err)
	}
	if e := first[0]; !bytes.Equal(e.Payload, event(t, tenantA, "e1", t0).Payload) || !e.CreatedAt.Equal(t0) || e.Audience != "customer" ||
		e.Recipient != "wang.lei@example.com" || e.Language != storage.Chinese {
		t.Errorf("event round trip: %+v", e)
	}
	second, _ := s.Outbox().Claim(ctx, now, 10, time.Minute)
	if len(second) != 1 || second[0].ID != "e3" {
		t.Fatalf("second claim %v: leased events must not be claimed again", ids(second))
	}
	if err := s.Outbox().MarkDelivered(ctx, []string{"e1", "unknown"}, now); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("marking an unknown event delivered: %v, want ErrNotFound", err)
	}
	if e, _ := s.Outbox().Get(ctx, tenantA, "e1"); e.DeliveredAt != nil {
		t.Errorf("a refused mark changed e1: %+v", e)
	}
	if err := s.Outbox().MarkDelivered(ctx, []string{"e1", "e1"}, now); err != nil {
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
	e1, _ := s.Outbox().Get(ctx, tenantA, "e1")
	e3, _ := s.Outbox().Get(ctx, tenantA, "e3")
	if e1.DeliveredAt == nil || !e1.DeliveredAt.Equal(now) || e3.DeadAt == nil || e3.Attempts != 5 {
		t.Errorf("delivered %+v, dead %+v", e1, e3)
	}
	if _, err := s.Outbox().Get(ctx, tenantB, "e1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("another tenant's event: %v", err)
	}
}

// outboxConcurrentClaims: four claimers take batches of 5 from 100 events
// at once; no event is claimed twice and none is missed.
func outboxConcurrentClaims(t *testing.T, s storage.Store) {
	ctx := context.Background()
	t0 := at(t)
	err := s.InTx(ctx, func(tx storage.Store) error {
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

// leaseRenewal: a claimed event's lease can be renewed by its holder only;
// once it ran out and another claim took the event, the old holder's
// renewal is a conflict.
func leaseRenewal(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := at(t)
	if err := s.Outbox().Add(ctx, event(t, tenantA, "e1", base)); err != nil {
		t.Fatal(err)
	}
	first, err := s.Outbox().Claim(ctx, base, 10, time.Minute)
	if err != nil || len(first) != 1 || !first[0].LeasedUntil.Equal(base.Add(time.Minute)) {
		t.Fatalf("claim %+v, %v", first, err)
	}
	held := first[0].LeasedUntil
	renew := func(id string, held, until time.Time) bool {
		t.Helper()
		got, err := s.Outbox().Renew(ctx, []string{id}, held, until)
		if err != nil {
			t.Fatalf("renew %s: %v", id, err)
		}
		return len(got) == 1 && got[0] == id
	}
	if !renew("e1", held, base.Add(2*time.Minute)) {
		t.Fatal("renew by the holder failed")
	}
	if got, _ := s.Outbox().Claim(ctx, base.Add(90*time.Second), 10, time.Minute); len(got) != 0 {
		t.Errorf("renewed event claimed again: %v", ids(got))
	}
	second, err := s.Outbox().Claim(ctx, base.Add(3*time.Minute), 10, time.Minute)
	if err != nil || len(second) != 1 {
		t.Fatalf("claim after the lease ran out: %v, %v", ids(second), err)
	}
	if renew("e1", base.Add(2*time.Minute), base.Add(5*time.Minute)) {
		t.Errorf("a former holder renewed the lease")
	}
	if !renew("e1", second[0].LeasedUntil, base.Add(5*time.Minute)) {
		t.Errorf("renew by the new holder failed")
	}
	if err := s.Outbox().MarkDelivered(ctx, []string{"e1"}, base.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if renew("e1", base.Add(5*time.Minute), base.Add(6*time.Minute)) {
		t.Errorf("renewed the lease of a delivered event")
	}
}

// batchLeases: one claim's leases are renewed together; the renewal
// returns, in the order asked, only the events the claim still holds.
func batchLeases(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := at(t)
	for i := range 4 {
		if err := s.Outbox().Add(ctx, event(t, tenantA, fmt.Sprintf("b%d", i), base.Add(time.Duration(i)*time.Millisecond))); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := s.Outbox().Claim(ctx, base.Add(time.Second), 10, time.Minute)
	if err != nil || len(claimed) != 4 {
		t.Fatalf("claim %v, %v", ids(claimed), err)
	}
	held := claimed[0].LeasedUntil
	if err := s.Outbox().MarkDelivered(ctx, []string{"b1"}, base); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().MarkFailed(ctx, "b2", 1, base, "timeout", false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Outbox().Renew(ctx, []string{"b3", "b0", "b1", "b2", "unknown"}, held, base.Add(2*time.Minute))
	if err != nil || !slices.Equal(got, []string{"b3", "b0"}) {
		t.Fatalf("renewed %v, %v; want [b3 b0]", got, err)
	}
	if got, err := s.Outbox().Renew(ctx, nil, held, base); err != nil || len(got) != 0 {
		t.Errorf("renewing nothing: %v, %v", got, err)
	}
	// The failed event is due again at once; the renewed ones are not.
	again, _ := s.Outbox().Claim(ctx, base.Add(90*time.Second), 10, time.Minute)
	if len(again) != 1 || again[0].ID != "b2" {
		t.Errorf("claim after renewal: %v, want [b2]", ids(again))
	}
}

func listEvents(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := at(t)
	for i := range 5 {
		if err := s.Outbox().Add(ctx, event(t, tenantA, fmt.Sprintf("e%d", i), base.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Outbox().Add(ctx, event(t, tenantB, "eb", base)); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().MarkDelivered(ctx, []string{"e1"}, base); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"e2", "e4"} {
		if err := s.Outbox().MarkFailed(ctx, id, 8, base.Add(time.Hour), "connection refused", true); err != nil {
			t.Fatal(err)
		}
	}
	list := func(state storage.EventState) []string {
		return pages(t, 1, func(p storage.PageRequest) (storage.Page[storage.Event], error) {
			return s.Outbox().List(ctx, tenantA, state, p)
		}, func(e storage.Event) string { return e.ID })
	}
	if diff := cmp.Diff([]string{"e0", "e3"}, list(storage.EventPending)); diff != "" {
		t.Errorf("pending (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"e1"}, list(storage.EventDelivered)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"e2", "e4"}, list(storage.EventDead)); diff != "" {
		t.Errorf("dead (-want +got):\n%s", diff)
	}
	if err := s.Outbox().Requeue(ctx, tenantB, "e2", base); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("requeue across tenants: %v", err)
	}
	if err := s.Outbox().Requeue(ctx, tenantA, "e1", base); !errors.Is(err, storage.ErrInvalidTransition) {
		t.Errorf("requeue a delivered event: %v", err)
	}
	if err := s.Outbox().Requeue(ctx, tenantA, "e2", base.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, err := s.Outbox().Get(ctx, tenantA, "e2")
	if err != nil || e.State() != storage.EventPending || e.Attempts != 0 || !e.NextAttemptAt.Equal(base.Add(2*time.Hour)) {
		t.Errorf("requeued event %+v, %v", e, err)
	}
	claimed, err := s.Outbox().Claim(ctx, base.Add(3*time.Hour), 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got := ids(claimed)
	slices.Sort(got)
	if diff := cmp.Diff([]string{"e0", "e2", "e3", "eb"}, got); diff != "" {
		t.Errorf("claimed after requeue (-want +got):\n%s", diff)
	}
	if _, err := s.Outbox().List(ctx, tenantA, "lost", storage.PageRequest{}); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("unknown state: %v", err)
	}
}
