package feedback

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/pricing"
)

// Ratio is good out of total; NoData when total is 0 — never 0 % and never
// 100 %. Targets are compared exactly in integers.
type Ratio struct {
	Good   int  `json:"good"`
	Total  int  `json:"total"`
	NoData bool `json:"no_data"`
}

func ratio(good, total int) Ratio { return Ratio{Good: good, Total: total, NoData: total == 0} }

// Percent renders the ratio to one decimal, half-up ("85.7 %"), or "no data".
func (r Ratio) Percent() string {
	if r.NoData {
		return "no data"
	}
	return decimal.NewFromInt(int64(r.Good)*100).DivRound(decimal.NewFromInt(int64(r.Total)), 1).StringFixed(1) + " %"
}

// AtLeast reports whether the ratio reaches pct percent (false for no data).
func (r Ratio) AtLeast(pct int) bool { return !r.NoData && 100*r.Good >= pct*r.Total }

// NPS is the net promoter score: promoters (9–10) less detractors (0–6),
// as a share of all answers.
type NPS struct {
	Promoters  int  `json:"promoters"`
	Passives   int  `json:"passives"`
	Detractors int  `json:"detractors"`
	Total      int  `json:"total"`
	NoData     bool `json:"no_data"`
}

// Score renders the NPS to one decimal (−100 to 100), or "no data".
func (n NPS) Score() string {
	if n.NoData {
		return "no data"
	}
	return decimal.NewFromInt(int64(n.Promoters-n.Detractors)*100).DivRound(decimal.NewFromInt(int64(n.Total)), 1).StringFixed(1)
}

// Count is how often a key occurs.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// AspectScore is the average rating of an aspect, to one decimal.
type AspectScore struct {
	Aspect  Aspect `json:"aspect"`
	Average string `json:"average"` // "no data" without ratings
	N       int    `json:"n"`
}

// Recurring is a root cause seen more than once with the same supplier.
type Recurring struct {
	RootCause RootCause `json:"root_cause"`
	Supplier  string    `json:"supplier"`
	N         int       `json:"n"`
}

// SurveySummary is what a report needs of a period's survey responses:
// counts and sums, which a store can compute in its query.
type SurveySummary struct {
	Responses  int `json:"responses"`
	CSATScored int `json:"csat_scored"`
	CSATGood   int `json:"csat_good"` // scores of 4 or 5
	Promoters  int `json:"promoters"`
	Passives   int `json:"passives"`
	Detractors int `json:"detractors"`
	// RatingSum and RatingN are per aspect, in Aspects() order.
	RatingSum [6]int `json:"rating_sum"`
	RatingN   [6]int `json:"rating_n"`
}

// Add counts one response into the summary.
func (s *SurveySummary) Add(v Survey) {
	s.Responses++
	if v.CSAT > 0 {
		s.CSATScored++
		if v.CSAT >= 4 {
			s.CSATGood++
		}
	}
	if v.NPS != nil {
		switch {
		case *v.NPS >= 9:
			s.Promoters++
		case *v.NPS >= 7:
			s.Passives++
		default:
			s.Detractors++
		}
	}
	for i, a := range Aspects() {
		if r, ok := v.Ratings[a]; ok {
			s.RatingSum[i] += r
			s.RatingN[i]++
		}
	}
}

// ActionStatus is where an improvement action stands.
type ActionStatus string

// Action statuses.
const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
)

// ImprovementAction is a measure taken to prevent complaints (改进措施).
type ImprovementAction struct {
	What    string       `json:"what"`
	Owner   string       `json:"owner"`
	Due     date.Date    `json:"due"`
	Status  ActionStatus `json:"status"`
	Overdue bool         `json:"overdue,omitempty"`
}

// ReportInput is what a feedback report is made from. Instants are placed
// in the period by their date in Zone.
type ReportInput struct {
	From, To   date.Date // inclusive
	Zone       *time.Location
	Consultant string // empty: everyone
	Team       string // empty: every team
	Now        time.Time
	Surveys    []Survey
	// SurveySummary, when set, is used instead of Surveys: the store's own
	// aggregation of the period's responses for the consultant and team.
	SurveySummary *SurveySummary
	Complaints    []*Complaint
	FollowUps     []FollowUp
	Actions       []ImprovementAction
}

// Report is the feedback report with improvement measures (客户反馈报告及改进措施).
type Report struct {
	From         date.Date           `json:"from"`
	To           date.Date           `json:"to"`
	Consultant   string              `json:"consultant,omitempty"`
	Team         string              `json:"team,omitempty"`
	Responses    int                 `json:"responses"`
	CSAT         Ratio               `json:"csat"`
	NPS          NPS                 `json:"nps"`
	Aspects      []AspectScore       `json:"aspects"`
	Complaints   int                 `json:"complaints"`
	ByCategory   []Count             `json:"by_category"`
	ByRootCause  []Count             `json:"by_root_cause"`
	BySupplier   []Count             `json:"by_supplier"`
	SLA          Ratio               `json:"sla"`
	Median       *time.Duration      `json:"median_handling,omitempty"`
	P90          *time.Duration      `json:"p90_handling,omitempty"`
	Compensation []pricing.Money     `json:"compensation"`
	Points       int                 `json:"points"`
	Recurring    []Recurring         `json:"recurring"`
	FollowUpsDue int                 `json:"follow_ups_due"`
	FollowUpsOK  int                 `json:"follow_ups_done"`
	Overdue      int                 `json:"follow_ups_overdue"`
	Actions      []ImprovementAction `json:"actions"`
}

