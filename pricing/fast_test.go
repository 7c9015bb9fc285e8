package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzFastPaths checks that the int64 fast paths agree with the decimal
// paths for rounding, minor units and rendering.
func FuzzFastPaths(f *testing.F) {
	f.Add(int64(123456789), int32(-5), uint8(0), false)
	f.Add(int64(-2345), int32(-3), uint8(1), true)
	f.Add(int64(999999999999999999), int32(-20), uint8(3), false)
	f.Add(int64(5), int32(17), uint8(2), false)
	f.Add(int64(-9223372036854775808), int32(-2), uint8(0), false)
	codes := []string{"EUR", "JPY", "KWD", "CHF"}
	f.Fuzz(func(t *testing.T, coef int64, exp int32, mode uint8, cash bool) {
		if exp < -40 || exp > 40 {
			return
		}
		d := decimal.New(coef, exp)
		for _, code := range codes {
			cur, _ := ParseCurrency(code)
			r := Rounding{Mode: RoundingMode(mode % 4), Cash: cash}
			inc := int64(1)
			if cash {
				inc = cur.cashIncrement()
			}
			want := roundStep(d, cur.MinorUnits(), inc, r.Mode)
			got := Money{amount: d, cur: cur}.Round(r)
			if !got.amount.Equal(want) {
				t.Fatalf("Round(%s %s, %+v) = %s, decimal path %s", d, code, r, got.amount, want)
			}
			if got, want := decString(d), d.String(); got != want {
				t.Fatalf("decString(%s) = %q, want %q", want, got, want)
			}
			m := Money{amount: d, cur: cur}
			if s, slow := m.amountString(), m.slowAmountString(cur.MinorUnits()); s != slow {
				t.Fatalf("amountString(%s %s) = %q, decimal path %q", d, code, s, slow)
			}
			minor, err := m.MinorUnits()
			if err == nil {
				if !decimal.New(minor, -cur.MinorUnits()).Equal(d) {
					t.Fatalf("MinorUnits(%s %s) = %d", d, code, minor)
				}
			} else if m.IsRounded() && d.Shift(cur.MinorUnits()).BigInt().IsInt64() {
				t.Fatalf("MinorUnits(%s %s) failed: %v", d, code, err)
			}
		}
	})
}

// FuzzTaxMinor checks the integer tax path against the decimal one.
func FuzzTaxMinor(f *testing.F) {
	f.Add(int64(57535), int64(6), int32(0), false, uint8(0))
	f.Add(int64(-1999), int64(55), int32(-1), true, uint8(1))
	f.Add(int64(2147483647), int64(2147483647), int32(-12), true, uint8(2))
	f.Fuzz(func(t *testing.T, base, pc int64, pe int32, contained bool, mode uint8) {
		if pc < 0 || pe > 0 || pe < -12 {
			return
		}
		cur, _ := ParseCurrency("EUR")
		pct := decimal.New(pc, pe)
		facts := ruleFacts{fraction: pct.Shift(-2), factor: decimal.New(1, 0).Add(pct.Shift(-2))}
		if c, e, ok := smallCoefficient(pct); ok && c < 1<<31 {
			facts.num, facts.den = c, 100*pow10(-e)
		}
		r := Rounding{Mode: RoundingMode(mode % 4)}
		got, ok := taxMinor(base, &facts, contained, r, cur)
		if !ok {
			return
		}
		want := decimal.New(base, -2).Mul(facts.fraction)
		if contained {
			want = want.DivRound(facts.factor, divScale)
		}
		w := Money{amount: want, cur: cur}.Round(r)
		if !w.amount.Equal(decimal.New(got, -2)) {
			t.Fatalf("tax on %d at %s%% (contained %v, %s) = %d, decimal path %s", base, pct, contained, r.Mode, got, w)
		}
	})
}

// FuzzNum checks num arithmetic against shopspring/decimal.
func FuzzNum(f *testing.F) {
	f.Add(int64(150150), int32(-2), int64(8046875), int32(-6))
	f.Add(int64(-9223372036854775807), int32(0), int64(2), int32(3))
	f.Add(int64(123), int32(-18), int64(-456), int32(15))
	f.Fuzz(func(t *testing.T, ac int64, ae int32, bc int64, be int32) {
		if ae < -40 || ae > 40 || be < -40 || be > 40 {
			return
		}
		a, b := decimal.New(ac, ae), decimal.New(bc, be)
		na, nb := numFrom(a), numFrom(b)
		if got := na.mul(nb).dec(); !got.Equal(a.Mul(b)) {
			t.Fatalf("%s × %s = %s, want %s", a, b, got, a.Mul(b))
		}
		if got := na.add(nb).dec(); !got.Equal(a.Add(b)) {
			t.Fatalf("%s + %s = %s, want %s", a, b, got, a.Add(b))
		}
		if got := na.sub(nb).dec(); !got.Equal(a.Sub(b)) {
			t.Fatalf("%s − %s = %s, want %s", a, b, got, a.Sub(b))
		}
		if got := na.cmp(nb); got != a.Cmp(b) {
			t.Fatalf("cmp(%s, %s) = %d", a, b, got)
		}
		eur, _ := ParseCurrency("EUR")
		for mode := HalfUp; mode <= Up; mode++ {
			got, ok := roundNum(na, 2, 1, mode)
			want := Money{amount: a, cur: eur}.Round(Rounding{Mode: mode})
			if ok && !decimal.New(got, -2).Equal(want.amount) {
				t.Fatalf("round(%s, %s) = %d, want %s", a, mode, got, want)
			}
		}
	})
}

// FuzzLineTagsFastPath: lineTagsHold agrees with the validator on every
// line, so skipping the validator for lines that hold loses nothing.
func FuzzLineTagsFastPath(f *testing.F) {
	f.Add("id", "desc", "meals", "per_person", "10", "EUR", 1, 0, 0, false)
	f.Add("", "", "", "", "", "", 0, -1, -1, true)
	e := NewEngine()
	f.Fuzz(func(t *testing.T, id, desc, cat, unit, amount, code string, qty, units, capacity int, negZero bool) {
		l := LineInput{ID: id, Description: desc, Category: Category(cat), Unit: Unit(unit), Quantity: qty, Units: units, Capacity: capacity}
		if m, err := Parse(amount, code); err == nil {
			l.Price = m
		} else if negZero {
			l.Price = Money{}.Neg() // an amount without a currency
		}
		want := e.validate.Struct(&l) == nil
		if got := lineTagsHold(&l); got != want {
			t.Fatalf("lineTagsHold = %v, validator %v for %+v", got, want, l)
		}
	})
}
