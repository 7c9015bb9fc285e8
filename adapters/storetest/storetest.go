package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// Open returns an empty store for one test, isolated from the stores of
// other calls; the suite calls it from parallel tests.
type Open func(t *testing.T) storage.Store

// Suite is how the suite reaches a store: Open makes a store for each
// test; Serial runs the tests one after another, for stores whose tests
// share one writer (several stores in one SQLite file).
type Suite struct {
	Open   Open
	Serial bool
}

// Capability is one group of the suite: the tests of one part of the
// storage interface.
type Capability struct {
	Name string
	Test func(t *testing.T, s Suite)
}

// Capabilities lists the suite's groups, in the order Run runs them.
func Capabilities() []Capability {
	return []Capability{
		{"Records", Records},
		{"UnitOfWork", UnitOfWork},
		{"Outbox", Outbox},
		{"Ledger", Ledger},
		{"Payments", Payments},
		{"Figures", Figures},
		{"Hostile", Hostile},
	}
}

// Run runs the whole suite, every test in parallel on a store of its own.
func Run(t *testing.T, open Open) { run(t, Suite{Open: open}) }

// RunSerial runs the whole suite one test at a time, each on a store of
// its own: for stores that share one writer, as several table prefixes
// in one SQLite file do.
func RunSerial(t *testing.T, open Open) { run(t, Suite{Open: open, Serial: true}) }

func run(t *testing.T, s Suite) {
	for _, c := range Capabilities() {
		t.Run(c.Name, func(t *testing.T) {
			if !s.Serial {
				t.Parallel()
			}
			c.Test(t, s)
		})
	}
}

// test is one named test of a capability.
type test struct {
	name string
	fn   func(t *testing.T, s storage.Store)
}

// runAll runs a capability's tests, each on a fresh store, in parallel
// unless the suite is serial.
func runAll(t *testing.T, s Suite, tests []test) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !s.Serial {
				t.Parallel()
			}
			tc.fn(t, s.Open(t))
		})
	}
}

const tenantA, tenantB storage.TenantID = "agency-a", "agency-b"

// at is a fixed instant with nanoseconds and a zone, to prove times
// round-trip exactly.
func at(t *testing.T) time.Time {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 27, 10, 30, 15, 123456789, loc)
}

// put stores v and fails the test on an error.
func put[T any](t *testing.T, s storage.Store, c storage.Collection[T], tenant storage.TenantID, v T) T {
	t.Helper()
	out, err := c.Put(context.Background(), s, tenant, v)
	if err != nil {
		t.Fatalf("put %s: %v", c.Kind().Noun, err)
	}
	return out
}

func customer(t *testing.T, tenant storage.TenantID, id string) storage.Customer {
	return storage.Customer{Tenant: tenant, ID: id, Name: "王磊 Wang Lei", Email: "wang.lei@example.com", Phone: "+86 138 0000 0000",
		WeChat: "wanglei", Language: storage.Chinese, CreatedAt: at(t), UpdatedAt: at(t)}
}

func mustSave(t *testing.T, s storage.Store, c storage.Customer) storage.Customer {
	t.Helper()
	return put(t, s, storage.Customers(), c.Tenant, c)
}

func tripVersion(t *testing.T, tenant storage.TenantID, version int) storage.TripVersion {
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	trip.Title = fmt.Sprintf("%s (v%d)", trip.Title, version)
	return storage.TripVersion{Tenant: tenant, TripID: trip.ID, Version: version, CustomerID: "c1", Trip: *trip, CreatedAt: at(t)}
}

func quoteVersion(t *testing.T, tenant storage.TenantID, version int) storage.QuoteVersion {
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	req.Version = version
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	return storage.QuoteVersion{Tenant: tenant, QuoteID: q.ID, Version: version, TripID: "T-2026-1127-001", TripVersion: 1,
		CustomerID: "c1", Quote: *q, CreatedAt: at(t)}
}

func event(t *testing.T, tenant storage.TenantID, id string, created time.Time) storage.Event {
	return storage.Event{ID: id, Tenant: tenant, Type: "customer.saved", AggregateID: "c1", Audience: "internal",
		Payload: json.RawMessage(`{"customer_id":"c1","version":1}`), CreatedAt: created, NextAttemptAt: created}
}