// BuildReport computes the report. CSAT counts responses scoring 4–5 among
// responses with a score, by response date; complaints are counted by date
// received; SLA compliance is complaints resolved within the resolution
// target among those due in the period (open ones past due count as
// failures; those not yet due are left out); handling time is the SLA time
// used by complaints closed in the period (nearest-rank percentiles).
func BuildReport(in ReportInput) (Report, error) {
	if in.Zone == nil || in.To < in.From || in.Now.IsZero() {
		return Report{}, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Period", Code: "invalid_value", Message: "a zone, a period with From ≤ To and the time now are required"}}}
	}
	within := func(t time.Time) bool {
		d := date.NewAt(t.In(in.Zone))
		return d >= in.From && d <= in.To
	}
	mine := func(consultant, team string) bool {
		return (in.Consultant == "" || consultant == in.Consultant) && (in.Team == "" || team == in.Team)
	}
	r := Report{From: in.From, To: in.To, Consultant: in.Consultant, Team: in.Team}

	sum := in.SurveySummary
	if sum == nil {
		sum = &SurveySummary{}
		for _, s := range in.Surveys {
			if within(s.RespondedAt) && mine(s.Consultant, s.Team) {
				sum.Add(s)
			}
		}
	}
	r.Responses = sum.Responses
	r.CSAT = ratio(sum.CSATGood, sum.CSATScored)
	r.NPS = NPS{Promoters: sum.Promoters, Passives: sum.Passives, Detractors: sum.Detractors,
		Total: sum.Promoters + sum.Passives + sum.Detractors}
	r.NPS.NoData = r.NPS.Total == 0
	for i, a := range Aspects() {
		avg := "no data"
		if n := sum.RatingN[i]; n > 0 {
			avg = decimal.NewFromInt(int64(sum.RatingSum[i])).DivRound(decimal.NewFromInt(int64(n)), 1).StringFixed(1)
		}
		r.Aspects = append(r.Aspects, AspectScore{Aspect: a, Average: avg, N: sum.RatingN[i]})
	}

	cats, causes, suppliers := map[string]int{}, map[string]int{}, map[string]int{}
	recurring := map[[2]string]int{}
	money := map[string]pricing.Money{}
	var handling []time.Duration
	met, due := 0, 0
	for _, c := range in.Complaints {
		if !mine(c.Consultant, c.Team) {
			continue
		}
		sla, err := c.SLA(in.Now)
		if err != nil {
			return Report{}, fmt.Errorf("complaint %s: %w", c.ID, err)
		}
		if within(c.ReceivedAt) {
			r.Complaints++
			cats[c.Category]++
			if c.SupplierID != "" {
				suppliers[c.SupplierID]++
			}
			if c.Resolution != nil {
				causes[string(c.Resolution.RootCause)]++
				if c.SupplierID != "" {
					recurring[[2]string{string(c.Resolution.RootCause), c.SupplierID}]++
				}
				for _, comp := range c.Resolution.Compensations {
					if comp.Amount == nil {
						r.Points += comp.Points
						continue
					}
					code := comp.Amount.Currency().Code()
					sum, ok := money[code]
					if !ok {
						sum = pricing.Zero(comp.Amount.Currency())
					}
					if sum, err = sum.Add(*comp.Amount); err != nil {
						return Report{}, err
					}
					money[code] = sum
				}
			}
		}
		res := sla.Resolution
		if within(res.Due) && (res.State == Met || res.State == Breached || !res.Due.After(in.Now)) {
			due++
			if res.State == Met {
				met++
			}
		}
		if res.DoneAt != nil && within(*res.DoneAt) { // closed in the period, met or not
			handling = append(handling, res.Used)
		}
	}
	r.ByCategory, r.ByRootCause, r.BySupplier = counts(cats), counts(causes), counts(suppliers)
	r.SLA = ratio(met, due)
	if len(handling) > 0 {
		slices.Sort(handling)
		rank := func(p int) *time.Duration {
			i := (p*len(handling)+99)/100 - 1 // nearest rank
			v := handling[max(i, 0)]
			return &v
		}
		r.Median, r.P90 = rank(50), rank(90)
	}
	codes := make([]string, 0, len(money))
	for code := range money {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	r.Compensation = []pricing.Money{}
	for _, code := range codes {
		r.Compensation = append(r.Compensation, money[code])
	}
	r.Recurring = []Recurring{}
	for k, n := range recurring {
		if n >= 2 {
			r.Recurring = append(r.Recurring, Recurring{RootCause: RootCause(k[0]), Supplier: k[1], N: n})
		}
	}
	slices.SortFunc(r.Recurring, func(a, b Recurring) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Supplier, b.Supplier), cmp.Compare(a.RootCause, b.RootCause))
	})
	today := date.NewAt(in.Now.In(in.Zone))
	for _, f := range in.FollowUps {
		if f.Due < in.From || f.Due > in.To || (in.Consultant != "" && f.Consultant != in.Consultant) {
			continue
		}
		r.FollowUpsDue++
		if f.DoneAt != nil {
			r.FollowUpsOK++
		} else if f.Overdue(today) {
			r.Overdue++
		}
	}
	r.Actions = []ImprovementAction{}
	for _, a := range in.Actions {
		a.Overdue = a.Status != ActionDone && today > a.Due
		r.Actions = append(r.Actions, a)
	}
	return r, nil
}

