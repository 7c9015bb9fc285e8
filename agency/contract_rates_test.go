package agency_test

import (
	"context"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/pricing"
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
