package inquiry

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/party"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Code names an exclusion or a score contribution; codes are stable.
type Code string

// Exclusions: hard filters a product fails.
const (
	ExcludedDestination Code = "DESTINATION"     // visits none of the destinations asked for
	ExcludedAvoided     Code = "AVOIDED"         // features an interest to avoid
	ExcludedNoDeparture Code = "NO_DEPARTURE"    // no departure in the date window
	ExcludedDuration    Code = "DURATION"        // too short or too long
	ExcludedPartySize   Code = "PARTY_SIZE"      // the party is below or above its limits
	ExcludedAge         Code = "AGE"             // a traveller's age is outside its limits
	ExcludedCurrency    Code = "CURRENCY"        // priced in another currency than the budget
	ExcludedOverCeiling Code = "OVER_BUDGET_MAX" // above the budget × (1 + tolerance)
)

// Score contributions.
const (
	InterestMatch   Code = "INTEREST_MATCH"  // weight × strength per interest asked for
	PastPreference  Code = "PAST_PREFERENCE" // profile weight × strength ÷ 2 per interest not asked for
	BudgetFit       Code = "BUDGET_FIT"      // 20 at or under budget
	OverBudget      Code = "OVER_BUDGET"     // 20 × (1 − over ÷ tolerance), with the exact percentage over
	SeasonFit       Code = "SEASON"          // 10 when the product suits the departure month
	OffSeason       Code = "OFF_SEASON"      // 0, said
	PaceMatch       Code = "PACE"            // 10 same pace, 5 next to it, 0 opposite
	HotelGradeFit   Code = "HOTEL_GRADE"     // 5 when the grade is at least the one asked
	HotelGradeBelow Code = "HOTEL_GRADE_LOW" // 0, said
)

// Reason is one contribution to a score: its code, the values it read
// (machine-readable, in the order the code's documentation gives), the
// same as an English sentence, and the points it gave (exact).
type Reason struct {
	Code   Code            `json:"code"`
	Values []string        `json:"values"`
	Detail string          `json:"detail"`
	Points decimal.Decimal `json:"points"`
}

// Exclusion is a product left out, with its code, the values compared and
// an English sentence saying why.
type Exclusion struct {
	Product string   `json:"product"`
	Code    Code     `json:"code"`
	Values  []string `json:"values"`
	Detail  string   `json:"detail"`
}

func itoa(n int) string { return strconv.Itoa(n) }

// Recommendation is a product that passed every filter, with its score
// and every contribution to it.
type Recommendation struct {
	Product   string          `json:"product"`
	Title     string          `json:"title"`
	TitleZH   string          `json:"title_zh,omitempty"`
	Departure date.Date       `json:"departure"`
	Days      int             `json:"days"`
	PerPerson pricing.Money   `json:"per_person"`
	Total     pricing.Money   `json:"total"`
	Score     decimal.Decimal `json:"score"`
	// OverBudgetPct is how far above the budget the price is, exactly
	// (2 decimals, half up); zero within the budget.
	OverBudgetPct decimal.Decimal `json:"over_budget_pct,omitzero"`
	Reasons       []Reason        `json:"reasons"`
}

// List is a recommendation list (产品推荐清单): the products in order of
// score (ties by product ID), and every product left out with why.
type List struct {
	Items    []Recommendation `json:"items"`
	Excluded []Exclusion      `json:"excluded"`
}

var (
	hundred = decimal.NewFromInt(100)
	twenty  = decimal.NewFromInt(20)
)

// Recommend ranks the catalogue for needs (and the customer's profile,
// which may be nil): the hard filters first, each exclusion with its
// code; then the documented score (see the score codes) with every
// contribution as a reason; limit > 0 keeps the best limit items. Ages
// are taken on each product's first departure in the window.
func Recommend(n Needs, profile *Profile, products []Product, limit int) (List, error) {
	if n.Earliest == 0 || n.Latest == 0 || len(n.Party) == 0 {
		return List{}, problem.One(ErrInvalid, "needs", "required", "recommending needs a date window and the party")
	}
	if n.Latest < n.Earliest {
		return List{}, problem.One(ErrInvalid, "needs.latest", "range", "the latest departure is on or after the earliest")
	}
	var out List
	ceiling, budget := decimal.Decimal{}, decimal.Decimal{}
	if b := n.Budget; b != nil {
		budget = b.Amount.Amount()
		ceiling = budget.Mul(hundred.Add(b.TolerancePct)).Div(hundred)
	}
	want := map[string]bool{}
	for _, d := range n.Destinations {
		want[NormalName(d)] = true
	}
	from, to := n.Earliest-date.Date(n.FlexDays), n.Latest+date.Date(n.FlexDays)
	for i := range products {
		p := &products[i]
		r, ex := recommendOne(p, &n, profile, want, from, to, budget, ceiling)
		if ex != nil {
			out.Excluded = append(out.Excluded, *ex)
			continue
		}
		out.Items = append(out.Items, r)
	}
	slices.SortFunc(out.Items, func(a, b Recommendation) int {
		return cmp.Or(b.Score.Cmp(a.Score), strings.Compare(a.Product, b.Product))
	})
	slices.SortFunc(out.Excluded, func(a, b Exclusion) int { return strings.Compare(a.Product, b.Product) })
	if limit > 0 && len(out.Items) > limit {
		out.Items = out.Items[:limit]
	}
	return out, nil
}

