package market

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Basis says what a price is for.
type Basis string

// Price bases.
const (
	PerPerson Basis = "per_person"
	Total     Basis = "total"
)

// Observation is one competitor offer as seen at an instant. It is
// immutable: a correction is a new observation naming the one it
// corrects.
type Observation struct {
	ID          string        `json:"id"`
	Competitor  string        `json:"competitor"`
	Product     string        `json:"product"`
	Destination string        `json:"destination"`
	Departure   date.Date     `json:"departure"`
	Days        int           `json:"days"`
	Inclusions  []string      `json:"inclusions,omitempty"` // flights, hotel, meals, guide, visa…
	Price       pricing.Money `json:"price"`
	Basis       Basis         `json:"basis"`
	ObservedAt  time.Time     `json:"observed_at"`
	Source      string        `json:"source"`
	Available   bool          `json:"available"`
	// Corrects names the observation this one corrects.
	Corrects string `json:"corrects,omitempty"`
}

// Validate reports every problem of an observation at once.
func (o *Observation) Validate() error {
	var ps problem.List
	o.problems(&ps, "")
	return ps.Err(ErrInvalid)
}

// MaxDays is the longest trip an observation may describe: a year.
const MaxDays = 366

// earliest and latest bound an observation's dates and instants.
func earliest() date.Date { return date.New(1970, 1, 1) }

func latest() date.Date { return date.New(2199, 12, 31) }

func (o *Observation) problems(ps *problem.List, prefix string) {
	for _, f := range [][2]string{{"id", o.ID}, {"competitor", o.Competitor}, {"product", o.Product}, {"destination", o.Destination}, {"source", o.Source}} {
		if strings.TrimSpace(f[1]) == "" {
			ps.Add(prefix+f[0], "required", "an observation has its "+f[0])
		}
	}
	if o.Departure == 0 {
		ps.Add(prefix+"departure", "required", "an observation has its departure date")
	} else if o.Departure < earliest() || o.Departure > latest() {
		ps.Add(prefix+"departure", "range", fmt.Sprintf("a departure between %s and %s", earliest(), latest()))
	}
	if o.Days < 1 || o.Days > MaxDays {
		ps.Add(prefix+"days", "range", fmt.Sprintf("a trip lasts 1 to %d days", MaxDays))
	}
	if !o.Price.IsValid() || o.Price.Sign() <= 0 {
		ps.Add(prefix+"price", "amount", "a price is a positive amount with its currency")
	}
	if o.Basis != PerPerson && o.Basis != Total {
		ps.Add(prefix+"basis", "unknown", "a price is per_person or total")
	}
	if o.ObservedAt.IsZero() {
		ps.Add(prefix+"observed_at", "required", "an observation has the instant it was seen")
	} else if d := date.NewAt(o.ObservedAt.UTC()); d < earliest() || d > latest() {
		ps.Add(prefix+"observed_at", "range", fmt.Sprintf("an instant between %s and %s", earliest(), latest()))
	}
	if o.Corrects == o.ID && o.ID != "" {
		ps.Add(prefix+"corrects", "self", "an observation does not correct itself")
	}
}

// Current drops every observation a later one corrects, keeping the
// corrections, in the order given.
func Current(obs []Observation) []Observation {
	corrected := map[string]bool{}
	for _, o := range obs {
		if o.Corrects != "" {
			corrected[o.Corrects] = true
		}
	}
	out := make([]Observation, 0, len(obs))
	for _, o := range obs {
		if !corrected[o.ID] {
			out = append(out, o)
		}
	}
	return out
}

// Ours is our own product as it is compared.
type Ours struct {
	Product     string        `json:"product"`
	Destination string        `json:"destination"`
	Departure   date.Date     `json:"departure"`
	Days        int           `json:"days"`
	Inclusions  []string      `json:"inclusions,omitempty"`
	Price       pricing.Money `json:"price"`
	Basis       Basis         `json:"basis"`
}

// SetRule says which observations are like for like: the same
// destination, departing within WindowDays of ours, lasting within
// DaysTolerance of ours, including at least what ours includes.
type SetRule struct {
	WindowDays    int `json:"window_days"`
	DaysTolerance int `json:"days_tolerance"`
}

// Reason says why an observation is not in a comparison set.
type Reason string

// Exclusion reasons.
const (
	OtherDestination  Reason = "OTHER_DESTINATION"
	OutsideWindow     Reason = "OUTSIDE_WINDOW"
	OtherDuration     Reason = "DURATION"
	MissingInclusions Reason = "MISSING_INCLUSIONS"
	OtherBasis        Reason = "BASIS"
	Unavailable       Reason = "UNAVAILABLE"
	Superseded        Reason = "SUPERSEDED"
)

// Priced is an observation in the set with its price in our currency,
// converted exactly at the locked rate (not yet rounded).
type Priced struct {
	Observation Observation   `json:"observation"`
	Price       pricing.Money `json:"price"`
}

