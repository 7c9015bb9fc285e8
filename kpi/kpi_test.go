package kpi_test

import (
	"bytes"
	"errors"
	"github.com/shopspring/decimal"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
)

func cny(t testing.TB, s string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(s, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func def(id string) kpi.Definition {
	for _, d := range kpi.DefaultDefinitions() {
		if d.ID == id {
			return d
		}
	}
	panic(id)
}

// Every KPI exactly at its target, one unit either side, and with no data.
func TestBoundaries(t *testing.T) {
	t.Parallel()
	growth := func(this, last string) kpi.Ratio {
		r, err := kpi.Growth(cny(t, this), cny(t, last))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		id         string
		value      kpi.Ratio
		met, known bool
		shown      string
	}{
		{kpi.CSAT, kpi.Share(80, 100), true, true, "80.00%"},
		{kpi.CSAT, kpi.Share(79, 100), false, true, "79.00%"},
		{kpi.CSAT, kpi.Share(81, 100), true, true, "81.00%"},
		{kpi.CSAT, kpi.Share(4, 5), true, true, "80.00%"},
		{kpi.CSAT, kpi.Share(0, 0), false, false, "no data"},
		{kpi.SalesGrowth, growth("11000.00", "10000.00"), true, true, "10.00%"},
		{kpi.SalesGrowth, growth("10999.99", "10000.00"), false, true, "10.00%"}, // 9.9999 % shows as 10.00 % and still misses
		{kpi.SalesGrowth, growth("11000.01", "10000.00"), true, true, "10.00%"},
		{kpi.SalesGrowth, growth("5000.00", "10000.00"), false, true, "-50.00%"},
		{kpi.SalesGrowth, growth("5000.00", "0.00"), false, false, "no data"},
		{kpi.ComplaintsIn24h, kpi.Share(10, 10), true, true, "100.00%"},
		{kpi.ComplaintsIn24h, kpi.Share(9, 10), false, true, "90.00%"},
		{kpi.ComplaintsIn24h, kpi.Share(0, 0), false, false, "no data"},
		{kpi.ComplaintResolved, kpi.Share(90, 100), true, true, "90.00%"},
		{kpi.ComplaintResolved, kpi.Share(89, 100), false, true, "89.00%"},
		{kpi.ComplaintResolved, kpi.Share(91, 100), true, true, "91.00%"},
		{kpi.ComplaintResolved, kpi.Share(0, 0), false, false, "no data"},
		{kpi.ContractErrors, kpi.Share(5, 100), false, true, "5.00%"},
		{kpi.ContractErrors, kpi.Share(4, 100), true, true, "4.00%"},
		{kpi.ContractErrors, kpi.Share(6, 100), false, true, "6.00%"},
		{kpi.ContractErrors, kpi.Share(1, 21), true, true, "4.76%"},
		{kpi.ContractErrors, kpi.Share(0, 0), false, false, "no data"},
		{kpi.ReportsOnTime, kpi.Share(1, 1), true, true, "100.00%"},
		{kpi.ReportsOnTime, kpi.Share(0, 1), false, true, "0.00%"},
		{kpi.ReportsOnTime, kpi.Share(0, 0), false, false, "no data"},
	}
	for _, c := range cases {
		met, known := def(c.id).Met(c.value)
		if met != c.met || known != c.known || c.value.String() != c.shown {
			t.Errorf("%s %s: met %v known %v; want %v %v %s", c.id, c.value, met, known, c.met, c.known, c.shown)
		}
	}
	for _, cmp := range []struct {
		c    kpi.Comparison
		want [3]bool // below, at, above the target
	}{{kpi.AtLeast, [3]bool{false, true, true}}, {kpi.AtMost, [3]bool{true, true, false}}, {kpi.Below, [3]bool{true, false, false}},
		{kpi.Above, [3]bool{false, false, true}}} {
		d := kpi.Definition{ID: "x", Target: def(kpi.CSAT).Target, Comparison: cmp.c}
		for i, v := range []kpi.Ratio{kpi.Share(79, 100), kpi.Share(80, 100), kpi.Share(81, 100)} {
			if met, _ := d.Met(v); met != cmp.want[i] {
				t.Errorf("%s %s: %v", cmp.c, v, met)
			}
		}
	}
	if _, err := kpi.Growth(cny(t, "1.00"), pricing.Money{}); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("growth without a currency: %v", err)
	}
	if err := (kpi.Definition{Comparison: "≈"}).Validate(); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("bad definition: %v", err)
	}
}

