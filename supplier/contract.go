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

// Basis says what a contract's prices are.
type Basis string

// Contract bases.
const (
	// Net prices are what the agency pays; it adds its own margin.
	Net Basis = "net"
	// Commission prices are gross (what the customer pays the supplier);
	// the agency keeps CommissionPct of them.
	Commission Basis = "commission"
)

// Season is a rate period, From to To inclusive. A contract's seasons do
// not overlap and together cover its validity.
type Season struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	From date.Date `json:"from"`
	To   date.Date `json:"to"`
}

// Prices are one rate plan's prices in one season, in the contract's
// currency, per the plan's unit. Child and infant prices are for per-person
// plans; nil means the adult price applies (infants: free when
// InfantsFree).
type Prices struct {
	Season string         `json:"season"`
	Adult  pricing.Money  `json:"adult"`
	Child  *pricing.Money `json:"child,omitempty"`
	Infant *pricing.Money `json:"infant,omitempty"`
}

// RatePlan prices one product and unit type: a room type at an occupancy,
// a seat class, a tour, per person, per room-night, per unit or per group.
type RatePlan struct {
	Product   string       `json:"product"`
	UnitType  string       `json:"unit_type"`
	Occupancy int          `json:"occupancy,omitempty"`
	Unit      pricing.Unit `json:"unit"`
	Prices    []Prices     `json:"prices"`
	// MinStay is the fewest nights a stay under this plan may have (0 or 1:
	// any).
	MinStay int `json:"min_stay,omitempty"`
}

// Supplement adds Amount per unit and night on the listed weekdays (a
// weekend supplement) for a product ("" for all).
type Supplement struct {
	ID       string         `json:"id"`
	Product  string         `json:"product,omitempty"`
	Weekdays []time.Weekday `json:"weekdays"`
	Amount   pricing.Money  `json:"amount"`
}

// OfferKind is a special offer's mechanism.
type OfferKind string

// Offer kinds.
const (
	// StayPay: every Stay consecutive nights, Pay are charged (stay 4 pay
	// 3); the cheapest nights of each block are the free ones.
	StayPay OfferKind = "stay_pay"
	// EarlyBooking: Percent off the stay when booked on or before BookBy.
	EarlyBooking OfferKind = "early_booking"
)

// Offer is a special offer for stays that begin From to To inclusive.
type Offer struct {
	ID      string          `json:"id"`
	Kind    OfferKind       `json:"kind"`
	Product string          `json:"product,omitempty"`
	From    date.Date       `json:"from"`
	To      date.Date       `json:"to"`
	Stay    int             `json:"stay,omitempty"`
	Pay     int             `json:"pay,omitempty"`
	BookBy  date.Date       `json:"book_by,omitzero"`
	Percent decimal.Decimal `json:"percent,omitzero"`
}

// PaymentTerms say when the agency pays the supplier.
type PaymentTerms struct {
	// DepositPct is paid at booking (0: none).
	DepositPct decimal.Decimal `json:"deposit_pct"`
	// BalanceDays is when the balance is due, relative to the service date:
	// before it, or after it (BalanceAfter, as for a group bill payable
	// within 30 days of departure).
	BalanceDays  int  `json:"balance_days"`
	BalanceAfter bool `json:"balance_after,omitempty"`
	// CreditLimit caps what may be owed to the supplier at once; nil means
	// none agreed.
	CreditLimit *pricing.Money `json:"credit_limit,omitempty"`
}

// AttritionBasis says how a block's commitment is counted.
type AttritionBasis string

// Attrition bases.
const (
	// WholeStay counts the commitment over the block's room nights
	// together (the default).
	WholeStay AttritionBasis = "whole_stay"
	// PerNight counts it night by night: a night over its commitment
	// does not make up for one under.
	PerNight AttritionBasis = "per_night"
)

// Attrition is a group block's commitment: the agency pays damages for
// the room nights of CommitPct of the block it did not use and the hotel
// did not resell, counted at the cut-off CutoffDays before arrival, per
// night or over the whole stay (Basis). DamagesRate is what an unused room
// night costs (nil: the contract rate); damages are never charged above
// the contract rate.
type Attrition struct {
	CommitPct   decimal.Decimal `json:"commit_pct"`
	CutoffDays  int             `json:"cutoff_days"`
	Basis       AttritionBasis  `json:"basis,omitempty"`
	DamagesRate *pricing.Money  `json:"damages_rate,omitempty"`
}

// Clause is a versioned snapshot of contract text. Editing a clause makes
// a new version; a confirmed booking keeps the version it agreed to.
type Clause struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Title   string `json:"title"`
	Text    string `json:"text"`
}