// Position is our product against its comparison set: the set, every
// excluded observation counted by reason, the median and mean (rounded
// once to the currency), and our price index against each (our price ÷
// the statistic × 100, to 2 decimals, rounded once from exact values).
// NoData is set when the set is empty: no index, never 0 or 100.
type Position struct {
	Product     string               `json:"product"`
	Set         []Priced             `json:"set"`
	Excluded    map[Reason]int       `json:"excluded"`
	Median      pricing.Money        `json:"median,omitzero"`
	Mean        pricing.Money        `json:"mean,omitzero"`
	IndexMedian decimal.Decimal      `json:"index_median,omitzero"`
	IndexMean   decimal.Decimal      `json:"index_mean,omitzero"`
	Min         pricing.Money        `json:"min,omitzero"`
	Max         pricing.Money        `json:"max,omitzero"`
	NoData      bool                 `json:"no_data"`
	Rates       []pricing.LockedRate `json:"rates,omitempty"`
}

var hundred = decimal.NewFromInt(100)

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func includesAll(have, want []string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[norm(h)] = true
	}
	for _, w := range want {
		if !set[norm(w)] {
			return false
		}
	}
	return true
}

// Compare positions ours against the observations: corrections applied,
// the like-for-like set formed under rule (every exclusion counted by
// reason, unavailable offers among them), prices converted to our
// currency at rates locked from fx, then the median, mean and indices.
// A missing rate is an error naming the pair.
func Compare(ours Ours, obs []Observation, rule SetRule, fx pricing.FXSource) (Position, error) {
	var ps problem.List
	if !ours.Price.IsValid() || ours.Price.Sign() <= 0 {
		ps.Add("ours.price", "amount", "our price is a positive amount with its currency")
	}
	if ours.Departure == 0 || ours.Days < 1 || ours.Destination == "" {
		ps.Add("ours", "required", "our product has its destination, departure and days")
	}
	if rule.WindowDays < 0 || rule.DaysTolerance < 0 {
		ps.Add("rule", "range", "windows are not negative")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return Position{}, err
	}
	cur := ours.Price.Currency()
	p := Position{Product: ours.Product, Excluded: map[Reason]int{}}
	current := Current(obs)
	p.Excluded[Superseded] = len(obs) - len(current)
	if p.Excluded[Superseded] == 0 {
		delete(p.Excluded, Superseded)
	}
	locked := map[pricing.Currency]pricing.LockedRate{}
	for _, o := range current {
		var why Reason
		gap := int(o.Departure - ours.Departure)
		switch {
		case norm(o.Destination) != norm(ours.Destination):
			why = OtherDestination
		case gap < -rule.WindowDays || gap > rule.WindowDays:
			why = OutsideWindow
		case o.Days < ours.Days-rule.DaysTolerance || o.Days > ours.Days+rule.DaysTolerance:
			why = OtherDuration
		case !includesAll(o.Inclusions, ours.Inclusions):
			why = MissingInclusions
		case o.Basis != ours.Basis:
			why = OtherBasis
		case !o.Available:
			why = Unavailable
		}
		if why != "" {
			p.Excluded[why]++
			continue
		}
		rate, ok := locked[o.Price.Currency()]
		if !ok {
			if fx == nil && o.Price.Currency() != cur {
				return Position{}, fmt.Errorf("%w: no rate source for %s→%s", pricing.ErrMissingRate, o.Price.Currency(), cur)
			}
			var err error
			if o.Price.Currency() == cur {
				rate = pricing.LockedRate{From: cur, To: cur, Market: decimal.NewFromInt(1), Applied: decimal.NewFromInt(1), Derivation: pricing.DerivedIdentity}
			} else if rate, err = fx.Lookup(o.Price.Currency(), cur); err != nil {
				return Position{}, err
			}
			locked[o.Price.Currency()] = rate
			if rate.Derivation != pricing.DerivedIdentity {
				p.Rates = append(p.Rates, rate)
			}
		}
		price, err := rate.Convert(o.Price)
		if err != nil {
			return Position{}, err
		}
		p.Set = append(p.Set, Priced{Observation: o, Price: price})
	}
	slices.SortFunc(p.Rates, func(a, b pricing.LockedRate) int { return cmp.Compare(a.From.Code(), b.From.Code()) })
	if len(p.Set) == 0 {
		p.NoData = true
		return p, nil
	}
	median, sum, lo, hi := stats(p.Set)
	n := decimal.NewFromInt(int64(len(p.Set)))
	ourAmt := ours.Price.Amount().Mul(hundred)
	p.Median = money(median, cur).Round(pricing.Rounding{})
	p.Mean = money(sum.DivRound(n, cur.MinorUnits()+8), cur).Round(pricing.Rounding{})
	p.IndexMedian = ourAmt.DivRound(median, 2)
	p.IndexMean = ourAmt.Mul(n).DivRound(sum, 2)
	p.Min, p.Max = money(lo, cur).Round(pricing.Rounding{}), money(hi, cur).Round(pricing.Rounding{})
	return p, nil
}

