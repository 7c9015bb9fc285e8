package pricing_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

func strs(ms []pricing.Money) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	return out
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount, code string
		n            int
		want         []string
	}{
		// 100.00 / 3 = 33.33 r 0.01: the first part takes the extra cent.
		{"100.00", "EUR", 3, []string{"33.34 EUR", "33.33 EUR", "33.33 EUR"}},
		{"0.02", "EUR", 3, []string{"0.01 EUR", "0.01 EUR", "0.00 EUR"}},
		{"-100.00", "EUR", 3, []string{"-33.34 EUR", "-33.33 EUR", "-33.33 EUR"}},
		{"1000", "JPY", 3, []string{"334 JPY", "333 JPY", "333 JPY"}},
		{"10.001", "KWD", 2, []string{"5.001 KWD", "5.000 KWD"}},
		{"7.00", "CNY", 1, []string{"7.00 CNY"}},
	}
	for _, tt := range tests {
		got, err := mustMoney(t, tt.amount, tt.code).Split(tt.n)
		if err != nil {
			t.Errorf("Split(%s, %d): %v", tt.amount, tt.n, err)
			continue
		}
		if diff := cmp.Diff(tt.want, strs(got)); diff != "" {
			t.Errorf("Split(%s %s, %d) (-want +got):\n%s", tt.amount, tt.code, tt.n, diff)
		}
	}
	if _, err := mustMoney(t, "1", "EUR").Split(1 << 40); !errors.Is(err, pricing.ErrInvalid) {
		t.Errorf("Split(2^40) error = %v", err)
	}
	if _, err := mustMoney(t, "1", "EUR").Split(0); !errors.Is(err, pricing.ErrInvalid) {
		t.Errorf("Split(0) error = %v", err)
	}
	if _, err := mustMoney(t, "1.001", "EUR").Split(2); !errors.Is(err, pricing.ErrNotRounded) {
		t.Errorf("Split of unrounded error = %v", err)
	}
}

