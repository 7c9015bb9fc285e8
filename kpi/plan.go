package kpi

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Plan is a consultant's sales target for a month: money and bookings.
type Plan struct {
	Consultant     string        `json:"consultant"`
	Year           int           `json:"year"`
	Month          time.Month    `json:"month"`
	Target         pricing.Money `json:"target"`
	TargetBookings int           `json:"target_bookings"`
}

// Validate reports every problem of a plan at once.
func (p Plan) Validate() error {
	var ps problem.List
	if p.Consultant == "" {
		ps.Add("consultant", "required", "a plan is a consultant's")
	}
	if p.Month < time.January || p.Month > time.December || p.Year < 1 {
		ps.Add("month", "range", "a plan is for a month of a year")
	}
	if !p.Target.IsValid() || p.Target.Sign() <= 0 {
		ps.Add("target", "amount", "a target is a positive amount with its currency")
	}
	if p.TargetBookings < 0 {
		ps.Add("target_bookings", "range", "a bookings target is not negative")
	}
	return ps.Err(ErrInvalid)
}

// Period is the plan's month.
func (p Plan) Period() Period { return Month(p.Year, p.Month) }

// Progress is a plan month to date: achievement (actual ÷ target) and
// performance ((actual − target) ÷ target), the run-rate forecast (month
// to date ÷ elapsed days × days in the month) and the attainment it
// projects (forecast ÷ target), and the daily rate still needed
// ((target − month to date) ÷ remaining days, rounded up to the minor
// unit so that the remaining days at that rate reach the target; zero
// once the target is reached, absent when no day remains). Days are
// calendar days, or working days of a feedback calendar in the
// business-day variant.
type Progress struct {
	Plan             Plan          `json:"plan"`
	AsOf             date.Date     `json:"as_of"`
	Actual           pricing.Money `json:"actual"`
	Bookings         int           `json:"bookings"`
	Achievement      Ratio         `json:"achievement"`
	Performance      Ratio         `json:"performance"`
	BookingsAchieved Ratio         `json:"bookings_achieved"`
	BusinessDays     bool          `json:"business_days"`
	ElapsedDays      int           `json:"elapsed_days"`
	Days             int           `json:"days"`
	Forecast         pricing.Money `json:"forecast,omitzero"`
	// ForecastNoData: no day has elapsed yet, so there is no run rate
	// (and Projected is no data).
	ForecastNoData bool `json:"forecast_no_data"`
	// Projected is the attainment the run rate projects: the forecast
	// (unrounded) over the target.
	Projected     Ratio          `json:"projected"`
	RequiredDaily *pricing.Money `json:"required_daily,omitempty"`
}

// Track measures the plan on asOf (a day of its month, included in the
// elapsed days) with the month-to-date actual and bookings; cal, when
// not nil, counts working days instead of calendar days (a day with any
// working time on it).
func (p Plan) Track(actual pricing.Money, bookings int, asOf date.Date, cal *feedback.Calendar) (Progress, error) {
	if err := p.Validate(); err != nil {
		return Progress{}, err
	}
	per := p.Period()
	var ps problem.List
	if asOf < per.From || asOf > per.To {
		ps.Add("as_of", "range", fmt.Sprintf("%s is not in the plan's month %s", asOf, per.Label))
	}
	if !actual.IsValid() || actual.Currency() != p.Target.Currency() {
		ps.Add("actual", "currency", "the actual is in the target's currency")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return Progress{}, err
	}
	pr := Progress{Plan: p, AsOf: asOf, Actual: actual, Bookings: bookings, BusinessDays: cal != nil}
	t := p.Target.Amount()
	pr.Achievement = Ratio{Num: actual.Amount(), Den: t}
	pr.Performance = Ratio{Num: actual.Amount().Sub(t), Den: t}
	pr.BookingsAchieved = Share(bookings, p.TargetBookings)
	working := func(d date.Date) bool {
		if cal == nil {
			return true
		}
		loc := cal.Location()
		return cal.Between(d.MidnightIn(loc), (d+1).MidnightIn(loc)) > 0
	}
	for d := per.From; d <= per.To; d++ {
		if working(d) {
			pr.Days++
			if d <= asOf {
				pr.ElapsedDays++
			}
		}
	}
	cur := p.Target.Currency()
	rnd := pricing.Rounding{}
	if pr.ElapsedDays == 0 {
		pr.ForecastNoData, pr.Projected = true, Ratio{NoData: true}
	} else {
		f := actual.Amount().Mul(decimal.NewFromInt(int64(pr.Days))).DivRound(decimal.NewFromInt(int64(pr.ElapsedDays)), cur.MinorUnits()+8)
		pr.Forecast = mustMoney(f, cur).Round(rnd)
		// Exact: actual × days ÷ (elapsed × target).
		pr.Projected = Ratio{Num: actual.Amount().Mul(decimal.NewFromInt(int64(pr.Days))), Den: t.Mul(decimal.NewFromInt(int64(pr.ElapsedDays)))}
	}
	if left := pr.Days - pr.ElapsedDays; left > 0 {
		// The rate still needed, rounded up to the minor unit: rounding
		// down would leave the target just out of reach.
		mu := cur.MinorUnits()
		need := decimal.Max(t.Sub(actual.Amount()), decimal.Zero).Shift(mu).Ceil()
		q, r := need.QuoRem(decimal.NewFromInt(int64(left)), 0)
		if !r.IsZero() {
			q = q.Add(decimal.NewFromInt(1))
		}
		m := mustMoney(q.Shift(-mu), cur)
		pr.RequiredDaily = &m
	}
	return pr, nil
}

func mustMoney(d decimal.Decimal, cur pricing.Currency) pricing.Money {
	m, _ := pricing.New(d, cur)
	return m
}

// RenderPlanText writes the personal sales plan and its progress in lang.
func RenderPlanText(out io.Writer, pr Progress, lang language.Tag) error {
	pr = human.Flat(pr) // no text a person gave makes lines of its own
	t := i18n.For(lang)
	f := pricing.NewFormatter(lang)
	w := bufio.NewWriter(out)
	p := pr.Plan
	fmt.Fprintf(w, "%s · %s · %s\n", t.T("plan.title"), p.Consultant, p.Period().Label)
	w.WriteString("  " + t.T("plan.target_line", f.Format(p.Target), p.TargetBookings) + "\n")
	w.WriteString("  " + t.T("plan.actual_line", human.Date(pr.AsOf, t), f.Format(pr.Actual), pr.Achievement.String(), pr.Bookings,
		pr.BookingsAchieved.String()) + "\n")
	days := t.T("plan.calendar_days")
	if pr.BusinessDays {
		days = t.T("plan.working_days")
	}
	w.WriteString("  " + t.T("plan.elapsed", pr.ElapsedDays, pr.Days, days) + "\n")
	forecast := t.T("no_data")
	if !pr.ForecastNoData {
		forecast = t.T("plan.forecast_value", f.Format(pr.Forecast), pr.Projected.String())
	}
	w.WriteString("  " + t.T("plan.forecast", forecast) + "\n")
	if pr.RequiredDaily != nil {
		w.WriteString("  " + t.T("plan.needed", f.Format(*pr.RequiredDaily)) + "\n")
	}
	return w.Flush()
}
