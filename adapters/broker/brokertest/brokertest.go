package brokertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/tcpproxy"
)

// Harness is what the suite needs of an adapter and its broker.
type Harness struct {
	// Target is the broker's host:port; the suite puts a proxy in front of
	// it to take the broker away and bring it back.
	Target string
	// Open returns a notifier publishing through the broker at addr (the
	// proxy), on a destination of its own for this test, and a consumer
	// of that destination, subscribed before the notifier publishes.
	Open func(t *testing.T, addr string) (agency.Notifier, Consumer)
	// Refusing returns a notifier whose messages the broker refuses, and
	// whether the adapter reports that refusal as permanent (the event
	// goes to dead letters at once) or as a failure to retry.
	Refusing func(t *testing.T, addr string) (n agency.Notifier, permanent bool)
	// BrokerDeduplicates says whether the broker itself drops a message
	// whose ID it has seen (JetStream's duplicate window); otherwise the
	// consumer sees the redelivery and de-duplicates it.
	BrokerDeduplicates bool
}

// Consumer returns the bodies of the messages delivered so far, waiting
// until there are at least want (or a few seconds have passed).
type Consumer func(t *testing.T, want int) [][]byte

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	t.Run("PublishAndConsume", func(t *testing.T) { publishAndConsume(t, h) })
	t.Run("RedeliverySameID", func(t *testing.T) { redelivery(t, h) })
	t.Run("BrokerDownAndBack", func(t *testing.T) { downAndBack(t, h) })
	t.Run("Refused", func(t *testing.T) { refused(t, h) })
}

// Dedup keeps the first delivery of each CloudEvents id, as a consumer
// must: delivery is at least once.
type Dedup struct {
	mu   sync.Mutex
	seen map[string]bool
}

// First reports whether id is seen for the first time, and remembers it.
func (d *Dedup) First(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if d.seen[id] {
		return false
	}
	d.seen[id] = true
	return true
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

type seq struct {
	mu sync.Mutex
	n  int
}

func (s *seq) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return fmt.Sprintf("ev-%d-%d", time.Now().UnixNano(), s.n)
}

const tenant agency.TenantID = "agency-a"

// world is an agency on a memory store with a settable clock.
type world struct {
	a     *agency.Agency
	store storage.Store
	clock *clock
}

func newWorld(t *testing.T) *world {
	t.Helper()
	store := memory.New()
	c := &clock{t: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	a, err := agency.New(store, agency.Config{Clock: c, IDs: &seq{}})
	if err != nil {
		t.Fatal(err)
	}
	return &world{a: a, store: store, clock: c}
}

func (w *world) customer(t *testing.T, id, name string) agency.Event {
	t.Helper()
	ctx := context.Background()
	if _, err := w.a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: id, Name: name, Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	p, err := w.a.Outbox.List(ctx, tenant, agency.EventQuery{State: agency.EventPending, Page: agency.PageRequest{Limit: agency.MaxPageSize}})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("pending events: %v, %v", p.Items, err)
	}
	return p.Items[len(p.Items)-1]
}

func (w *world) dispatcher(n agency.Notifier) *agency.Dispatcher {
	d := w.a.Outbox.Dispatcher(n)
	d.Logger = discard()
	return d
}

