package agency_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// seqIDs numbers IDs.
type seqIDs struct {
	mu sync.Mutex
	n  int
}

func (g *seqIDs) NewID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return fmt.Sprintf("id-%03d", g.n)
}

const tenant agency.TenantID = "agency-a"

func newService(t *testing.T, store agency.Store) (*agency.Service, *fakeClock, []pricing.LineInput) {
	t.Helper()
	rates, extras, err := sample.Case1Rates()
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	return agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithRates(rates)), clock, extras
}

func quoteOptions(t *testing.T, extras []pricing.LineInput) agency.QuoteOptions {
	req, err := sample.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	return agency.QuoteOptions{QuoteID: "Q-1", Currency: req.Currency, Rules: req.Rules, FX: req.FX,
		FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour, Extras: extras}
}

// runCase1 saves the customer, proposes the trip, quotes and accepts it.
func runCase1(t *testing.T, svc *agency.Service, extras []pricing.LineInput) agency.QuoteVersion {
	t.Helper()
	ctx := context.Background()
	c, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "王磊", Email: "wang.lei@example.com", Language: agency.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	trip, err := sample.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	tv, err := svc.ProposeTrip(ctx, tenant, c.ID, trip, 0)
	if err != nil {
		t.Fatal(err)
	}
	qv, err := svc.PriceTrip(ctx, tenant, tv.TripID, tv.Version, quoteOptions(t, extras))
	if err != nil {
		t.Fatal(err)
	}
	acc, err := svc.AcceptQuote(ctx, tenant, qv.QuoteID, qv.Version)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestCase1Flow(t *testing.T) {
	t.Parallel()
	store := memory.New()
	svc, clock, extras := newService(t, store)
	acc := runCase1(t, svc, extras)
	if acc.AcceptedAt == nil || !acc.AcceptedAt.Equal(clock.Now()) {
		t.Errorf("accepted at %v", acc.AcceptedAt)
	}
	// 43 priced lines (the Rome hotel as one item) and the service fee.
	q := acc.Quote
	if len(q.Lines) != 43 || q.Lines[len(q.Lines)-1].ID != "fee:service-fee" {
		t.Errorf("%d lines", len(q.Lines))
	}
	if q.Totals.Total.Currency().Code() != "CNY" || !q.Totals.Total.IsRounded() || q.Totals.Total.Sign() <= 0 {
		t.Errorf("total %s", q.Totals.Total)
	}
	// Every change wrote its event: delivered through a recorder, in the
	// customer's language.
	var rec notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock}
	n, err := d.DeliverOnce(context.Background())
	if err != nil || n != 4 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	var types []string
	for _, s := range rec.Sent() {
		types = append(types, s.Type)
		if s.Language != agency.Chinese || s.Recipient != "wang.lei@example.com" || s.Subject == "" {
			t.Errorf("notification %+v", s)
		}
	}
	want := []string{agency.EventCustomerSaved, agency.EventTripProposed, agency.EventQuoteIssued, agency.EventQuoteAccepted}
	if strings.Join(types, " ") != strings.Join(want, " ") {
		t.Errorf("events %v, want %v", types, want)
	}
	if body := rec.Sent()[2].Body; !strings.Contains(body, "报价单 Q-1 第1版") || !strings.Contains(body, "￥") {
		t.Errorf("quote message %q", body)
	}
}

func TestServiceRejects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, clock, extras := newService(t, store)
	_, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, Language: "fr", Email: "nope"})
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 {
		t.Errorf("invalid customer: %v", err)
	}
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	// A trip with a closed sight is refused with the itinerary's problems.
	broken, _ := sample.Case1Builder().MoveTo("tkt-louvre", 4).Build()
	_, err = svc.ProposeTrip(ctx, tenant, "c1", broken, 0)
	var tripErr *itinerary.ValidationError
	if !errors.Is(err, agency.ErrInvalid) || !errors.As(err, &tripErr) || tripErr.Problems[0].Code != itinerary.CodeClosedDay {
		t.Errorf("broken trip: %v", err)
	}
	// An unknown customer, and a stale expected version.
	trip, _ := sample.Case1Trip()
	if _, err := svc.ProposeTrip(ctx, tenant, "ghost", trip, 0); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	if _, err := svc.ProposeTrip(ctx, tenant, "c1", trip, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProposeTrip(ctx, tenant, "c1", trip, 0); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale proposal: %v", err)
	}
	// An expired quote cannot be accepted; nothing is written.
	qv, err := svc.PriceTrip(ctx, tenant, trip.ID, 1, quoteOptions(t, extras))
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(73 * time.Hour)
	if _, err := svc.AcceptQuote(ctx, tenant, qv.QuoteID, qv.Version); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("expired quote: %v", err)
	}
	if got, _ := store.Quotes().Get(ctx, tenant, qv.QuoteID, qv.Version); got.AcceptedAt != nil {
		t.Error("expired quote was accepted")
	}
	// A second version of the quote follows the first.
	qv2, err := svc.PriceTrip(ctx, tenant, trip.ID, 1, quoteOptions(t, extras))
	if err != nil || qv2.Version != 2 {
		t.Errorf("requote: v%d, %v", qv2.Version, err)
	}
	if _, err := svc.AcceptQuote(ctx, tenant, qv2.QuoteID, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptQuote(ctx, tenant, qv2.QuoteID, 2); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("second acceptance: %v", err)
	}
}

func TestDispatcherRetriesAndDeadLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, clock, _ := newService(t, store)
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var rec notify.Recorder
	rec.Fail(2)
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock, BaseDelay: time.Second, MaxDelay: 3 * time.Second, MaxAttempts: 4}
	if got := []time.Duration{d.Backoff(1), d.Backoff(2), d.Backoff(3), d.Backoff(9)}; fmt.Sprint(got) != "[1s 2s 3s 3s]" {
		t.Errorf("backoff %v", got)
	}
	for i, want := range []int{0, 0, 0, 1} {
		if i == 1 {
			clock.Add(time.Second) // first retry after 1 s
		}
		if i == 3 {
			clock.Add(2 * time.Second) // second retry after 2 s more
		}
		n, err := d.DeliverOnce(ctx)
		if err != nil || n != want {
			t.Fatalf("round %d: delivered %d, %v; want %d", i, n, err, want)
		}
	}
	if len(rec.Sent()) != 1 || rec.Sent()[0].Body != "Dear Li Na, your profile is saved; your consultant will be in touch with ideas for your trip." {
		t.Errorf("sent %+v", rec.Sent())
	}
	// An event that fails every time ends in dead-letter after 4 attempts.
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c2", Name: "Zhao Min", Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	rec.Fail(100)
	for range 10 {
		clock.Add(time.Minute)
		if _, err := d.DeliverOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	evs, _ := store.Outbox().Claim(ctx, clock.Now().Add(time.Hour), 10, time.Minute)
	if len(evs) != 0 {
		t.Errorf("dead event still claimable: %v", evs)
	}
	if len(rec.Sent()) != 1 {
		t.Errorf("dead event delivered")
	}
}

// crashingNotifier delivers and then "dies": it cancels the dispatcher's
// context before the delivery can be marked.
type crashingNotifier struct {
	rec    *notify.Recorder
	cancel context.CancelFunc
}

func (c crashingNotifier) Notify(ctx context.Context, n agency.Notification) error {
	err := c.rec.Notify(ctx, n)
	c.cancel()
	return err
}

func TestDispatcherCrashRedelivers(t *testing.T) {
	t.Parallel()
	store := memory.New()
	svc, clock, _ := newService(t, store)
	ctx := context.Background()
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var rec notify.Recorder
	// First dispatcher: delivers, then dies before marking (its context
	// ends; a real crash loses the process the same way).
	dying, cancel := context.WithCancel(ctx)
	d := agency.Dispatcher{Store: store, Notifier: crashingNotifier{rec: &rec, cancel: cancel}, Clock: clock, Lease: time.Minute}
	_, _ = d.DeliverOnce(dying)
	// Simulate the crash between delivering and marking: whatever the dying
	// dispatcher managed, the event is not marked.
	ev, _ := store.Outbox().Claim(ctx, clock.Now(), 10, time.Minute)
	if len(ev) != 0 {
		t.Fatalf("leased event claimable during its lease: %v", ev)
	}
	// A second dispatcher after the lease: the event is delivered again,
	// with the same ID for the receiver to deduplicate.
	clock.Add(time.Minute + time.Second)
	d2 := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock}
	if n, err := d2.DeliverOnce(ctx); err != nil || n != 1 {
		t.Fatalf("redelivery: %d, %v", n, err)
	}
	sent := rec.Sent()
	if len(sent) != 2 || sent[0].EventID != sent[1].EventID {
		t.Errorf("deliveries %v", sent)
	}
	if n, _ := d2.DeliverOnce(ctx); n != 0 {
		t.Error("delivered a third time")
	}
}

func TestRolledBackChangeIsNeverDelivered(t *testing.T) {
	t.Parallel()
	store := memory.New()
	svc, clock, _ := newService(t, store)
	ctx := context.Background()
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	// A stale update fails inside its transaction: its event must vanish too.
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na 2", Language: agency.English, Version: 7}); !errors.Is(err, agency.ErrConflict) {
		t.Fatalf("stale save: %v", err)
	}
	var rec notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock}
	if n, err := d.DeliverOnce(ctx); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v", n, err)
	}
	if len(rec.Sent()) != 1 || !strings.Contains(rec.Sent()[0].Body, "Li Na,") {
		t.Errorf("sent %+v", rec.Sent())
	}
}

func TestDispatcherRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	store := memory.New()
	var rec notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec, PollInterval: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(30 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestZeroValuesRefuseInsteadOfPanicking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var svc agency.Service
	if _, err := svc.SaveCustomer(ctx, agency.Customer{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Service: %v", err)
	}
	if _, err := svc.SweepSLA(ctx); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Service sweep: %v", err)
	}
	var d agency.Dispatcher
	if _, err := d.DeliverOnce(ctx); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Dispatcher: %v", err)
	}
}
