package agency_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/supplier"
)

// addSupplier stores one of case 1's suppliers, without contracts.
func addSupplier(t testing.TB, a *agency.Agency, id string) {
	t.Helper()
	ss, err := casebook.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range ss {
		if sp.ID == id {
			if _, err := a.Suppliers.Create(context.Background(), tenant, sp); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no supplier %s", id)
}

// The supplier side: suppliers and contracts with validation, compliance,
// an allotment, availability with reasons, a hold that is retried, one
// that expires in the sweep, a confirmation, the release job; every event
// delivered, those for the hotel in its language to its reservations desk.
func TestSupplierSideFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rome, _ := time.LoadLocation("Europe/Rome")
	a, clock := newAgency(t, memory.New())
	clock.Set(time.Date(2027, 4, 1, 9, 0, 0, 0, rome))
	addSupplier(t, a, "hotel-pantheon")
	cs, _ := casebook.Case1Contracts()
	bad := *cs["hotel-pantheon"]
	bad.Seasons = bad.Seasons[:2]
	if _, err := a.Suppliers.AddContract(ctx, tenant, bad); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("contract with uncovered seasons: %v", err)
	}
	if _, err := a.Suppliers.AddContract(ctx, tenant, *cs["hotel-pantheon"]); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Suppliers.AddContract(ctx, tenant, *cs["hotel-lumiere"]); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("contract of an unknown supplier: %v", err)
	}
	minScore := decimal.NewFromInt(50)
	fs, err := a.Suppliers.CheckCompliance(ctx, tenant, agency.ComplianceCheck{SupplierID: "hotel-pantheon", ContractID: "C-PANTHEON-2027",
		On: date.New(2027, 5, 4), Standards: supplier.Standards{Insurance: true, MinScore: &minScore}})
	if err != nil || len(fs) != 1 || fs[0].Code != supplier.FindingNoScore || supplier.Blocks(fs) {
		t.Errorf("compliance: %+v, %v", fs, err)
	}

	spec := supplier.AllotmentSpec{ID: "AL-ROME-MAY", SupplierID: "hotel-pantheon", ContractID: "C-PANTHEON-2027", Product: "family-room",
		UnitType: "family-3", Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 2,
		Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
	if _, err := a.Allotments.Create(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	if err := a.Allotments.StopSale(ctx, tenant, agency.StopSale{AllotmentID: spec.ID, From: date.New(2027, 5, 6), To: date.New(2027, 5, 6), Stop: true}); err != nil {
		t.Fatal(err)
	}
	av, err := a.Allotments.Availability(ctx, tenant, agency.AvailabilityQuery{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 3, Units: 1})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, x := range av {
		reasons = append(reasons, string(x.Reason)+"/"+strings.Repeat("x", x.Sellable))
	}
	if diff := cmp.Diff([]string{"/xx", "/xx", "stop_sale/"}, reasons); diff != "" {
		t.Errorf("availability (-want +got):\n%s", diff)
	}
	// A hold and its retry with the same key: one hold, one event; the
	// key reused for another stay is a conflict.
	req := agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 2, Units: 1, For: time.Hour, IdempotencyKey: "web-1"}
	h1, err := a.Allotments.Hold(ctx, tenant, req)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := a.Allotments.Hold(ctx, tenant, req); err != nil || again.ID != h1.ID {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	reused := req
	reused.Nights = 1
	if _, err := a.Allotments.Hold(ctx, tenant, reused); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("a key reused for another stay: %v", err)
	}
	// Over the stop-sold night: refused, nothing held.
	if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 5), Nights: 2, Units: 1,
		For: time.Hour}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("hold over a stop sale: %v", err)
	}
	h2, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 1, Units: 1, For: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(45 * time.Minute) // h2 has expired, h1 still lives
	if n, err := a.Sweeps.Holds(ctx, agency.SweepRequest{Limit: 10}); err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	if n, _ := a.Sweeps.Holds(ctx, agency.SweepRequest{Limit: 10}); n != 0 {
		t.Errorf("second sweep expired %d", n)
	}
	if _, err := a.Allotments.Confirm(ctx, tenant, h2.ID); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("confirm an expired hold: %v", err)
	}
	if _, err := a.Allotments.Confirm(ctx, tenant, h1.ID); err != nil {
		t.Fatal(err)
	}
	// 13 April, Rome: 4 May is inside its 21-day release; a new hold for
	// it must go on request.
	clock.Set(time.Date(2027, 4, 13, 0, 30, 0, 0, rome))
	if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 1, Units: 1,
		For: time.Hour}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("hold inside the release period: %v", err)
	}
	run := agency.ReleaseRun{AllotmentID: spec.ID, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)}
	if n, err := a.Sweeps.Release(ctx, tenant, run); err != nil || n != 7 { // 1–4 May: 2+2+2+1 (4 May has one booked unit)
		t.Errorf("release: %d, %v", n, err)
	}
	if n, _ := a.Sweeps.Release(ctx, tenant, run); n != 0 {
		t.Errorf("second release gave back %d", n)
	}
	// Every event is delivered: the hotel's in English to reservations.
	var types []string
	for _, m := range deliverAll(t, a) {
		types = append(types, m.Type)
		if m.Audience == "supplier" && (m.Recipient != "booking@pantheongarden.example" || m.Language != agency.English || m.Subject == "") {
			t.Errorf("supplier notification %+v", m)
		}
	}
	sort.Strings(types)
	want := []string{"allotment.confirmed", "allotment.created", "allotment.held", "allotment.held", "allotment.hold_expired",
		"allotment.released", "allotment.released", "allotment.released", "allotment.released", "allotment.stop_sale",
		"supplier.contract_added", "supplier.saved"}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if dead := outboxEvents(t, a, agency.EventDead); len(dead) != 0 {
		t.Errorf("dead letters: %v", dead)
	}
}