func complaint(t *testing.T, tenant storage.TenantID, id string, received time.Time, next *time.Time) storage.ComplaintRecord {
	t.Helper()
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai",
		Week:     feedback.Weekdays(feedback.Window{From: 9 * time.Hour, To: 12 * time.Hour}, feedback.Window{From: 13 * time.Hour, To: 18 * time.Hour}),
		Holidays: []date.Date{date.New(2026, 10, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := feedback.Open(feedback.Complaint{ID: id, CustomerID: "c1", SupplierID: "hotel-lumiere", Consultant: "li", Category: "hotel_service",
		Priority: feedback.High, Channel: feedback.WeChat, Summary: "房间未打扫 room not cleaned", ReceivedAt: received}, feedback.DefaultPolicy(), cal, "li")
	if err != nil {
		t.Fatal(err)
	}
	return storage.ComplaintRecord{Tenant: tenant, Complaint: *c, NextCheck: next}
}

func bookingRecord(t *testing.T, tenant storage.TenantID, ref string, state booking.State, until time.Time) storage.BookingRecord {
	t.Helper()
	total, err := pricing.Parse("10000.00", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	deposit, _ := pricing.Parse("3000.00", "CNY")
	balance, _ := pricing.Parse("7000.00", "CNY")
	return storage.BookingRecord{Tenant: tenant, Payer: "Wang Lei", UpdatedAt: at(t),
		Booking: booking.Booking{Reference: ref, CustomerID: "c1", State: state, Zone: "Asia/Shanghai", Total: total, Revision: 1,
			OptionUntil: until, Grace: time.Hour,
			Services: []booking.Service{{ID: "s1", Product: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 5), Units: 1,
				Status: booking.ServiceConfirmed, Price: total}},
			Travellers: []booking.Traveller{{ID: "t1", Surname: "王", GivenNames: "磊", DocumentNumber: "E12345678"}}},
		Ledger: booking.Ledger{Schedule: pricing.PaymentSchedule{Total: total, Instalments: []pricing.Instalment{
			{Kind: pricing.InstalmentDeposit, Amount: deposit, Due: date.New(2027, 3, 1)},
			{Kind: pricing.InstalmentBalance, Amount: balance, Due: date.New(2027, 4, 1)}}}}}
}

func travelContract(t *testing.T, tenant storage.TenantID, number string, supplement int, ref string) storage.TravelContractRecord {
	rec := bookingRecord(t, tenant, ref, "option", time.Time{})
	return storage.TravelContractRecord{Tenant: tenant, UpdatedAt: at(t),
		Contract: contract.Contract{Number: number, Supplement: supplement, Template: "GF-2014-2402", Edition: "2014", Booking: ref,
			Revision: supplement + 1, Agency: contract.Agency{Name: "北京环球旅行社", Licence: "L-BJ-CJ00123"},
			Travellers: []contract.Traveller{{ID: "t1", Surname: "王", GivenNames: "磊", DocumentNumber: "E12345678"}},
			Price:      contract.Price{Total: rec.Booking.Total, Adult: rec.Booking.Total, Adults: 1}, Schedule: rec.Ledger.Schedule},
		Validations: []storage.ContractValidation{{At: at(t), Result: contract.Result{Template: "GF-2014-2402", Edition: "2014",
			Findings: []contract.Finding{{Code: contract.MissingLicenceNo, Severity: contract.Blocking, Field: "agency.licence", Message: "missing"}}}}}}
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

// pages walks every page of a listing with a small page size and returns
// the keys in order, checking that no page is larger than asked.
func pages[T any](t *testing.T, size int, list func(storage.PageRequest) (storage.Page[T], error), key func(T) string) []string {
	t.Helper()
	var out []string
	p := storage.PageRequest{Limit: size}
	for range 1000 {
		page, err := list(p)
		if err != nil {
			t.Fatalf("page after %q: %v", p.After, err)
		}
		if len(page.Items) > size {
			t.Fatalf("page of %d items, asked for %d", len(page.Items), size)
		}
		for _, it := range page.Items {
			out = append(out, key(it))
		}
		if page.Next == "" {
			return out
		}
		if len(page.Items) != size {
			t.Fatalf("a page of %d items with a next page", len(page.Items))
		}
		p.After = page.Next
	}
	t.Fatal("paging does not end")
	return nil
}

// listing pages through a collection's listing.
func listing[T any](ctx context.Context, s storage.Store, c storage.Collection[T], tenant storage.TenantID, q storage.Query) func(storage.PageRequest) (storage.Page[T], error) {
	return func(p storage.PageRequest) (storage.Page[T], error) {
		q.Page = p
		return c.List(ctx, s, tenant, q)
	}
}

func ids(es []storage.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}
