package pricing_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

func rateTable(t *testing.T) *pricing.RateTable {
	t.Helper()
	asOf := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	cny, eur, usd, jpy := mustCur(t, "CNY"), mustCur(t, "EUR"), mustCur(t, "USD"), mustCur(t, "JPY")
	rt, err := pricing.NewRateTable(cny,
		pricing.Rate{From: eur, To: cny, Value: dec(t, "7.8125"), AsOf: asOf, Source: "desk"},
		pricing.Rate{From: usd, To: cny, Value: dec(t, "7.25"), AsOf: asOf.Add(-time.Hour), Source: "bank"},
		pricing.Rate{From: cny, To: jpy, Value: dec(t, "20"), AsOf: asOf, Source: "desk"},
	)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestRateLookup(t *testing.T) {
	t.Parallel()
	rt := rateTable(t)
	tests := []struct {
		from, to string
		market   string
		how      pricing.Derivation
		source   string
	}{
		{"EUR", "CNY", "7.8125", pricing.DerivedDirect, "desk"},
		{"CNY", "EUR", "0.128", pricing.DerivedInverse, "desk"}, // 1/7.8125 = 0.128 exactly
		{"EUR", "EUR", "1", pricing.DerivedIdentity, "identity"},
		// EUR→CNY→JPY: 7.8125 × 20 = 156.25.
		{"EUR", "JPY", "156.25", pricing.DerivedCross, "desk"},
		// EUR→CNY→USD: 7.8125 ÷ 7.25 = 1.07758620689655172…, shown to 16 dp
		// from the exact quotient (not from a rounded inverse leg).
		{"EUR", "USD", "1.0775862068965517", pricing.DerivedCross, "desk+bank"},
	}
	for _, tt := range tests {
		lr, err := rt.Lookup(mustCur(t, tt.from), mustCur(t, tt.to))
		if err != nil {
			t.Errorf("%s→%s: %v", tt.from, tt.to, err)
			continue
		}
		if !lr.Market.Equal(dec(t, tt.market)) || lr.Derivation != tt.how || lr.Source != tt.source {
			t.Errorf("%s→%s = %s %s %q, want %s %s %q", tt.from, tt.to, lr.Market, lr.Derivation, lr.Source, tt.market, tt.how, tt.source)
		}
	}
	// The cross rate is as old as its older leg.
	lr, _ := rt.Lookup(mustCur(t, "EUR"), mustCur(t, "USD"))
	if want := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC); !lr.AsOf.Equal(want) {
		t.Errorf("cross as-of = %v, want %v", lr.AsOf, want)
	}
	_, err := rt.Lookup(mustCur(t, "GBP"), mustCur(t, "EUR"))
	if !errors.Is(err, pricing.ErrMissingRate) || !strings.Contains(err.Error(), "GBP→EUR") {
		t.Errorf("missing rate error = %v, want ErrMissingRate naming GBP→EUR", err)
	}
}

