package booking

import (
	"fmt"
	"math/big"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Terminator says who ends the contract; the scales differ.
type Terminator string

// Who terminates.
const (
	// TravellerTerminates: the traveller cancels and pays the fee.
	TravellerTerminates Terminator = "traveller"
	// AgencyTerminates: the agency cancels (or the group is not formed) and
	// pays the traveller a penalty on top of the full refund.
	AgencyTerminates Terminator = "agency"
)

// Step is one row of a scale: from MinDays calendar days before departure
// (inclusive, "N日以上") the rate is Percent of the total price.
type Step struct {
	MinDays int             `json:"min_days"`
	Percent decimal.Decimal `json:"percent"`
}

// Scale is a cancellation table. Steps run from the most days before
// departure down to the departure day (MinDays 0), whose rate is also the
// r₀ of the mid-trip formula.
type Scale struct {
	Name  string     `json:"name"`
	Who   Terminator `json:"who"`
	Steps []Step     `json:"steps"`
}

func pct(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// OutboundTraveller is GF-2014-2402 art. 15.1: ≥30 days 0, 29–15 5 %,
// 14–7 20 %, 6–4 50 %, 3–1 60 %, departure day 70 %.
func OutboundTraveller() Scale {
	return Scale{Name: "GF-2014-2402 traveller", Who: TravellerTerminates, Steps: []Step{
		{30, pct(0)}, {15, pct(5)}, {7, pct(20)}, {4, pct(50)}, {1, pct(60)}, {0, pct(70)}}}
}

// DomesticTraveller is GF-2014-2401 art. 15.1: ≥7 days 0, 6–4 20 %,
// 3–1 40 %, departure day 60 %.
func DomesticTraveller() Scale {
	return Scale{Name: "GF-2014-2401 traveller", Who: TravellerTerminates, Steps: []Step{
		{7, pct(0)}, {4, pct(20)}, {1, pct(40)}, {0, pct(60)}}}
}

// OutboundAgency is GF-2014-2402 art. 12 and 17.1 (the agency terminates or
// the group is not formed): ≥30 days 0, 29–15 2 %, 14–7 5 %, 6–4 10 %,
// 3–1 15 %, departure day 20 %.
func OutboundAgency() Scale {
	return Scale{Name: "GF-2014-2402 agency", Who: AgencyTerminates, Steps: []Step{
		{30, pct(0)}, {15, pct(2)}, {7, pct(5)}, {4, pct(10)}, {1, pct(15)}, {0, pct(20)}}}
}

// DomesticAgency is GF-2014-2401 art. 12 and 17.1: ≥7 days 0, 6–4 10 %,
// 3–1 15 %, departure day 20 %.
func DomesticAgency() Scale {
	return Scale{Name: "GF-2014-2401 agency", Who: AgencyTerminates, Steps: []Step{
		{7, pct(0)}, {4, pct(10)}, {1, pct(15)}, {0, pct(20)}}}
}

// Validate reports every problem of the scale at once: a name, who
// terminates, steps in strictly falling MinDays ending at 0, rates
// between 0 and 100 that never fall as departure nears.
func (s Scale) Validate() error {
	var ps []Problem
	add := func(field, code, msg string) { ps = append(ps, Problem{Field: field, Code: code, Message: msg}) }
	if s.Name == "" {
		add("name", "required", "a scale has a name")
	}
	if s.Who != TravellerTerminates && s.Who != AgencyTerminates {
		add("who", "unknown", fmt.Sprintf("who terminates is %q, not traveller or agency", s.Who))
	}
	if len(s.Steps) == 0 {
		add("steps", "required", "a scale has steps")
	}
	hundred := pct(100)
	for i, st := range s.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		if st.Percent.IsNegative() || st.Percent.GreaterThan(hundred) {
			add(f+".percent", "range", fmt.Sprintf("rate %s %% is outside 0–100", st.Percent))
		}
		if st.MinDays < 0 {
			add(f+".min_days", "range", "days before departure are not negative")
		}
		if i > 0 {
			prev := s.Steps[i-1]
			if st.MinDays >= prev.MinDays {
				add(f+".min_days", "order", fmt.Sprintf("%d days follows %d; steps run from most days to fewest", st.MinDays, prev.MinDays))
			}
			if st.Percent.LessThan(prev.Percent) {
				add(f+".percent", "order", fmt.Sprintf("rate %s %% is below the earlier %s %%", st.Percent, prev.Percent))
			}
		}
	}
	if n := len(s.Steps); n > 0 && s.Steps[n-1].MinDays != 0 {
		add(fmt.Sprintf("steps[%d].min_days", n-1), "departure_day", "the last step is the departure day (0 days)")
	}
	return problem.Invalid(ErrInvalid, ps)
}

// RateAt is the rate for a notice days calendar days before departure
// (0: the departure day). Days past the first step's MinDays get its rate.
func (s Scale) RateAt(days int) decimal.Decimal {
	for _, st := range s.Steps {
		if days >= st.MinDays {
			return st.Percent
		}
	}
	if n := len(s.Steps); n > 0 {
		return s.Steps[n-1].Percent
	}
	return decimal.Zero
}

// CancellationInput is what a cancellation fee depends on.
type CancellationInput struct {
	Scale Scale
	// Total is the contract's total price; Paid what the traveller has paid.
	Total pricing.Money
	Paid  pricing.Money
	// Departure and Return are the first and last days of the trip.
	Departure date.Date
	Return    date.Date
	// NoticeAt is the instant the termination notice arrived; its date is
	// read in Zone, the agency's zone.
	NoticeAt time.Time
	Zone     *time.Location
	// ActualCosts are the documented costs already incurred (optional);
	// when above the scale they apply instead, capped at the total.
	ActualCosts pricing.Money
	// VisaFees already incurred (optional): the traveller bears them, the
	// agency refunds them when it terminates.
	VisaFees pricing.Money
	// WorkingDay says which dates count toward the refund deadline; nil
	// means Monday to Friday.
	WorkingDay func(date.Date) bool
	// RefundWorkingDays is the refund deadline (0: 5, GF-2014).
	RefundWorkingDays int
}

// Basis says which rule set the fee.
type Basis string

// Fee bases.
const (
	BasisScale   Basis = "scale"        // the scale's rate
	BasisMidTrip Basis = "mid_trip"     // the mid-trip formula
	BasisActual  Basis = "actual_costs" // documented costs above the scale
	BasisCapped  Basis = "capped"       // actual costs capped at the total
)

// Cancellation is the fee shown before a cancellation is confirmed, with
// fee and refund as separate lines.
type Cancellation struct {
	Who      Terminator      `json:"who"`
	NoticeOn date.Date       `json:"notice_on"`
	DaysLeft int             `json:"days_left"` // departure − notice date; negative mid-trip
	Elapsed  int             `json:"elapsed,omitempty"`
	TripDays int             `json:"trip_days"`
	Rate     decimal.Decimal `json:"rate"`
	Basis    Basis           `json:"basis"`
	ScaleFee pricing.Money   `json:"scale_fee"`
	Fee      pricing.Money   `json:"fee"`     // the traveller's fee (zero when the agency terminates)
	VisaFees pricing.Money   `json:"visa"`    // kept by the agency (traveller) or refunded (agency)
	Penalty  pricing.Money   `json:"penalty"` // paid by the agency on top of the refund
	// Refund is what goes back to the traveller, never negative: for the
	// traveller's termination Paid − Fee − VisaFees when that is positive,
	// else zero; for the agency's, Paid + Penalty.
	Refund pricing.Money `json:"refund"`
	// Owed is what the traveller still owes when the fee and visa fees
	// exceed what was paid (Fee + VisaFees − Paid), else zero.
	Owed      pricing.Money `json:"owed"`
	RefundBy  date.Date     `json:"refund_by"`
	ScaleName string        `json:"scale"`
}

// QuoteCancellation computes the fee at the instant the notice arrives. It
// changes nothing and returns every input problem at once.
func QuoteCancellation(in CancellationInput) (Cancellation, error) {
	var ps []Problem
	add := func(field, code, msg string) { ps = append(ps, Problem{Field: field, Code: code, Message: msg}) }
	var causes []error
	if err := in.Scale.Validate(); err != nil {
		causes = append(causes, err)
		add("scale", "invalid", err.Error())
	}
	cur := in.Total.Currency()
	if !in.Total.IsValid() {
		add("total", "required", "the total price is required")
	} else if !in.Total.IsRounded() || in.Total.Sign() < 0 {
		add("total", "amount", fmt.Sprintf("total %s is not a non-negative amount in minor units", in.Total))
	}
	money := func(field string, m pricing.Money, optional bool) {
		if !m.IsValid() {
			if !optional {
				add(field, "required", field+" is required")
			}
			return
		}
		if in.Total.IsValid() && m.Currency() != cur {
			add(field, "currency", fmt.Sprintf("%s is in %s, the total in %s", field, m.Currency(), cur))
		}
		if !m.IsRounded() {
			add(field, "amount", fmt.Sprintf("%s %s has more decimals than its currency", field, m))
		}
	}
	money("paid", in.Paid, true)
	money("actual_costs", in.ActualCosts, true)
	money("visa_fees", in.VisaFees, true)
	if in.ActualCosts.IsValid() && in.ActualCosts.Sign() < 0 {
		add("actual_costs", "amount", "actual costs are not negative")
	}
	if in.VisaFees.IsValid() && in.VisaFees.Sign() < 0 {
		add("visa_fees", "amount", "visa fees are not negative")
	}
	if in.Departure == 0 || in.Return == 0 {
		add("departure", "required", "departure and return dates are required")
	} else if in.Return < in.Departure {
		add("return", "order", fmt.Sprintf("return %s is before departure %s", in.Return, in.Departure))
	}
	if in.NoticeAt.IsZero() {
		add("notice_at", "required", "the instant the notice arrived is required")
	}
	if in.Zone == nil {
		add("zone", "required", "the agency's zone is required; days are calendar dates there")
	}
	if in.RefundWorkingDays < 0 {
		add("refund_working_days", "range", "the refund deadline is not negative")
	}
	if len(ps) == 0 {
		if notice := date.NewAt(in.NoticeAt.In(in.Zone)); notice > in.Return {
			add("notice_at", "after_trip", fmt.Sprintf("the notice on %s arrived after the trip ended on %s", notice, in.Return))
		}
	}
	if err := problem.Invalid(ErrInvalid, ps, causes...); err != nil {
		return Cancellation{}, err
	}

	total, _ := in.Total.MinorUnits()
	paid, actual, visa := minorOrZero(in.Paid), minorOrZero(in.ActualCosts), minorOrZero(in.VisaFees)

	c := Cancellation{Who: in.Scale.Who, ScaleName: in.Scale.Name}
	c.NoticeOn = date.NewAt(in.NoticeAt.In(in.Zone))
	c.DaysLeft = int(in.Departure - c.NoticeOn)
	c.TripDays = int(in.Return-in.Departure) + 1
	r0 := in.Scale.Steps[len(in.Scale.Steps)-1].Percent
	var scaleFee int64
	if c.DaysLeft >= 0 {
		c.Rate = in.Scale.RateAt(c.DaysLeft)
		c.Basis = BasisScale
		scaleFee = fraction(total, c.Rate, 1, 0, 1)
	} else if in.Scale.Who == AgencyTerminates {
		// The agency's penalty scale ends at the departure day; after it the
		// departure-day rate holds.
		c.Elapsed = -c.DaysLeft
		c.Rate = r0
		c.Basis = BasisScale
		scaleFee = fraction(total, r0, 1, 0, 1)
	} else {
		// Mid-trip (art. 15.2): P×r₀ + (P − P×r₀) ÷ trip days × days
		// elapsed, as one exact fraction rounded once:
		// P × (r₀×T + (100−r₀)×e) ÷ (100×T).
		c.Elapsed = -c.DaysLeft
		c.Rate = r0
		c.Basis = BasisMidTrip
		scaleFee = fraction(total, r0, int64(c.TripDays), int64(c.Elapsed), int64(c.TripDays))
	}
	c.ScaleFee = pricing.FromMinor(scaleFee, cur)
	switch in.Scale.Who {
	case TravellerTerminates:
		fee := scaleFee
		if actual > fee {
			fee, c.Basis = actual, BasisActual
		}
		// Visa fees are the traveller's; together with the fee they never
		// exceed the total price.
		if fee+visa > total {
			fee, c.Basis = max(total-visa, 0), BasisCapped
			visa = min(visa, total)
		}
		c.Fee = pricing.FromMinor(fee, cur)
		c.VisaFees = pricing.FromMinor(visa, cur)
		c.Penalty = pricing.Zero(cur)
		c.Refund = pricing.FromMinor(paid-fee-visa, cur)
	case AgencyTerminates:
		// The agency refunds everything paid, visa fees included, and pays
		// the penalty.
		c.Fee = pricing.Zero(cur)
		c.VisaFees = pricing.FromMinor(visa, cur)
		c.Penalty = c.ScaleFee
		c.Refund = pricing.FromMinor(paid+scaleFee, cur)
	}
	if c.Refund.Sign() < 0 {
		c.Owed, c.Refund = c.Refund.Neg(), pricing.Zero(cur)
	} else {
		c.Owed = pricing.Zero(cur)
	}
	n := in.RefundWorkingDays
	if n == 0 {
		n = 5
	}
	by, err := AddWorkingDays(c.NoticeOn, n, in.WorkingDay)
	if err != nil {
		return Cancellation{}, err
	}
	c.RefundBy = by
	return c, nil
}

// fraction is total × (rate×a + (100−rate)×e) ÷ (100×t), rounded half away
// from zero to a whole minor unit. With a = t = 1 and e = 0 it is
// total × rate ÷ 100.
func fraction(total int64, rate decimal.Decimal, a, e, t int64) int64 {
	r := rate.Rat()
	hundred := big.NewRat(100, 1)
	num := new(big.Rat).Mul(r, big.NewRat(a, 1))
	rest := new(big.Rat).Sub(hundred, r)
	num.Add(num, rest.Mul(rest, big.NewRat(e, 1)))
	num.Mul(num, big.NewRat(total, 1))
	num.Quo(num, new(big.Rat).Mul(hundred, big.NewRat(t, 1)))
	// Half away from zero: floor(|x| + 1/2) with the sign restored.
	neg := num.Sign() < 0
	num.Abs(num)
	num.Add(num, big.NewRat(1, 2))
	q := new(big.Int).Quo(num.Num(), num.Denom())
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// AddWorkingDays is the date n working days after d (d itself not
// counted). working nil means Monday to Friday. A calendar without n
// working days in the next ten years is ErrInvalid.
func AddWorkingDays(d date.Date, n int, working func(date.Date) bool) (date.Date, error) {
	if working == nil {
		working = func(x date.Date) bool {
			wd := x.Weekday()
			return wd != time.Saturday && wd != time.Sunday
		}
	}
	// A calendar with no working day at all would loop forever; ten years
	// of searching ends it.
	for guard := 0; n > 0; guard++ {
		if guard >= 3660 {
			return 0, problem.One(ErrInvalid, "working_day", "no_working_days", "the calendar has too few working days in the next ten years")
		}
		d++
		if working(d) {
			n--
		}
	}
	return d, nil
}

// minorOrZero is m in minor units, 0 for an unset amount. Callers have
// checked that m is rounded.
func minorOrZero(m pricing.Money) int64 {
	if !m.IsValid() {
		return 0
	}
	v, _ := m.MinorUnits()
	return v
}