// Contract is what a supplier agreed to sell the agency, and on which
// terms, for the dates ValidFrom to ValidTo inclusive.
type Contract struct {
	ID            string           `json:"id"`
	SupplierID    string           `json:"supplier_id"`
	Version       int              `json:"version"`
	ValidFrom     date.Date        `json:"valid_from"`
	ValidTo       date.Date        `json:"valid_to"`
	SignedAt      *time.Time       `json:"signed_at,omitempty"`
	Currency      pricing.Currency `json:"currency"`
	Basis         Basis            `json:"basis"`
	CommissionPct decimal.Decimal  `json:"commission_pct,omitzero"`
	Seasons       []Season         `json:"seasons"`
	Plans         []RatePlan       `json:"plans"`
	Supplements   []Supplement     `json:"supplements,omitempty"`
	Offers        []Offer          `json:"offers,omitempty"`
	// InfantsFree: infants stay free on per-person plans without an
	// infant price.
	InfantsFree  bool               `json:"infants_free,omitempty"`
	Release      ReleaseRule        `json:"release"`
	Cancellation CancellationPolicy `json:"cancellation"`
	Payment      PaymentTerms       `json:"payment"`
	Attrition    *Attrition         `json:"attrition,omitempty"`
	Clauses      []Clause           `json:"clauses,omitempty"`
}

// InForce reports whether the contract is signed and covers day d.
func (c *Contract) InForce(d date.Date) bool {
	return c.SignedAt != nil && c.ValidFrom <= d && d <= c.ValidTo
}

// SeasonOn returns the season in force on day d.
func (c *Contract) SeasonOn(d date.Date) (Season, bool) {
	for _, s := range c.Seasons {
		if s.From <= d && d <= s.To {
			return s, true
		}
	}
	return Season{}, false
}

// Validate reports every problem of the contract at once: validity order,
// seasons that leave a gap, overlap or reach outside the validity, plans
// priced in another currency or for an unknown season, supplements and
// offers that cannot apply, release, cancellation and payment terms.
func (c *Contract) Validate() error {
	var ps problems
	if c.ID == "" {
		ps.add("ID", CodeRequired, "a contract needs an ID")
	}
	if c.SupplierID == "" {
		ps.add("SupplierID", CodeRequired, "a contract needs its supplier")
	}
	if c.ValidTo < c.ValidFrom {
		ps.add("ValidTo", CodeOrder, "a contract ends on or after it starts")
	}
	if c.Currency.IsZero() {
		ps.add("Currency", CodeRequired, "a contract has one currency")
	}
	switch c.Basis {
	case Net:
	case Commission:
		if c.CommissionPct.Sign() <= 0 || c.CommissionPct.GreaterThanOrEqual(decimal.NewFromInt(100)) {
			ps.add("CommissionPct", CodeInvalidValue, "a commission contract needs a commission between 0 and 100 %")
		}
	default:
		ps.add("Basis", CodeInvalidValue, "basis is net or commission")
	}
	c.checkSeasons(&ps)
	seasons := map[string]bool{}
	for _, s := range c.Seasons {
		seasons[s.ID] = true
	}
	seen := map[string]bool{}
	for i, p := range c.Plans {
		f := "Plans[" + strconv.Itoa(i) + "]"
		if p.Product == "" || p.UnitType == "" {
			ps.add(f, CodeRequired, "a rate plan needs a product and a unit type")
		}
		key := p.Product + "\x00" + p.UnitType
		if seen[key] {
			ps.add(f, CodeDuplicate, "product "+strconv.Quote(p.Product)+" unit type "+strconv.Quote(p.UnitType)+" priced twice")
		}
		seen[key] = true
		switch p.Unit {
		case pricing.PerPerson, pricing.PerRoomNight, pricing.PerUnit, pricing.PerGroup:
		default:
			ps.add(f+".Unit", CodeInvalidValue, "unit is per_person, per_room_night, per_unit or per_group")
		}
		if p.MinStay < 0 {
			ps.add(f+".MinStay", CodeInvalidValue, "a minimum stay is not negative")
		}
		priced := map[string]bool{}
		for k, pr := range p.Prices {
			pf := f + ".Prices[" + strconv.Itoa(k) + "]"
			if !seasons[pr.Season] {
				ps.add(pf+".Season", CodeUnknownSeason, "no season "+strconv.Quote(pr.Season))
			}
			if priced[pr.Season] {
				ps.add(pf+".Season", CodeDuplicate, "season "+strconv.Quote(pr.Season)+" priced twice")
			}
			priced[pr.Season] = true
			for name, m := range map[string]*pricing.Money{"Adult": &pr.Adult, "Child": pr.Child, "Infant": pr.Infant} {
				if m == nil {
					continue
				}
				c.checkMoney(&ps, pf+"."+name, *m)
			}
		}
	}
	for i, s := range c.Supplements {
		f := "Supplements[" + strconv.Itoa(i) + "]"
		if len(s.Weekdays) == 0 {
			ps.add(f+".Weekdays", CodeRequired, "a supplement applies on some weekdays")
		}
		c.checkMoney(&ps, f+".Amount", s.Amount)
	}
	for i, o := range c.Offers {
		f := "Offers[" + strconv.Itoa(i) + "]"
		if o.To < o.From {
			ps.add(f+".To", CodeOrder, "an offer ends on or after it starts")
		}
		switch o.Kind {
		case StayPay:
			if o.Pay < 1 || o.Stay <= o.Pay {
				ps.add(f, CodeInvalidValue, "stay N pay M needs N > M ≥ 1")
			}
		case EarlyBooking:
			if o.BookBy == 0 || o.Percent.Sign() <= 0 || o.Percent.GreaterThan(decimal.NewFromInt(100)) {
				ps.add(f, CodeInvalidValue, "an early-booking offer needs a book-by date and a percentage up to 100")
			}
		default:
			ps.add(f+".Kind", CodeInvalidValue, "offer kind is stay_pay or early_booking")
		}
	}
	if err := c.Release.check(); err != nil {
		ps.add("Release", CodeInvalidValue, err.Error())
	}
	for _, p := range c.Cancellation.problems(c.Currency) {
		p.Field = "Cancellation." + p.Field
		ps = append(ps, p)
	}
	if c.Payment.DepositPct.Sign() < 0 || c.Payment.DepositPct.GreaterThan(decimal.NewFromInt(100)) {
		ps.add("Payment.DepositPct", CodeInvalidValue, "a deposit is 0 to 100 %")
	}
	if c.Payment.BalanceDays < 0 {
		ps.add("Payment.BalanceDays", CodeInvalidValue, "balance days are not negative")
	}
	if cl := c.Payment.CreditLimit; cl != nil {
		c.checkMoney(&ps, "Payment.CreditLimit", *cl)
	}
	if a := c.Attrition; a != nil {
		if a.CommitPct.Sign() <= 0 || a.CommitPct.GreaterThan(decimal.NewFromInt(100)) || a.CutoffDays < 0 {
			ps.add("Attrition", CodeInvalidValue, "attrition needs a commitment of 0–100 % and a cut-off")
		}
		if a.Basis != "" && a.Basis != WholeStay && a.Basis != PerNight {
			ps.add("Attrition.Basis", CodeInvalidValue, "attrition is counted per_night or over the whole_stay")
		}
		if r := a.DamagesRate; r != nil && (!r.IsValid() || r.Sign() < 0 || r.Currency() != c.Currency) {
			ps.add("Attrition.DamagesRate", CodeInvalidValue, "damages are a non-negative amount in the contract's currency")
		}
	}
	return ps.err()
}

