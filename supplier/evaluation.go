package supplier

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
)

// Metric is what a criterion measures, from data the library holds.
type Metric string

// Metrics. Each scores 0–100.
const (
	// ConfirmationLatency: 100 when the median time from request to
	// confirmation is within Target, falling linearly to 0 at four times it.
	ConfirmationLatency Metric = "confirmation_latency"
	// OnRequestAcceptance: the share of on-request sales the supplier
	// accepted.
	OnRequestAcceptance Metric = "on_request_acceptance"
	// RateAccuracy: the share of invoice lines that matched the expected
	// cost within tolerance.
	RateAccuracy Metric = "rate_accuracy"
	// ChargedBackComplaints: 100 less 10 points per complaint charged back
	// per 100 bookings, not below 0.
	ChargedBackComplaints Metric = "charged_back_complaints"
	// ReleaseCompliance: the share of the supplier's allotment nights whose
	// release date fell in the period that it did not stop-sell before that
	// date — it honoured the allotment until the release.
	ReleaseCompliance Metric = "release_compliance"
)

// Criterion is one weighted part of an evaluation.
type Criterion struct {
	Metric Metric          `json:"metric"`
	Weight decimal.Decimal `json:"weight"`
	// Target is the confirmation time that scores 100 (ConfirmationLatency).
	Target time.Duration `json:"target,omitempty"`
}

// Standing is a band of scores: Min inclusive, Max exclusive, except that
// the top band includes 100. Warn and Prevent say what a supplier in it
// means for purchasing.
type Standing struct {
	Name    string          `json:"name"`
	Min     decimal.Decimal `json:"min"`
	Max     decimal.Decimal `json:"max"`
	Warn    bool            `json:"warn,omitempty"`
	Prevent bool            `json:"prevent,omitempty"`
}

// PeriodKind is the length of an evaluation period.
type PeriodKind string

// Period kinds.
const (
	Week    PeriodKind = "week"    // seven days from a Monday
	Month   PeriodKind = "month"   // a calendar month
	Quarter PeriodKind = "quarter" // three calendar months
	Year    PeriodKind = "year"
)

// Scheme is how the agency evaluates suppliers (供应商评价): weighted
// criteria that add up to 100, standings that cover 0–100 without gaps or
// overlaps, and the period length.
type Scheme struct {
	Criteria  []Criterion `json:"criteria"`
	Standings []Standing  `json:"standings"`
	Period    PeriodKind  `json:"period"`
}

// DefaultScheme weights the five travel metrics and uses the standings
// Very Poor [0, 30), Poor [30, 50), Average [50, 80) and Excellent
// [80, 100], evaluated monthly.
func DefaultScheme() Scheme {
	d := decimal.NewFromInt
	return Scheme{
		Criteria: []Criterion{
			{Metric: ConfirmationLatency, Weight: d(20), Target: 24 * time.Hour},
			{Metric: OnRequestAcceptance, Weight: d(15)},
			{Metric: RateAccuracy, Weight: d(25)},
			{Metric: ChargedBackComplaints, Weight: d(25)},
			{Metric: ReleaseCompliance, Weight: d(15)},
		},
		Standings: []Standing{
			{Name: "very_poor", Min: d(0), Max: d(30), Warn: true, Prevent: true},
			{Name: "poor", Min: d(30), Max: d(50), Warn: true},
			{Name: "average", Min: d(50), Max: d(80)},
			{Name: "excellent", Min: d(80), Max: d(100)},
		},
		Period: Month,
	}
}

