package pricing

import (
	"github.com/shopspring/decimal"
)

// Category groups quote lines for subtotals and for matching price rules.
type Category string

// Line categories, in the order subtotals are listed.
const (
	CategoryTransport  Category = "transport"
	CategoryLodging    Category = "lodging"
	CategoryMeals      Category = "meals"
	CategoryActivities Category = "activities"
	CategoryServices   Category = "services"
	CategoryOther      Category = "other"
)

// Categories lists every category in subtotal order.
func Categories() []Category {
	return []Category{CategoryTransport, CategoryLodging, CategoryMeals, CategoryActivities, CategoryServices, CategoryOther}
}

func (c Category) valid() bool {
	switch c {
	case CategoryTransport, CategoryLodging, CategoryMeals, CategoryActivities, CategoryServices, CategoryOther:
		return true
	}
	return false
}

// RuleKind is what a price rule does.
type RuleKind string

// Rule kinds. Markup, margin, fixed sell and commission are base rules: each
// line gets at most one, the most specific that matches. Discounts, fees and
// taxes apply in addition, in the order they are listed.
const (
	// RuleMarkup sells at net × (1 + Percent/100).
	RuleMarkup RuleKind = "markup"
	// RuleMargin sells at net ÷ (1 − Percent/100): Percent of the sell price
	// is margin. Percent must be below 100.
	RuleMargin RuleKind = "margin"
	// RuleFixedSell sells at Amount per billable unit, in the line's currency,
	// whatever the net.
	RuleFixedSell RuleKind = "fixed_sell"
	// RuleCommission treats the line's price as the supplier's commissionable
	// gross price: the customer pays it, and the agency's net cost is the
	// gross less Percent commission.
	RuleCommission RuleKind = "commission"
	// RuleDiscount takes Percent of the sell price, or a fixed Amount in the
	// quote currency, off each matching line. It may not take sell below net
	// unless AllowBelowNet is set.
	RuleDiscount RuleKind = "discount"
	// RuleFee charges Amount (quote currency) per FeeBasis: once per booking,
	// once per traveller, or on each matching line.
	RuleFee RuleKind = "fee"
	// RuleTax computes tax at Percent on each matching line, as TaxMode says.
	RuleTax RuleKind = "tax"
)

func (k RuleKind) base() bool {
	return k == RuleMarkup || k == RuleMargin || k == RuleFixedSell || k == RuleCommission
}

func (k RuleKind) valid() bool {
	return k.base() || k == RuleDiscount || k == RuleFee || k == RuleTax
}

// FeeBasis says how often a fee is charged.
type FeeBasis string

// Fee bases.
const (
	// FeePerBooking charges the fee once for the whole quote, however many
	// lines, rooms or travellers match. It becomes a line of its own.
	FeePerBooking FeeBasis = "per_booking"
	// FeePerPerson charges the fee once per traveller in the party. It
	// becomes a line of its own.
	FeePerPerson FeeBasis = "per_person"
	// FeePerLine adds the fee to every matching line's sell price.
	FeePerLine FeeBasis = "per_line"
)

// TaxMode says how a tax relates to the sell price.
type TaxMode string

// Tax modes.
const (
	// TaxExclusive adds Percent of the sell price on top of it.
	TaxExclusive TaxMode = "exclusive"
	// TaxInclusive reports the tax contained in the sell price:
	// sell × p ÷ (1 + p). The customer pays the same.
	TaxInclusive TaxMode = "inclusive"
	// TaxOnMargin reports tax contained in the margin only (EU Tour
	// Operators' Margin Scheme; 差额征税 in China): margin × p ÷ (1 + p),
	// nothing when the margin is not positive. The customer pays the same.
	TaxOnMargin TaxMode = "margin"
)

// Match selects the lines a rule applies to. An empty list matches
// everything; a rule naming both categories and suppliers needs a line to be
// in one of each.
type Match struct {
	Categories []Category `json:"categories,omitempty"`
	Suppliers  []string   `json:"suppliers,omitempty"`
}

// matches reports whether a line of category c from supplier s is selected.
func (m Match) matches(c Category, s string) bool {
	if len(m.Categories) > 0 && !containsCategory(m.Categories, c) {
		return false
	}
	if len(m.Suppliers) > 0 {
		found := false
		for _, x := range m.Suppliers {
			if x == s {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// specificity ranks base rules: supplier and category beat supplier, which
// beats category, which beats a rule for everything.
func (m Match) specificity() int {
	n := 0
	if len(m.Suppliers) > 0 {
		n += 2
	}
	if len(m.Categories) > 0 {
		n++
	}
	return n
}

func containsCategory(cs []Category, c Category) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// Rule is one step from net to sell. Which fields matter depends on Kind;
// see the RuleKind constants. Percentages are in percent: 20 means 20 %.
//
// The engine applies rules to each line in this order:
//  1. net in the line's currency (unit price × billable units);
//  2. the base rule, if any (markup, margin, fixed sell or commission) —
//     the most specific match wins, ties go to the earlier rule; without
//     one the line sells at net;
//  3. conversion of net and sell to the quote currency at the locked rate;
//  4. discounts, in list order, each checked against net;
//  5. per-line fees;
//  6. rounding of net and sell, once;
//  7. taxes, in list order, each rounded once.
//
// Per-booking and per-person fees become lines of their own, charged once,
// and pass through step 7 like any line of category services.
type Rule struct {
	ID            string          `json:"id" validate:"required"`
	Kind          RuleKind        `json:"kind" validate:"required"`
	Description   string          `json:"description,omitempty" validate:"-"`
	Match         Match           `json:"match" validate:"-"`
	Percent       decimal.Decimal `json:"percent" validate:"-"`
	Amount        *Money          `json:"amount,omitempty" validate:"-"`
	FeeBasis      FeeBasis        `json:"fee_basis,omitempty" validate:"-"`
	TaxMode       TaxMode         `json:"tax_mode,omitempty" validate:"-"`
	AllowBelowNet bool            `json:"allow_below_net,omitempty" validate:"-"`
}