// stats returns the exact median, sum, minimum and maximum of the prices.
func stats(set []Priced) (median, sum, lo, hi decimal.Decimal) {
	vals := make([]decimal.Decimal, len(set))
	for i, s := range set {
		vals[i] = s.Price.Amount()
		sum = sum.Add(vals[i])
	}
	slices.SortFunc(vals, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	k := len(vals)
	if k%2 == 1 {
		median = vals[k/2]
	} else {
		median = vals[k/2-1].Add(vals[k/2]).Div(decimal.NewFromInt(2)) // a half terminates
	}
	return median, sum, vals[0], vals[k-1]
}

func money(d decimal.Decimal, cur pricing.Currency) pricing.Money {
	m, _ := pricing.New(d, cur)
	return m
}

// Window is how trends are cut.
type Window string

// Windows.
const (
	ISOWeek Window = "iso_week"
	Month   Window = "month"
)

// TrendPoint is one window of a trend: the median of the prices seen in
// it and its change against the previous window in percent (2
// decimals). NoData marks an empty window; Change is nil when either
// window has no data.
type TrendPoint struct {
	Label  string           `json:"label"` // 2027-W05, 2027-05
	Start  date.Date        `json:"start"`
	N      int              `json:"n"`
	Median pricing.Money    `json:"median,omitzero"`
	Change *decimal.Decimal `json:"change,omitempty"`
	NoData bool             `json:"no_data"`
}

// windowOf returns the label and first day of d's window.
func windowOf(w Window, d date.Date) (string, date.Date) {
	if w == Month {
		return fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month())), date.New(d.Year(), d.Month(), 1)
	}
	y, wk := d.ISOWeek()
	monday := d - date.Date((int(d.Weekday())+6)%7)
	return fmt.Sprintf("%04d-W%02d", y, wk), monday
}

// Trend cuts the set's prices into windows by the date they were seen
// (in zone) from from to to, every window present, empty ones as no
// data, each with its median and its change against the one before.
func Trend(set []Priced, w Window, from, to date.Date, zone *time.Location) ([]TrendPoint, error) {
	if w != ISOWeek && w != Month {
		return nil, problem.One(ErrInvalid, "window", "unknown", "a trend is cut by iso_week or month")
	}
	if to < from || zone == nil {
		return nil, problem.One(ErrInvalid, "period", "range", "a trend runs forward in a zone")
	}
	var points []TrendPoint
	index := map[date.Date]int{}
	for d := from; d <= to; d++ {
		label, start := windowOf(w, d)
		if _, ok := index[start]; !ok {
			index[start] = len(points)
			points = append(points, TrendPoint{Label: label, Start: start})
		}
	}
	prices := make([][]Priced, len(points))
	for _, s := range set {
		d := date.NewAt(s.Observation.ObservedAt.In(zone))
		if d < from || d > to {
			continue
		}
		_, start := windowOf(w, d)
		i := index[start]
		prices[i] = append(prices[i], s)
	}
	var prev *decimal.Decimal
	for i := range points {
		pt := &points[i]
		pt.N = len(prices[i])
		if pt.N == 0 {
			pt.NoData, prev = true, nil
			continue
		}
		median, _, _, _ := stats(prices[i])
		cur := prices[i][0].Price.Currency()
		pt.Median = money(median, cur).Round(pricing.Rounding{})
		if prev != nil {
			ch := median.Sub(*prev).Mul(hundred).DivRound(*prev, 2)
			pt.Change = &ch
		}
		m := median
		prev = &m
	}
	return points, nil
}

// Move is a competitor's price for one product changing between two
// consecutive observations by at least the threshold.
type Move struct {
	Competitor string          `json:"competitor"`
	Product    string          `json:"product"`
	From       pricing.Money   `json:"from"`
	To         pricing.Money   `json:"to"`
	Change     decimal.Decimal `json:"change"` // percent, 2 decimals
	At         time.Time       `json:"at"`
}

// Moves finds every change of at least thresholdPct percent (either way)
// between consecutive observations of the same competitor's product in
// the same currency, by instant.
func Moves(obs []Observation, thresholdPct decimal.Decimal) []Move {
	byKey := map[string][]Observation{}
	var keys []string
	for _, o := range Current(obs) {
		k := o.Competitor + "\x00" + o.Product
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], o)
	}
	slices.Sort(keys)
	var out []Move
	for _, k := range keys {
		list := byKey[k]
		slices.SortStableFunc(list, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
		for i := 1; i < len(list); i++ {
			a, b := list[i-1], list[i]
			if a.Price.Currency() != b.Price.Currency() || a.Basis != b.Basis {
				continue
			}
			ch := b.Price.Amount().Sub(a.Price.Amount()).Mul(hundred).DivRound(a.Price.Amount(), 2)
			if ch.Abs().GreaterThanOrEqual(thresholdPct) {
				out = append(out, Move{Competitor: a.Competitor, Product: a.Product, From: a.Price, To: b.Price, Change: ch, At: b.ObservedAt})
			}
		}
	}
	return out
}
