package supplier

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// MaxNights bounds a stay Rates prices, so that no request makes it work
// without end.
const MaxNights = 366

// StayRequest asks for the rate of a product and unit type from Start for
// Nights nights (0 for a service without nights, priced on Start), booked
// on BookedOn (for early-booking offers).
type StayRequest struct {
	Product  string    `json:"product"`
	UnitType string    `json:"unit_type"`
	Start    date.Date `json:"start"`
	Nights   int       `json:"nights"`
	BookedOn date.Date `json:"booked_on"`
}

// Segment is a run of consecutive nights at the same prices: per unit and
// night (per person for per-person plans), exact, in the contract's
// currency. A service without nights has one segment of zero nights. Child and Infant are nil where the adult price applies; an
// infant price of zero is free.
type Segment struct {
	Season string         `json:"season"`
	From   date.Date      `json:"from"`
	Nights int            `json:"nights"`
	Adult  pricing.Money  `json:"adult"`
	Child  *pricing.Money `json:"child,omitempty"`
	Infant *pricing.Money `json:"infant,omitempty"`
}

// StayRate is the net rate of a stay: the plan it came from, the nights in
// segments across season boundaries, and why each price is what it is.
type StayRate struct {
	Plan     RatePlan  `json:"plan"`
	Segments []Segment `json:"segments"`
	Trace    []string  `json:"trace"`
}

// night is one night's prices while they are being worked out.
type night struct {
	day                  date.Date
	season               string
	adult, child, infant *decimal.Decimal
}

// Rates prices a stay from the contract: each night at the season in force
// on it, plus the weekday supplements of that night, then the offers (stay
// N pay M, early booking). A night outside the contract, a plan or season
// price that is missing, or a stay shorter than the plan's minimum is an
// error matching ErrNoRate or ErrInvalid that says which.
func (c *Contract) Rates(req StayRequest) (StayRate, error) {
	var ps problems
	if req.Nights < 0 || req.Nights > MaxNights {
		ps.add("Nights", CodeInvalidValue, "nights are 0 to "+strconv.Itoa(MaxNights))
	}
	plan, ok := c.plan(req.Product, req.UnitType)
	if !ok {
		return StayRate{}, fmt.Errorf("%w: contract %s has no plan for %s/%s", ErrNoRate, c.ID, req.Product, req.UnitType)
	}
	if plan.MinStay > 1 && req.Nights < plan.MinStay {
		ps.addDetail("Nights", CodeMinStay, fmt.Sprintf("%s/%s needs at least %d nights", req.Product, req.UnitType, plan.MinStay),
			map[string]string{"min_stay": strconv.Itoa(plan.MinStay)})
	}
	if err := ps.err(); err != nil {
		return StayRate{}, err
	}
	out := StayRate{Plan: plan}
	count := max(req.Nights, 1)
	nights := make([]night, count)
	for i := range nights {
		d := req.Start + date.Date(i)
		s, ok := c.SeasonOn(d)
		if !ok || d < c.ValidFrom || d > c.ValidTo {
			return StayRate{}, fmt.Errorf("%w: contract %s does not cover %s", ErrNoRate, c.ID, d)
		}
		pr, ok := plan.pricesIn(s.ID)
		if !ok {
			return StayRate{}, fmt.Errorf("%w: %s/%s has no price in season %s", ErrNoRate, req.Product, req.UnitType, s.ID)
		}
		n := night{day: d, season: s.ID, adult: dec(pr.Adult)}
		if pr.Child != nil {
			n.child = dec(*pr.Child)
		}
		switch {
		case pr.Infant != nil:
			n.infant = dec(*pr.Infant)
		case c.InfantsFree && plan.Unit == pricing.PerPerson:
			zero := decimal.Zero
			n.infant = &zero
		}
		why := d.String() + ": season " + s.ID + ", " + pr.Adult.String()
		for _, sup := range c.Supplements {
			if (sup.Product == "" || sup.Product == req.Product) && slices.Contains(sup.Weekdays, d.Weekday()) {
				add := sup.Amount.Amount()
				for _, p := range []*decimal.Decimal{n.adult, n.child, n.infant} {
					if p != nil && !(p == n.infant && p.IsZero()) {
						*p = p.Add(add)
					}
				}
				why += " + " + sup.Amount.String() + " (" + sup.ID + ", " + d.Weekday().String() + ")"
			}
		}
		out.Trace = append(out.Trace, why)
		nights[i] = n
	}
	c.applyOffers(req, nights, &out)
	out.Segments = segments(nights, c.Currency)
	if req.Nights == 0 {
		out.Segments[0].Nights = 0 // a service without nights
	}
	return out, nil
}

