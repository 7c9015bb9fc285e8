package supplier

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// FeeBasis is how a cancellation fee is computed.
type FeeBasis string

// Fee bases.
const (
	PercentOfTotal  FeeBasis = "percent_total"
	PercentOfNights FeeBasis = "percent_first_nights" // Percent of the first Nights nights
	FixedPerBooking FeeBasis = "fixed_booking"
	FixedPerPerson  FeeBasis = "fixed_person"
)

// Fee is what one tier charges.
type Fee struct {
	Basis   FeeBasis        `json:"basis"`
	Percent decimal.Decimal `json:"percent,omitzero"`
	Nights  int             `json:"nights,omitempty"`
	Amount  *pricing.Money  `json:"amount,omitempty"`
}

// DayCount says what a day before the service is.
type DayCount string

// Day counts.
const (
	// CalendarDays counts calendar dates in the supplier's zone: a
	// cancellation on any hour of the day before arrival is one day before.
	CalendarDays DayCount = "calendar"
	// ElapsedHours counts 24-hour periods before the service's start instant.
	ElapsedHours DayCount = "elapsed"
)

// Tier charges Fee for a cancellation received within Days days (or Hours
// hours) before the service, down to the next tier's cutoff. Windows are
// half-open: at exactly the cutoff of a tier, that tier applies.
type Tier struct {
	Days  int `json:"days,omitempty"`
	Hours int `json:"hours,omitempty"`
	Fee   Fee `json:"fee"`
}

func (t Tier) within() time.Duration {
	return time.Duration(t.Days)*24*time.Hour + time.Duration(t.Hours)*time.Hour
}

// CancellationPolicy is a contract's cancellation scale: tiers from the
// farthest cutoff to the nearest, strictly nearer each time, the no-show
// fee, and whether infants are exempt from per-person fees.
type CancellationPolicy struct {
	Count         DayCount `json:"count"`
	Tiers         []Tier   `json:"tiers"`
	NoShow        *Fee     `json:"no_show,omitempty"`
	InfantsExempt bool     `json:"infants_exempt,omitempty"`
}

func (p CancellationPolicy) problems(cur pricing.Currency) []Problem {
	var ps problems
	if len(p.Tiers) > 0 || p.NoShow != nil {
		switch p.Count {
		case CalendarDays, ElapsedHours:
		default:
			ps.add("Count", CodeInvalidValue, "days are calendar or elapsed")
		}
	}
	for i, t := range p.Tiers {
		f := "Tiers[" + strconv.Itoa(i) + "]"
		if t.Days < 0 || t.Hours < 0 || (t.Days == 0 && t.Hours == 0) {
			ps.add(f, CodeInvalidValue, "a tier starts some days or hours before the service")
		}
		if i > 0 && t.within() >= p.Tiers[i-1].within() {
			ps.add(f, CodeTierOrder, "tiers go from the farthest cutoff to the nearest, strictly")
		}
		ps = append(ps, t.Fee.problems(f+".Fee", cur)...)
	}
	if p.NoShow != nil {
		ps = append(ps, p.NoShow.problems("NoShow", cur)...)
	}
	return ps
}

func (f Fee) problems(field string, cur pricing.Currency) []Problem {
	var ps problems
	switch f.Basis {
	case PercentOfTotal, PercentOfNights:
		if f.Percent.Sign() < 0 || f.Percent.GreaterThan(decimal.NewFromInt(100)) {
			ps.add(field+".Percent", CodeInvalidValue, "a percentage is 0 to 100")
		}
		if f.Basis == PercentOfNights && f.Nights < 1 {
			ps.add(field+".Nights", CodeInvalidValue, "a fee on the first nights names how many")
		}
	case FixedPerBooking, FixedPerPerson:
		if f.Amount == nil || !f.Amount.IsValid() || f.Amount.Sign() < 0 {
			ps.add(field+".Amount", CodeRequired, "a fixed fee needs an amount")
		} else if !cur.IsZero() && f.Amount.Currency() != cur {
			ps.add(field+".Amount", CodeCurrency, "fees are in the contract's currency")
		}
	default:
		ps.add(field+".Basis", CodeInvalidValue, "basis is percent_total, percent_first_nights, fixed_booking or fixed_person")
	}
	return ps
}

// Booked is one unit's booked service, as a cancellation fee reads it.
type Booked struct {
	// Start is the service's start instant (check-in) in the supplier's
	// zone; its local date is the service date.
	Start time.Time
	// Nights holds the price of each night (or the one price of a service
	// that has no nights); their sum is the total.
	Nights  []pricing.Money
	Persons int // travellers, infants included
	Infants int
}

// Total is the sum of the nights.
func (b Booked) Total() (pricing.Money, error) {
	if len(b.Nights) == 0 {
		return pricing.Money{}, fmt.Errorf("%w: a booked service needs its price", ErrInvalid)
	}
	total := b.Nights[0]
	for _, n := range b.Nights[1:] {
		var err error
		if total, err = total.Add(n); err != nil {
			return pricing.Money{}, err
		}
	}
	return total, nil
}

// Window is one stretch of a cancellation schedule: a notice received at
// or after From and before To (zero To: until the service starts) costs
// Fee, which is Percent of the total when the window's fees are
// percentages of it. Fee is exact (unrounded); show Percent, never a
// percentage recomputed from rounded money.
type Window struct {
	From    time.Time
	To      time.Time
	Fee     pricing.Money
	Percent *decimal.Decimal
}

