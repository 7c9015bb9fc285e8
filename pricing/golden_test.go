package pricing_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/pricing"
)

func TestCase1QuoteGolden(t *testing.T) {
	t.Parallel()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	engine := pricing.NewEngine()
	q, err := engine.Price(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(q, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "case1-quote.json", got)
	checkAddsUp(t, q)

	// Same input, byte-identical output, however often and concurrently.
	for range 5 {
		again, err := engine.Price(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(again, "", "  ")
		if !bytes.Equal(b, got) {
			t.Fatal("pricing the same request twice gave different JSON")
		}
	}

	// Hand-checked figures of the first line: 2 × 520 + 390 = 1430 EUR net;
	// markup 5 % → 1501.50 EUR; at 7.8125 × 1.03 = 8.046875 that is
	// 11507.03125 → 11507.03 CNY net and 12082.3828… → 12082.38 CNY sell;
	// margin 575.35; VAT on margin 575.35 × 6/106 = 32.566… → 32.57.
	l := q.Lines[0]
	for _, c := range []struct{ got, want string }{
		{l.LineNet.String(), "1430.00 EUR"}, {l.LineSell.String(), "1501.50 EUR"},
		{l.Net.String(), "11507.03 CNY"}, {l.Sell.String(), "12082.38 CNY"},
		{l.Margin.String(), "575.35 CNY"}, {l.Tax.String(), "32.57 CNY"},
	} {
		if c.got != c.want {
			t.Errorf("first line: got %s, want %s", c.got, c.want)
		}
	}
	// The two adults pay the same services: their shares may differ by one
	// leftover fen at most, however many lines split unevenly.
	a, b := q.PerTraveller[0].Total.Amount(), q.PerTraveller[1].Total.Amount()
	if a.Sub(b).Abs().GreaterThan(decimal.New(1, -2)) {
		t.Errorf("adults pay %s and %s: more than one fen apart", a, b)
	}
	if len(q.Rates) != 1 || q.Rates[0].From.Code() != "EUR" {
		t.Errorf("locked rates %+v, want only EUR→CNY", q.Rates)
	}
	if n := len(q.Lines); n != 44 { // 43 services and the per-booking fee
		t.Errorf("lines = %d, want 44", n)
	}
}