func (c *Contract) checkMoney(ps *problems, field string, m pricing.Money) {
	switch {
	case !m.IsValid():
		ps.add(field, CodeRequired, "an amount is required")
	case m.Currency() != c.Currency && !c.Currency.IsZero():
		ps.add(field, CodeCurrency, "amounts are in the contract's currency, "+c.Currency.Code())
	case m.Sign() < 0:
		ps.add(field, CodeInvalidValue, "an amount is not negative")
	}
}

// checkSeasons reports gaps, overlaps and seasons outside the validity,
// with the dates concerned.
func (c *Contract) checkSeasons(ps *problems) {
	if len(c.Seasons) == 0 {
		ps.add("Seasons", CodeRequired, "a contract needs seasons that cover its validity")
		return
	}
	idx := make([]int, len(c.Seasons))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return int(c.Seasons[a].From - c.Seasons[b].From) })
	ids := map[string]bool{}
	for i, s := range c.Seasons {
		f := "Seasons[" + strconv.Itoa(i) + "]"
		if s.ID == "" || ids[s.ID] {
			ps.add(f+".ID", CodeDuplicate, "each season needs its own ID")
		}
		ids[s.ID] = true
		if s.To < s.From {
			ps.add(f+".To", CodeOrder, "a season ends on or after it starts")
		}
		if s.From < c.ValidFrom || s.To > c.ValidTo {
			ps.addDetail(f, CodeSeasonOutside, fmt.Sprintf("season %s–%s reaches outside the contract's %s–%s", s.From, s.To, c.ValidFrom, c.ValidTo),
				map[string]string{"from": s.From.String(), "to": s.To.String()})
		}
	}
	next := c.ValidFrom // the first day not yet covered
	for k, i := range idx {
		s := c.Seasons[i]
		switch {
		case s.From > next:
			ps.addDetail("Seasons", CodeSeasonGap, fmt.Sprintf("no season covers %s–%s", next, s.From-1),
				map[string]string{"from": next.String(), "to": (s.From - 1).String()})
		case k > 0 && s.From < next:
			prev := c.Seasons[idx[k-1]]
			ps.addDetail("Seasons["+strconv.Itoa(i)+"]", CodeSeasonOverlap, fmt.Sprintf("seasons %s and %s overlap from %s", prev.ID, s.ID, s.From),
				map[string]string{"seasons": prev.ID + "," + s.ID, "from": s.From.String()})
		}
		if s.To+1 > next {
			next = s.To + 1
		}
	}
	if next <= c.ValidTo {
		ps.addDetail("Seasons", CodeSeasonGap, fmt.Sprintf("no season covers %s–%s", next, c.ValidTo),
			map[string]string{"from": next.String(), "to": c.ValidTo.String()})
	}
}
