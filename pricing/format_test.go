package pricing_test

import (
	"testing"

	"golang.org/x/text/language"

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
		{en, "1.2345", "KWD", "KWD 1.235"},
		{en, "3.05", "CHF", "CHF 3.05"},
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
