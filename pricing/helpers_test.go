package pricing_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// mustMoney parses a literal in a test.
func mustMoney(t testing.TB, amount, code string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(amount, code)
	if err != nil {
		t.Fatalf("Parse(%q, %q): %v", amount, code, err)
	}
	return m
}

func mustCur(t testing.TB, code string) pricing.Currency {
	t.Helper()
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		t.Fatalf("ParseCurrency(%q): %v", code, err)
	}
	return c
}

func dec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("decimal %q: %v", s, err)
	}
	return d
}

// codes lists the fields and codes of a validation error.
func codes(t testing.TB, err error) []string {
	t.Helper()
	ve, ok := err.(*pricing.ValidationError)
	if !ok {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	out := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = p.Field + ":" + p.Code
	}
	return out
}
