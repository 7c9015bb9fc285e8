package agency_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// The supplier side end to end: suppliers and contracts with validation,
// compliance, an allotment, availability with reasons, a hold that is
// retried, one that expires in the sweep, a confirmation, the release job;
// every change's event delivered, in the transaction of the change.
// saveCase1Suppliers stores case 1's suppliers with the given IDs and the
// contracts of the suppliers named in contracts.
func saveCase1Suppliers(t *testing.T, svc *agency.Service, ids []string, contracts ...string) {
	t.Helper()
	ctx := context.Background()
	ss, err := sample.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := sample.Case1Contracts()
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range ss {
		if slices.Contains(ids, sp.ID) {
			if _, err := svc.SaveSupplier(ctx, tenant, sp, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range contracts {
		if _, err := svc.AddContract(ctx, tenant, *cs[id]); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSupplierSideFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	rome, _ := time.LoadLocation("Europe/Rome")
	clock := &fakeClock{now: time.Date(2027, 4, 1, 9, 0, 0, 0, rome)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}))
	saveCase1Suppliers(t, svc, []string{"hotel-pantheon"})
	cs, _ := sample.Case1Contracts()
	bad := *cs["hotel-pantheon"]
	bad.Seasons = bad.Seasons[:2]
	if _, err := svc.AddContract(ctx, tenant, bad); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("contract with uncovered seasons: %v", err)
	}
	if _, err := svc.AddContract(ctx, tenant, *cs["hotel-pantheon"]); err != nil {
		t.Fatal(err)
	}
	orphan := *cs["hotel-lumiere"]
	if _, err := svc.AddContract(ctx, tenant, orphan); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("contract of an unknown supplier: %v", err)
	}
	min := decimal.NewFromInt(50)
	fs, err := svc.CheckCompliance(ctx, tenant, "hotel-pantheon", "C-PANTHEON-2027", date.New(2027, 5, 4), nil,
		supplier.Standards{Insurance: true, MinScore: &min})
	if err != nil || len(fs) != 1 || fs[0].Code != supplier.FindingNoScore || supplier.Blocks(fs) {
		t.Errorf("compliance: %+v, %v", fs, err)
	}

	spec := supplier.AllotmentSpec{ID: "AL-ROME-MAY", SupplierID: "hotel-pantheon", ContractID: "C-PANTHEON-2027", Product: "family-room",
		UnitType: "family-3", Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 2,
		Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
	if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	if err := svc.StopSale(ctx, tenant, spec.ID, date.New(2027, 5, 6), date.New(2027, 5, 6), true); err != nil {
		t.Fatal(err)
	}
	av, err := svc.Availability(ctx, tenant, spec.ID, date.New(2027, 5, 4), 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, a := range av {
		reasons = append(reasons, string(a.Reason)+"/"+strings.Repeat("x", a.Sellable))
	}
	if diff := cmp.Diff([]string{"/xx", "/xx", "stop_sale/"}, reasons); diff != "" {
		t.Errorf("availability (-want +got):\n%s", diff)
	}
	// A hold and its retry with the same key: one hold, one event.
	req := agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 2, Units: 1, For: time.Hour, IdempotencyKey: "web-1"}
	h1, err := svc.HoldUnits(ctx, tenant, req)
	if err != nil {
		t.Fatal(err)
	}
	h1again, err := svc.HoldUnits(ctx, tenant, req)
	if err != nil || h1again.ID != h1.ID {
		t.Fatalf("retry: %+v, %v", h1again, err)
	}
	// Over the stop-sold night: refused, nothing held.
	if _, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 5), Nights: 2, Units: 1, For: time.Hour}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("hold over a stop sale: %v", err)
	}
	h2, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 1, Units: 1, For: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(45 * time.Minute) // h2 has expired, h1 still lives
	if n, err := svc.SweepHolds(ctx, 10); err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	if n, _ := svc.SweepHolds(ctx, 10); n != 0 {
		t.Errorf("second sweep expired %d", n)
	}
	if _, err := svc.ConfirmHold(ctx, tenant, h2.ID); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("confirm an expired hold: %v", err)
	}
	if _, err := svc.ConfirmHold(ctx, tenant, h1.ID); err != nil {
		t.Fatal(err)
	}
	// 13 April, Rome: 4 May is inside its 21-day release and is released;
	// a new hold for it must go on request.
	clock.now = time.Date(2027, 4, 13, 0, 30, 0, 0, rome)
	if _, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: spec.ID, From: date.New(2027, 5, 4), Nights: 1, Units: 1, For: time.Hour}); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("hold inside the release period: %v", err)
	}
	n, err := svc.ReleaseDue(ctx, tenant, spec.ID, date.New(2027, 5, 1), date.New(2027, 5, 31))
	if err != nil || n != 7 { // 1–4 May: 2+2+2+1 (4 May has one booked unit)
		t.Errorf("release: %d, %v", n, err)
	}
	if n, _ := svc.ReleaseDue(ctx, tenant, spec.ID, date.New(2027, 5, 1), date.New(2027, 5, 31)); n != 0 {
		t.Errorf("second release gave back %d", n)
	}
	// Every event is delivered; none goes to a customer.
	var rec notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock}
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, m := range rec.Sent() {
		types = append(types, m.Type)
		if m.Recipient != "" || m.Subject == "" {
			t.Errorf("internal event %+v", m)
		}
	}
	sort.Strings(types)
	want := []string{"allotment.confirmed", "allotment.held", "allotment.held", "allotment.hold_expired",
		"allotment.released", "allotment.released", "allotment.released", "allotment.released", "contract.added", "supplier.saved"}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	dead, _ := store.Outbox().List(ctx, tenant, agency.EventDead, agency.PageRequest{})
	if len(dead.Items) != 0 {
		t.Errorf("dead letters: %v", dead.Items)
	}
}

