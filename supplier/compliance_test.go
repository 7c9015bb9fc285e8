package supplier_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

func standards(t *testing.T) supplier.Standards {
	eurCur, _ := pricing.ParseCurrency("EUR")
	cover := eur(t, "1000000")
	minScore, maxDeposit := decimal.NewFromInt(50), decimal.NewFromInt(20)
	return supplier.Standards{Licences: map[supplier.Kind][]string{supplier.Hotel: {"hotel_operating"}}, Insurance: true, MinCover: &cover,
		Currencies: []pricing.Currency{eurCur}, MaxDepositPct: &maxDeposit, MinScore: &minScore}
}

func findingCodes(fs []supplier.Finding) []string {
	var out []string
	for _, f := range fs {
		code := f.Code
		if !f.Blocking {
			code += " (warning)"
		}
		out = append(out, code)
	}
	return out
}

func TestComplianceFindingsAllAtOnce(t *testing.T) {
	t.Parallel()
	ss, _ := casebook.Case1Suppliers()
	cs, _ := casebook.Case1Contracts()
	good := decimal.NewFromInt(86)
	on := date.New(2027, 5, 4)
	// Compliant, but Paris asks a 30 % deposit, above the usual 20 %.
	if got := findingCodes(supplier.Check(&ss[0], cs["hotel-lumiere"], on, &good, standards(t))); !cmp.Equal(got, []string{"deposit_above_limit (warning)"}) {
		t.Errorf("Paris: %v", got)
	}
	if got := supplier.Check(&ss[1], cs["hotel-pantheon"], on, &good, standards(t)); len(got) != 0 || supplier.Blocks(got) {
		t.Errorf("Rome: %v", got)
	}
	// Everything wrong at once.
	s := ss[1]
	s.Status, s.Reason = supplier.Blacklisted, "fake reviews"
	s.Licences = []supplier.Licence{{Kind: "hotel_operating", Number: "IT-RM-0412", From: date.New(2024, 1, 1), To: date.New(2027, 4, 30)}}
	s.Insurance = nil
	c := *cs["hotel-pantheon"]
	c.SignedAt = nil
	cny, _ := pricing.ParseCurrency("CNY")
	c.Currency = cny
	low := decimal.NewFromInt(42)
	got := findingCodes(supplier.Check(&s, &c, date.New(2028, 1, 2), &low, standards(t)))
	want := []string{"supplier_blacklisted", "licence_not_valid", "insurance_not_valid", "contract_invalid", "contract_unsigned",
		"contract_not_in_force", "currency_not_allowed", "score_below_standard"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := findingCodes(supplier.Check(&ss[1], cs["hotel-pantheon"], on, nil, standards(t))); !cmp.Equal(got, []string{"no_evaluation (warning)"}) {
		t.Errorf("no score: %v", got)
	}
}
