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

// Label is the reason in lang (zh-CN, else English), as a report shows it.
func (x Reason) Label(lang language.Tag) string {
	zh, en := map[Reason]string{OtherDestination: "目的地不同", OutsideWindow: "出发日期超出比较范围", OtherDuration: "天数不同",
		MissingInclusions: "包含项目少于我方", OtherBasis: "计价方式不同", Unavailable: "无位可售", Superseded: "已被更正"},
		map[Reason]string{OtherDestination: "other destination", OutsideWindow: "departure outside the window", OtherDuration: "other length",
			MissingInclusions: "fewer inclusions than ours", OtherBasis: "other price basis", Unavailable: "not available", Superseded: "corrected since"}
	words := en
	if human.IsZh(lang) {
		words = zh
	}
	if w, ok := words[x]; ok {
		return w
	}
	return string(x)
}

// Document is the report as RenderText writes it, for another rendering
// such as document/pdf's. Instants are in the report's zone, with the
// offset.
func (r *Report) Document(lang language.Tag) document.Document {
	r = human.Flat(r) // no text a person gave makes lines of its own
	zh := human.IsZh(lang)
	f := pricing.NewFormatter(lang)
	t := func(zhText, en string) string {
		if zh {
			return zhText
		}
		return en
	}
	loc, err := time.LoadLocation(r.Zone)
	if err != nil {
		loc = time.UTC
	}
	line := func(format string, args ...any) document.Row {
		return document.Row{Value: fmt.Sprintf(format, args...)}
	}
	d := document.Document{Lang: t("zh-CN", "en"), Title: t("市场调研报告", "Market research report") + " — " + r.Title,
		Subtitle: []string{t("期间", "Period") + " " + human.Date(r.From, zh) + " – " + human.Date(r.To, zh)}}
	d.Header = d.Title
	coverage := d.Add(t("覆盖范围", "Coverage"), line("%s %d · %s %s · %s %s", t("观察数", "observations"), r.Coverage.Observations,
		t("竞争对手", "competitors"), strings.Join(r.Coverage.Competitors, ", "), t("来源", "sources"), strings.Join(r.Coverage.Sources, ", ")))
	var reasons []string
	for k := range r.Coverage.Excluded {
		reasons = append(reasons, string(k))
	}
	slices.Sort(reasons)
	for _, k := range reasons {
		coverage.Rows = append(coverage.Rows, line("%s %s%s%d", t("排除", "excluded"), Reason(k).Label(lang), t("：", ": "), r.Coverage.Excluded[Reason(k)]))
	}
	positions := d.Add(t("价格定位", "Price position"))
	for _, p := range r.Positions {
		if p.NoData {
			positions.Rows = append(positions.Rows, line("%s  %s", p.Product, t("无数据", "no data")))
			continue
		}
		positions.Rows = append(positions.Rows, line("%s  %s %s (%s %s) · %s %s (%s %s) · n=%d · %s %s – %s", p.Product, t("中位数", "median"),
			f.Format(p.Median), t("指数", "index"), p.IndexMedian.StringFixed(2), t("均值", "mean"), f.Format(p.Mean), t("指数", "index"),
			p.IndexMean.StringFixed(2), len(p.Set), t("区间", "range"), f.Format(p.Min), f.Format(p.Max)))
	}
	trend := d.Add(t("趋势", "Trend"))
	for _, p := range r.Trend {
		switch {
		case p.NoData:
			trend.Rows = append(trend.Rows, line("%s  %s", p.Label, t("无数据", "no data")))
		case p.Change == nil:
			trend.Rows = append(trend.Rows, line("%s  %s n=%d", p.Label, f.Format(p.Median), p.N))
		default:
			trend.Rows = append(trend.Rows, line("%s  %s n=%d  %s%%", p.Label, f.Format(p.Median), p.N, signed(*p.Change)))
		}
	}
	moves := d.Add(t("显著变动", "Notable moves") + " (≥ " + r.Threshold.String() + "%)")
	if len(r.Moves) == 0 {
		moves.Rows = append(moves.Rows, document.Row{Value: t("期间内没有达到阈值的变动", "no move reached the threshold in the period")})
	}
	for _, m := range r.Moves {
		moves.Rows = append(moves.Rows, line("%s %s: %s → %s (%s%%) %s", m.Competitor, m.Product, f.Format(m.From), f.Format(m.To), signed(m.Change),
			human.Instant(m.At, loc, "", zh)))
	}
	window := t(map[Window]string{ISOWeek: "ISO周", Month: "自然月"}[r.Window], map[Window]string{ISOWeek: "ISO week", Month: "calendar month"}[r.Window])
	d.Add(t("方法", "Method"), line(t(
		"同类比较：目的地相同，出发日期相差不超过%d天，天数相差不超过%d天，包含项目不少于我方，计价方式相同，且有位可售；"+
			"价格按锁定汇率换算；价格指数 = 我方价格 ÷ 中位数（及均值）× 100，一次舍入至两位小数；趋势 = 每%s中位数的变化；显著变动 ≥ %s%%。",
		"like for like: same destination, departure within ±%d days, length within ±%d days, at least our inclusions, same price basis, "+
			"available; prices converted at locked rates; index = our price ÷ median (and mean) × 100, rounded once to 2 decimals; "+
			"trend = change of the median per %s; notable moves ≥ %s%%."), r.Rule.WindowDays, r.Rule.DaysTolerance, window, r.Threshold))
	return d
}

func signed(d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}
