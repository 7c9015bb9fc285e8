package agency

import (
	"context"
	"maps"

	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// NetRate is what a supplier charges for an itinerary item.
type NetRate struct {
	Category    pricing.Category `json:"category"`
	Unit        pricing.Unit     `json:"unit"`
	Price       pricing.Money    `json:"price"`
	ChildPrice  *pricing.Money   `json:"child_price,omitempty"`
	InfantPrice *pricing.Money   `json:"infant_price,omitempty"`
}

// RateSource finds net rates for itinerary items. Supplier contracts will
// provide one; ManualRates is a table typed in by the consultant.
type RateSource interface {
	// RateFor returns the item's net rate; ok is false for items that carry
	// no price of their own (notes, free time, included visits).
	RateFor(ctx context.Context, tenant TenantID, item itinerary.Item) (rate NetRate, ok bool, err error)
}

// ManualRates is an immutable table of net rates keyed by item ID, or by
// "supplier/product" for items that name a product.
type ManualRates struct {
	rates map[string]NetRate
}

// NewManualRates copies rates into a table.
func NewManualRates(rates map[string]NetRate) *ManualRates {
	return &ManualRates{rates: maps.Clone(rates)}
}

// RateFor looks the item up by supplier/product, then by ID.
func (m *ManualRates) RateFor(_ context.Context, _ TenantID, item itinerary.Item) (NetRate, bool, error) {
	if m == nil {
		return NetRate{}, false, nil
	}
	if item.Product != "" {
		if r, ok := m.rates[item.Supplier+"/"+item.Product]; ok {
			return r, true, nil
		}
	}
	r, ok := m.rates[item.ID]
	return r, ok, nil
}
