package pricing_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/pricing"
)

// Cash rounding follows CLDR 48 where a currency has a cash step — HUF
// in steps of 5 forints, CAD and CHF of 0.05, IDR whole rupiahs — while
// amounts stay in ISO 4217 minor units.
func TestCashRoundingFollowsCLDR(t *testing.T) {
	t.Parallel()
	cash := pricing.Rounding{Cash: true}
	for _, tc := range []struct{ amount, code, want string }{
		{"1232.40", "HUF", "1230.00 HUF"},
		{"1232.50", "HUF", "1235.00 HUF"},
		{"1237.49", "HUF", "1235.00 HUF"},
		{"10.02", "CAD", "10.00 CAD"},
		{"10.03", "CAD", "10.05 CAD"},
		{"1234.56", "IDR", "1235.00 IDR"},
		{"19.99", "AUD", "19.99 AUD"},
	} {
		m, err := pricing.Parse(tc.amount, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Round(cash).String(); got != tc.want {
			t.Errorf("cash %s %s = %s, want %s", tc.amount, tc.code, got, tc.want)
		}
	}
	// Shown as CLDR shows them; kept as ISO 4217 keeps them.
	m, _ := pricing.Parse("1234.00", "IDR")
	if got := pricing.NewFormatter(language.English).Format(m); got != "IDR\u00a01,234" || m.String() != "1234.00 IDR" {
		t.Errorf("IDR shown %q, kept %q", got, m.String())
	}
}