// The cost of a confirmed service is frozen at the net it was sold at; a
// later contract version does not move it; the invoice is matched against
// it.
func TestPayablesFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAgency(t, memory.New())
	addCase1Suppliers(t, a)
	acc := runCase1(t, a, true)
	req := case1Booking(acc, "B-1")
	req.Allotments, req.HoldFor = nil, 0
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, req); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "B-1", ServiceID: "stay-2", Status: booking.ServiceConfirmed,
		SupplierRef: "PG-1"}); err != nil {
		t.Fatal(err)
	}
	cs, _ := casebook.Case1Contracts()
	c2 := *cs["hotel-pantheon"]
	c2.Version = 2
	c2.Plans = []supplier.RatePlan{c2.Plans[0]}
	c2.Plans[0].Prices = append([]supplier.Prices(nil), c2.Plans[0].Prices...)
	c2.Plans[0].Prices[2].Adult = c2.Plans[0].Prices[3].Adult // a later price change
	if _, err := a.Suppliers.AddContract(ctx, tenant, c2); err != nil {
		t.Fatal(err)
	}
	lines, err := a.Payables.ListCostLines(ctx, tenant, agency.CostQuery{SupplierID: "hotel-pantheon", Booking: "B-1"})
	if err != nil || len(lines.Items) != 1 || lines.Items[0].Expected.String() != "620.00 EUR" || lines.Items[0].ContractVersion != 1 {
		t.Fatalf("cost lines after a contract edit: %+v, %v", lines.Items, err)
	}
	cl := lines.Items[0]
	if got, err := a.Payables.GetCostLine(ctx, tenant, cl.ID); err != nil || !got.Expected.Equal(cl.Expected) || got.Booking != "B-1" {
		t.Errorf("cost line by ID: %+v, %v", got, err)
	}
	rec, err := a.Payables.RecordInvoice(ctx, tenant, agency.InvoiceEntry{Invoice: supplier.Invoice{ID: "INV-1", SupplierID: "hotel-pantheon",
		Number: "2027/512", Issued: date.New(2027, 5, 12), Lines: []supplier.InvoiceLine{{CostLine: cl.ID, Amount: money(t, "650.00", "EUR")}}},
		Tolerance: supplier.Tolerance{Percent: decimal.NewFromInt(1)}})
	if err != nil || len(rec.Match.Variances) != 1 || !rec.Match.Variances[0].Flagged || rec.Match.Variances[0].Diff.String() != "30.00 EUR" {
		t.Fatalf("invoice: %+v, %v", rec.Match, err)
	}
	got, err := a.Payables.GetInvoice(ctx, tenant, "INV-1")
	if err != nil || got.Match.Variances[0].Percent.String() != "4.84" {
		t.Errorf("stored invoice: %+v, %v", got.Match, err)
	}
	if p, err := a.Payables.ListInvoices(ctx, tenant, agency.InvoiceQuery{SupplierID: "hotel-pantheon"}); err != nil || len(p.Items) != 1 {
		t.Errorf("invoices %+v, %v", p, err)
	}
}