func TestPeriods(t *testing.T) {
	t.Parallel()
	jan := kpi.Month(2027, time.January)
	prev := jan.Previous()
	if prev.Label != "2026-12" || prev.From != date.New(2026, 12, 1) || prev.To != date.New(2026, 12, 31) || jan.Days() != 31 {
		t.Errorf("previous month %+v", prev)
	}
	q := kpi.Quarter(2027, 1)
	if q.Label != "2027-Q1" || q.To != date.New(2027, 3, 31) || q.Previous().Label != "2026-Q4" || q.Previous().From != date.New(2026, 10, 1) {
		t.Errorf("quarters %+v %+v", q, q.Previous())
	}
	var labels []string
	for _, p := range kpi.Month(2027, 2).Last(4) {
		labels = append(labels, p.Label)
	}
	if strings.Join(labels, " ") != "2026-11 2026-12 2027-01 2027-02" {
		t.Errorf("last four %v", labels)
	}
	c, err := kpi.Custom(date.New(2027, 3, 10), date.New(2027, 3, 16))
	if err != nil || c.Previous().From != date.New(2027, 3, 3) || c.Previous().To != date.New(2027, 3, 9) {
		t.Errorf("custom %+v %v", c.Previous(), err)
	}
	if _, err := kpi.Custom(date.New(2027, 3, 10), date.New(2027, 3, 9)); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("backwards: %v", err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	from, to := kpi.Month(2027, time.March).Bounds(paris)
	if from.Format(time.RFC3339) != "2027-03-01T00:00:00+01:00" || to.Format(time.RFC3339) != "2027-04-01T00:00:00+02:00" || to.Sub(from) != (31*24-1)*time.Hour {
		t.Errorf("March in Paris %s – %s", from, to)
	}
}

// The run-rate forecast and the rate still needed, on calendar days and
// on working days across the National Day holidays.
// The plan's projected attainment is the run-rate forecast over the
// target, exact; no day elapsed is no data; and the daily rate needed,
// rounded up, reaches the target over the remaining days.
func TestPlanProjectsItsAttainment(t *testing.T) {
	t.Parallel()
	plan := kpi.Plan{Consultant: "chen", Year: 2026, Month: time.October, Target: cny(t, "300000.00")}
	pr, err := plan.Track(cny(t, "100000.00"), 5, date.New(2026, 10, 10), nil)
	if err != nil {
		t.Fatal(err)
	}
	// 310 000 ÷ 300 000 = 103.33 %.
	if pr.Projected.String() != "103.33%" || pr.Projected.NoData {
		t.Errorf("projected %s", pr.Projected)
	}
	// 100 000 × 31 over 300 000 × 10: the fraction itself, not a rounding.
	if !pr.Projected.Num.Mul(decimal.NewFromInt(30)).Equal(pr.Projected.Den.Mul(decimal.NewFromInt(31))) {
		t.Errorf("projected %s / %s is not 31/30", pr.Projected.Num, pr.Projected.Den)
	}
	// The rate needed over the 21 days left reaches the target; a minor
	// unit less would not.
	left := decimal.NewFromInt(21)
	reach := pr.RequiredDaily.Amount().Mul(left).Add(pr.Actual.Amount())
	short := pr.RequiredDaily.Amount().Sub(decimal.RequireFromString("0.01")).Mul(left).Add(pr.Actual.Amount())
	if reach.LessThan(plan.Target.Amount()) || !short.LessThan(plan.Target.Amount()) {
		t.Errorf("required daily %s reaches %s, one cent less %s", pr.RequiredDaily, reach, short)
	}
	// Before the first working day there is no run rate to project.
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai", Holidays: []date.Date{date.New(2026, 10, 1), date.New(2026, 10, 2)},
		Week: feedback.Weekdays(feedback.Window{From: 9 * time.Hour, To: 18 * time.Hour})})
	if err != nil {
		t.Fatal(err)
	}
	early, _ := plan.Track(cny(t, "0.00"), 0, date.New(2026, 10, 2), cal)
	if !early.Projected.NoData || early.Projected.String() == "0.00%" {
		t.Errorf("before the first working day: projected %s", early.Projected)
	}
}