// The cost of a confirmed hold is frozen from the contract; a later
// contract version does not move it; the invoice is matched against it.
func TestPayablesFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	rome, _ := time.LoadLocation("Europe/Rome")
	clock := &fakeClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, rome)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}))
	saveCase1Suppliers(t, svc, []string{"hotel-pantheon"}, "hotel-pantheon")
	cs, _ := sample.Case1Contracts()
	c := *cs["hotel-pantheon"]
	spec := supplier.AllotmentSpec{ID: "AL", SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3", Kind: supplier.Allotment,
		From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 3, Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
	if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	h, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: "AL", From: date.New(2027, 5, 4), Nights: 3, Units: 1, For: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.FreezeCost(ctx, tenant, h.ID, c.ID, "B-1"); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("freeze before confirmation: %v", err)
	}
	if _, err := svc.ConfirmHold(ctx, tenant, h.ID); err != nil {
		t.Fatal(err)
	}
	cl, err := svc.FreezeCost(ctx, tenant, h.ID, c.ID, "B-1")
	if err != nil || cl.Expected.String() != "620.00 EUR" || cl.ContractVersion != 1 {
		t.Fatalf("frozen: %+v, %v", cl, err)
	}
	c2 := c
	c2.Version = 2
	c2.Plans = []supplier.RatePlan{c.Plans[0]}
	c2.Plans[0].Prices = append([]supplier.Prices(nil), c.Plans[0].Prices...)
	c2.Plans[0].Prices[2].Adult = c.Plans[0].Prices[3].Adult // a later price change
	if _, err := svc.AddContract(ctx, tenant, c2); err != nil {
		t.Fatal(err)
	}
	lines, _ := store.Payables().CostLines(ctx, tenant, "hotel-pantheon", []string{"B-1"})
	if len(lines) != 1 || lines[0].Expected.String() != "620.00 EUR" {
		t.Errorf("cost lines after a contract edit: %+v", lines)
	}
	amount, _ := pricing.Parse("650.00", "EUR")
	rec, err := svc.RecordInvoice(ctx, tenant, supplier.Invoice{ID: "INV-1", SupplierID: "hotel-pantheon", Number: "2027/512", Issued: date.New(2027, 5, 12),
		Lines: []supplier.InvoiceLine{{CostLine: cl.ID, Amount: amount}}}, supplier.Tolerance{Percent: decimal.NewFromInt(1)})
	if err != nil || len(rec.Match.Variances) != 1 || !rec.Match.Variances[0].Flagged || rec.Match.Variances[0].Diff.String() != "30.00 EUR" {
		t.Fatalf("invoice: %+v, %v", rec.Match, err)
	}
	got, err := store.Payables().Invoice(ctx, tenant, "INV-1")
	if err != nil || got.Match.Variances[0].Percent.String() != "4.84" {
		t.Errorf("stored invoice: %+v, %v", got.Match, err)
	}
}

