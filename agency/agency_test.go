package agency_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/itinerary"
)

func TestCase1Flow(t *testing.T) {
	t.Parallel()
	a, clock := newAgency(t, memory.New())
	acc := runCase1(t, a, false)
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
	// Every change wrote its event, delivered in the customer's language;
	// the internal one carries its payload only.
	sent := deliverAll(t, a)
	var types []string
	for _, s := range sent {
		types = append(types, s.Type)
		if s.Audience == events.Internal {
			if s.Subject != "" || s.Recipient != "" || len(s.Payload) == 0 {
				t.Errorf("internal notification %+v", s)
			}
			continue
		}
		if s.Language != agency.Chinese || s.Recipient != "wang.lei@example.com" || s.Subject == "" || s.Audience != events.Customer {
			t.Errorf("notification %+v", s)
		}
	}
	if got := strings.Join(types, " "); got != "customer.saved trip.proposed quote.issued quote.accepted" {
		t.Errorf("events %s", got)
	}
	if body := sent[2].Body; !strings.Contains(body, "报价单 Q-1 第1版") || !strings.Contains(body, "￥") {
		t.Errorf("quote message %q", body)
	}
	// Listing and reading back.
	quotes, err := a.Trips.ListQuotes(context.Background(), tenant, agency.TripQuery{CustomerID: "c1"})
	if err != nil || len(quotes.Items) != 1 || quotes.Items[0].AcceptedAt == nil || !quotes.Items[0].Total.Equal(q.Totals.Total) {
		t.Errorf("quotes %+v, %v", quotes, err)
	}
	trips, err := a.Trips.List(context.Background(), tenant, agency.TripQuery{CustomerID: "c1"})
	if err != nil || len(trips.Items) != 1 || trips.Items[0].Title != "Europe: Paris, Rome, Barcelona — 10 days" ||
		trips.Items[0].Start.String() != "2027-05-01" {
		t.Errorf("trips %+v, %v", trips, err)
	}
}

func TestServiceRejects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	_, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{Language: "fr", Email: "nope"})
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 {
		t.Errorf("invalid customer: %v", err)
	}
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	// A trip with a closed sight is refused with the itinerary's problems.
	broken, _ := casebook.Case1Builder().MoveTo("tkt-louvre", 4).Build()
	_, err = a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: broken})
	var tripErr *itinerary.ValidationError
	if !errors.Is(err, agency.ErrInvalid) || !errors.As(err, &tripErr) || tripErr.Problems[0].Code != itinerary.CodeClosedDay {
		t.Errorf("broken trip: %v", err)
	}
	// An unknown customer; a repeat returns the stored version; a stale
	// proposal is a conflict.
	trip := case1Trip(t, false)
	if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "ghost", Trip: trip}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	first, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: trip})
	if err != nil {
		t.Fatal(err)
	}
	if again, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: trip}); err != nil || again.Version != 1 ||
		!again.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("the same proposal again: v%d, %v", again.Version, err)
	}
	changed := trip.Clone()
	changed.Title = "Europe in May"
	if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: changed}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale proposal: %v", err)
	}
	// An expired quote cannot be accepted; nothing is written.
	qv, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: trip.ID, TripVersion: 1, QuoteID: "Q-1", QuoteOptions: quoteOptions(t)})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(73 * time.Hour)
	if _, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: qv.QuoteID, Version: qv.Version}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("expired quote: %v", err)
	}
	if got, _ := a.Trips.GetQuote(ctx, tenant, agency.QuoteRef{ID: qv.QuoteID, Version: qv.Version}); got.AcceptedAt != nil {
		t.Error("expired quote was accepted")
	}
	// A second version of the quote follows the first.
	qv2, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: trip.ID, TripVersion: 1, QuoteID: "Q-1", QuoteOptions: quoteOptions(t)})
	if err != nil || qv2.Version != 2 {
		t.Errorf("requote: v%d, %v", qv2.Version, err)
	}
	if _, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: "Q-1", Version: 2}); err != nil {
		t.Fatal(err)
	}
	if again, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: "Q-1", Version: 2}); err != nil || again.AcceptedAt == nil {
		t.Errorf("accepting the accepted version again: %v", err)
	}
	if _, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: trip.ID, TripVersion: 1, QuoteID: "Q-1", QuoteOptions: quoteOptions(t)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: "Q-1", Version: 3}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("accepting another version: %v", err)
	}
}

func TestNewReportsEveryConfigurationProblem(t *testing.T) {
	t.Parallel()
	_, err := agency.New(nil, agency.Config{Zone: "Mars/Olympus", Language: "fr", SLA: &feedback.Policy{}})
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, agency.ErrInvalid) {
		t.Fatalf("%v", err)
	}
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	if got := strings.Join(fields, " "); got != "store zone language sla" {
		t.Errorf("problems of %s", got)
	}
	if _, err := agency.New(memory.New(), agency.Config{}); err != nil {
		t.Errorf("the zero config: %v", err)
	}
}

func TestDispatcherRetriesAndDeadLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var rec notify.Recorder
	rec.Fail(2)
	d := a.Outbox.Dispatcher(&rec)
	d.BaseDelay, d.MaxDelay, d.MaxAttempts, d.Logger = time.Second, 3*time.Second, 4, slog.New(slog.DiscardHandler)
	d.Jitter = func(m time.Duration) time.Duration { return m } // the full backoff
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
	if len(rec.Sent()) != 1 || rec.Sent()[0].Type != "customer.saved" {
		t.Errorf("sent %+v", rec.Sent())
	}
	// An event that fails every time ends in dead-letter after 4 attempts,
	// listed for inspection, and delivered once requeued.
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c2", Name: "Zhao Min", Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	rec.Fail(100)
	for range 10 {
		clock.Add(time.Minute)
		if _, err := d.DeliverOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	dead := outboxEvents(t, a, agency.EventDead)
	if len(dead) != 1 || dead[0].Attempts != 4 || dead[0].LastError == "" || len(rec.Sent()) != 1 {
		t.Fatalf("dead letters %+v", dead)
	}
	rec.Fail(0)
	if err := a.Outbox.Requeue(ctx, tenant, dead[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := d.DeliverOnce(ctx); err != nil || n != 1 || len(outboxEvents(t, a, agency.EventDead)) != 0 {
		t.Errorf("after requeue: %d, %v", n, err)
	}
	if err := a.Outbox.Requeue(ctx, "agency-b", dead[0].ID); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("another tenant's event: %v", err)
	}
}

// crashedStore is a store whose process "dies" after delivering and
// before the delivery is marked: marking fails.
type crashedStore struct{ storage.Store }

func (c crashedStore) Outbox() storage.Outbox { return crashedOutbox{c.Store.Outbox()} }

type crashedOutbox struct{ storage.Outbox }

func (crashedOutbox) MarkDelivered(context.Context, []string, time.Time) error {
	return errors.New("the process died before marking")
}

func TestDispatcherCrashRedelivers(t *testing.T) {
	t.Parallel()
	store := memory.New()
	a, clock := newAgency(t, store)
	ctx := context.Background()
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var rec notify.Recorder
	d := a.Outbox.Dispatcher(&rec)
	d.Store = crashedStore{store}
	if n, err := d.DeliverOnce(ctx); err == nil || n != 0 || len(rec.Sent()) != 1 {
		t.Fatalf("crashed delivery: %d, %v, %d sent", n, err, len(rec.Sent()))
	}
	if ev, _ := store.Outbox().Claim(ctx, clock.Now(), 10, time.Minute); len(ev) != 0 {
		t.Fatalf("leased event claimable during its lease: %v", ev)
	}
	// After the lease: delivered again, with the same ID to de-duplicate.
	clock.Add(time.Minute + time.Second)
	d2 := a.Outbox.Dispatcher(&rec)
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
	a, _ := newAgency(t, memory.New())
	ctx := context.Background()
	c, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English})
	if err != nil {
		t.Fatal(err)
	}
	// A stale update fails inside its unit of work: its event vanishes too.
	if _, err := a.Customers.Update(ctx, tenant, agency.CustomerChange{ID: c.ID, Version: 7, Name: "Li Na 2", Language: agency.English}); !errors.Is(err, agency.ErrConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if sent := deliverAll(t, a); len(sent) != 1 || !strings.Contains(string(sent[0].Payload), `"created":true`) {
		t.Errorf("sent %+v", sent)
	}
}

func TestDispatcherRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	a, _ := newAgency(t, memory.New())
	var rec notify.Recorder
	d := a.Outbox.Dispatcher(&rec)
	d.PollInterval = 10 * time.Millisecond
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
	var a agency.Agency
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Customers: %v", err)
	}
	if _, err := a.Sweeps.SLA(ctx, agency.SweepRequest{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Sweeps: %v", err)
	}
	if _, err := a.Bookings.Get(ctx, tenant, "B"); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Bookings: %v", err)
	}
	if _, err := a.Outbox.Dispatcher(&notify.Recorder{}).DeliverOnce(ctx); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero agency's dispatcher: %v", err)
	}
	var d agency.Dispatcher
	if _, err := d.DeliverOnce(ctx); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("zero Dispatcher: %v", err)
	}
	if a.Events() != nil {
		t.Error("a zero agency has a registry")
	}
	real, _ := newAgency(t, memory.New())
	for _, bad := range []agency.TenantID{"", "bad\x00tenant", "\xff"} {
		if _, err := real.Customers.Get(ctx, bad, "c1"); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("tenant %q: %v", bad, err)
		}
	}
}