func TestPlanTracking(t *testing.T) {
	t.Parallel()
	plan := kpi.Plan{Consultant: "chen", Year: 2026, Month: time.October, Target: cny(t, "300000.00"), TargetBookings: 12}
	pr, err := plan.Track(cny(t, "100000.00"), 5, date.New(2026, 10, 10), nil)
	if err != nil {
		t.Fatal(err)
	}
	// 100 000 ÷ 10 × 31 = 310 000; (300 000 − 100 000) ÷ 21 = 9 523.809… → 9 523.81 (up).
	if pr.Forecast.String() != "310000.00 CNY" || pr.RequiredDaily.String() != "9523.81 CNY" || pr.Achievement.String() != "33.33%" ||
		pr.Performance.String() != "-66.67%" || pr.BookingsAchieved.String() != "41.67%" || pr.ElapsedDays != 10 || pr.Days != 31 {
		t.Errorf("calendar days %+v", pr)
	}
	h := time.Hour
	var holidays []date.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, date.New(2026, 10, d))
	}
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai", Holidays: holidays, ExtraDays: []date.Date{date.New(2026, 10, 10)},
		Week: feedback.Weekdays(feedback.Window{From: 9 * h, To: 18 * h})})
	if err != nil {
		t.Fatal(err)
	}
	// Working days in October 2026: the 8th, 9th, the 调休 Saturday 10th,
	// then the weekdays from the 12th: 3 + 15 = 18; by the 10th, 3.
	pr, err = plan.Track(cny(t, "100000.00"), 5, date.New(2026, 10, 10), cal)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Days != 18 || pr.ElapsedDays != 3 || pr.Forecast.String() != "600000.00 CNY" || pr.RequiredDaily.String() != "13333.34 CNY" {
		t.Errorf("working days %+v (required %s)", pr, pr.RequiredDaily)
	}
	// Before the first working day: no run rate yet.
	pr, _ = plan.Track(cny(t, "0.00"), 0, date.New(2026, 10, 3), cal)
	if !pr.ForecastNoData || pr.RequiredDaily.String() != "16666.67 CNY" {
		t.Errorf("holiday week %+v", pr)
	}
	// Target reached: nothing more needed; the last day: no day remains.
	pr, _ = plan.Track(cny(t, "320000.00"), 13, date.New(2026, 10, 20), nil)
	if pr.RequiredDaily.String() != "0.00 CNY" || pr.Achievement.String() != "106.67%" {
		t.Errorf("reached %+v", pr)
	}
	pr, _ = plan.Track(cny(t, "320000.00"), 13, date.New(2026, 10, 31), nil)
	if pr.RequiredDaily != nil || pr.Forecast.String() != "320000.00 CNY" {
		t.Errorf("last day %+v", pr)
	}
	if _, err := plan.Track(cny(t, "1.00"), 0, date.New(2026, 11, 1), nil); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("a day outside the month: %v", err)
	}
	usd, _ := pricing.Parse("1.00", "USD")
	if _, err := plan.Track(usd, 0, date.New(2026, 10, 1), nil); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("another currency: %v", err)
	}
	var ve *kpi.ValidationError
	if _, err := (kpi.Plan{Month: 13, TargetBookings: -1}).Track(usd, 0, 0, nil); !errors.As(err, &ve) || len(ve.Problems) != 4 {
		t.Errorf("bad plan: %v", err)
	}
}

func cards(t *testing.T) []kpi.Card {
	figures := []kpi.Figures{
		{Responses: 20, Satisfied: 15, NetSales: cny(t, "250000.00"), PrevNetSales: cny(t, "0.00"), Bookings: 9, ComplaintsReceived: 2,
			AnsweredIn24h: 2, ComplaintsDue: 3, ResolvedInSLA: 3, ContractsIssued: 9, ContractsBlocked: 1, ReportsDue: 1, ReportsOnSchedule: 1},
		{Responses: 25, Satisfied: 20, NetSales: cny(t, "275000.00"), PrevNetSales: cny(t, "250000.00"), Bookings: 10, ComplaintsReceived: 1,
			AnsweredIn24h: 1, ComplaintsDue: 1, ResolvedInSLA: 1, ContractsIssued: 20, ContractsBlocked: 1, ReportsDue: 1, ReportsOnSchedule: 1},
		{Responses: 0, NetSales: cny(t, "300000.00"), PrevNetSales: cny(t, "275000.00"), Bookings: 11, ComplaintsReceived: 0, ComplaintsDue: 0,
			ContractsIssued: 0, ReportsDue: 1, ReportsOnSchedule: 0},
	}
	var out []kpi.Card
	for i, p := range kpi.Month(2026, time.November).Last(3) {
		figures[i].Basis = kpi.ByBookingDate
		c, err := kpi.Score(kpi.Scope{Kind: "consultant", ID: "chen"}, p, figures[i], kpi.DefaultDefinitions())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// A consultant's scorecard over three months: values, met or not, and no
// data kept apart; the table in both languages (golden).
func TestScorecards(t *testing.T) {
	t.Parallel()
	cs := cards(t)
	sep, _ := cs[0].Result(kpi.SalesGrowth)
	oct, _ := cs[1].Result(kpi.SalesGrowth)
	nov, _ := cs[2].Result(kpi.CSAT)
	errs, _ := cs[1].Result(kpi.ContractErrors)
	if sep.Known || !oct.Known || !oct.Met || oct.Value.String() != "10.00%" || nov.Known {
		t.Errorf("results %+v %+v %+v", sep, oct, nov)
	}
	if errs.Value.String() != "5.00%" || errs.Met || !errs.Known {
		t.Errorf("1 in 20 is 5 %%, which does not meet < 5 %%: %+v", errs)
	}
	for _, lang := range []struct {
		tag  language.Tag
		name string
	}{{language.SimplifiedChinese, "zh"}, {language.English, "en"}, {language.TraditionalChinese, "zh-Hant"}} {
		var b bytes.Buffer
		if err := kpi.RenderText(&b, cs, lang.tag); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "scorecard-"+lang.name+".txt", b.Bytes())
		i18ntest.Reads(t, lang.tag, "scorecard", b.String())
	}
}