// counts sorts a tally by count, then key.
func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, N: n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return out
}

// RenderText writes the report in lang: zh-CN, or English otherwise.
// Aspects, root causes and statuses are translated, dates are local, and
// a section with nothing in it is left out rather than printed empty.
func (r Report) RenderText(w io.Writer, lang language.Tag) error {
	return document.WriteText(w, r.Document(lang))
}

// Document is the report as RenderText writes it — satisfaction,
// complaints, follow-ups and improvement actions — for another rendering
// such as document/pdf's.
func (r Report) Document(lang language.Tag) document.Document {
	r = human.Flat(r) // no text a person gave makes lines of its own
	p := i18n.For(lang)
	f := pricing.NewFormatter(lang)
	line := func(key string, args ...any) document.Row { return document.Row{Value: p.T(key, args...)} }
	d := document.Document{Lang: p.T("lang.tag"), Title: p.T("fb.title", human.Date(r.From, p), human.Date(r.To, p))}
	d.Header = d.Title
	if r.Consultant != "" || r.Team != "" {
		d.Subtitle = append(d.Subtitle, p.T("fb.team", strings.TrimSpace(r.Consultant+" "+r.Team)))
	}
	noData := func(s string) string {
		if s == "no data" {
			return p.T("no_data")
		}
		return s
	}
	satisfaction := d.Add(p.T("fb.satisfaction"), line("fb.responses", r.Responses, noData(r.CSAT.Percent()), r.CSAT.Good, r.CSAT.Total,
		noData(r.NPS.Score())))
	for _, a := range r.Aspects {
		if a.N == 0 {
			continue
		}
		satisfaction.Rows = append(satisfaction.Rows, line("fb.aspect", a.Aspect.Label(lang), noData(a.Average), a.N))
	}
	complaints := d.Add(p.T("fb.complaints"), line("fb.complaints_line", r.Complaints, noData(r.SLA.Percent()), r.SLA.Good, r.SLA.Total))
	if r.Median != nil {
		complaints.Rows = append(complaints.Rows, line("fb.handling", human.Duration(*r.Median, p), human.Duration(*r.P90, p)))
	}
	for _, group := range []struct {
		key   string
		cs    []Count
		label func(string) string
	}{
		{"fb.by_category", r.ByCategory, func(k string) string { return k }},
		{"fb.by_root_cause", r.ByRootCause, func(k string) string { return RootCause(k).Label(lang) }},
		{"fb.by_supplier", r.BySupplier, func(k string) string { return k }},
	} {
		if len(group.cs) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(p.T(group.key))
		for i, c := range group.cs {
			if i > 0 {
				b.WriteString(p.T("fb.group_sep"))
			}
			b.WriteString(" " + group.label(c.Key) + " " + strconv.Itoa(c.N))
		}
		complaints.Rows = append(complaints.Rows, document.Row{Value: b.String()})
	}
	if len(r.Compensation) > 0 || r.Points > 0 {
		var b strings.Builder
		b.WriteString(p.T("fb.compensation"))
		for _, m := range r.Compensation {
			b.WriteString(" " + f.Format(m))
		}
		if r.Points > 0 {
			b.WriteString(p.T("fb.points", r.Points))
		}
		complaints.Rows = append(complaints.Rows, document.Row{Value: b.String()})
	}
	for _, rc := range r.Recurring {
		complaints.Rows = append(complaints.Rows, line("fb.recurring", rc.RootCause.Label(lang), rc.Supplier, rc.N))
	}
	if r.FollowUpsDue > 0 {
		d.Add(p.T("fb.follow_ups"), line("fb.follow_ups_line", r.FollowUpsDue, r.FollowUpsOK, r.Overdue))
	}
	if len(r.Actions) > 0 {
		actions := d.Add(p.T("fb.actions"))
		for _, a := range r.Actions {
			late := ""
			if a.Overdue {
				late = p.T("fb.overdue")
			}
			actions.Rows = append(actions.Rows, line("fb.action", a.What, a.Owner, human.Date(a.Due, p), a.Status.Label(lang), late))
		}
	}
	return d
}
