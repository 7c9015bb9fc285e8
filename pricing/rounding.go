package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// RoundingMode says which way a value halfway or between two steps goes.
type RoundingMode uint8

const (
	// HalfUp rounds to the nearest step, halves away from zero (2.345 → 2.35,
	// -2.345 → -2.35). It is the default: the zero Rounding uses it.
	HalfUp RoundingMode = iota
	// HalfEven rounds to the nearest step, halves to the even neighbour
	// (banker's rounding: 2.345 → 2.34, 2.355 → 2.36).
	HalfEven
	// Down truncates toward zero.
	Down
	// Up rounds away from zero.
	Up
)

// String names the mode.
func (r RoundingMode) String() string {
	switch r {
	case HalfUp:
		return "half-up"
	case HalfEven:
		return "half-even"
	case Down:
		return "down"
	case Up:
		return "up"
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(r))
}

// MarshalText encodes the mode by name.
func (r RoundingMode) MarshalText() ([]byte, error) {
	if r > Up {
		return nil, fmt.Errorf("%w: rounding mode %d", ErrInvalid, uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a mode name.
func (r *RoundingMode) UnmarshalText(b []byte) error {
	for m := HalfUp; m <= Up; m++ {
		if m.String() == string(b) {
			*r = m
			return nil
		}
	}
	return fmt.Errorf("%w: unknown rounding mode %q", ErrInvalid, truncate(string(b), 32))
}

// Rounding is how an amount is brought to a customer-visible value. The zero
// Rounding is half-up to the currency's minor units.
type Rounding struct {
	// Mode picks the direction at and between steps.
	Mode RoundingMode `json:"mode"`
	// Cash rounds to the smallest coin instead of the minor unit where the
	// two differ (CHF cash amounts step by 0.05).
	Cash bool `json:"cash,omitempty"`
}

// Round returns m rounded to its currency's minor units (or cash increment)
// by r.
func (m Money) Round(r Rounding) Money {
	scale := m.cur.MinorUnits()
	inc := int64(1)
	if r.Cash {
		inc = m.cur.cashIncrement()
	}
	if c, e, ok := smallCoefficient(m.amount); ok && inc == 1 && e >= -scale {
		return m // already in whole minor units: nothing to round
	} else if ok {
		if minor, ok := roundCE(c, e, scale, inc, r.Mode); ok {
			return Money{amount: decimal.New(minor, -scale), cur: m.cur}
		}
	}
	return Money{amount: roundStep(m.amount, scale, inc, r.Mode), cur: m.cur}
}

// roundStep rounds d to a multiple of inc×10^-scale.
func roundStep(d decimal.Decimal, scale int32, inc int64, mode RoundingMode) decimal.Decimal {
	if inc == 1 {
		return roundPlaces(d, scale, mode)
	}
	// Count d in steps of inc minor units. Cash increments divide a power of
	// ten, so the quotient terminates within a few more digits than d has.
	step := decimal.NewFromInt(inc)
	places := -d.Exponent() + scale + 4
	if places < 0 {
		places = 0
	}
	steps := d.Shift(scale).DivRound(step, places)
	return roundPlaces(steps, 0, mode).Mul(step).Shift(-scale)
}

func roundPlaces(d decimal.Decimal, places int32, mode RoundingMode) decimal.Decimal {
	switch mode {
	case HalfEven:
		return d.RoundBank(places)
	case Down:
		return d.RoundDown(places)
	case Up:
		return d.RoundUp(places)
	default:
		return d.Round(places)
	}
}
