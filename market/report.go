package market

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Coverage says what a report read.
type Coverage struct {
	Observations int            `json:"observations"`
	Competitors  []string       `json:"competitors"`
	Sources      []string       `json:"sources"`
	Excluded     map[Reason]int `json:"excluded"`
}

// Report is a market research report (市场调研报告): the period, what it
// covered, our price position per product, the trend table, the notable
// moves and the method, with when it was due and when it was submitted.
type Report struct {
	Title     string          `json:"title"`
	From      date.Date       `json:"from"`
	To        date.Date       `json:"to"`
	Coverage  Coverage        `json:"coverage"`
	Positions []Position      `json:"positions"`
	Window    Window          `json:"window"`
	Trend     []TrendPoint    `json:"trend"`
	Moves     []Move          `json:"moves"`
	Threshold decimal.Decimal `json:"threshold"`
	// Rule is the like-for-like rule: the method the report states.
	Rule        SetRule    `json:"rule"`
	Due         time.Time  `json:"due"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	// Zone is the IANA zone the report's period and instants are read in.
	Zone string `json:"zone,omitempty"`
}

// ReportInput is what a report is built from.
type ReportInput struct {
	Title        string
	From, To     date.Date
	Zone         *time.Location
	Ours         []Ours
	Observations []Observation
	Rule         SetRule
	FX           pricing.FXSource
	Window       Window
	// ThresholdPct is the smallest price move worth naming (percent).
	ThresholdPct decimal.Decimal
	Due          time.Time
}

// BuildReport positions every product of ours against the observations
// seen in the period, cuts the trend of all like-for-like prices, and
// lists the moves beyond the threshold.
func BuildReport(in ReportInput) (Report, error) {
	if in.Zone == nil || in.To < in.From || in.Due.IsZero() {
		return Report{}, problem.One(ErrInvalid, "period", "range", "a report covers a forward period in a zone and has a due instant")
	}
	var seen []Observation
	for _, o := range in.Observations {
		if d := date.NewAt(o.ObservedAt.In(in.Zone)); d >= in.From && d <= in.To {
			seen = append(seen, o)
		}
	}
	r := Report{Title: in.Title, From: in.From, To: in.To, Window: in.Window, Threshold: in.ThresholdPct, Due: in.Due, Rule: in.Rule, Zone: in.Zone.String(),
		Coverage: Coverage{Observations: len(seen), Excluded: map[Reason]int{}}}
	for _, o := range seen {
		if !slices.Contains(r.Coverage.Competitors, o.Competitor) {
			r.Coverage.Competitors = append(r.Coverage.Competitors, o.Competitor)
		}
		if !slices.Contains(r.Coverage.Sources, o.Source) {
			r.Coverage.Sources = append(r.Coverage.Sources, o.Source)
		}
	}
	slices.Sort(r.Coverage.Competitors)
	slices.Sort(r.Coverage.Sources)
	var all []Priced
	for _, ours := range in.Ours {
		p, err := Compare(ours, seen, in.Rule, in.FX)
		if err != nil {
			return Report{}, fmt.Errorf("product %s: %w", problem.Clip(ours.Product), err)
		}
		for k, v := range p.Excluded {
			r.Coverage.Excluded[k] += v
		}
		r.Positions = append(r.Positions, p)
		all = append(all, p.Set...)
	}
	trend, err := Trend(all, in.Window, in.From, in.To, in.Zone)
	if err != nil {
		return Report{}, err
	}
	r.Trend = trend
	r.Moves = Moves(seen, in.ThresholdPct)
	return r, nil
}

// HasTrendAnalysis reports whether the trend has at least one change
// computed (two consecutive windows with data).
func (r *Report) HasTrendAnalysis() bool {
	return slices.ContainsFunc(r.Trend, func(p TrendPoint) bool { return p.Change != nil })
}

// OnSchedule reports whether the report was submitted by its due instant
// with a trend analysis; submitted is false when it was not submitted.
func (r *Report) OnSchedule() (onTime, submitted bool) {
	if r.SubmittedAt == nil {
		return false, false
	}
	return !r.SubmittedAt.After(r.Due) && r.HasTrendAnalysis(), true
}

// RenderText writes the report in lang (zh-CN, else English).
func (r *Report) RenderText(out io.Writer, lang language.Tag) error {
	return document.WriteText(out, r.Document(lang))
}

// Label is the reason in lang, as a report shows it.
func (x Reason) Label(lang language.Tag) string {
	return i18n.For(lang).Or("exclusion."+string(x), string(x))
}

// Document is the report as RenderText writes it, for another rendering
// such as document/pdf's. Instants are in the report's zone, with the
// offset.
func (r *Report) Document(lang language.Tag) document.Document {
	r = human.Flat(r) // no text a person gave makes lines of its own
	p := i18n.For(lang)
	f := pricing.NewFormatter(lang)
	loc, err := time.LoadLocation(r.Zone)
	if err != nil {
		loc = time.UTC
	}
	line := func(key string, args ...any) document.Row { return document.Row{Value: p.T(key, args...)} }
	d := document.Document{Lang: p.T("lang.tag"), Title: p.T("mr.title", r.Title), Subtitle: []string{p.T("mr.period", human.Date(r.From, p), human.Date(r.To, p))}}
	d.Header = d.Title
	coverage := d.Add(p.T("mr.coverage"), line("mr.coverage_line", r.Coverage.Observations, strings.Join(r.Coverage.Competitors, ", "),
		strings.Join(r.Coverage.Sources, ", ")))
	var reasons []string
	for k := range r.Coverage.Excluded {
		reasons = append(reasons, string(k))
	}
	slices.Sort(reasons)
	for _, k := range reasons {
		coverage.Rows = append(coverage.Rows, line("mr.excluded", Reason(k).Label(lang), r.Coverage.Excluded[Reason(k)]))
	}
	positions := d.Add(p.T("mr.positions"))
	for _, x := range r.Positions {
		if x.NoData {
			positions.Rows = append(positions.Rows, line("mr.no_data", x.Product))
			continue
		}
		positions.Rows = append(positions.Rows, line("mr.position", x.Product, f.Format(x.Median), x.IndexMedian.StringFixed(2), f.Format(x.Mean),
			x.IndexMean.StringFixed(2), len(x.Set), f.Format(x.Min), f.Format(x.Max)))
	}
	trend := d.Add(p.T("mr.trend"))
	for _, x := range r.Trend {
		switch {
		case x.NoData:
			trend.Rows = append(trend.Rows, line("mr.no_data", x.Label))
		case x.Change == nil:
			trend.Rows = append(trend.Rows, document.Row{Value: fmt.Sprintf("%s  %s n=%d", x.Label, f.Format(x.Median), x.N)})
		default:
			trend.Rows = append(trend.Rows, document.Row{Value: fmt.Sprintf("%s  %s n=%d  %s%%", x.Label, f.Format(x.Median), x.N, signed(*x.Change))})
		}
	}
	moves := d.Add(p.T("mr.moves", r.Threshold.String()))
	if len(r.Moves) == 0 {
		moves.Rows = append(moves.Rows, line("mr.no_moves"))
	}
	for _, m := range r.Moves {
		moves.Rows = append(moves.Rows, document.Row{Value: fmt.Sprintf("%s %s: %s → %s (%s%%) %s", m.Competitor, m.Product, f.Format(m.From),
			f.Format(m.To), signed(m.Change), human.Instant(m.At, loc, "", p))})
	}
	window := p.Or("window."+string(r.Window), string(r.Window))
	d.Add(p.T("mr.method"), line("mr.method_text", r.Rule.WindowDays, r.Rule.DaysTolerance, window, r.Threshold.String()))
	return d
}

func signed(d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}