// Validate reports every problem of the scheme.
func (s Scheme) Validate() error {
	var ps problems
	sum := decimal.Zero
	for i, c := range s.Criteria {
		switch c.Metric {
		case ConfirmationLatency:
			if c.Target <= 0 {
				ps.add("Criteria["+strconv.Itoa(i)+"].Target", CodeRequired, "confirmation latency needs a target")
			}
		case OnRequestAcceptance, RateAccuracy, ChargedBackComplaints, ReleaseCompliance:
		default:
			ps.add("Criteria["+strconv.Itoa(i)+"].Metric", CodeInvalidValue, "unknown metric")
		}
		if c.Weight.Sign() <= 0 {
			ps.add("Criteria["+strconv.Itoa(i)+"].Weight", CodeInvalidValue, "a weight is positive")
		}
		sum = sum.Add(c.Weight)
	}
	if !sum.Equal(decimal.NewFromInt(100)) {
		ps.addDetail("Criteria", CodeInvalidValue, "weights add up to "+sum.String()+", not 100", map[string]string{"sum": sum.String()})
	}
	st := slices.Clone(s.Standings)
	slices.SortFunc(st, func(a, b Standing) int { return a.Min.Cmp(b.Min) })
	next := decimal.Zero
	for i, b := range st {
		switch c := b.Min.Cmp(next); {
		case c > 0:
			ps.addDetail("Standings", "standing_gap", "no standing covers "+next.String()+"–"+b.Min.String(), map[string]string{"from": next.String(), "to": b.Min.String()})
		case c < 0:
			ps.addDetail("Standings", "standing_overlap", "standings overlap at "+b.Min.String(), map[string]string{"at": b.Min.String()})
		}
		if !b.Max.GreaterThan(b.Min) {
			ps.add("Standings["+strconv.Itoa(i)+"]", CodeOrder, "a standing's max is above its min")
		}
		next = b.Max
	}
	if len(st) == 0 || !next.Equal(decimal.NewFromInt(100)) {
		ps.add("Standings", "standing_gap", "standings must reach 100 (which the top one includes)")
	}
	switch s.Period {
	case Week, Month, Quarter, Year:
	default:
		ps.add("Period", CodeInvalidValue, "period is week, month, quarter or year")
	}
	return ps.err()
}

// PeriodOf returns the period of kind that holds day d, first to last day
// inclusive: a week is exactly seven days from Monday.
func PeriodOf(kind PeriodKind, d date.Date) (date.Date, date.Date) {
	y, m, _ := d.Date()
	switch kind {
	case Week:
		from := d - date.Date((int(d.Weekday())+6)%7)
		return from, from + 6
	case Quarter:
		q := (int(m) - 1) / 3 * 3
		from := date.New(y, time.Month(q+1), 1)
		return from, date.New(y, time.Month(q+4), 1) - 1
	case Year:
		return date.New(y, 1, 1), date.New(y, 12, 31)
	}
	from := date.New(y, m, 1)
	return from, date.New(y, m+1, 1) - 1
}

// Performance is what a supplier did in a period, from the library's records.
type Performance struct {
	Confirmations     []time.Duration `json:"confirmations,omitempty"` // request → confirmation, each
	OnRequestAsked    int             `json:"on_request_asked"`
	OnRequestAccepted int             `json:"on_request_accepted"`
	InvoiceLines      int             `json:"invoice_lines"`
	InvoiceLinesExact int             `json:"invoice_lines_exact"`
	// Bookings counts the services the supplier supplied in the period
	// (confirmed services by their service date).
	Bookings       int `json:"bookings"`
	ChargedBack    int `json:"charged_back"` // complaints charged back to the supplier
	Releases       int `json:"releases"`
	ReleasesOnTime int `json:"releases_on_time"`
}

// CriterionScore is one criterion's result; NoData when the period gave
// nothing to measure it by (never scored as 100).
type CriterionScore struct {
	Metric Metric           `json:"metric"`
	Weight decimal.Decimal  `json:"weight"`
	Score  *decimal.Decimal `json:"score,omitempty"`
	NoData bool             `json:"no_data,omitempty"`
}

// Evaluation is a supplier's scorecard for one period. Score is the
// weighted average over the criteria with data (weights re-normalised);
// with no data at all it is nil and NoData is set — "no data", never a
// score.
type Evaluation struct {
	SupplierID string `json:"supplier_id"`
	// SupplierName is the supplier's name, which the report shows.
	SupplierName string           `json:"supplier_name,omitempty"`
	From         date.Date        `json:"from"`
	To           date.Date        `json:"to"`
	Criteria     []CriterionScore `json:"criteria"`
	Score        *decimal.Decimal `json:"score,omitempty"`
	Standing     *Standing        `json:"standing,omitempty"`
	NoData       bool             `json:"no_data,omitempty"`
}