func (w *world) event(t *testing.T, id string) agency.Event {
	t.Helper()
	e, err := w.a.Outbox.Get(context.Background(), tenant, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// check decodes a body and compares it with the outbox event it carries.
func check(t *testing.T, body []byte, want agency.Event) {
	t.Helper()
	got, err := broker.Decode(body)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if got.ID != want.ID || got.Type != want.Type || got.Tenant != string(want.Tenant) || got.Subject != want.AggregateID ||
		got.Source != "/travelkit/"+string(want.Tenant)+"/customer/"+want.AggregateID || !got.Time.Equal(want.CreatedAt) ||
		got.DataContentType != "application/json" || got.SpecVersion != "1.0" {
		t.Errorf("CloudEvent %+v does not carry event %+v", got, want)
	}
	var a, b bytes.Buffer
	_ = json.Compact(&a, got.Data)
	_ = json.Compact(&b, want.Payload)
	if a.String() != b.String() {
		t.Errorf("data %s, want the payload %s", a.String(), b.String())
	}
}

func publishAndConsume(t *testing.T, h Harness) {
	w := newWorld(t)
	e1 := w.customer(t, "c1", "王磊")
	e2 := w.customer(t, "c2", "Li Na")
	n, consume := h.Open(t, h.Target)
	if got, err := w.dispatcher(n).DeliverOnce(context.Background()); err != nil || got != 2 {
		t.Fatalf("delivered %d, %v", got, err)
	}
	bodies := consume(t, 2)
	if len(bodies) != 2 {
		t.Fatalf("consumed %d messages, want 2", len(bodies))
	}
	byID := map[string][]byte{}
	for _, b := range bodies {
		e, err := broker.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		byID[e.ID] = b
	}
	check(t, byID[e1.ID], e1)
	check(t, byID[e2.ID], e2)
	if e := w.event(t, e1.ID); e.DeliveredAt == nil {
		t.Errorf("event %s not marked delivered", e1.ID)
	}
}

// crashed is a store whose process dies after publishing, before the
// delivery is marked.
type crashed struct{ storage.Store }

func (c crashed) Outbox() storage.Outbox { return crashedOutbox{c.Store.Outbox()} }

type crashedOutbox struct{ storage.Outbox }

func (crashedOutbox) MarkDelivered(context.Context, []string, time.Time) error {
	return errors.New("the process died before marking")
}

func redelivery(t *testing.T, h Harness) {
	w := newWorld(t)
	e := w.customer(t, "c1", "王磊")
	n, consume := h.Open(t, h.Target)
	d := w.dispatcher(n)
	d.Store = crashed{w.store}
	if _, err := d.DeliverOnce(context.Background()); err == nil {
		t.Fatal("the crashed dispatcher marked its delivery")
	}
	w.clock.add(2 * time.Minute) // the lease runs out
	if got, err := w.dispatcher(n).DeliverOnce(context.Background()); err != nil || got != 1 {
		t.Fatalf("redelivered %d, %v", got, err)
	}
	want := 2
	if h.BrokerDeduplicates {
		want = 1
	}
	bodies := consume(t, want)
	time.Sleep(200 * time.Millisecond) // a duplicate the broker should have dropped would arrive now
	bodies = consume(t, len(bodies))
	if len(bodies) != want {
		t.Fatalf("consumed %d messages, want %d", len(bodies), want)
	}
	var dedup Dedup
	handled := 0
	for _, b := range bodies {
		ce, err := broker.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if ce.ID != e.ID {
			t.Errorf("redelivery carries ID %s, want %s", ce.ID, e.ID)
		}
		if dedup.First(ce.ID) {
			handled++
		}
	}
	if handled != 1 {
		t.Errorf("the consumer handled the event %d times", handled)
	}
}

func downAndBack(t *testing.T, h Harness) {
	w := newWorld(t)
	proxy := tcpproxy.Start(t, h.Target)
	n, consume := h.Open(t, proxy.Addr())
	e := w.customer(t, "c1", "王磊")
	proxy.SetDown(true)
	d := w.dispatcher(n)
	if got, err := d.DeliverOnce(context.Background()); err != nil || got != 0 {
		t.Fatalf("with the broker away: delivered %d, %v", got, err)
	}
	if ev := w.event(t, e.ID); ev.DeliveredAt != nil || ev.DeadAt != nil || ev.Attempts != 1 || ev.LastError == "" {
		t.Fatalf("with the broker away the event must wait in the outbox with its failure: %+v", ev)
	}
	proxy.SetDown(false)
	deadline := time.Now().Add(20 * time.Second)
	for {
		w.clock.add(2 * time.Hour) // past any backoff
		got, err := d.DeliverOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered after the broker came back: %+v", w.event(t, e.ID))
		}
		time.Sleep(200 * time.Millisecond) // the client reconnects
	}
	bodies := consume(t, 1)
	if len(bodies) != 1 {
		t.Fatalf("consumed %d, want 1", len(bodies))
	}
	check(t, bodies[0], e)
}

func refused(t *testing.T, h Harness) {
	w := newWorld(t)
	e := w.customer(t, "c1", "王磊")
	n, permanent := h.Refusing(t, h.Target)
	if got, err := w.dispatcher(n).DeliverOnce(context.Background()); err != nil || got != 0 {
		t.Fatalf("a refused message: delivered %d, %v", got, err)
	}
	ev := w.event(t, e.ID)
	if ev.DeliveredAt != nil || ev.LastError == "" || ev.Attempts != 1 {
		t.Fatalf("the refusal is not recorded: %+v", ev)
	}
	if permanent != (ev.DeadAt != nil) {
		t.Errorf("permanent refusal %v, but dead letter %v: %+v", permanent, ev.DeadAt != nil, ev)
	}
}
