package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/testdb"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "q.db")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Supplier Hotel Pantheon Garden, contract C-PANTHEON-2027 v1: meets the procurement standards",
		"Day 1 · Sat 1 May 2027 · Beijing → Paris",
		"Hotel Pantheon Garden，family room，5月4日 星期二起1晚（spring）",
		"Hotel Pantheon Garden，family room，5月5日 星期三起2晚（summer）",
		"报价单 Q-1127-01",
		"（北京当地时间，UTC+8）",
		"refused at signing: VAGUE_STANDARD",
		"its Paris room given back",
		"1 payment reminder sent",
		"纪念日/特别场合  10th wedding anniversary",
		"Schengen visa handling",
		"First response: met, used 50 min of 1 h",
		"解决：已达成",
		"Hôtel Lumière Saint-Germain in May:",
		"Research reports on schedule",
		"events delivered:",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// What people read shows references, local times and places, never
	// machine IDs, UTC timestamps or zone IDs; the notification report
	// masks addresses.
	documents, report, _ := strings.Cut(out.String(), "== notifications ==")
	for _, bad := range []*regexp.Regexp{regexp.MustCompile(`[0-9a-f]{32}`), regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`),
		regexp.MustCompile(`(Asia|Europe)/[A-Z]`), regexp.MustCompile(`无 `)} {
		if m := bad.FindString(documents); m != "" {
			t.Errorf("documents show %q", m)
		}
	}
	if strings.Contains(report, "wang.lei@") {
		t.Error("the report shows an address")
	}
}

// seqIDs numbers IDs, so that the three stores see the same story.
type seqIDs struct {
	mu sync.Mutex
	n  int
}

func (g *seqIDs) NewID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return fmt.Sprintf("id-%04d", g.n)
}

// figures are what must come out the same on every store.
type figures struct {
	November, May, Plan, Evaluations, Feedback string
}

// The story through all seven duties on memory, SQLite and PostgreSQL:
// no dead letter; every event delivered once, in its recipient's
// language, its payload valid against its type's schema; every frozen
// cost equal to the net sold; no hold left behind; the money reconciled
// to the cent; and the same KPI figures from every store.
func TestStoryOnEveryStore(t *testing.T) {
	var mu sync.Mutex
	got := map[string]figures{}
	t.Run("stores", func(t *testing.T) {
		for name, open := range testdb.Stores() {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := checkStory(t, open(t))
				mu.Lock()
				got[name] = f
				mu.Unlock()
			})
		}
	})
	for name, f := range got {
		if f != got["memory"] {
			t.Errorf("%s's figures differ from memory's:\n%+v\n%+v", name, f, got["memory"])
		}
	}
	if len(got) < 2 {
		t.Errorf("the story ran on %d store(s)", len(got))
	}
}

func checkStory(t *testing.T, store storage.Store) figures {
	ctx := context.Background()
	var rec notify.Recorder
	oc, err := runStory(ctx, store, &seqIDs{}, "agency-a", &rec, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, tenant := oc.Agency, oc.Tenant
	list := func(state agency.EventState) []agency.Event {
		var out []agency.Event
		q := agency.EventQuery{State: state, Page: agency.PageRequest{Limit: agency.MaxPageSize}}
		for {
			p, err := a.Outbox.List(ctx, tenant, q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.Items...)
			if q.Page.After = p.Next; p.Next == "" {
				return out
			}
		}
	}
	if dead, pending := list(agency.EventDead), list(agency.EventPending); len(dead) != 0 || len(pending) != 0 {
		t.Errorf("%d dead letters, %d pending: %+v", len(dead), len(pending), dead)
	}

	// Every event once, to the address of its person, in their language.
	sent := rec.Sent()
	delivered := list(agency.EventDelivered)
	seen := map[string]bool{}
	for _, n := range sent {
		if seen[n.EventID] {
			t.Errorf("event %s (%s) delivered twice", n.EventID, n.Type)
		}
		seen[n.EventID] = true
	}
	if len(sent) != len(delivered) || len(sent) < 100 {
		t.Errorf("%d notifications for %d events delivered", len(sent), len(delivered))
	}
	language := map[string]agency.Language{}
	for _, m := range staff {
		language[m.Email] = m.Language
	}
	for _, email := range []string{"wang.lei@example.com", "li.na@example.com"} {
		cs, err := a.Customers.List(ctx, tenant, agency.CustomerQuery{Email: email})
		if err != nil || len(cs.Items) != 1 {
			t.Fatalf("customer %s: %+v, %v", email, cs.Items, err)
		}
		language[email] = cs.Items[0].Language
	}
	for _, id := range []string{"hotel-lumiere", "hotel-pantheon"} {
		sr, err := a.Suppliers.Get(ctx, tenant, id)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := sr.Supplier.Reservations()
		language[c.Email] = agency.Language(sr.Supplier.Language)
	}
	audiences := map[events.Audience]int{}
	for _, n := range sent {
		audiences[n.Audience]++
		if n.Audience == events.Internal {
			continue
		}
		if want, ok := language[n.Recipient]; !ok || n.Language != want || n.Subject == "" {
			t.Errorf("%s to %q in %s (%q), want %s", n.Type, n.Recipient, n.Language, n.Subject, want)
		}
	}
	if audiences[events.Customer] == 0 || audiences[events.Staff] == 0 || audiences[events.Supplier] == 0 || audiences[events.Internal] == 0 {
		t.Errorf("audiences %v", audiences)
	}
	checkSchemas(t, a.Events(), sent)

	// Frozen costs equal the nets sold; the hotels' invoices match them.
	b, err := a.Bookings.Get(ctx, tenant, oc.Booking)
	if err != nil {
		t.Fatal(err)
	}
	suppliers := map[string]bool{}
	for _, sv := range b.Booking.Services {
		if sv.SupplierID != "" {
			suppliers[sv.SupplierID] = true
		}
	}
	frozen := 0
	for id := range suppliers {
		costs, err := a.Payables.ListCostLines(ctx, tenant, agency.CostQuery{SupplierID: id, Booking: oc.Booking, Page: agency.PageRequest{Limit: agency.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range costs.Items {
			frozen++
			sv := serviceOf(t, b.Booking, c.Service)
			if !c.Expected.Equal(sv.Net.Round(pricing.Rounding{})) || c.ContractID != sv.ContractID || c.ContractVersion != sv.ContractVersion {
				t.Errorf("%s frozen at %s (%s v%d), sold at %s (%s v%d)", c.Service, c.Expected, c.ContractID, c.ContractVersion, sv.Net,
					sv.ContractID, sv.ContractVersion)
			}
		}
	}
	if frozen < 30 {
		t.Errorf("%d costs frozen", frozen)
	}
	for _, id := range []string{"INV-hotel-lumiere", "INV-hotel-pantheon"} {
		inv, err := a.Payables.GetInvoice(ctx, tenant, id)
		if err != nil || len(inv.Match.Variances) == 0 || len(inv.Match.Unmatched) != 0 {
			t.Errorf("invoice %s: %+v, %v", id, inv.Match, err)
		}
		for _, v := range inv.Match.Variances {
			if !v.Diff.IsZero() {
				t.Errorf("invoice %s differs by %s", id, v.Diff)
			}
		}
	}

	// No hold left behind: each is given back, or booked for a service of
	// the completed booking.
	held := map[string]bool{}
	for _, sv := range b.Booking.Services {
		if sv.HoldID != "" {
			held[sv.HoldID] = true
		}
	}
	for _, al := range oc.Allotments {
		hs, err := a.Allotments.ListHolds(ctx, tenant, agency.HoldQuery{AllotmentID: al, Page: agency.PageRequest{Limit: agency.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs.Items {
			switch h.State {
			case supplier.HoldCancelled, supplier.HoldExpired:
			case supplier.HoldConfirmed:
				if !held[h.ID] {
					t.Errorf("hold %s on %s is booked for nobody", h.ID, al)
				}
			default:
				t.Errorf("hold %s on %s left %s", h.ID, al, h.State)
			}
		}
	}
	lapsed, err := a.Bookings.Get(ctx, tenant, oc.Lapsed)
	if err != nil || lapsed.Booking.State != booking.Expired {
		t.Errorf("the lapsed option is %s, %v", lapsed.Booking.State, err)
	}

	// The money, to the cent: the quote's lines, the services, the
	// schedule and the payments all make the total; nothing is owed.
	qv, err := a.Trips.GetQuote(ctx, tenant, agency.QuoteRef{ID: b.Booking.QuoteID, Version: b.Booking.QuoteVersion})
	if err != nil {
		t.Fatal(err)
	}
	cur := b.Booking.Total.Currency()
	lines, services, instalments, payments := pricing.Zero(cur), pricing.Zero(cur), pricing.Zero(cur), pricing.Zero(cur)
	for _, l := range qv.Quote.Lines {
		lines = mustAdd(t, lines, l.Total)
	}
	for _, sv := range b.Booking.Services {
		services = mustAdd(t, services, sv.Price)
	}
	for _, in := range b.Ledger.Schedule.Instalments {
		instalments = mustAdd(t, instalments, in.Amount)
	}
	for _, p := range b.Ledger.Payments {
		payments = mustAdd(t, payments, p.Amount)
	}
	for what, m := range map[string]pricing.Money{"quote": qv.Quote.Totals.Total, "lines": lines, "services": services, "schedule": instalments,
		"payments": payments, "paid": b.Booking.Paid} {
		if !m.Equal(b.Booking.Total) {
			t.Errorf("%s make %s, the booking %s", what, m, b.Booking.Total)
		}
	}
	if left, _ := b.Ledger.Outstanding(); !left.IsZero() || b.Booking.State != booking.Completed {
		t.Errorf("booking %s with %s outstanding", b.Booking.State, left)
	}

	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return figures{November: js(oc.November), May: js(oc.May), Plan: js(oc.Plan), Evaluations: js(oc.Evaluations), Feedback: js(oc.Feedback)}
}

func serviceOf(t *testing.T, b booking.Booking, id string) booking.Service {
	t.Helper()
	for _, sv := range b.Services {
		if sv.ID == id {
			return sv
		}
	}
	t.Fatalf("no service %s", id)
	return booking.Service{}
}

func mustAdd(t *testing.T, a, b pricing.Money) pricing.Money {
	t.Helper()
	s, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkSchemas validates every payload delivered against its type's JSON
// Schema, as an independent validator reads it.
func checkSchemas(t *testing.T, r *events.Registry, sent []agency.Notification) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schemas := map[string]*jsonschema.Schema{}
	for _, n := range sent {
		sch, ok := schemas[n.Type]
		if !ok {
			s, ok := r.Schema(n.Type)
			if !ok {
				t.Errorf("no schema for %s", n.Type)
				continue
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(s))
			if err != nil {
				t.Fatal(err)
			}
			url := "urn:travelkit:event:" + n.Type
			if err := c.AddResource(url, doc); err != nil {
				t.Fatal(err)
			}
			if sch, err = c.Compile(url); err != nil {
				t.Fatal(err)
			}
			schemas[n.Type] = sch
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(n.Payload))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s payload %s: %v", n.Type, n.Payload, err)
		}
	}
}