// The evaluation is computed from what the store holds: confirmation
// times of the supplier's holds, invoice accuracy and complaints charged
// back to it; an empty month is no data; the evaluation names the
// supplier.
func TestEvaluateSupplierFromRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New(), func(c *agency.Config) { c.Zone = "UTC" })
	clock.Set(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	addSupplier(t, a, "hotel-pantheon")
	spec := supplier.AllotmentSpec{ID: "AL", SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3", Kind: supplier.Allotment,
		From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 5, Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
	if _, err := a.Allotments.Create(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	scheme := supplier.DefaultScheme()
	march := agency.EvaluationRequest{SupplierID: "hotel-pantheon", Day: date.New(2027, 3, 15), Scheme: scheme}
	ev, err := a.Suppliers.Evaluate(ctx, tenant, march)
	if err != nil || !ev.NoData || ev.SupplierName != "Hotel Pantheon Garden" {
		t.Fatalf("empty month: %+v, %v", ev, err)
	}
	// Two holds confirmed after 12 h and 60 h: median 12 h (within 24 h).
	for _, wait := range []time.Duration{12 * time.Hour, 60 * time.Hour} {
		h, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL", From: date.New(2027, 5, 10), Nights: 1, Units: 1, For: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(wait)
		if _, err := a.Allotments.Confirm(ctx, tenant, h.ID); err != nil {
			t.Fatal(err)
		}
	}
	ev, err = a.Suppliers.Evaluate(ctx, tenant, march)
	if err != nil || ev.NoData {
		t.Fatalf("evaluation: %+v, %v", ev, err)
	}
	got := map[supplier.Metric]string{}
	for _, c := range ev.Criteria {
		got[c.Metric] = "no data"
		if c.Score != nil {
			got[c.Metric] = c.Score.String()
		}
	}
	// The rooms are slept in May: no service was supplied in March, so no
	// complaint rate per service either.
	want := map[supplier.Metric]string{supplier.ConfirmationLatency: "100", supplier.ChargedBackComplaints: "no data",
		supplier.RateAccuracy: "no data", supplier.OnRequestAcceptance: "no data", supplier.ReleaseCompliance: "no data"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("criteria (-want +got):\n%s", diff)
	}
	if ev.Score.String() != "100" || ev.Standing.Name != "excellent" {
		t.Errorf("score %s %v", ev.Score, ev.Standing)
	}
	march.SupplierID = "nobody"
	if _, err := a.Suppliers.Evaluate(ctx, tenant, march); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown supplier: %v", err)
	}
}

// On-request sales: a request takes nothing from the counters; the
// supplier's answers make the acceptance rate and the confirmation time.
func TestOnRequestAnswersFeedTheEvaluation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New(), func(c *agency.Config) { c.Zone = "UTC" })
	clock.Set(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	addSupplier(t, a, "hotel-pantheon")
	spec := supplier.AllotmentSpec{ID: "OR", SupplierID: "hotel-pantheon", Product: "suite", UnitType: "suite-2", Kind: supplier.OnRequest,
		From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 0, Zone: "Europe/Rome"}
	if _, err := a.Allotments.Create(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	req := agency.HoldRequest{AllotmentID: "OR", From: date.New(2027, 5, 4), Nights: 2, Units: 1, For: 24 * time.Hour,
		LeadGuest: "WANG/LEI", Requests: []string{"quiet room, high floor"}}
	var ids []string
	for range 3 {
		r, err := a.Allotments.Request(ctx, tenant, req)
		if err != nil || r.State != supplier.HoldRequested || !r.OnRequest {
			t.Fatalf("request: %+v, %v", r, err)
		}
		ids = append(ids, r.ID)
	}
	clock.Add(6 * time.Hour)
	if _, err := a.Allotments.Answer(ctx, tenant, agency.RequestAnswer{HoldID: ids[0], Accept: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Allotments.Answer(ctx, tenant, agency.RequestAnswer{HoldID: ids[1]}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Allotments.Answer(ctx, tenant, agency.RequestAnswer{HoldID: ids[1], Accept: true}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("answer twice: %v", err)
	}
	if _, err := a.Allotments.Cancel(ctx, tenant, ids[0]); err != nil {
		t.Errorf("cancel an accepted request: %v", err)
	}
	ns, _ := a.Allotments.Nights(ctx, tenant, agency.NightsQuery{AllotmentID: "OR", From: date.New(2027, 5, 4), To: date.New(2027, 5, 5)})
	for _, n := range ns {
		if n.Held != 0 || n.Booked != 0 {
			t.Errorf("a request moved counters: %+v", n)
		}
	}
	ev, err := a.Suppliers.Evaluate(ctx, tenant, agency.EvaluationRequest{SupplierID: "hotel-pantheon", Day: date.New(2027, 3, 1), Scheme: supplier.DefaultScheme()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[supplier.Metric]string{}
	for _, c := range ev.Criteria {
		if c.Score != nil {
			got[c.Metric] = c.Score.String()
		}
	}
	// One accepted of two answered (the third still pending); confirmed in 6 h.
	if got[supplier.OnRequestAcceptance] != "50" || got[supplier.ConfirmationLatency] != "100" {
		t.Errorf("criteria %v", got)
	}
	// The request reached the hotel with the lead guest and the request.
	asked := 0
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		if e.Type == "allotment.requested" && strings.Contains(string(e.Payload), `"lead_guest":"WANG/LEI"`) &&
			strings.Contains(string(e.Payload), "quiet room, high floor") && e.Recipient == "booking@pantheongarden.example" {
			asked++
		}
	}
	if asked != 3 {
		t.Errorf("%d requests reached the hotel with the guest's wishes", asked)
	}
}
