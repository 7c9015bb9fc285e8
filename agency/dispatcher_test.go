package agency_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
)

// A failed attempt is reported on the first try, through the logger and
// the hook; dead letters can be listed and requeued through the Service.
func TestDispatcherReportsEveryFailureAndRequeues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, clock, _ := newService(t, store)
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	var failures []agency.FailedDelivery
	var rec notify.Recorder
	rec.Fail(100)
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock, MaxAttempts: 2, BaseDelay: time.Minute,
		Logger:    slog.New(slog.NewTextHandler(&logs, nil)),
		OnFailure: func(f agency.FailedDelivery) { failures = append(failures, f) },
		Jitter:    func(m time.Duration) time.Duration { return m }, // the longest delay
	}
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(failures) != 1 || failures[0].Attempt != 1 || failures[0].Dead || !failures[0].NextAttemptAt.Equal(clock.Now().Add(time.Minute)) {
		t.Fatalf("first failure %+v", failures)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "attempt=1") {
		t.Errorf("first failure not logged: %s", logs.String())
	}
	clock.Add(time.Minute)
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(failures) != 2 || !failures[1].Dead || !strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("dead letter not reported: %+v\n%s", failures, logs.String())
	}
	dead, err := svc.Events(ctx, tenant, agency.EventDead, agency.PageRequest{})
	if err != nil || len(dead.Items) != 1 || dead.Items[0].Type != agency.EventCustomerSaved {
		t.Fatalf("dead letters %+v, %v", dead, err)
	}
	rec.Fail(0)
	if err := svc.RequeueEvent(ctx, tenant, dead.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := d.DeliverOnce(ctx); err != nil || n != 1 || len(rec.Sent()) != 1 {
		t.Fatalf("requeued event delivered %d, %v", n, err)
	}
	if err := svc.RequeueEvent(ctx, tenant, dead.Items[0].ID); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("requeue of a delivered event: %v", err)
	}
}

// The delay after a failure lies in [backoff/2, backoff], spread by Jitter.
func TestDispatcherJitter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		jitter func(time.Duration) time.Duration
		want   time.Duration
	}{
		{func(time.Duration) time.Duration { return 0 }, 30 * time.Second},
		{func(m time.Duration) time.Duration { return m }, time.Minute},
		{func(m time.Duration) time.Duration { return 10 * m }, time.Minute}, // clamped
		{func(m time.Duration) time.Duration { return -m }, 30 * time.Second},
		{nil, 0}, // the default: anywhere in the range
	} {
		store := memory.New()
		svc, clock, _ := newService(t, store)
		if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li", Language: agency.English}); err != nil {
			t.Fatal(err)
		}
		var rec notify.Recorder
		rec.Fail(1)
		var got time.Duration
		d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock, BaseDelay: time.Minute, Jitter: tc.jitter,
			OnFailure: func(f agency.FailedDelivery) { got = f.NextAttemptAt.Sub(clock.Now()) }}
		if _, err := d.DeliverOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if tc.jitter == nil {
			if got < 30*time.Second || got > time.Minute {
				t.Errorf("default jitter delay %v outside [30s, 1m]", got)
			}
		} else if got != tc.want {
			t.Errorf("delay %v, want %v", got, tc.want)
		}
	}
}

// slowNotifier takes its time and counts deliveries per event.
type slowNotifier struct {
	mu    sync.Mutex
	delay time.Duration
	seen  map[string]int
}

func (n *slowNotifier) Notify(ctx context.Context, m agency.Notification) error {
	time.Sleep(n.delay)
	n.mu.Lock()
	n.seen[m.EventID]++
	n.mu.Unlock()
	return nil
}

// A slow batch is not delivered twice: each event's lease is renewed when
// its turn comes, so a second dispatcher never takes an event the first
// still holds. (Before, a 20-event batch with 300 ms deliveries and a 1 s
// lease delivered 17 of 20 twice; here scaled down 15×.)
func TestSlowBatchIsNotDeliveredTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc := agency.New(store, agency.WithIDs(&seqIDs{}))
	for i := range 20 {
		if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c" + string(rune('a'+i)), Name: "Li", Language: agency.English}); err != nil {
			t.Fatal(err)
		}
	}
	n := &slowNotifier{delay: 20 * time.Millisecond, seen: map[string]int{}}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := agency.Dispatcher{Store: store, Notifier: n, Lease: 70 * time.Millisecond, BatchSize: 20}
			for range 100 {
				if _, err := d.DeliverOnce(ctx); err != nil {
					t.Error(err)
					return
				}
				if p, _ := store.Outbox().List(ctx, tenant, agency.EventPending, agency.PageRequest{Limit: 1}); len(p.Items) == 0 {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.seen) != 20 {
		t.Fatalf("%d events delivered, want 20", len(n.seen))
	}
	for id, k := range n.seen {
		if k != 1 {
			t.Errorf("event %s delivered %d times", id, k)
		}
	}
}