func dec(m pricing.Money) *decimal.Decimal {
	d := m.Amount()
	return &d
}

func (c *Contract) plan(product, unitType string) (RatePlan, bool) {
	for _, p := range c.Plans {
		if p.Product == product && p.UnitType == unitType {
			return p, true
		}
	}
	return RatePlan{}, false
}

func (p RatePlan) pricesIn(season string) (Prices, bool) {
	for _, pr := range p.Prices {
		if pr.Season == season {
			return pr, true
		}
	}
	return Prices{}, false
}

// applyOffers applies stay-pay blocks (the cheapest nights of each full
// block are free) and then early-booking percentages, exactly.
func (c *Contract) applyOffers(req StayRequest, nights []night, out *StayRate) {
	for _, o := range c.Offers {
		if (o.Product != "" && o.Product != req.Product) || req.Start < o.From || req.Start > o.To {
			continue
		}
		switch o.Kind {
		case StayPay:
			if req.Nights < o.Stay {
				continue
			}
			for block := 0; block+o.Stay <= len(nights); block += o.Stay {
				idx := make([]int, o.Stay)
				for i := range idx {
					idx[i] = block + i
				}
				slices.SortStableFunc(idx, func(a, b int) int { return nights[a].adult.Cmp(*nights[b].adult) })
				for _, i := range idx[:o.Stay-o.Pay] {
					for _, p := range []*decimal.Decimal{nights[i].adult, nights[i].child, nights[i].infant} {
						if p != nil {
							*p = decimal.Zero
						}
					}
					out.Trace = append(out.Trace, nights[i].day.String()+": free under "+o.ID+" (stay "+strconv.Itoa(o.Stay)+" pay "+strconv.Itoa(o.Pay)+")")
				}
			}
		case EarlyBooking:
			if req.BookedOn == 0 || req.BookedOn > o.BookBy {
				continue
			}
			factor := decimal.NewFromInt(100).Sub(o.Percent).Shift(-2)
			for i := range nights {
				for _, p := range []*decimal.Decimal{nights[i].adult, nights[i].child, nights[i].infant} {
					if p != nil {
						*p = p.Mul(factor)
					}
				}
			}
			out.Trace = append(out.Trace, "early booking "+o.ID+": "+o.Percent.String()+" % off, booked "+req.BookedOn.String()+" by "+o.BookBy.String())
		}
	}
}

// segments groups consecutive nights at equal prices.
func segments(nights []night, cur pricing.Currency) []Segment {
	var out []Segment
	same := func(a, b *decimal.Decimal) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }
	for i, n := range nights {
		if i > 0 {
			p := nights[i-1]
			if p.season == n.season && same(p.adult, n.adult) && same(p.child, n.child) && same(p.infant, n.infant) {
				out[len(out)-1].Nights++
				continue
			}
		}
		s := Segment{Season: n.season, From: n.day, Nights: 1, Adult: amount(*n.adult, cur)}
		if n.child != nil {
			m := amount(*n.child, cur)
			s.Child = &m
		}
		if n.infant != nil {
			m := amount(*n.infant, cur)
			s.Infant = &m
		}
		out = append(out, s)
	}
	return out
}