// Evaluate scores a supplier's performance in the period of the scheme that
// holds day d.
func Evaluate(s Scheme, supplierID string, d date.Date, a Performance) (Evaluation, error) {
	if err := s.Validate(); err != nil {
		return Evaluation{}, err
	}
	from, to := PeriodOf(s.Period, d)
	ev := Evaluation{SupplierID: supplierID, From: from, To: to}
	hundred := decimal.NewFromInt(100)
	share := func(n, of int) *decimal.Decimal {
		if of <= 0 {
			return nil
		}
		v := decimal.NewFromInt(int64(n)).Mul(hundred).DivRound(decimal.NewFromInt(int64(of)), 4)
		return &v
	}
	weighted, weights := decimal.Zero, decimal.Zero
	for _, c := range s.Criteria {
		var v *decimal.Decimal
		switch c.Metric {
		case ConfirmationLatency:
			if len(a.Confirmations) > 0 {
				ds := slices.Clone(a.Confirmations)
				slices.Sort(ds)
				median := ds[(len(ds)-1)/2]
				score := hundred
				if median > c.Target {
					// Linear from 100 at the target to 0 at four times it.
					over := decimal.NewFromInt(int64(median - c.Target))
					span := decimal.NewFromInt(int64(3 * c.Target))
					score = decimal.Max(decimal.Zero, hundred.Sub(over.Mul(hundred).DivRound(span, 4)))
				}
				v = &score
			}
		case OnRequestAcceptance:
			v = share(a.OnRequestAccepted, a.OnRequestAsked)
		case RateAccuracy:
			v = share(a.InvoiceLinesExact, a.InvoiceLines)
		case ChargedBackComplaints:
			if a.Bookings > 0 {
				per100 := decimal.NewFromInt(int64(a.ChargedBack)).Mul(hundred).DivRound(decimal.NewFromInt(int64(a.Bookings)), 4)
				score := decimal.Max(decimal.Zero, hundred.Sub(per100.Mul(decimal.NewFromInt(10))))
				v = &score
			}
		case ReleaseCompliance:
			v = share(a.ReleasesOnTime, a.Releases)
		}
		cs := CriterionScore{Metric: c.Metric, Weight: c.Weight, Score: v, NoData: v == nil}
		if v != nil {
			weighted = weighted.Add(v.Mul(c.Weight))
			weights = weights.Add(c.Weight)
		}
		ev.Criteria = append(ev.Criteria, cs)
	}
	if weights.IsZero() {
		ev.NoData = true
		return ev, nil
	}
	score := weighted.DivRound(weights, 2)
	ev.Score = &score
	ev.Standing = s.standing(score)
	return ev, nil
}

// standing finds the band of a score; 100 falls in the top band.
func (s Scheme) standing(score decimal.Decimal) *Standing {
	var top *Standing
	for i := range s.Standings {
		b := &s.Standings[i]
		if top == nil || b.Max.GreaterThan(top.Max) {
			top = b
		}
		if score.GreaterThanOrEqual(b.Min) && score.LessThan(b.Max) {
			return b
		}
	}
	if top != nil && score.Equal(top.Max) {
		return top
	}
	return nil
}

// RenderText writes the evaluation report (供应商评价报告) in lang.
func (e Evaluation) RenderText(w io.Writer, lang language.Tag) error {
	e = human.Flat(e) // no text a person gave makes lines of its own
	p := i18n.For(lang)
	b := bufio.NewWriter(w)
	name := e.SupplierName
	if name == "" {
		name = e.SupplierID
	}
	b.WriteString(p.T("eval.title", name, human.Date(e.From, p), human.Date(e.To, p)) + "\n")
	for _, c := range e.Criteria {
		score := p.T("no_data")
		if c.Score != nil {
			score = c.Score.StringFixed(1)
		}
		b.WriteString("  " + p.T("eval.criterion", p.Or("metric."+string(c.Metric), string(c.Metric)), c.Weight.String(), score) + "\n")
	}
	if e.NoData {
		b.WriteString(p.T("eval.no_score") + "\n")
	} else {
		name := ""
		if e.Standing != nil {
			name = p.Or("standing."+e.Standing.Name, e.Standing.Name)
		}
		b.WriteString(p.T("eval.score", e.Score.StringFixed(1), name) + "\n")
	}
	return b.Flush()
}