func TestAllocate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		amount string
		ratios []string
		want   []string
	}{
		// 100.00 × 1/3 = 33.333…; floors 33.33 ×3 = 99.99; remainders equal,
		// so the leftover cent goes to the first.
		{"thirds", "100.00", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}},
		// 10.00 by 70/20/10 = 7.00, 2.00, 1.00 exactly.
		{"exact", "10.00", []string{"70", "20", "10"}, []string{"7.00", "2.00", "1.00"}},
		// 0.05 by 1/1/1/1/1/1: five parts of 0.01 and one of 0.
		{"more parts than cents", "0.05", []string{"1", "1", "1", "1", "1", "1"},
			[]string{"0.01", "0.01", "0.01", "0.01", "0.01", "0.00"}},
		// 100.00 by 0.5/0.25/0.25 scaled to 50/25/25.
		{"decimal ratios", "100.00", []string{"0.5", "0.25", "0.25"}, []string{"50.00", "25.00", "25.00"}},
		// 1.00 by 1/2/3: 0.1666…, 0.3333…, 0.5 → floors 0.16, 0.33, 0.50 = 0.99;
		// remainders 0.666 (part 0) and 0.333 (part 1): part 0 takes the cent.
		{"largest remainder", "1.00", []string{"1", "2", "3"}, []string{"0.17", "0.33", "0.50"}},
		{"zero ratio", "9.99", []string{"0", "1"}, []string{"0.00", "9.99"}},
		// -1.00 by 1/2/3 mirrors the positive case.
		{"negative", "-1.00", []string{"1", "2", "3"}, []string{"-0.17", "-0.33", "-0.50"}},
	}
	for _, tt := range tests {
		ratios := make([]decimal.Decimal, len(tt.ratios))
		for i, r := range tt.ratios {
			ratios[i] = dec(t, r)
		}
		got, err := mustMoney(t, tt.amount, "EUR").Allocate(ratios...)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		want := make([]string, len(tt.want))
		for i, w := range tt.want {
			want[i] = w + " EUR"
		}
		if diff := cmp.Diff(want, strs(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	for name, ratios := range map[string][]decimal.Decimal{
		"none":     nil,
		"all zero": {decimal.Zero, decimal.Zero},
		"negative": {decimal.NewFromInt(1), decimal.NewFromInt(-1)},
	} {
		if _, err := mustMoney(t, "1", "EUR").Allocate(ratios...); !errors.Is(err, pricing.ErrInvalid) {
			t.Errorf("%s: error = %v, want ErrInvalid", name, err)
		}
	}
	huge := dec(t, "1e30")
	if _, err := mustMoney(t, "1", "EUR").Allocate(huge, huge); !errors.Is(err, pricing.ErrOverflow) {
		t.Errorf("huge ratios error = %v, want ErrOverflow", err)
	}
}

// FuzzAllocate checks the allocation invariant: parts add up to the whole
// exactly, no part is negative for a positive whole, and every part is within
// one minor unit of its exact share.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(10000), uint32(1), uint32(1), uint32(1))
	f.Add(int64(-1), uint32(3), uint32(0), uint32(7))
	f.Add(int64(9223372036854775807), uint32(4294967295), uint32(1), uint32(2))
	f.Add(int64(-9223372036854775808), uint32(5), uint32(5), uint32(1))
	eur, _ := pricing.ParseCurrency("EUR")
	f.Fuzz(func(t *testing.T, total int64, a, b, c uint32) {
		m := pricing.FromMinor(total, eur)
		ratios := []decimal.Decimal{decimal.NewFromInt(int64(a)), decimal.NewFromInt(int64(b)), decimal.NewFromInt(int64(c))}
		parts, err := m.Allocate(ratios...)
		if a == 0 && b == 0 && c == 0 {
			if !errors.Is(err, pricing.ErrInvalid) {
				t.Fatalf("all-zero ratios: error = %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Allocate(%d; %d %d %d): %v", total, a, b, c, err)
		}
		sum := decimal.Zero
		wsum := decimal.NewFromInt(int64(a) + int64(b) + int64(c))
		for i, p := range parts {
			sum = sum.Add(p.Amount())
			if !p.IsRounded() {
				t.Fatalf("part %d = %s not rounded", i, p)
			}
			exact := m.Amount().Mul(ratios[i]).DivRound(wsum, 8)
			if p.Amount().Sub(exact).Abs().GreaterThanOrEqual(decimal.New(1, -2)) {
				t.Fatalf("part %d = %s, exact share %s: off by a cent or more", i, p, exact)
			}
			if total > 0 && p.Sign() < 0 || total < 0 && p.Sign() > 0 {
				t.Fatalf("part %d = %s has the wrong sign for %s", i, p, m)
			}
		}
		if !sum.Equal(m.Amount()) {
			t.Fatalf("parts sum to %s, want %s", sum, m.Amount())
		}
		n := int(a%50) + 1
		split, err := m.Split(n)
		if err != nil {
			t.Fatalf("Split(%d): %v", n, err)
		}
		sum = decimal.Zero
		for _, p := range split {
			sum = sum.Add(p.Amount())
		}
		if !sum.Equal(m.Amount()) {
			t.Fatalf("split parts sum to %s, want %s", sum, m.Amount())
		}
	})
}

// FuzzParse checks that no string makes Parse panic, that what it accepts
// renders back to an equal amount, and that its errors are typed.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1234.50", "-0.001", "1e5", "", "-", "1.", "99999999999999999999999999.9999999"} {
		f.Add(s, "EUR")
	}
	f.Add("1", "JPY")
	f.Add("1", "???")
	f.Fuzz(func(t *testing.T, amount, code string) {
		m, err := pricing.Parse(amount, code)
		if err != nil {
			if !errors.Is(err, pricing.ErrInvalid) && !errors.Is(err, pricing.ErrUnknownCurrency) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if m.Currency().Code() != code {
			t.Fatalf("currency %s, want %s", m.Currency(), code)
		}
		b, err := m.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		var back pricing.Money
		if err := back.UnmarshalJSON(b); err != nil || !back.Equal(m) {
			t.Fatalf("JSON round trip of %s: %s, %v", m, back, err)
		}
		r := m.Round(pricing.Rounding{})
		if !r.IsRounded() {
			t.Fatalf("Round(%s) = %s not rounded", m, r)
		}
	})
}

// Ratios whose common scale no uint64 can hold are refused at once,
// without building the huge numbers first.
func TestAllocateRefusesRatiosTooPreciseForTheOthers(t *testing.T) {
	t.Parallel()
	m := mustMoney(t, "100.00", "CNY")
	for _, ratios := range [][]decimal.Decimal{
		{decimal.New(1, -50_000_000), decimal.NewFromInt(1)},
		{decimal.RequireFromString("1e30"), decimal.NewFromInt(1)},
	} {
		if _, err := m.Allocate(ratios...); !errors.Is(err, pricing.ErrOverflow) {
			t.Errorf("ratios %v: %v", ratios, err)
		}
	}
	// Tiny ratios alike are fine: only their proportions count.
	parts, err := m.Allocate(decimal.New(1, -50_000_000), decimal.New(3, -50_000_000))
	if err != nil || parts[0].String() != "25.00 CNY" || parts[1].String() != "75.00 CNY" {
		t.Errorf("tiny ratios alike: %v, %v", parts, err)
	}
}
