package agency_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/testdb"
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

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
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

// staff are the agency's people: Li reads English, Chen Chinese; finance
// is Zhou.
var staff = agency.StaffList{
	{ID: "li", Name: "Li Na", Email: "li.na@agency.example", Language: agency.English},
	{ID: "chen", Name: "陈静", Email: "chen.jing@agency.example", Language: agency.Chinese},
	{ID: "zhou", Name: "周敏", Email: "zhou.min@agency.example", Language: agency.Chinese},
}

// eachStore runs fn on every store, in parallel.
func eachStore(t *testing.T, fn func(t *testing.T, store storage.Store)) {
	t.Helper()
	for name, open := range testdb.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open(t))
		})
	}
}

// newAgency builds an agency over store with a fake clock at 27 November
// 2026 10:00 in Beijing, numbered IDs, case 1's net rates and the staff;
// change adjusts the configuration.
func newAgency(t testing.TB, store storage.Store, change ...func(*agency.Config)) (*agency.Agency, *fakeClock) {
	t.Helper()
	rates, _, err := casebook.Case1Rates()
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	cfg := agency.Config{Clock: clock, IDs: &seqIDs{}, Rates: rates, Staff: staff, Finance: "zhou"}
	for _, f := range change {
		f(&cfg)
	}
	a, err := agency.New(store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a, clock
}

// extras are case 1's lines that are no itinerary item.
func extras(t testing.TB) []pricing.LineInput {
	t.Helper()
	_, ex, err := casebook.Case1Rates()
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// quoteOptions prices case 1 as its quote request does, with a 3 % FX
// buffer, valid for 72 hours.
func quoteOptions(t testing.TB) agency.QuoteOptions {
	t.Helper()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	return agency.QuoteOptions{Currency: req.Currency, Rules: req.Rules, FX: req.FX,
		FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour, Extras: extras(t)}
}

// addCase1Suppliers stores case 1's hotels and their 2027 contracts.
func addCase1Suppliers(t testing.TB, a *agency.Agency) {
	t.Helper()
	ctx := context.Background()
	sups, err := casebook.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := casebook.Case1Contracts()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sups {
		if _, err := a.Suppliers.Create(ctx, tenant, s); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Suppliers.AddContract(ctx, tenant, *cs[s.ID]); err != nil {
			t.Fatal(err)
		}
	}
}

// createCustomer stores case 1's customer, Wang Lei, who reads Chinese.
func createCustomer(t testing.TB, a *agency.Agency) agency.Customer {
	t.Helper()
	c, err := a.Customers.Create(context.Background(), tenant, agency.NewCustomer{ID: "c1", Name: "王磊", Email: "wang.lei@example.com",
		Language: agency.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// case1Trip is the case-1 trip: with its Paris and Rome stays under
// their supplier contracts when contracted.
func case1Trip(t testing.TB, contracted bool) *itinerary.Trip {
	t.Helper()
	build := casebook.Case1Trip
	if contracted {
		build = casebook.Case1ContractedTrip
	}
	trip, err := build()
	if err != nil {
		t.Fatal(err)
	}
	return trip
}

// runCase1 stores the customer, proposes the trip, prices it as quote Q-1
// and accepts it.
func runCase1(t testing.TB, a *agency.Agency, contracted bool) agency.QuoteVersion {
	t.Helper()
	ctx := context.Background()
	createCustomer(t, a)
	tv, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: case1Trip(t, contracted)})
	if err != nil {
		t.Fatal(err)
	}
	qv, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: tv.TripID, TripVersion: tv.Version, QuoteID: "Q-1", QuoteOptions: quoteOptions(t)})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: qv.QuoteID, Version: qv.Version})
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

// events lists the tenant's events in a state, oldest first.
func outboxEvents(t testing.TB, a *agency.Agency, state agency.EventState) []agency.Event {
	t.Helper()
	var out []agency.Event
	q := agency.EventQuery{State: state, Page: agency.PageRequest{Limit: agency.MaxPageSize}}
	for {
		p, err := a.Outbox.List(context.Background(), tenant, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out
		}
		q.Page.After = p.Next
	}
}

// eventTypes lists the types of the tenant's pending events, in order.
func eventTypes(t testing.TB, a *agency.Agency) []string {
	t.Helper()
	var out []string
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		out = append(out, e.Type)
	}
	return out
}

// deliverAll runs a dispatcher until nothing is due and returns what it
// delivered.
func deliverAll(t testing.TB, a *agency.Agency) []agency.Notification {
	t.Helper()
	var rec notify.Recorder
	d := a.Outbox.Dispatcher(&rec)
	for {
		n, err := d.DeliverOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return rec.Sent()
		}
	}
}

func money(t testing.TB, amount, currency string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(amount, currency)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
