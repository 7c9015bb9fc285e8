package pricing

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

// maxParts bounds how many parts one split may make, so that no argument can
// exhaust memory.
const maxParts = 1 << 20

// Split divides m into n parts that add up to m exactly, to the last minor
// unit. m must already be rounded to its currency's minor units. Parts differ
// by at most one minor unit; the larger parts come first, so the result is
// deterministic. n must be between 1 and 1,048,576.
func (m Money) Split(n int) ([]Money, error) {
	if n > maxParts {
		return nil, fmt.Errorf("%w: split into %d parts; at most %d", ErrTooLarge, n, maxParts)
	}
	if n < 1 {
		return nil, fmt.Errorf("%w: split into %d parts", ErrInvalid, n)
	}
	total, err := m.MinorUnits()
	if err != nil {
		return nil, err
	}
	units := splitMinor(total, n)
	parts := make([]Money, n)
	for i, u := range units {
		parts[i] = Money{amount: decimal.New(u, -m.cur.MinorUnits()), cur: m.cur}
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
// decimals ("0.5", "1.25"); they are scaled to integers exactly. At most
// 1,048,576 ratios, like Split; more is an error matching ErrTooLarge.
func (m Money) Allocate(ratios ...decimal.Decimal) ([]Money, error) {
	if len(ratios) > maxParts {
		return nil, fmt.Errorf("%w: %d allocation ratios; at most %d", ErrTooLarge, len(ratios), maxParts)
	}
	weights, err := integerWeights(ratios)
	if err != nil {
		return nil, err
	}
	return m.allocateWeights(weights)
}

// allocateWeights is Allocate on integer weights.
func (m Money) allocateWeights(weights []uint64) ([]Money, error) {
	total, err := m.MinorUnits()
	if err != nil {
		return nil, err
	}
	units, err := allocateMinor(total, weights, nil)
	if err != nil {
		return nil, err
	}
	parts := make([]Money, len(units))
	for i, u := range units {
		parts[i] = Money{amount: decimal.New(u, -m.cur.MinorUnits()), cur: m.cur}
	}
	return parts, nil
}

// allocateMinor splits total minor units by integer weights with the largest
// remainder method. Weights must not all be zero and must sum within a
// uint64. Equal remainders go first to the part with the smaller tie key
// (when tie is not nil), then to the earlier part.
func allocateMinor(total int64, weights []uint64, tie []int64) ([]int64, error) {
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
		abs = uint64(-total) // -MinInt64 wraps to 1<<63, which is right as uint64
	}
	floors := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var given uint64
	for i, w := range weights {
		// abs×w/sum in 128 bits: exact, and the quotient fits because w ≤ sum.
		hi, lo := bits.Mul64(abs, w)
		floors[i], rems[i] = bits.Div64(hi, lo, sum)
		given += floors[i]
	}
	// The leftover is fewer units than there are parts with a remainder:
	// one each to the largest remainders, ties to the earlier part.
	if left := abs - given; left > 0 {
		order := make([]int, len(weights))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			if c := cmp.Compare(rems[b], rems[a]); c != 0 {
				return c
			}
			if tie != nil {
				if c := cmp.Compare(tie[a], tie[b]); c != 0 {
					return c
				}
			}
			return cmp.Compare(a, b)
		})
		for _, i := range order[:left] {
			floors[i]++
		}
	}
	out := make([]int64, len(weights))
	for i, u := range floors {
		out[i] = int64(u) // u ≤ |total|, and the sign is restored below
		if neg {
			out[i] = -int64(u)
		}
	}
	return out, nil
}

// splitMinor splits total minor units into n near-equal parts, larger first.
func splitMinor(total int64, n int) []int64 {
	neg := total < 0
	abs := uint64(total)
	if neg {
		abs = uint64(-total)
	}
	q, r := abs/uint64(n), abs%uint64(n)
	out := make([]int64, n)
	for i := range out {
		u := q
		if uint64(i) < r {
			u++
		}
		out[i] = int64(u)
		if neg {
			out[i] = -int64(u)
		}
	}
	return out
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
	if fastWeights(ratios, places, weights) {
		return weights, nil
	}
	for i, r := range ratios {
		// A weight has its coefficient's digits and places+exponent zeros:
		// beyond 20 digits it cannot fit, and is refused before a shift
		// that could build a number of millions of digits.
		if r.Sign() != 0 && int64(r.NumDigits())+int64(places)+int64(r.Exponent()) > 20 {
			return nil, fmt.Errorf("%w: allocation ratio %d too large or too precise for the others", ErrOverflow, i)
		}
	}
	for i, r := range ratios {
		bi := r.Shift(places).BigInt()
		if !bi.IsUint64() {
			return nil, fmt.Errorf("%w: allocation ratio %d too large or too precise", ErrOverflow, i)
		}
		weights[i] = bi.Uint64()
	}
	return weights, nil
}

// fastWeights fills weights with ratios scaled by 10^places when every
// ratio's coefficient is small enough; it reports whether it could.
func fastWeights(ratios []decimal.Decimal, places int32, weights []uint64) bool {
	for i, r := range ratios {
		c, e, ok := smallCoefficient(r)
		shift := places + e
		if !ok || c < 0 || shift < 0 || numDigits64(c)+int(shift) > 18 {
			return false
		}
		weights[i] = uint64(c * pow10(shift))
	}
	return true
}
