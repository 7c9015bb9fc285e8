package pricing_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/travelkit/travelkit/pricing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount, code string
		want         string // String() of the result, "" when an error is expected
		err          error
	}{
		{"1234.5", "EUR", "1234.50 EUR", nil},
		{"1234.50", "EUR", "1234.50 EUR", nil},
		{"-3", "CNY", "-3.00 CNY", nil},
		{"500", "JPY", "500 JPY", nil},
		{"1.2345", "KWD", "1.2345 KWD", nil}, // not rounded: full precision kept
		{"0.125", "KWD", "0.125 KWD", nil},
		{"-0", "EUR", "0.00 EUR", nil},
		{"1e3", "EUR", "", pricing.ErrInvalid},
		{"+1", "EUR", "", pricing.ErrInvalid},
		{".5", "EUR", "", pricing.ErrInvalid},
		{"5.", "EUR", "", pricing.ErrInvalid},
		{"1,000", "EUR", "", pricing.ErrInvalid},
		{" 1", "EUR", "", pricing.ErrInvalid},
		{"", "EUR", "", pricing.ErrInvalid},
		{"NaN", "EUR", "", pricing.ErrInvalid},
		{"1", "eur", "", pricing.ErrUnknownCurrency},
		{"1", "ABC", "", pricing.ErrUnknownCurrency},
		{"1", "XXX", "", pricing.ErrUnknownCurrency},
		{"1", "", "", pricing.ErrUnknownCurrency},
	}
	for _, tt := range tests {
		m, err := pricing.Parse(tt.amount, tt.code)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("Parse(%q, %q) error = %v, want %v", tt.amount, tt.code, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tt.amount, tt.code, err)
			continue
		}
		if got := m.String(); got != tt.want {
			t.Errorf("Parse(%q, %q) = %s, want %s", tt.amount, tt.code, got, tt.want)
		}
	}
}

func TestCurrencyMinorUnits(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]int32{"CNY": 2, "EUR": 2, "JPY": 0, "KWD": 3, "USD": 2} {
		if got := mustCur(t, code).MinorUnits(); got != want {
			t.Errorf("%s minor units = %d, want %d", code, got, want)
		}
	}
}

func TestArithmetic(t *testing.T) {
	t.Parallel()
	a, b := mustMoney(t, "10.10", "EUR"), mustMoney(t, "0.205", "EUR")
	sum, err := a.Add(b)
	if err != nil || sum.String() != "10.305 EUR" {
		t.Errorf("Add = %s, %v; want 10.305 EUR", sum, err)
	}
	diff, err := a.Sub(b)
	if err != nil || diff.String() != "9.895 EUR" {
		t.Errorf("Sub = %s, %v; want 9.895 EUR", diff, err)
	}
	if got := a.MulInt(3).String(); got != "30.30 EUR" {
		t.Errorf("MulInt = %s", got)
	}
	if got := a.Mul(dec(t, "1.03")).String(); got != "10.403 EUR" {
		t.Errorf("Mul = %s", got)
	}
	if got := a.Neg().Abs().String(); got != "10.10 EUR" {
		t.Errorf("Neg.Abs = %s", got)
	}
	cny := mustMoney(t, "1", "CNY")
	if _, err := a.Add(cny); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("EUR+CNY error = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := a.Sub(cny); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("EUR-CNY error = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := a.Cmp(cny); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("Cmp error = %v", err)
	}
	if _, err := a.Add(pricing.Money{}); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("EUR+zero Money error = %v", err)
	}
	if c, err := a.Cmp(b); err != nil || c != 1 {
		t.Errorf("Cmp = %d, %v", c, err)
	}
	if !mustMoney(t, "1.5", "EUR").Equal(mustMoney(t, "1.50", "EUR")) {
		t.Error("1.5 EUR should equal 1.50 EUR")
	}
	if mustMoney(t, "1.5", "EUR").Equal(mustMoney(t, "1.5", "USD")) {
		t.Error("1.5 EUR should not equal 1.5 USD")
	}
	if _, err := pricing.New(dec(t, "1"), pricing.Currency{}); !errors.Is(err, pricing.ErrUnknownCurrency) {
		t.Errorf("New without currency error = %v", err)
	}
}