func recommendOne(p *Product, n *Needs, profile *Profile, want map[string]bool, from, to date.Date,
	budget, ceiling decimal.Decimal) (Recommendation, *Exclusion) {
	exclude := func(code Code, values ...string) (Recommendation, *Exclusion) {
		return Recommendation{}, &Exclusion{Product: p.ID, Code: code, Values: values, Detail: detail(i18n.For(language.English), code, values)}
	}
	if len(want) > 0 && !slices.ContainsFunc(p.Destinations, func(d string) bool { return want[NormalName(d)] }) {
		return exclude(ExcludedDestination, strings.Join(p.Destinations, ", "))
	}
	for _, a := range n.Avoid {
		if p.Strength(a) > 0 {
			return exclude(ExcludedAvoided, string(a))
		}
	}
	days := p.Days()
	if (n.MinDays > 0 && days < n.MinDays) || (n.MaxDays > 0 && days > n.MaxDays) {
		return exclude(ExcludedDuration, itoa(days), itoa(n.MinDays), itoa(n.MaxDays))
	}
	pax := len(n.Party)
	if (p.MinPax > 0 && pax < p.MinPax) || (p.MaxPax > 0 && pax > p.MaxPax) {
		return exclude(ExcludedPartySize, itoa(pax), itoa(p.MinPax), itoa(p.MaxPax))
	}
	dep, ok := p.FirstDeparture(from, to)
	if !ok {
		return exclude(ExcludedNoDeparture, from.String(), to.String())
	}
	for i, birth := range n.Party {
		age := party.AgeOn(birth, dep)
		if (p.MinAge > 0 && age < p.MinAge) || (p.MaxAge > 0 && age > p.MaxAge) {
			return exclude(ExcludedAge, itoa(i+1), itoa(age), dep.String(), itoa(p.MinAge), itoa(p.MaxAge))
		}
	}
	r := Recommendation{Product: p.ID, Title: p.Template.Title, TitleZH: p.TitleZH, Departure: dep, Days: days, PerPerson: p.PriceFrom,
		Total: p.PriceFrom.MulInt(int64(pax))}
	add := func(code Code, points decimal.Decimal, values ...string) {
		r.Reasons = append(r.Reasons, Reason{Code: code, Values: values, Detail: detail(i18n.For(language.English), code, values), Points: points})
		r.Score = r.Score.Add(points)
	}
	if b := n.Budget; b != nil {
		if b.Amount.Currency() != p.PriceFrom.Currency() {
			return exclude(ExcludedCurrency, p.PriceFrom.Currency().Code(), b.Amount.Currency().Code())
		}
		price := r.PerPerson
		if b.Basis == Total {
			price = r.Total
		}
		amt := price.Amount()
		excess := amt.Sub(budget).Mul(hundred) // the excess × 100, exact; divided once, rounded once
		if amt.GreaterThan(ceiling) {
			return exclude(ExcludedOverCeiling, price.String(), excess.DivRound(budget, 2).StringFixed(2), b.Amount.String(), b.TolerancePct.String())
		}
		if !amt.GreaterThan(budget) {
			add(BudgetFit, twenty, price.String(), b.Amount.String())
		} else {
			r.OverBudgetPct = excess.DivRound(budget, 2)
			// Within the tolerance (so the tolerance is positive): the
			// points fall linearly from 20 to 0 across it.
			lost := twenty.Mul(excess).DivRound(budget.Mul(b.TolerancePct), 2)
			add(OverBudget, twenty.Sub(lost), r.OverBudgetPct.StringFixed(2), b.Amount.String())
		}
	}
	asked := map[string]bool{}
	for _, w := range n.Interests {
		asked[string(w.Interest)] = true
		if s := p.Strength(w.Interest); s > 0 {
			add(InterestMatch, decimal.NewFromInt(int64(w.Weight*s)), string(w.Interest), itoa(w.Weight), itoa(s))
		}
	}
	if profile != nil {
		for _, pr := range profile.Preferences {
			if asked[string(pr.Interest)] {
				continue
			}
			if s := p.Strength(pr.Interest); s > 0 {
				add(PastPreference, decimal.NewFromInt(int64(pr.Weight*s)).Div(decimal.NewFromInt(2)), string(pr.Interest), itoa(pr.Weight), itoa(s),
					string(pr.Source), pr.From)
			}
		}
	}
	if p.Template.Suits(dep.Month()) {
		add(SeasonFit, decimal.NewFromInt(10), itoa(int(dep.Month())))
	} else {
		add(OffSeason, decimal.Zero, itoa(int(dep.Month())))
	}
	if n.Pace != "" && p.Pace != "" {
		gap := paceGap(n.Pace, p.Pace)
		add(PaceMatch, decimal.NewFromInt(int64(10-5*gap)), string(p.Pace), string(n.Pace))
	}
	if n.HotelGrade > 0 && p.HotelGrade > 0 {
		if p.HotelGrade >= n.HotelGrade {
			add(HotelGradeFit, decimal.NewFromInt(5), itoa(p.HotelGrade), itoa(n.HotelGrade))
		} else {
			add(HotelGradeBelow, decimal.Zero, itoa(p.HotelGrade), itoa(n.HotelGrade))
		}
	}
	return r, nil
}

func paceRank(p Pace) int {
	switch p {
	case Relaxed:
		return 0
	case Moderate:
		return 1
	}
	return 2
}

func paceGap(a, b Pace) int {
	d := paceRank(a) - paceRank(b)
	if d < 0 {
		d = -d
	}
	return d
}
