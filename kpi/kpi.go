package kpi

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Ratio is a KPI's value as an exact fraction, Num ÷ Den, read as a
// percentage. NoData is a result of its own — no responses, no
// contracts, a previous month without sales — never 0 % or 100 %.
type Ratio struct {
	Num    decimal.Decimal `json:"num"`
	Den    decimal.Decimal `json:"den"`
	NoData bool            `json:"no_data"`
}

// Share is good out of total; no total is no data.
func Share(good, total int) Ratio {
	if total <= 0 {
		return Ratio{NoData: true}
	}
	return Ratio{Num: decimal.NewFromInt(int64(good)), Den: decimal.NewFromInt(int64(total))}
}

// Growth is (this − last) ÷ last. A last period without sales (zero or
// less) is no data, not infinity; the two amounts share a currency.
func Growth(this, last pricing.Money) (Ratio, error) {
	if !this.IsValid() || !last.IsValid() || this.Currency() != last.Currency() {
		return Ratio{}, fmt.Errorf("%w: growth compares two amounts of one currency, not %s and %s", ErrInvalid, this, last)
	}
	if last.Sign() <= 0 {
		return Ratio{NoData: true}, nil
	}
	return Ratio{Num: this.Amount().Sub(last.Amount()), Den: last.Amount()}, nil
}

// Percent is the ratio × 100 rounded once, half up, to 2 decimals; false
// for no data.
func (r Ratio) Percent() (decimal.Decimal, bool) {
	if r.NoData || r.Den.Sign() == 0 {
		return decimal.Decimal{}, false
	}
	return r.Num.Mul(decimal.NewFromInt(100)).DivRound(r.Den, 2), true
}

// String shows the percentage or "no data".
func (r Ratio) String() string {
	if p, ok := r.Percent(); ok {
		return p.StringFixed(2) + "%"
	}
	return "no data"
}

// Comparison is how a value meets its target.
type Comparison string

// Comparisons.
const (
	AtLeast Comparison = ">="
	AtMost  Comparison = "<="
	Below   Comparison = "<"
	Above   Comparison = ">"
)

// Definition is a KPI and its target, in percent.
type Definition struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	NameZH     string          `json:"name_zh"`
	Target     decimal.Decimal `json:"target"`
	Comparison Comparison      `json:"comparison"`
}

// KPI identifiers of the seed's measures.
const (
	CSAT              = "csat"
	SalesGrowth       = "sales_growth"
	ComplaintsIn24h   = "complaints_24h"
	ComplaintResolved = "complaint_resolution"
	ContractErrors    = "contract_error_rate"
	ReportsOnTime     = "reports_on_schedule"
)

// DefaultDefinitions are the job's KPIs with their targets: satisfaction
// at least 80 %, sales growing at least 10 % month on month, every
// complaint first answered within 24 hours, at least 90 % resolved within
// their SLA, a contract error rate below 5 %, every research report on
// schedule.
func DefaultDefinitions() []Definition {
	d := decimal.NewFromInt
	return []Definition{
		{ID: CSAT, Name: "Customer satisfaction", NameZH: "客户满意度", Target: d(80), Comparison: AtLeast},
		{ID: SalesGrowth, Name: "Sales growth, month on month", NameZH: "销售额环比增长", Target: d(10), Comparison: AtLeast},
		{ID: ComplaintsIn24h, Name: "Complaints answered within 24 h", NameZH: "24小时内处理的投诉", Target: d(100), Comparison: AtLeast},
		{ID: ComplaintResolved, Name: "Complaints resolved within SLA", NameZH: "投诉解决率", Target: d(90), Comparison: AtLeast},
		{ID: ContractErrors, Name: "Contract error rate", NameZH: "合同差错率", Target: d(5), Comparison: Below},
		{ID: ReportsOnTime, Name: "Research reports on schedule", NameZH: "市场调研报告按时提交", Target: d(100), Comparison: AtLeast},
	}
}