func TestRound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount, code string
		r            pricing.Rounding
		want         string
	}{
		{"2.345", "EUR", pricing.Rounding{}, "2.35"},
		{"-2.345", "EUR", pricing.Rounding{}, "-2.35"},
		{"2.344999", "EUR", pricing.Rounding{}, "2.34"},
		{"2.345", "EUR", pricing.Rounding{Mode: pricing.HalfEven}, "2.34"},
		{"2.355", "EUR", pricing.Rounding{Mode: pricing.HalfEven}, "2.36"},
		{"2.3451", "EUR", pricing.Rounding{Mode: pricing.HalfEven}, "2.35"},
		{"2.349", "EUR", pricing.Rounding{Mode: pricing.Down}, "2.34"},
		{"-2.349", "EUR", pricing.Rounding{Mode: pricing.Down}, "-2.34"},
		{"2.341", "EUR", pricing.Rounding{Mode: pricing.Up}, "2.35"},
		{"1234.5", "JPY", pricing.Rounding{}, "1235"},
		{"1234.5", "JPY", pricing.Rounding{Mode: pricing.HalfEven}, "1234"},
		{"1.23456", "KWD", pricing.Rounding{}, "1.235"},
		// CHF cash steps by 0.05.
		{"3.024", "CHF", pricing.Rounding{Cash: true}, "3.00"},
		{"3.025", "CHF", pricing.Rounding{Cash: true}, "3.05"},
		{"3.074", "CHF", pricing.Rounding{Cash: true}, "3.05"},
		{"3.075", "CHF", pricing.Rounding{Cash: true, Mode: pricing.HalfEven}, "3.10"},
		{"3.125", "CHF", pricing.Rounding{Cash: true, Mode: pricing.HalfEven}, "3.10"},
		{"3.01", "CHF", pricing.Rounding{Cash: true, Mode: pricing.Up}, "3.05"},
		{"-3.025", "CHF", pricing.Rounding{Cash: true}, "-3.05"},
		{"3.025", "CHF", pricing.Rounding{}, "3.03"},
	}
	for _, tt := range tests {
		got := mustMoney(t, tt.amount, tt.code).Round(tt.r)
		want := mustMoney(t, tt.want, tt.code)
		if !got.Equal(want) {
			t.Errorf("Round(%s %s, %+v) = %s, want %s", tt.amount, tt.code, tt.r, got, want)
		}
		if !got.IsRounded() {
			t.Errorf("Round(%s %s) = %s is not rounded", tt.amount, tt.code, got)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount, code string
		want         int64
		err          error
	}{
		{"1234.50", "EUR", 123450, nil},
		{"-0.01", "EUR", -1, nil},
		{"500", "JPY", 500, nil},
		{"1.234", "KWD", 1234, nil},
		{"1.234", "EUR", 0, pricing.ErrNotRounded},
		{"92233720368547758.08", "EUR", 0, pricing.ErrOverflow},
	}
	for _, tt := range tests {
		got, err := mustMoney(t, tt.amount, tt.code).MinorUnits()
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("MinorUnits(%s %s) = %d, %v; want %d, %v", tt.amount, tt.code, got, err, tt.want, tt.err)
		}
	}
	if got := pricing.FromMinor(123450, mustCur(t, "EUR")).String(); got != "1234.50 EUR" {
		t.Errorf("FromMinor = %s", got)
	}
	if got := pricing.FromMinor(7, mustCur(t, "KWD")).String(); got != "0.007 KWD" {
		t.Errorf("FromMinor KWD = %s", got)
	}
}

func TestMoneyJSON(t *testing.T) {
	t.Parallel()
	m := mustMoney(t, "1234.5", "EUR")
	b, err := json.Marshal(m)
	if err != nil || string(b) != `{"amount":"1234.50","currency":"EUR"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back pricing.Money
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(m) {
		t.Fatalf("round trip = %s, %v", back, err)
	}
	for _, bad := range []string{
		`{"amount":1234.5,"currency":"EUR"}`,
		`{"amount":"1e3","currency":"EUR"}`,
		`{"amount":"1","currency":"ZZZ"}`,
		`{"amount":"1"}`,
		`{"amount":"1","currency":"EUR","extra":1}`,
		`"1 EUR"`,
		`null`,
	} {
		var x pricing.Money
		err := json.Unmarshal([]byte(bad), &x)
		if err == nil {
			t.Errorf("Unmarshal(%s) succeeded: %s", bad, x)
			continue
		}
		if !errors.Is(err, pricing.ErrInvalid) && !errors.Is(err, pricing.ErrUnknownCurrency) {
			t.Errorf("Unmarshal(%s) error %v is not typed", bad, err)
		}
	}
	if _, err := json.Marshal(pricing.Money{}); err == nil {
		t.Error("marshalling the zero Money should fail")
	}
}

func TestMoneySQL(t *testing.T) {
	t.Parallel()
	m := mustMoney(t, "0.125", "KWD")
	v, err := m.Value()
	if err != nil || v != "0.125 KWD" {
		t.Fatalf("Value = %v, %v", v, err)
	}
	var back pricing.Money
	if err := back.Scan([]byte("0.125 KWD")); err != nil || !back.Equal(m) {
		t.Fatalf("Scan = %s, %v", back, err)
	}
	for _, bad := range []any{42, "0.125", "abc KWD", nil} {
		if err := back.Scan(bad); !errors.Is(err, pricing.ErrInvalid) {
			t.Errorf("Scan(%v) error = %v", bad, err)
		}
	}
}
