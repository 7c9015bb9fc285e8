package casebook

import (
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/pricing"
)

// Case1Rates returns the net rates of the case-1 trip's items, and the
// extra lines that are no itinerary item (passes, tourist taxes, guides,
// insurance, visa, data plan), all taken from Case1Quote's lines. The Rome
// hotel is one item at the high-season rate: night-by-night seasons come
// with supplier contracts.
func Case1Rates() (*agency.ManualRates, []pricing.LineInput, error) {
	req, err := Case1Quote()
	if err != nil {
		return nil, nil, err
	}
	trip, err := Case1Trip()
	if err != nil {
		return nil, nil, err
	}
	lines := map[string]pricing.LineInput{}
	for _, l := range req.Lines {
		lines[l.ID] = l
	}
	stays := map[string]string{"stay-1": "htl-paris", "stay-2": "htl-rome-2", "stay-3": "htl-bcn"}
	rates := map[string]agency.NetRate{}
	used := map[string]bool{"htl-rome-1": true}
	for _, it := range trip.Items {
		id := it.ID
		if s, ok := stays[id]; ok {
			id = s
		}
		l, ok := lines[id]
		if !ok {
			continue
		}
		used[id] = true
		rates[it.ID] = agency.NetRate{Category: l.Category, Unit: l.Unit, Price: l.Price, ChildPrice: l.ChildPrice, InfantPrice: l.InfantPrice}
	}
	var extras []pricing.LineInput
	for _, l := range req.Lines {
		if !used[l.ID] {
			extras = append(extras, l)
		}
	}
	return agency.NewManualRates(rates), extras, nil
}
