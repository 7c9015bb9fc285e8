package inquiry

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// DateRule is a departure rule: every listed weekday from From to To.
type DateRule struct {
	From     date.Date      `json:"from"`
	To       date.Date      `json:"to"`
	Weekdays []time.Weekday `json:"weekdays"`
}

// Product is a packaged product of the catalogue: an itinerary template
// with its departures, a price-from per person, and who it suits.
type Product struct {
	ID       string             `json:"id"`
	Template itinerary.Template `json:"template"`
	TitleZH  string             `json:"title_zh,omitempty"`
	// Destinations are the cities, countries and regions the product
	// visits, as needs name them.
	Destinations []string `json:"destinations"`
	// Departures are fixed departure dates; Rules add dates by weekday.
	Departures []date.Date `json:"departures,omitempty"`
	Rules      []DateRule  `json:"rules,omitempty"`
	// PriceFrom is the lowest price per adult (see PriceFrom).
	PriceFrom pricing.Money `json:"price_from"`
	// Tags say how strongly the product features each interest, 1 to 10;
	// a template theme without a tag counts 5.
	Tags       []Weighted `json:"tags,omitempty"`
	Pace       Pace       `json:"pace,omitempty"`
	HotelGrade int        `json:"hotel_grade,omitempty"`
	// MinPax and MaxPax bound the party (0: no bound); MinAge and MaxAge
	// bound every traveller's age on departure (0: no bound).
	MinPax int `json:"min_pax,omitempty"`
	MaxPax int `json:"max_pax,omitempty"`
	MinAge int `json:"min_age,omitempty"`
	MaxAge int `json:"max_age,omitempty"`
}

// Days is the product's length in days.
func (p *Product) Days() int { return p.Template.Days() }

// Strength is how strongly the product features interest th, 0 if not.
func (p *Product) Strength(th itinerary.Theme) int {
	for _, t := range p.Tags {
		if t.Interest == th {
			return t.Weight
		}
	}
	if p.Template.HasTheme(th) {
		return 5
	}
	return 0
}

// Validate reports every problem of a product at once.
func (p *Product) Validate() error {
	var ps problem.List
	if p.ID == "" {
		ps.Add("id", "required", "a product has an ID")
	}
	if p.Days() < 1 {
		ps.Add("template.skeleton", "required", "a product's template has its days")
	}
	if !p.PriceFrom.IsValid() || p.PriceFrom.Sign() <= 0 {
		ps.Add("price_from", "amount", "a product has a positive price from, with its currency")
	}
	if len(p.Departures) == 0 && len(p.Rules) == 0 {
		ps.Add("departures", "required", "a product departs on dates or by rules")
	}
	for i := 1; i < len(p.Departures); i++ {
		if p.Departures[i] <= p.Departures[i-1] {
			ps.Add("departures", "order", "departures are listed in order, each once")
			break
		}
	}
	for i, r := range p.Rules {
		if r.To < r.From || len(r.Weekdays) == 0 {
			ps.Add("rules["+strconv.Itoa(i)+"]", "range", "a rule runs forward and names weekdays")
		}
	}
	for i, t := range p.Tags {
		if t.Weight < 1 || t.Weight > 10 {
			ps.Add("tags["+strconv.Itoa(i)+"]", "weight", "a tag's strength is 1 to 10")
		}
	}
	if (p.MaxPax > 0 && p.MaxPax < p.MinPax) || (p.MaxAge > 0 && p.MaxAge < p.MinAge) || p.MinPax < 0 || p.MinAge < 0 {
		ps.Add("limits", "range", "party and age limits are not negative and run forward")
	}
	return ps.Err(ErrInvalid)
}

// FirstDeparture is the product's first departure in [from, to].
func (p *Product) FirstDeparture(from, to date.Date) (date.Date, bool) {
	i, _ := slices.BinarySearch(p.Departures, from)
	best, found := date.Date(0), false
	if i < len(p.Departures) && p.Departures[i] <= to {
		best, found = p.Departures[i], true
	}
	for _, r := range p.Rules {
		lo, hi := max(from, r.From), min(to, r.To)
		for d := lo; d <= hi && (!found || d < best); d++ {
			if slices.Contains(r.Weekdays, d.Weekday()) {
				best, found = d, true
				break
			}
		}
	}
	return best, found
}

// PriceFrom prices a reference request (typically two adults on a
// representative departure) through the pricing engine and returns the
// lowest share of an adult: the product's price from per person.
func PriceFrom(e *pricing.Engine, req pricing.QuoteRequest) (pricing.Money, error) {
	q, err := e.Price(req)
	if err != nil {
		return pricing.Money{}, err
	}
	var out pricing.Money
	for i, t := range q.Travellers {
		if t.Type != pricing.Adult || i >= len(q.PerTraveller) {
			continue
		}
		share := q.PerTraveller[i].Total
		if c, err := share.Cmp(out); !out.IsValid() || (err == nil && c < 0) {
			out = share
		}
	}
	if !out.IsValid() {
		return pricing.Money{}, fmt.Errorf("%w: the reference request has no adult", ErrInvalid)
	}
	return out, nil
}