func TestNilRateTable(t *testing.T) {
	t.Parallel()
	var rt *pricing.RateTable
	if _, err := rt.Lookup(mustCur(t, "EUR"), mustCur(t, "CNY")); !errors.Is(err, pricing.ErrMissingRate) {
		t.Errorf("nil table lookup error = %v", err)
	}
	if lr, err := rt.Lookup(mustCur(t, "EUR"), mustCur(t, "EUR")); err != nil || lr.Derivation != pricing.DerivedIdentity {
		t.Errorf("nil table identity = %+v, %v", lr, err)
	}
	if rt.Rates() != nil || !rt.Base().IsZero() {
		t.Error("nil table should be empty")
	}
	// A typed nil in a request is a missing rate, not a panic.
	req := baseRequest(t, []pricing.LineInput{line(t, "x", pricing.CategoryMeals, pricing.PerGroup, "1", 1)})
	req.Currency = mustCur(t, "CNY")
	req.FX = rt
	_, err := pricing.NewEngine().Price(req)
	if diff := cmp.Diff([]string{"Lines[0].Price:missing_rate"}, codes(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestConvert(t *testing.T) {
	t.Parallel()
	rt := rateTable(t)
	// 100.00 EUR × 7.8125 × 1.03 = 804.6875 → one rounding → 804.69 CNY.
	got, lr, err := pricing.Convert(rt, mustMoney(t, "100.00", "EUR"), mustCur(t, "CNY"), dec(t, "3"), pricing.Rounding{})
	if err != nil || got.String() != "804.69 CNY" {
		t.Fatalf("Convert = %s, %v; want 804.69 CNY", got, err)
	}
	if !lr.Applied.Equal(dec(t, "8.046875")) || !lr.BufferPct.Equal(dec(t, "3")) {
		t.Errorf("locked rate = %s applied, %s %% buffer", lr.Applied, lr.BufferPct)
	}
	// Same currency: no buffer.
	got, _, err = pricing.Convert(rt, mustMoney(t, "10", "CNY"), mustCur(t, "CNY"), dec(t, "3"), pricing.Rounding{})
	if err != nil || got.String() != "10.00 CNY" {
		t.Errorf("identity Convert = %s, %v", got, err)
	}
	// 1000 CNY → JPY at 20 = 20000 JPY.
	got, _, err = pricing.Convert(rt, mustMoney(t, "1000", "CNY"), mustCur(t, "JPY"), dec(t, "0"), pricing.Rounding{})
	if err != nil || got.String() != "20000 JPY" {
		t.Errorf("CNY→JPY = %s, %v", got, err)
	}
	if _, _, err := pricing.Convert(rt, mustMoney(t, "1", "GBP"), mustCur(t, "CNY"), dec(t, "0"), pricing.Rounding{}); !errors.Is(err, pricing.ErrMissingRate) {
		t.Errorf("GBP error = %v", err)
	}
	if _, _, err := pricing.Convert(rt, mustMoney(t, "1", "EUR"), mustCur(t, "CNY"), dec(t, "-1"), pricing.Rounding{}); !errors.Is(err, pricing.ErrInvalid) {
		t.Errorf("negative buffer error = %v", err)
	}
	if _, err := lr.Convert(mustMoney(t, "1", "USD")); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("wrong source currency error = %v", err)
	}
}

func TestNewRateTableValidation(t *testing.T) {
	t.Parallel()
	eur, cny := mustCur(t, "EUR"), mustCur(t, "CNY")
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	_, err := pricing.NewRateTable(pricing.Currency{},
		pricing.Rate{From: eur, To: cny, Value: dec(t, "0"), Source: ""},
		pricing.Rate{From: eur, To: eur, Value: dec(t, "1"), AsOf: now, Source: "x"},
		pricing.Rate{From: eur, To: cny, Value: dec(t, "7"), AsOf: now, Source: "x"},
	)
	want := []string{
		"Base:invalid_currency",
		"Rates[0].Value:not_positive", "Rates[0].AsOf:required", "Rates[0].Source:required",
		"Rates[1]:invalid_value",
		"Rates[2]:duplicate",
	}
	if got := codes(t, err); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems = %v, want %v", got, want)
	}
	if !errors.Is(err, pricing.ErrInvalid) {
		t.Error("not ErrInvalid")
	}
}

// Inverse and cross rates are applied exactly: 77.00 CNY at EUR→CNY 7.7 is
// exactly 10 EUR, so rounding up gives 10.00, not the 10.01 that a rate
// cut to 16 decimals (0.1298701298701299) would give.
func TestInverseAndCrossRatesAreExact(t *testing.T) {
	t.Parallel()
	eur, cny, usd := mustCur(t, "EUR"), mustCur(t, "CNY"), mustCur(t, "USD")
	asOf := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	table, err := pricing.NewRateTable(eur,
		pricing.Rate{From: eur, To: cny, Value: decimal.RequireFromString("7.7"), AsOf: asOf, Source: "desk"},
		pricing.Rate{From: usd, To: eur, Value: decimal.RequireFromString("0.7"), AsOf: asOf, Source: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	up := pricing.Rounding{Mode: pricing.Up}
	for _, tc := range []struct {
		amount, from, to string
		r                pricing.Rounding
		want             string
	}{
		{"77.00", "CNY", "EUR", up, "10.00 EUR"},  // inverse
		{"100.00", "CNY", "EUR", up, "12.99 EUR"}, // 12.987…
		{"100.00", "CNY", "EUR", pricing.Rounding{Mode: pricing.Down}, "12.98 EUR"},
		{"53.90", "CNY", "USD", up, "10.00 USD"}, // cross: ÷7.7 ÷0.7, exactly 10
		{"-77.00", "CNY", "EUR", up, "-10.00 EUR"},
		{"0.35", "EUR", "USD", pricing.Rounding{Mode: pricing.HalfEven}, "0.50 USD"}, // inverse of 0.7: exactly 0.5
	} {
		got, _, err := pricing.Convert(table, mustMoney(t, tc.amount, tc.from), mustCur(t, tc.to), decimal.Zero, tc.r)
		if err != nil || got.String() != tc.want {
			t.Errorf("%s %s → %s = %v, %v; want %s", tc.amount, tc.from, tc.to, got, err, tc.want)
		}
	}
	// The engine prices a CNY line into EUR the same way.
	e := pricing.NewEngine()
	req := baseRequest(t, []pricing.LineInput{{ID: "tea", Description: "tea", Category: pricing.CategoryOther, Unit: pricing.PerGroup,
		Price: mustMoney(t, "77.00", "CNY"), Quantity: 1}})
	req.FX, req.Rounding = table, up
	q, err := e.Price(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Lines[0].Sell.String(); got != "10.00 EUR" {
		t.Errorf("engine: 77.00 CNY sells at %s", got)
	}
	if lr := q.Rates[0]; lr.Derivation != pricing.DerivedInverse || !lr.Denominator.Equal(decimal.RequireFromString("7.7")) {
		t.Errorf("locked rate %+v", lr)
	}
}
