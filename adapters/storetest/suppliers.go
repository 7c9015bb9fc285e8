package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// suppliersAndContracts: suppliers keep their versions; contract versions
// are immutable and follow each other; tenants stay apart.
func suppliersAndContracts(t *testing.T, s agency.Store) {
	ctx := context.Background()
	ss, err := sample.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Suppliers().Save(ctx, agency.SupplierRecord{Tenant: tenantA, Supplier: ss[0], UpdatedAt: at(t)})
	if err != nil || rec.Version != 1 {
		t.Fatalf("save: %+v, %v", rec, err)
	}
	rec.Supplier.Licences = append(rec.Supplier.Licences, rec.Supplier.Licences[0])
	rec.Supplier.Licences[1].To = date.New(2030, 1, 1)
	if rec, err = s.Suppliers().Save(ctx, rec); err != nil || rec.Version != 2 {
		t.Fatalf("update: %+v, %v", rec, err)
	}
	if _, err := s.Suppliers().Save(ctx, agency.SupplierRecord{Tenant: tenantA, Supplier: ss[0], Version: 1}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale supplier save: %v", err)
	}
	got, err := s.Suppliers().Get(ctx, tenantA, ss[0].ID)
	if err != nil || len(got.Supplier.Licences) != 2 || got.Supplier.Bank == nil || got.Supplier.Bank.Account != ss[0].Bank.Account {
		t.Errorf("get: %+v, %v", got, err)
	}
	if _, err := s.Suppliers().Get(ctx, tenantB, ss[0].ID); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	cs, _ := sample.Case1Contracts()
	c := *cs["hotel-pantheon"]
	if err := s.Contracts().Add(ctx, agency.ContractVersion{Tenant: tenantA, Contract: c, CreatedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	v2 := c
	v2.Version = 2
	v2.Clauses = []supplier.Clause{{ID: "cancellation", Version: 2, Title: "Cancellation", Text: "Free until 45 days before arrival."}}
	if err := s.Contracts().Add(ctx, agency.ContractVersion{Tenant: tenantA, Contract: v2, CreatedAt: at(t)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Contracts().Add(ctx, agency.ContractVersion{Tenant: tenantA, Contract: v2, CreatedAt: at(t)}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("version 2 twice: %v", err)
	}
	old, err := s.Contracts().Get(ctx, tenantA, c.ID, 1)
	if err != nil || old.Contract.Clauses[0].Text != "Free until 30 days before arrival." || old.Contract.Seasons[2].From != date.New(2027, 5, 5) {
		t.Errorf("version 1 changed: %+v, %v", old.Contract.Clauses, err)
	}
	latest, err := s.Contracts().Latest(ctx, tenantA, c.ID)
	if err != nil || latest.Contract.Version != 2 || !latest.Contract.Plans[0].Prices[1].Adult.Equal(c.Plans[0].Prices[1].Adult) {
		t.Errorf("latest: %+v, %v", latest.Contract.Version, err)
	}
	if err := latest.Contract.Validate(); err != nil {
		t.Errorf("stored contract no longer validates: %v", err)
	}
	if _, err := s.Contracts().Latest(ctx, tenantB, c.ID); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("other tenant's contract: %v", err)
	}
}

// payables: cost lines are kept as frozen and listed by supplier and
// booking; invoices keep their match.
func payables(t *testing.T, s agency.Store) {
	ctx := context.Background()
	cs, _ := sample.Case1Contracts()
	c := cs["hotel-pantheon"]
	rate, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"B-2", "B-1"} {
		l, err := supplier.Freeze("cost-"+b, b, c, rate, 1, at(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Payables().AddCostLine(ctx, tenantA, l); err != nil {
			t.Fatal(err)
		}
	}
	l, _ := supplier.Freeze("cost-B-1", "B-1", c, rate, 1, at(t))
	if err := s.Payables().AddCostLine(ctx, tenantA, l); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate cost line: %v", err)
	}
	all, err := s.Payables().CostLines(ctx, tenantA, "hotel-pantheon", nil)
	if err != nil || len(all) != 2 || all[0].ID != "cost-B-1" || all[0].Expected.String() != "620.00 EUR" || !all[0].FrozenAt.Equal(at(t)) {
		t.Errorf("cost lines: %+v, %v", all, err)
	}
	one, _ := s.Payables().CostLines(ctx, tenantA, "hotel-pantheon", []string{"B-2"})
	if len(one) != 1 || one[0].Booking != "B-2" {
		t.Errorf("by booking: %+v", one)
	}
	if other, _ := s.Payables().CostLines(ctx, tenantB, "hotel-pantheon", nil); len(other) != 0 {
		t.Errorf("another tenant's cost lines: %+v", other)
	}
	inv := supplier.Invoice{ID: "INV-1", SupplierID: "hotel-pantheon", Number: "7", Issued: date.New(2027, 5, 12),
		Lines: []supplier.InvoiceLine{{CostLine: "cost-B-1", Amount: all[0].Expected}}}
	m, _ := supplier.MatchInvoice(inv, all, supplier.Tolerance{})
	if err := s.Payables().AddInvoice(ctx, agency.InvoiceRecord{Tenant: tenantA, Invoice: inv, Match: m}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Payables().Invoice(ctx, tenantA, "INV-1")
	if err != nil || len(got.Match.Variances) != 1 || got.Match.Variances[0].Flagged || !got.Match.Variances[0].Diff.IsZero() || len(got.Match.Unbilled) != 0 {
		t.Errorf("invoice: %+v, %v", got, err)
	}
	if _, err := s.Payables().Invoice(ctx, tenantB, "INV-1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("another tenant's invoice: %v", err)
	}
}

// supplierPerformance: the store gathers confirmations, invoice accuracy
// and charge-backs of one supplier in a window, and nothing of others.
func supplierPerformance(t *testing.T, s agency.Store) {
	ctx := context.Background()
	a := s.Allotments()
	spec := allotment("PA", 5, supplier.Allotment)
	spec.SupplierID = "hotel-pantheon"
	mustCreate(t, s, spec)
	other := allotment("PB", 5, supplier.Allotment)
	other.SupplierID = "hotel-lumiere"
	mustCreate(t, s, other)
	start := at(t)
	for i, waits := range []time.Duration{2 * time.Hour, 30 * time.Hour} {
		h := hold(t, "p"+string(rune('0'+i)), "PA", stayNight, 1, 1, "")
		h.ExpiresAt = h.CreatedAt.Add(48 * time.Hour)
		if _, err := a.Hold(ctx, tenantA, h); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Confirm(ctx, tenantA, h.ID, h.CreatedAt.Add(waits)); err != nil {
			t.Fatal(err)
		}
	}
	// Requests to the supplier: one accepted after 4 h, one declined, one
	// pending; none touches the counters.
	for i, answer := range []string{"accept", "decline", ""} {
		r := hold(t, "r"+string(rune('0'+i)), "PA", stayNight, 1, 1, "")
		got, err := a.Request(ctx, tenantA, r)
		if err != nil || got.State != supplier.HoldRequested || !got.OnRequest {
			t.Fatalf("request: %+v, %v", got, err)
		}
		switch answer {
		case "accept":
			if _, err := a.Answer(ctx, tenantA, r.ID, true, r.CreatedAt.Add(4*time.Hour)); err != nil {
				t.Fatal(err)
			}
		case "decline":
			if _, err := a.Answer(ctx, tenantA, r.ID, false, r.CreatedAt.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := a.Answer(ctx, tenantA, "r1", true, start); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("answer a declined request: %v", err)
	}
	if _, err := a.Request(ctx, tenantA, hold(t, "rx", "nope", stayNight, 1, 1, "")); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("request on an unknown allotment: %v", err)
	}
	if n := counters(t, s, "PA")[0]; n.Held != 0 || n.Booked != 2 {
		t.Errorf("requests moved counters: %+v", n)
	}
	hb := hold(t, "pb", "PB", stayNight, 1, 1, "")
	if _, err := a.Hold(ctx, tenantA, hb); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Confirm(ctx, tenantA, "pb", hb.CreatedAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// An invoice of two lines, one beyond tolerance, issued in the window.
	eur, _ := pricing.Parse("100.00", "EUR")
	more, _ := pricing.Parse("130.00", "EUR")
	lines := []supplier.CostLine{{ID: "c1", SupplierID: "hotel-pantheon", Booking: "B", Expected: eur}, {ID: "c2", SupplierID: "hotel-pantheon", Booking: "B", Expected: eur}}
	inv := supplier.Invoice{ID: "I1", SupplierID: "hotel-pantheon", Issued: date.NewAt(start), Lines: []supplier.InvoiceLine{{CostLine: "c1", Amount: eur}, {CostLine: "c2", Amount: more}}}
	m, _ := supplier.MatchInvoice(inv, lines, supplier.Tolerance{Percent: decimal.NewFromInt(1)})
	if err := s.Payables().AddInvoice(ctx, agency.InvoiceRecord{Tenant: tenantA, Invoice: inv, Match: m}); err != nil {
		t.Fatal(err)
	}
	// A complaint charged back to the hotel.
	rec := complaint(t, tenantA, "cb", start.Add(time.Hour), nil)
	voucher, _ := pricing.Parse("800", "CNY")
	rec.Complaint.Resolution = &feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "x", Compensations: []feedback.Compensation{
		{Kind: feedback.Voucher, Amount: &voucher, ChargeBack: "hotel-pantheon", ApprovedBy: "wu"}}}
	if _, err := s.Complaints().Save(ctx, rec); err != nil {
		t.Fatal(err)
	}
	// PA (release 21 days) covers 4–10 May: release dates 13–19 April. The
	// supplier stop-sold 9–10 May on 1 April, before their release dates.
	if err := a.SetStopSale(ctx, tenantA, "PA", stayNight+5, stayNight+6, true, date.New(2027, 4, 1)); err != nil {
		t.Fatal(err)
	}
	rp, err := s.Suppliers().Performance(ctx, tenantA, "hotel-pantheon", date.New(2027, 4, 1).MidnightIn(time.UTC), date.New(2027, 5, 1).MidnightIn(time.UTC))
	if err != nil || rp.Releases != 7 || rp.ReleasesOnTime != 5 {
		t.Errorf("release compliance in April: %d of %d, %v", rp.ReleasesOnTime, rp.Releases, err)
	}
	p, err := s.Suppliers().Performance(ctx, tenantA, "hotel-pantheon", start.Add(-time.Hour), start.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	durations := append([]time.Duration(nil), p.Confirmations...)
	slices.Sort(durations)
	if !slices.Equal(durations, []time.Duration{2 * time.Hour, 4 * time.Hour, 30 * time.Hour}) || p.Bookings != 3 || p.InvoiceLines != 2 ||
		p.InvoiceLinesExact != 1 || p.ChargedBack != 1 || p.OnRequestAsked != 2 || p.OnRequestAccepted != 1 {
		t.Errorf("performance %+v", p)
	}
	if p, _ := s.Suppliers().Performance(ctx, tenantA, "hotel-pantheon", start.Add(72*time.Hour), start.Add(96*time.Hour)); p.Bookings != 0 || p.ChargedBack != 0 {
		t.Errorf("a later window: %+v", p)
	}
	if p, _ := s.Suppliers().Performance(ctx, tenantB, "hotel-pantheon", start.Add(-time.Hour), start.Add(72*time.Hour)); p.Bookings != 0 || p.InvoiceLines != 0 {
		t.Errorf("another tenant: %+v", p)
	}
}
