package agency

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// NetRate is what a supplier charges for an itinerary item.
type NetRate struct {
	Category    pricing.Category `json:"category"`
	Unit        pricing.Unit     `json:"unit"`
	Price       pricing.Money    `json:"price"`
	ChildPrice  *pricing.Money   `json:"child_price,omitempty"`
	InfantPrice *pricing.Money   `json:"infant_price,omitempty"`
}

// RateSource gives net rates for the itinerary items that name no supplier
// contract (those are priced from the contract the agency keeps).
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

// lines turns a trip's priced items into quote lines: an item that names a
// supplier contract is priced from the latest version of that contract in
// the store, night by night across its seasons with its supplements and
// the offers of a booking made on bookedOn, and the line names the
// contract version; any other item from the RateSource.
func (u *unit) lines(trip *itinerary.Trip, bookedOn date.Date, lang language.Tag) ([]pricing.LineInput, error) {
	var lines []pricing.LineInput
	var ps problem.List
	for _, it := range trip.Items {
		if it.Contract != "" {
			ls, err := u.contractLines(it, bookedOn, lang)
			if err != nil {
				var ve *ValidationError
				if errors.As(err, &ve) || errors.Is(err, supplier.ErrNoRate) {
					ps.Add("items["+problem.Clip(it.ID)+"]", "contract", err.Error())
					continue
				}
				return nil, err
			}
			lines = append(lines, ls...)
			continue
		}
		if u.c.rates == nil {
			continue
		}
		r, ok, err := u.c.rates.RateFor(u.ctx, u.tenant, it)
		if err != nil {
			return nil, err
		}
		if ok {
			lines = append(lines, lineOf(it, r, it.ID, it.TitleIn(lang), itemDate(it), 0))
		}
	}
	return lines, ps.Err(ErrInvalid)
}

// lineOf makes the quote line of an item at a rate: quantity is the
// stay's nights (or quantity when set), units its rooms.
func lineOf(it itinerary.Item, r NetRate, id, desc string, start date.Date, quantity int) pricing.LineInput {
	l := pricing.LineInput{ID: id, Description: desc, Category: r.Category, Supplier: it.Supplier, Product: it.Product,
		Unit: r.Unit, Price: r.Price, ChildPrice: r.ChildPrice, InfantPrice: r.InfantPrice, Quantity: 1,
		Travellers: append([]string(nil), it.Travellers...), ServiceDate: start}
	if st := it.Stay; st != nil {
		l.Quantity = st.Nights()
		if quantity > 0 {
			l.Quantity = quantity
		}
		if r.Unit == pricing.PerRoomNight || r.Unit == pricing.PerUnit {
			for _, room := range st.Rooms {
				l.Units += room.Count
				l.Capacity = max(l.Capacity, room.Occupancy)
			}
		}
	}
	return l
}

// unitType is the contract unit type an item is bought as: its first
// room's.
func unitType(it itinerary.Item) string {
	if it.Stay != nil && len(it.Stay.Rooms) > 0 {
		r := it.Stay.Rooms[0]
		if r.UnitType != "" {
			return r.UnitType
		}
		return r.Type
	}
	return ""
}

// contractLines prices an item from the latest version of the supplier
// contract it names: one line per run of nights at one rate (a stay across
// a season boundary has two, "item/1" and "item/2", each worded in lang:
// "…, 2 nights from Wed 5 May (summer)", "…，5月5日起2晚（summer）" with
// the contract's name of the season). A commission
// contract's prices are gross: the agency's net is the gross less the
// commission, exactly.
func (u *unit) contractLines(it itinerary.Item, bookedOn date.Date, lang language.Tag) ([]pricing.LineInput, error) {
	cv, err := storage.SupplierContracts().Latest(u.ctx, u.tx, u.tenant, it.Contract)
	if err != nil {
		return nil, fmt.Errorf("item %s: %w", problem.Clip(it.ID), err)
	}
	c := &cv.Contract
	if it.Supplier != "" && it.Supplier != c.SupplierID {
		return nil, problem.One(ErrInvalid, "supplier", "mismatch",
			fmt.Sprintf("contract %s is with %s, not %s", problem.Clip(c.ID), problem.Clip(c.SupplierID), problem.Clip(it.Supplier)))
	}
	first, _, err := it.Dates()
	if err != nil {
		return nil, err
	}
	nights := 0
	if it.Stay != nil {
		nights = it.Stay.Nights()
	}
	rate, err := c.Rates(supplier.StayRequest{Product: it.Product, UnitType: unitType(it), Start: first, Nights: nights, BookedOn: bookedOn})
	if err != nil {
		return nil, err
	}
	net := func(m pricing.Money) pricing.Money { return m }
	if c.Basis == supplier.Commission {
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
	item := it
	item.Supplier = c.SupplierID
	out := make([]pricing.LineInput, 0, len(rate.Segments))
	for i, s := range rate.Segments {
		r := NetRate{Category: categoryOf(it), Unit: rate.Plan.Unit, Price: net(s.Adult), ChildPrice: netPtr(s.Child), InfantPrice: netPtr(s.Infant)}
		id, desc := it.ID, it.TitleIn(lang)
		if len(rate.Segments) > 1 {
			id = it.ID + "/" + strconv.Itoa(i+1)
			season := s.Season
			for _, x := range c.Seasons {
				if x.ID == s.Season && x.Name != "" {
					season = x.Name
				}
			}
			desc = seasonLine(it, s, season, lang)
		}
		l := lineOf(item, r, id, desc, s.From, s.Nights)
		l.Contract, l.ContractVersion = c.ID, c.Version
		out = append(out, l)
	}
	return out, nil
}

// itemDate is the local date an item is used on (its departure, check-in
// or visit date).
func itemDate(it itinerary.Item) date.Date {
	first, _, _ := it.Dates()
	return first
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

// seasonLine words the line of a run of nights at one season's rate in
// lang: the item, its room, the nights from the
// first, and the contract's season.
func seasonLine(it itinerary.Item, s supplier.Segment, season string, lang language.Tag) string {
	room := unitType(it)
	if it.Stay != nil && len(it.Stay.Rooms) > 0 && it.Stay.Rooms[0].Type != "" {
		room = it.Stay.Rooms[0].Type
	}
	p := i18n.For(lang)
	return p.T("rates.season_line", it.TitleIn(lang), room, human.ShortDate(s.From, p), p.N("plan.nights", s.Nights), season)
}