// Schedule lays the policy out for one booked unit as absolute windows,
// from the farthest cutoff to the service's start; before the first window
// cancelling is free, after the start the no-show fee applies.
func (p CancellationPolicy) Schedule(b Booked) ([]Window, error) {
	total, err := b.Total()
	if err != nil {
		return nil, err
	}
	out := make([]Window, 0, len(p.Tiers))
	for i, t := range p.Tiers {
		w := Window{From: p.cutoff(b.Start, t)}
		if i+1 < len(p.Tiers) {
			w.To = p.cutoff(b.Start, p.Tiers[i+1])
		} else {
			w.To = b.Start
		}
		w.Fee, w.Percent, err = p.fee(t.Fee, b, total)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// cutoff is the instant a tier begins: Days calendar dates before the
// service date at local midnight, or the duration before the start.
func (p CancellationPolicy) cutoff(start time.Time, t Tier) time.Time {
	if p.Count == CalendarDays && t.Hours == 0 {
		d := date.NewAt(start) - date.Date(t.Days)
		return d.MidnightIn(start.Location())
	}
	return start.Add(-t.within())
}

// fee computes one fee exactly, with its percentage of the total when it
// is one.
func (p CancellationPolicy) fee(f Fee, b Booked, total pricing.Money) (pricing.Money, *decimal.Decimal, error) {
	switch f.Basis {
	case PercentOfTotal:
		pct := f.Percent
		return amount(total.Amount().Mul(pct).Shift(-2), total.Currency()), &pct, nil
	case PercentOfNights:
		base := decimal.Zero
		for i := 0; i < f.Nights && i < len(b.Nights); i++ {
			base = base.Add(b.Nights[i].Amount())
		}
		return amount(base.Mul(f.Percent).Shift(-2), total.Currency()), nil, nil
	case FixedPerBooking:
		return *f.Amount, nil, nil
	case FixedPerPerson:
		n := b.Persons
		if p.InfantsExempt {
			n -= b.Infants
		}
		return amount(f.Amount.Amount().Mul(decimal.NewFromInt(int64(max(n, 0)))), f.Amount.Currency()), nil, nil
	}
	return pricing.Money{}, nil, fmt.Errorf("%w: fee basis %q", ErrInvalid, f.Basis)
}

// FeeAt returns the fee for a cancellation received at instant at: free
// before the first tier, the tier whose window holds at, or the no-show fee
// from the service's start (none agreed: the full total).
func (p CancellationPolicy) FeeAt(b Booked, at time.Time) (pricing.Money, error) {
	total, err := b.Total()
	if err != nil {
		return pricing.Money{}, err
	}
	if !at.Before(b.Start) {
		if p.NoShow == nil {
			return total, nil
		}
		fee, _, err := p.fee(*p.NoShow, b, total)
		return fee, err
	}
	ws, err := p.Schedule(b)
	if err != nil {
		return pricing.Money{}, err
	}
	for _, w := range ws {
		if !at.Before(w.From) && at.Before(w.To) {
			return w.Fee, nil
		}
	}
	return pricing.Zero(total.Currency()), nil
}

// Merge folds the schedules of several units (rooms of one booking) into
// one: a window at every cutoff of any unit, whose fee is the sum of every
// unit's fee in force then, and whose percentage is the exact share of
// the combined total those fees make (nil when no unit charges anything
// yet). Totals are the units' totals, in the same order as schedules.
func Merge(schedules [][]Window, totals []pricing.Money) ([]Window, error) {
	if len(schedules) != len(totals) || len(totals) == 0 {
		return nil, fmt.Errorf("%w: one total per schedule", ErrInvalid)
	}
	cur := totals[0].Currency()
	sum := decimal.Zero
	for _, t := range totals {
		if t.Currency() != cur {
			return nil, fmt.Errorf("%w: units in %s and %s", pricing.ErrCurrencyMismatch, cur, t.Currency())
		}
		sum = sum.Add(t.Amount())
	}
	var cuts []time.Time
	var end time.Time
	for _, s := range schedules {
		for _, w := range s {
			cuts = append(cuts, w.From, w.To)
			if w.To.After(end) {
				end = w.To
			}
		}
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	cuts = slices.CompactFunc(cuts, func(a, b time.Time) bool { return a.Equal(b) })
	var out []Window
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		fee := decimal.Zero
		for _, s := range schedules {
			for _, w := range s {
				if !from.Before(w.From) && from.Before(w.To) {
					fee = fee.Add(w.Fee.Amount())
				}
			}
		}
		w := Window{From: from, To: to, Fee: amount(fee, cur)}
		if sum.Sign() > 0 {
			pct := fee.Mul(decimal.NewFromInt(100)).DivRound(sum, 10)
			w.Percent = &pct
		}
		if n := len(out); n > 0 && out[n-1].Fee.Equal(w.Fee) && out[n-1].To.Equal(from) {
			out[n-1].To = to // same fee: one window
			continue
		}
		out = append(out, w)
	}
	return out, nil
}

// amount makes Money of a decimal in a currency already known valid.
func amount(d decimal.Decimal, cur pricing.Currency) pricing.Money {
	m, _ := pricing.New(d, cur)
	return m
}
