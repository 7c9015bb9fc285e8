package pricing

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Split divides m into n parts that add up to m exactly, to the last minor
// unit. m must already be rounded to its currency's minor units. Parts differ
// by at most one minor unit; the larger parts come first, so the result is
// deterministic. n must be at least 1.
func (m Money) Split(n int) ([]Money, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: split into %d parts", ErrInvalid, n)
	}
	total, err := m.MinorUnits()
	if err != nil {
		return nil, err
	}
	neg := total < 0
	abs := uint64(total)
	if neg {
		abs = uint64(-total) // -MinInt64 wraps to 1<<63, which is right as uint64
	}
	q, r := abs/uint64(n), abs%uint64(n)
	parts := make([]Money, n)
	for i := range parts {
		u := q
		if uint64(i) < r {
			u++
		}
		parts[i] = m.fromMinorAbs(u, neg)
	}
	return parts, nil
}

// Allocate divides m in proportion to ratios with the largest-remainder
// method: each part first gets the floor of its exact share in minor units,
// then the units left over go one each to the parts with the largest
// remainders (ties to the earlier part). The parts always add up to m exactly.
//
// m must be rounded to its currency's minor units. Ratios must be
// non-negative and not all zero; a zero ratio gets a zero part. Ratios may be
// decimals ("0.5", "1.25"); they are scaled to integers exactly.
func (m Money) Allocate(ratios ...decimal.Decimal) ([]Money, error) {
	weights, err := integerWeights(ratios)
	if err != nil {
		return nil, err
	}
	return m.allocateWeights(weights)
}

// allocateWeights is Allocate on integer weights (non-negative, sum fits a
// uint64 and is positive).
func (m Money) allocateWeights(weights []uint64) ([]Money, error) {
	total, err := m.MinorUnits()
	if err != nil {
		return nil, err
	}
	var sum uint64
	for _, w := range weights {
		var carry uint64
		sum, carry = bits.Add64(sum, w, 0)
		if carry != 0 {
			return nil, fmt.Errorf("%w: allocation ratios too large", ErrOverflow)
		}
	}
	if sum == 0 {
		return nil, fmt.Errorf("%w: allocation ratios are all zero", ErrInvalid)
	}
	neg := total < 0
	abs := uint64(total)
	if neg {
		abs = uint64(-total)
	}
	parts := make([]Money, len(weights))
	floors := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var given uint64
	for i, w := range weights {
		// abs×w/sum in 128 bits: exact, and the quotient fits because w ≤ sum.
		hi, lo := bits.Mul64(abs, w)
		floors[i], rems[i] = bits.Div64(hi, lo, sum)
		given += floors[i]
	}
	left := abs - given // fewer than len(weights) units
	for ; left > 0; left-- {
		best := -1
		for i, r := range rems {
			if weights[i] == 0 {
				continue
			}
			if best < 0 || r > rems[best] {
				best = i
			}
		}
		floors[best]++
		rems[best] = 0
		weights[best] = 0 // each part takes at most one leftover unit
	}
	for i, u := range floors {
		parts[i] = m.fromMinorAbs(u, neg)
	}
	return parts, nil
}

// fromMinorAbs builds Money of m's currency from an absolute count of minor
// units and a sign.
func (m Money) fromMinorAbs(u uint64, neg bool) Money {
	var d decimal.Decimal
	if u <= math.MaxInt64 {
		d = decimal.New(int64(u), -m.cur.MinorUnits())
	} else {
		d = decimal.NewFromUint64(u).Shift(-m.cur.MinorUnits())
	}
	if neg {
		d = d.Neg()
	}
	return Money{amount: d, cur: m.cur}
}

// integerWeights scales decimal ratios to integers by the same power of ten.
func integerWeights(ratios []decimal.Decimal) ([]uint64, error) {
	if len(ratios) == 0 {
		return nil, fmt.Errorf("%w: no allocation ratios", ErrInvalid)
	}
	var places int32
	for i, r := range ratios {
		if r.Sign() < 0 {
			return nil, fmt.Errorf("%w: allocation ratio %d is negative", ErrInvalid, i)
		}
		if e := -r.Exponent(); e > places {
			places = e
		}
	}
	weights := make([]uint64, len(ratios))
	for i, r := range ratios {
		bi := r.Shift(places).BigInt()
		if !bi.IsUint64() {
			return nil, fmt.Errorf("%w: allocation ratio %d too large or too precise", ErrOverflow, i)
		}
		weights[i] = bi.Uint64()
	}
	return weights, nil
}
