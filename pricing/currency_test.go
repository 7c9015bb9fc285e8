package pricing_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/travelkit/travelkit/internal/oracle"
	"github.com/travelkit/travelkit/pricing"
)

// Minor units follow ISO 4217 (list one, 2024-06-25), also where the
// bundled CLDR digits differ and for codes newer than that data.
func TestMinorUnitsFollowISO4217(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]int32{
		"EUR": 2, "CNY": 2, "JPY": 0, "KWD": 3, "BHD": 3, "CLF": 4, "KRW": 0, "ISK": 0, "UGX": 0, "XOF": 0,
		// CLDR shows these with fewer digits than ISO 4217 has.
		"IDR": 2, "IQD": 3, "COP": 2, "PKR": 2, "RSD": 2, "LAK": 2, "LBP": 2, "MGA": 2, "IRR": 2, "UZS": 2, "TZS": 2, "YER": 2,
		// Current codes newer than the bundled CLDR data.
		"MRU": 2, "VES": 2, "VED": 2, "SLE": 2, "ZWG": 2, "UYW": 4,
	} {
		c, err := pricing.ParseCurrency(code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		if got := c.MinorUnits(); got != want || c.Code() != code {
			t.Errorf("%s: %d minor units (code %q), want %d", code, got, c.Code(), want)
		}
	}
	for _, code := range []string{"XXX", "XAU", "XTS", "XDR", "eur", "EU", "ABC"} {
		if _, err := pricing.ParseCurrency(code); !errors.Is(err, pricing.ErrUnknownCurrency) {
			t.Errorf("%s: %v", code, err)
		}
	}
	m, err := pricing.Parse("1234.5", "MRU")
	if err != nil || m.String() != "1234.50 MRU" {
		t.Errorf("MRU amount %v, %v", m, err)
	}
	var back pricing.Money
	if b, _ := json.Marshal(m); json.Unmarshal(b, &back) != nil || !back.Equal(m) {
		t.Errorf("MRU JSON round trip: %s", b)
	}
}

// Every code of ISO 4217 list one, as the npm currency-codes package
// carries it, parses with its minor units; "N.A." codes are refused.
func TestCurrenciesAgainstISO4217List(t *testing.T) {
	dir := oracle.Node(t, "currency-codes@2.2.0")
	out := oracle.Run(t, dir, `
const cc = require("currency-codes");
process.stdout.write(JSON.stringify(cc.data.map(c => [c.code, c.digits])));
`, nil)
	var list [][2]any
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) < 150 {
		t.Fatalf("only %d codes", len(list))
	}
	for _, e := range list {
		code := e[0].(string)
		c, err := pricing.ParseCurrency(code)
		digits, ok := e[1].(float64)
		if code[0] == 'X' && (code == "XXX" || code == "XAU" || code == "XAG" || code == "XPD" || code == "XPT" || code == "XTS" ||
			code == "XDR" || code == "XSU" || code == "XUA" || (code >= "XBA" && code <= "XBD")) {
			if err == nil {
				t.Errorf("%s has no minor units but parses", code)
			}
			continue
		}
		if !ok || err != nil || c.MinorUnits() != int32(digits) {
			t.Errorf("%s: ISO 4217 says %v minor units; got %d, %v", code, e[1], c.MinorUnits(), err)
		}
	}
}

// Cash rounding uses the currency's cash scale and increment: whole units
// for SEK, NOK, CZK, HUF and TWD; 0.05 for CHF; 0.50 for DKK.
func TestCashRounding(t *testing.T) {
	t.Parallel()
	cash := pricing.Rounding{Cash: true}
	for _, tc := range []struct{ amount, code, want string }{
		{"12.49", "SEK", "12.00 SEK"},
		{"12.50", "SEK", "13.00 SEK"},
		{"99.51", "NOK", "100.00 NOK"},
		{"10.40", "CZK", "10.00 CZK"},
		{"1234.56", "HUF", "1235.00 HUF"},
		{"88.88", "TWD", "89.00 TWD"},
		{"3.07", "CHF", "3.05 CHF"},
		{"3.08", "CHF", "3.10 CHF"},
		{"10.74", "DKK", "10.50 DKK"},
		{"10.75", "DKK", "11.00 DKK"},
		{"10.01", "EUR", "10.01 EUR"},
		{"1234.4", "JPY", "1234 JPY"},
	} {
		m, err := pricing.Parse(tc.amount, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Round(cash).String(); got != tc.want {
			t.Errorf("cash %s %s = %s, want %s", tc.amount, tc.code, got, tc.want)
		}
	}
	// A cash-rounded total is a whole number of cash steps in minor units.
	m, _ := pricing.Parse("12.49", "SEK")
	minor, _ := m.Round(cash).MinorUnits()
	if minor%100 != 0 {
		t.Errorf("SEK cash total %s minor units", strconv.FormatInt(minor, 10))
	}
}