// The evaluation is computed from what the library holds: confirmation
// times of the supplier's holds, invoice accuracy and complaints charged
// back to it; an empty month is no data.
func TestEvaluateSupplierFromRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	clock := &fakeClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithDisplayZone("UTC", ""))
	saveCase1Suppliers(t, svc, []string{"hotel-pantheon"})
	spec := supplier.AllotmentSpec{ID: "AL", SupplierID: "hotel-pantheon", Product: "family-room", UnitType: "family-3", Kind: supplier.Allotment,
		From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 5, Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"}
	if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	scheme := supplier.DefaultScheme()
	ev, err := svc.EvaluateSupplier(ctx, tenant, "hotel-pantheon", date.New(2027, 3, 15), scheme)
	if err != nil || !ev.NoData {
		t.Fatalf("empty month: %+v, %v", ev, err)
	}
	// Two holds confirmed after 12 h and 60 h: median 12 h (within 24 h).
	for _, wait := range []time.Duration{12 * time.Hour, 60 * time.Hour} {
		h, err := svc.HoldUnits(ctx, tenant, agency.HoldRequest{AllotmentID: "AL", From: date.New(2027, 5, 10), Nights: 1, Units: 1, For: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(wait)
		if _, err := svc.ConfirmHold(ctx, tenant, h.ID); err != nil {
			t.Fatal(err)
		}
	}
	ev, err = svc.EvaluateSupplier(ctx, tenant, "hotel-pantheon", date.New(2027, 3, 15), scheme)
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
	want := map[supplier.Metric]string{supplier.ConfirmationLatency: "100", supplier.ChargedBackComplaints: "100",
		supplier.RateAccuracy: "no data", supplier.OnRequestAcceptance: "no data", supplier.ReleaseCompliance: "no data"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("criteria (-want +got):\n%s", diff)
	}
	if ev.Score.String() != "100" || ev.Standing.Name != "excellent" {
		t.Errorf("score %s %v", ev.Score, ev.Standing)
	}
	if _, err := svc.EvaluateSupplier(ctx, tenant, "nobody", date.New(2027, 3, 15), scheme); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown supplier: %v", err)
	}
}

// On-request sales: a request takes nothing from the counters; the
// supplier's answers make the acceptance rate and the confirmation time.
func TestOnRequestAnswersFeedTheEvaluation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	clock := &fakeClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithDisplayZone("UTC", ""))
	saveCase1Suppliers(t, svc, []string{"hotel-pantheon"})
	spec := supplier.AllotmentSpec{ID: "OR", SupplierID: "hotel-pantheon", Product: "suite", UnitType: "suite-2", Kind: supplier.OnRequest,
		From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: 0, Zone: "Europe/Rome"}
	if err := svc.CreateAllotment(ctx, tenant, spec); err != nil {
		t.Fatal(err)
	}
	req := agency.HoldRequest{AllotmentID: "OR", From: date.New(2027, 5, 4), Nights: 2, Units: 1, For: 24 * time.Hour}
	var ids []string
	for range 3 {
		r, err := svc.RequestUnits(ctx, tenant, req)
		if err != nil || r.State != supplier.HoldRequested || !r.OnRequest {
			t.Fatalf("request: %+v, %v", r, err)
		}
		ids = append(ids, r.ID)
	}
	clock.Add(6 * time.Hour)
	if _, err := svc.AnswerRequest(ctx, tenant, ids[0], true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerRequest(ctx, tenant, ids[1], false); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AnswerRequest(ctx, tenant, ids[1], true); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("answer twice: %v", err)
	}
	if _, err := svc.CancelHold(ctx, tenant, ids[0]); err != nil {
		t.Errorf("cancel an accepted request: %v", err)
	}
	ns, _ := store.Allotments().Nights(ctx, tenant, "OR", date.New(2027, 5, 4), date.New(2027, 5, 5))
	for _, n := range ns {
		if n.Held != 0 || n.Booked != 0 {
			t.Errorf("a request moved counters: %+v", n)
		}
	}
	ev, err := svc.EvaluateSupplier(ctx, tenant, "hotel-pantheon", date.New(2027, 3, 1), supplier.DefaultScheme())
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
}
