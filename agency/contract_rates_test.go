package agency_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// The agency prices case 1 from supplier contracts: the Rome stay splits
// across its two seasons into the same lines, net and sell, as the
// pricing-only case priced by hand, and Paris comes from its contract.
func TestCase1PricedFromContracts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rates, extras, err := sample.Case1ContractRates()
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	svc := agency.New(memory.New(), agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithRates(rates))
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "王磊", Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	trip, _ := sample.Case1Trip()
	tv, err := svc.ProposeTrip(ctx, tenant, "c1", trip, 0)
	if err != nil {
		t.Fatal(err)
	}
	qv, err := svc.PriceTrip(ctx, tenant, tv.TripID, tv.Version, quoteOptions(t, extras))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]pricing.PricedLine{}
	for _, l := range qv.Quote.Lines {
		byID[l.ID] = l
	}
	// The pricing-only case, priced with the same rules and locked rate.
	req, _ := sample.Case1Quote()
	o := quoteOptions(t, nil)
	req.FXBufferPct, req.IssuedAt = o.FXBufferPct, clock.Now()
	want, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	wantByID := map[string]pricing.PricedLine{}
	for _, l := range want.Lines {
		wantByID[l.ID] = l
	}
	for got, w := range map[string]string{"stay-2/1": "htl-rome-1", "stay-2/2": "htl-rome-2", "stay-1": "htl-paris"} {
		g, ok := byID[got]
		if !ok {
			t.Errorf("no line %s; lines %v", got, keys(byID))
			continue
		}
		e := wantByID[w]
		if !g.Net.Equal(e.Net) || !g.Sell.Equal(e.Sell) || g.Quantity != e.Quantity || !g.LineNet.Equal(e.LineNet) {
			t.Errorf("%s: net %s sell %s ×%d (%s); pricing-only %s: net %s sell %s ×%d (%s)", got, g.Net, g.Sell, g.Quantity, g.LineNet,
				w, e.Net, e.Sell, e.Quantity, e.LineNet)
		}
	}
	if _, ok := byID["stay-2"]; ok {
		t.Error("the Rome stay is one line")
	}
}

func keys(m map[string]pricing.PricedLine) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A commission contract's gross price reaches pricing as net: gross less
// the commission, exactly.
func TestContractRatesCommissionBasis(t *testing.T) {
	t.Parallel()
	cs, err := sample.Case1Contracts()
	if err != nil {
		t.Fatal(err)
	}
	c := *cs["hotel-lumiere"]
	c.Basis, c.CommissionPct = supplier.Commission, decimal.RequireFromString("12.5")
	trip, _ := sample.Case1Trip()
	stay, _ := trip.Item("stay-1")
	rates := &agency.ContractRates{Match: func(it itinerary.Item) (agency.ContractProduct, bool) {
		return agency.ContractProduct{Contract: &c, Product: "family-room", UnitType: "family-3"}, it.ID == "stay-1"
	}}
	segs, ok, err := rates.RatesFor(context.Background(), tenant, *stay, 0)
	if err != nil || !ok || len(segs) != 1 || segs[0].Price.String() != "227.50 EUR" || segs[0].Quantity != 3 {
		t.Fatalf("segments %+v, %v, %v", segs, ok, err)
	}
}
