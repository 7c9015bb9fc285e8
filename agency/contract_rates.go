package agency

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// RatedSegment is one part of an item's price: a run of nights at one
// rate (a stay across a season boundary has two), with the line's ID
// suffix, description, first service date and quantity.
type RatedSegment struct {
	NetRate
	Suffix      string    `json:"suffix"`
	Description string    `json:"description"`
	Start       date.Date `json:"start"`
	Quantity    int       `json:"quantity"`
}

// SegmentedRateSource is a RateSource that can price an item in segments.
// PriceTrip uses RatesFor when its source has it.
type SegmentedRateSource interface {
	RateSource
	RatesFor(ctx context.Context, tenant TenantID, item itinerary.Item, bookedOn date.Date) ([]RatedSegment, bool, error)
}

// ContractProduct names what a contract sells for an item.
type ContractProduct struct {
	Contract *supplier.Contract
	Product  string
	UnitType string
}

// ContractRates prices itinerary items from supplier contracts: the
// contract in force on each night, season by season, with supplements and
// offers; a commission contract's gross prices less its commission. (Price
// rules should then not take that commission again.) Match says which contract product an item is (ok false: not from
// a contract); items it does not match go to Fallback, if any.
type ContractRates struct {
	Match    func(item itinerary.Item) (ContractProduct, bool)
	Fallback RateSource
}

// RateFor prices an item as one rate: a contracted item whose nights all
// cost the same, or the fallback's. A contracted item whose nights differ
// needs RatesFor, and RateFor says so with an error.
func (r *ContractRates) RateFor(ctx context.Context, tenant TenantID, item itinerary.Item) (NetRate, bool, error) {
	segs, ok, err := r.RatesFor(ctx, tenant, item, 0)
	if err != nil || !ok {
		return NetRate{}, ok, err
	}
	if len(segs) != 1 {
		return NetRate{}, false, fmt.Errorf("%w: item %s is priced in %d segments; use RatesFor", ErrInvalid, item.ID, len(segs))
	}
	return segs[0].NetRate, true, nil
}

// RatesFor prices an item in segments from its contract, or from the
// fallback as one segment.
func (r *ContractRates) RatesFor(ctx context.Context, tenant TenantID, item itinerary.Item, bookedOn date.Date) ([]RatedSegment, bool, error) {
	cp, ok := ContractProduct{}, false
	if r != nil && r.Match != nil {
		cp, ok = r.Match(item)
	}
	if !ok {
		if r == nil || r.Fallback == nil {
			return nil, false, nil
		}
		rate, ok, err := r.Fallback.RateFor(ctx, tenant, item)
		if err != nil || !ok {
			return nil, ok, err
		}
		return []RatedSegment{{NetRate: rate, Description: item.Title, Start: itemDate(item)}}, true, nil
	}
	if cp.Contract == nil {
		return nil, false, fmt.Errorf("%w: item %s matched no contract", ErrInvalid, item.ID)
	}
	first, _, err := item.Dates()
	if err != nil {
		return nil, false, err
	}
	nights := 0
	if item.Stay != nil {
		nights = item.Stay.Nights()
	}
	rate, err := cp.Contract.Rates(supplier.StayRequest{Product: cp.Product, UnitType: cp.UnitType, Start: first, Nights: nights, BookedOn: bookedOn})
	if errors.Is(err, supplier.ErrNoRate) {
		return nil, false, fmt.Errorf("item %s: %w", item.ID, err)
	}
	if err != nil {
		return nil, false, err
	}
	// A commission contract's prices are gross: the agency's net is the
	// gross less the commission, exactly.
	net := func(m pricing.Money) pricing.Money { return m }
	if c := cp.Contract; c.Basis == supplier.Commission {
		keep := decimal.NewFromInt(100).Sub(c.CommissionPct).Shift(-2)
		net = func(m pricing.Money) pricing.Money {
			out, _ := pricing.New(m.Amount().Mul(keep), m.Currency())
			return out
		}
	}
	netPtr := func(m *pricing.Money) *pricing.Money {
		if m == nil {
			return nil
		}
		v := net(*m)
		return &v
	}
	out := make([]RatedSegment, 0, len(rate.Segments))
	for i, s := range rate.Segments {
		s.Adult, s.Child, s.Infant = net(s.Adult), netPtr(s.Child), netPtr(s.Infant)
		seg := RatedSegment{NetRate: NetRate{Category: categoryOf(item), Unit: rate.Plan.Unit, Price: s.Adult, ChildPrice: s.Child, InfantPrice: s.Infant},
			Description: item.Title, Start: s.From, Quantity: s.Nights}
		if len(rate.Segments) > 1 {
			seg.Suffix = strconv.Itoa(i + 1)
			nights := "1 night"
			if s.Nights != 1 {
				nights = strconv.Itoa(s.Nights) + " nights"
			}
			seg.Description = fmt.Sprintf("%s, %s, %s from %s (%s season)", item.Title, cp.UnitType, nights, human.ShortDate(s.From, false), s.Season)
		}
		out = append(out, seg)
	}
	return out, true, nil
}

// categoryOf is the pricing category of an itinerary item.
func categoryOf(item itinerary.Item) pricing.Category {
	switch item.Kind {
	case itinerary.KindStay:
		return pricing.CategoryLodging
	case itinerary.KindTransport:
		return pricing.CategoryTransport
	case itinerary.KindMeal:
		return pricing.CategoryMeals
	case itinerary.KindActivity:
		return pricing.CategoryActivities
	}
	return pricing.CategoryOther
}
