package supplier

import (
	"fmt"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// Standards are the company's procurement standards (采购标准): what a
// supplier and its contract must meet before the agency buys from them.
type Standards struct {
	// Licences lists the licence kinds each supplier kind must hold, valid
	// on the service date (a ground operator: a travel agency business
	// licence; a guide: a guide card).
	Licences map[Kind][]string `json:"licences,omitempty"`
	// Insurance requires a liability policy valid on the service date,
	// with at least MinCover when set.
	Insurance bool           `json:"insurance,omitempty"`
	MinCover  *pricing.Money `json:"min_cover,omitempty"`
	// Currencies are the contract currencies allowed (empty: any).
	Currencies []pricing.Currency `json:"currencies,omitempty"`
	// MaxDepositPct caps the deposit the agency pays at booking (nil: no
	// cap).
	MaxDepositPct *decimal.Decimal `json:"max_deposit_pct,omitempty"`
	// MinScore is the lowest evaluation score the agency buys from (nil:
	// evaluation not required); below it the finding blocks.
	MinScore *decimal.Decimal `json:"min_score,omitempty"`
}

// Finding is one way a supplier or contract falls short of the standards:
// a stable code, whether it blocks the purchase or is a warning, and what
// it is about.
type Finding struct {
	Code     string            `json:"code"`
	Blocking bool              `json:"blocking"`
	Message  string            `json:"message"`
	Detail   map[string]string `json:"detail,omitempty"`
}

// Finding codes.
const (
	FindingSuspended       = "supplier_suspended"
	FindingBlacklisted     = "supplier_blacklisted"
	FindingLicenceMissing  = "licence_missing"
	FindingLicenceExpired  = "licence_not_valid"
	FindingInsurance       = "insurance_not_valid"
	FindingInsuranceCover  = "insurance_cover_low"
	FindingUnsigned        = "contract_unsigned"
	FindingNotInForce      = "contract_not_in_force"
	FindingCurrency        = "currency_not_allowed"
	FindingDeposit         = "deposit_above_limit"
	FindingScore           = "score_below_standard"
	FindingNoScore         = "no_evaluation"
	FindingContractInvalid = "contract_invalid"
)

// Blocks reports whether any finding blocks.
func Blocks(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Blocking })
}

// Check tests a supplier and its contract against the standards for a
// service on day on, and returns every finding at once (none: compliant).
// score is the supplier's latest evaluation score, nil when it has none.
func Check(s *Supplier, c *Contract, on date.Date, score *decimal.Decimal, std Standards) []Finding {
	var out []Finding
	add := func(code string, blocking bool, msg string, detail map[string]string) {
		out = append(out, Finding{Code: code, Blocking: blocking, Message: msg, Detail: detail})
	}
	switch s.Status {
	case Suspended:
		add(FindingSuspended, true, "the supplier is suspended: "+s.Reason, map[string]string{"reason": s.Reason})
	case Blacklisted:
		add(FindingBlacklisted, true, "the supplier is blacklisted: "+s.Reason, map[string]string{"reason": s.Reason})
	}
	for _, kind := range std.Licences[s.Kind] {
		held, valid := false, false
		for _, l := range s.Licences {
			if l.Kind == kind {
				held = true
				valid = valid || l.ValidOn(on)
			}
		}
		switch {
		case !held:
			add(FindingLicenceMissing, true, "no "+kind+" licence on file", map[string]string{"licence": kind})
		case !valid:
			add(FindingLicenceExpired, true, "the "+kind+" licence is not valid on "+on.String(), map[string]string{"licence": kind, "date": on.String()})
		}
	}
	if std.Insurance {
		var best *Insurance
		for i := range s.Insurance {
			if in := &s.Insurance[i]; in.ValidOn(on) && (best == nil || in.Cover.Amount().GreaterThan(best.Cover.Amount())) {
				best = in
			}
		}
		switch {
		case best == nil:
			add(FindingInsurance, true, "no liability insurance valid on "+on.String(), map[string]string{"date": on.String()})
		case std.MinCover != nil && (best.Cover.Currency() != std.MinCover.Currency() || best.Cover.Amount().LessThan(std.MinCover.Amount())):
			add(FindingInsuranceCover, true, fmt.Sprintf("insurance cover %s is below the standard %s", best.Cover, *std.MinCover),
				map[string]string{"cover": best.Cover.String(), "min": std.MinCover.String()})
		}
	}
	if c == nil {
		add(FindingNotInForce, true, "no contract", nil)
	} else {
		if err := c.Validate(); err != nil {
			add(FindingContractInvalid, true, "the contract does not validate: "+err.Error(), nil)
		}
		if c.SignedAt == nil {
			add(FindingUnsigned, true, "the contract is not signed", nil)
		}
		if on < c.ValidFrom || on > c.ValidTo {
			add(FindingNotInForce, true, fmt.Sprintf("the contract (%s–%s) is not in force on %s", c.ValidFrom, c.ValidTo, on),
				map[string]string{"date": on.String()})
		}
		if len(std.Currencies) > 0 && !slices.Contains(std.Currencies, c.Currency) {
			add(FindingCurrency, true, "contract currency "+c.Currency.Code()+" is not allowed", map[string]string{"currency": c.Currency.Code()})
		}
		if std.MaxDepositPct != nil && c.Payment.DepositPct.GreaterThan(*std.MaxDepositPct) {
			add(FindingDeposit, false, fmt.Sprintf("deposit %s %% is above the usual %s %%", c.Payment.DepositPct, std.MaxDepositPct),
				map[string]string{"deposit_pct": c.Payment.DepositPct.String()})
		}
	}
	if std.MinScore != nil {
		switch {
		case score == nil:
			add(FindingNoScore, false, "the supplier has not been evaluated", nil)
		case score.LessThan(*std.MinScore):
			add(FindingScore, true, fmt.Sprintf("evaluation score %s is below the standard %s", score, std.MinScore),
				map[string]string{"score": score.String(), "min": std.MinScore.String()})
		}
	}
	return out
}
