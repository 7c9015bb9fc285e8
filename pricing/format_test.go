package pricing_test

import (
	"encoding/json"
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/oracle"
	"github.com/travelkit/travelkit/pricing"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	en := pricing.NewFormatter(language.English)
	zh := pricing.NewFormatter(language.SimplifiedChinese)
	de := pricing.NewFormatter(language.German)
	tests := []struct {
		f            *pricing.Formatter
		amount, code string
		want         string
	}{
		{en, "1234.5", "EUR", "€1,234.50"},
		{zh, "1234.5", "EUR", "€1,234.50"},
		{en, "84314.38", "CNY", "CN¥84,314.38"},
		{zh, "84314.38", "CNY", "￥84,314.38"},
		{en, "-12000", "CNY", "-CN¥12,000.00"},
		{en, "1234.5", "JPY", "¥1,235"},
		{zh, "1234.5", "JPY", "JP¥1,235"},
		{en, "1.2345", "KWD", "KWD\u00a01.235"},
		{en, "3.05", "CHF", "CHF\u00a03.05"},
		{en, "0.004", "EUR", "€0.00"},
		{de, "1234567.891", "EUR", "€1.234.567,89"},
		{en, "123456789012345678901234.56", "USD", "$123456789012345678901234.56"},
	}
	for _, tt := range tests {
		if got := tt.f.Format(mustMoney(t, tt.amount, tt.code)); got != tt.want {
			t.Errorf("Format(%s %s) in %s = %q, want %q", tt.amount, tt.code, tt.f.Language(), got, tt.want)
		}
	}
}

func TestZeroFormatter(t *testing.T) {
	t.Parallel()
	var f pricing.Formatter
	if got := f.Format(mustMoney(t, "1234.5", "EUR")); got != "€1,234.50" {
		t.Errorf("zero Formatter = %q", got)
	}
	var nilF *pricing.Formatter
	if got := nilF.Format(mustMoney(t, "1", "USD")); got != "$1.00" {
		t.Errorf("nil Formatter = %q", got)
	}
}

// English formatting agrees with ICU's (node's Intl.NumberFormat) for
// currencies whose CLDR symbols have not changed between the two data
// versions: symbol, no-break space after letter symbols, grouping, digits.
func TestFormatAgainstICU(t *testing.T) {
	oracle.RequireNode(t, "ICU number formatting")
	cases := [][2]string{{"3.05", "CHF"}, {"1234.5", "EUR"}, {"84314.38", "CNY"}, {"1234.5", "JPY"}, {"1.2345", "KWD"},
		{"12", "SEK"}, {"-9876543.21", "USD"}, {"0.5", "GBP"}, {"1000000", "KRW"}, {"12.5", "NOK"},
		{"1234.5", "IDR"}, {"1234.49", "HUF"}, {"15000", "ISK"}, {"2500.5", "PKR"}, {"1234.5", "TWD"}}
	in, _ := json.Marshal(cases)
	out := oracle.Run(t, t.TempDir(), `
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([v, c]) => new Intl.NumberFormat("en", {style: "currency", currency: c}).format(v))));
`, in)
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	en := pricing.NewFormatter(language.English)
	for i, c := range cases {
		if got := en.Format(mustMoney(t, c[0], c[1])); got != want[i] {
			t.Errorf("Format(%s %s) = %q, ICU says %q", c[0], c[1], got, want[i])
		}
	}
}
