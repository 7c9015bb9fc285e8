package pricing

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// Fast paths for amounts whose coefficient fits in 18 digits, which is
// nearly every amount a travel quote holds. They compute exactly what the
// decimal paths compute, without allocating big integers; anything larger
// falls back to the decimal code.

// pow10 returns 10^n for 0 ≤ n ≤ 18.
func pow10(n int32) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// smallCoefficient returns d's coefficient and exponent when the
// coefficient has at most 18 digits.
func smallCoefficient(d decimal.Decimal) (int64, int32, bool) {
	if d.NumDigits() > 18 {
		return 0, 0, false
	}
	return d.CoefficientInt64(), d.Exponent(), true
}

// roundDiv returns n ÷ d rounded by mode; d > 0 and d ≤ 10^18.
func roundDiv(n, d int64, mode RoundingMode) int64 {
	q, r := n/d, n%d
	if r == 0 {
		return q
	}
	sign := int64(1)
	if n < 0 {
		sign, r = -1, -r
	}
	switch mode {
	case Down:
	case Up:
		q += sign
	case HalfEven:
		if r > d-r || (r == d-r && q%2 != 0) {
			q += sign
		}
	default: // HalfUp
		if r >= d-r {
			q += sign
		}
	}
	return q
}

// roundToMinor rounds d to a multiple of inc minor units of a currency with
// scale decimals and returns the result in minor units. ok is false when d
// is too large for the fast path.
func roundToMinor(d decimal.Decimal, scale int32, inc int64, mode RoundingMode) (int64, bool) {
	c, e, ok := smallCoefficient(d)
	if !ok {
		return 0, false
	}
	return roundCE(c, e, scale, inc, mode)
}

// roundNum is roundToMinor for a num.
func roundNum(a num, scale int32, inc int64, mode RoundingMode) (int64, bool) {
	if a.big != nil {
		return roundToMinor(*a.big, scale, inc, mode)
	}
	return roundCE(a.c, a.e, scale, inc, mode)
}

// roundCE rounds c × 10^e to a multiple of inc minor units of scale decimals.
func roundCE(c int64, e int32, scale int32, inc int64, mode RoundingMode) (int64, bool) {
	if c == math.MinInt64 {
		return 0, false
	}
	shift := -e - scale // decimals beyond the minor unit
	switch {
	case shift <= 0:
		if -shift > 18 || (c != 0 && numDigits64(c)+int(-shift) > 18) {
			return 0, false
		}
		minor := c * pow10(-shift)
		if inc > 1 {
			minor = roundDiv(minor, inc, mode) * inc
		}
		return minor, true
	case shift <= 16:
		den := pow10(shift) * inc
		if den/inc != pow10(shift) || den > 1e17 {
			return 0, false
		}
		return roundDiv(c, den, mode) * inc, true
	}
	return 0, false
}

// numDigits64 counts the decimal digits of |c| (1 for 0).
func numDigits64(c int64) int {
	if c == math.MinInt64 {
		return 19
	}
	if c < 0 {
		c = -c
	}
	n := 1
	for c >= 10 {
		c /= 10
		n++
	}
	return n
}

// appendAmount appends d with at least minor decimals and no trailing zeros
// beyond them, as amountString does.
func appendAmount(b []byte, d decimal.Decimal, minor int32) []byte {
	c, e, ok := smallCoefficient(d)
	if !ok {
		return append(b, Money{amount: d}.slowAmountString(minor)...)
	}
	if e > 0 {
		if numDigits64(c)+int(e) > 18 {
			return append(b, Money{amount: d}.slowAmountString(minor)...)
		}
		c *= pow10(e)
		e = 0
	}
	frac := -e
	for frac > minor && c%10 == 0 {
		c /= 10
		frac--
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], c, 10)
	if int32(len(s)) <= frac { // leading zeros: 0.05
		b = append(b, '0')
		if frac > 0 {
			b = append(b, '.')
		}
		for i := int32(len(s)); i < frac; i++ {
			b = append(b, '0')
		}
		b = append(b, s...)
	} else {
		whole := int32(len(s)) - frac
		b = append(b, s[:whole]...)
		if frac > 0 {
			b = append(b, '.')
			b = append(b, s[whole:]...)
		}
	}
	if frac < minor {
		if frac == 0 {
			b = append(b, '.')
		}
		for ; frac < minor; frac++ {
			b = append(b, '0')
		}
	}
	return b
}

// num is an exact decimal c × 10^e held in machine words while it fits,
// and in a decimal.Decimal when it does not. The engine computes with it so
// that the common case allocates nothing; every result equals the decimal
// computation exactly (FuzzNum checks this).
type num struct {
	c   int64
	e   int32
	big *decimal.Decimal // the value, when it does not fit c
}

func numFrom(d decimal.Decimal) num {
	if c, e, ok := smallCoefficient(d); ok {
		return num{c: c, e: e}
	}
	big := d // only this copy escapes, and only here
	return num{big: &big}
}

func numInt(n int64) num { return num{c: n} }

// dec returns the value as a decimal.
func (a num) dec() decimal.Decimal {
	if a.big != nil {
		return *a.big
	}
	return decimal.New(a.c, a.e)
}

// mul64 multiplies exactly, reporting overflow.
func mul64(a, b int64) (int64, bool) {
	if a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// exponentOK keeps exponents far from int32 limits.
func exponentOK(e int64) bool { return e > -1<<20 && e < 1<<20 }

func (a num) mul(b num) num {
	if a.big == nil && b.big == nil && exponentOK(int64(a.e)+int64(b.e)) {
		if p, ok := mul64(a.c, b.c); ok {
			return num{c: p, e: a.e + b.e}
		}
	}
	return numFrom(a.dec().Mul(b.dec()))
}

// scaleUp returns c × 10^d for 0 ≤ d ≤ 18, reporting overflow.
func scaleUp(c int64, d int32) (int64, bool) {
	if d < 0 || d > 18 {
		return 0, false
	}
	return mul64(c, pow10(d))
}

func (a num) add(b num) num {
	if a.big == nil && b.big == nil {
		ac, bc, e := a.c, b.c, a.e
		ok := true
		switch {
		case a.e > b.e:
			ac, ok = scaleUp(a.c, a.e-b.e)
			e = b.e
		case b.e > a.e:
			bc, ok = scaleUp(b.c, b.e-a.e)
		}
		if ok {
			if s := ac + bc; (bc >= 0) == (s >= ac) { // no overflow
				return num{c: s, e: e}
			}
		}
	}
	return numFrom(a.dec().Add(b.dec()))
}

func (a num) neg() num {
	if a.big == nil && a.c != math.MinInt64 {
		return num{c: -a.c, e: a.e}
	}
	return numFrom(a.dec().Neg())
}

func (a num) sub(b num) num { return a.add(b.neg()) }

func (a num) sign() int {
	if a.big != nil {
		return a.big.Sign()
	}
	switch {
	case a.c > 0:
		return 1
	case a.c < 0:
		return -1
	}
	return 0
}

func (a num) cmp(b num) int { return a.sub(b).sign() }

// decString renders d as decimal.Decimal.String does (no exponent, no
// trailing zeros), without big-integer formatting when it fits.
func decString(d decimal.Decimal) string {
	var buf [32]byte
	return string(appendAmount(buf[:0], d, 0))
}