// Validate reports every problem of a definition at once.
func (d Definition) Validate() error {
	var ps problem.List
	if d.ID == "" {
		ps.Add("id", "required", "a KPI has an ID")
	}
	switch d.Comparison {
	case AtLeast, AtMost, Below, Above:
	default:
		ps.Add("comparison", "unknown", "a comparison is >=, <=, < or >")
	}
	return ps.Err(ErrInvalid)
}

// Met compares the value with the target exactly — Num × 100 against
// Target × Den, never in floating point — so 80 % meets "≥ 80 %" and 5 %
// does not meet "< 5 %". No data meets nothing: ok is false.
func (d Definition) Met(r Ratio) (met, ok bool) {
	if r.NoData || r.Den.Sign() <= 0 {
		return false, false
	}
	c := r.Num.Mul(decimal.NewFromInt(100)).Cmp(d.Target.Mul(r.Den))
	switch d.Comparison {
	case AtLeast:
		return c >= 0, true
	case AtMost:
		return c <= 0, true
	case Below:
		return c < 0, true
	case Above:
		return c > 0, true
	}
	return false, false
}

// Kind is a period's length.
type Kind string

// Period kinds.
const (
	MonthKind   Kind = "month"
	QuarterKind Kind = "quarter"
	CustomKind  Kind = "custom"
)

// Period is a span of calendar days, both ends included, read in the
// agency's zone.
type Period struct {
	Kind  Kind      `json:"kind"`
	From  date.Date `json:"from"`
	To    date.Date `json:"to"`
	Label string    `json:"label"`
}

// Month is the calendar month.
func Month(year int, m time.Month) Period {
	from := date.New(year, m, 1)
	return Period{Kind: MonthKind, From: from, To: from.AddDate(0, 1, -1), Label: fmt.Sprintf("%04d-%02d", year, int(m))}
}

// Quarter is the calendar quarter q (1–4).
func Quarter(year, q int) Period {
	q = min(max(q, 1), 4)
	from := date.New(year, time.Month(3*q-2), 1)
	return Period{Kind: QuarterKind, From: from, To: from.AddDate(0, 3, -1), Label: fmt.Sprintf("%04d-Q%d", year, q)}
}

// Custom is any span of days; to before from is an error.
func Custom(from, to date.Date) (Period, error) {
	if to < from {
		return Period{}, problem.One(ErrInvalid, "period", "range", "a period ends on or after it starts")
	}
	return Period{Kind: CustomKind, From: from, To: to, Label: from.String() + "/" + to.String()}, nil
}

// Bounds are the period's instants [start, end) in zone.
func (p Period) Bounds(zone *time.Location) (time.Time, time.Time) {
	return p.From.MidnightIn(zone), (p.To + 1).MidnightIn(zone)
}

// Days counts the period's days.
func (p Period) Days() int { return int(p.To-p.From) + 1 }

// Previous is the period of the same kind just before; a custom period's
// is the span of the same length just before it.
func (p Period) Previous() Period {
	switch p.Kind {
	case MonthKind:
		d := p.From.AddDate(0, -1, 0)
		return Month(d.Year(), d.Month())
	case QuarterKind:
		d := p.From.AddDate(0, -3, 0)
		return Quarter(d.Year(), (int(d.Month())+2)/3)
	}
	out, _ := Custom(p.From-date.Date(p.Days()), p.From-1)
	return out
}

// Last returns the n periods ending with p, oldest first.
func (p Period) Last(n int) []Period {
	out := make([]Period, max(n, 0))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = p
		p = p.Previous()
	}
	return out
}

// Label is the KPI's name in lang: the catalog's for the job's KPIs, else
// the definition's own (NameZH for Chinese).
func (d Definition) Label(lang language.Tag) string {
	p := i18n.For(lang)
	if p.Has("kpi." + d.ID) {
		return p.T("kpi." + d.ID)
	}
	if p.Han() && d.NameZH != "" {
		return d.NameZH
	}
	return d.Name
}
