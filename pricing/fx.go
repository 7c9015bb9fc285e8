package pricing

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// rateScale is the number of decimals kept when a rate is derived by
// division (an inverse or a cross rate). Sixteen decimals leave any error
// many orders of magnitude below the smallest minor unit of real amounts.
const rateScale = 16

// Rate is one quoted exchange rate: 1 From buys Value To, as published by
// Source at AsOf.
type Rate struct {
	From   Currency        `json:"from"`
	To     Currency        `json:"to"`
	Value  decimal.Decimal `json:"value"`
	AsOf   time.Time       `json:"as_of"`
	Source string          `json:"source"`
}

// Derivation says how a rate was obtained from a table.
type Derivation string

// Derivations of an applied rate.
const (
	DerivedIdentity Derivation = "identity" // same currency: exactly 1
	DerivedDirect   Derivation = "direct"   // the pair as quoted
	DerivedInverse  Derivation = "inverse"  // 1 ÷ the opposite pair
	DerivedCross    Derivation = "cross"    // through the table's base currency
)

// LockedRate is the rate a quote used, recorded so the quote can be
// reproduced and explained later: the market rate, how it was derived, the
// buffer added on top and the rate actually applied.
type LockedRate struct {
	From       Currency        `json:"from"`
	To         Currency        `json:"to"`
	Market     decimal.Decimal `json:"market"`
	BufferPct  decimal.Decimal `json:"buffer_pct"`
	Applied    decimal.Decimal `json:"applied"`
	Derivation Derivation      `json:"derivation"`
	Via        string          `json:"via,omitempty"`
	AsOf       time.Time       `json:"as_of"`
	Source     string          `json:"source"`
	// Numerator and Denominator hold the applied rate exactly when it is a
	// quotient (an inverse or cross rate, 1 ÷ 7.7): amounts are converted
	// by multiplying by Numerator and dividing by Denominator at the one
	// rounding, never through Applied, which shows the rate to 16 decimals.
	// Both are zero when Applied is exact.
	Numerator   decimal.Decimal `json:"numerator,omitzero"`
	Denominator decimal.Decimal `json:"denominator,omitzero"`
}

// fraction returns the applied rate as numerator ÷ denominator.
func (lr LockedRate) fraction() (decimal.Decimal, decimal.Decimal) {
	if lr.Denominator.IsZero() {
		return lr.Applied, decimal.NewFromInt(1)
	}
	return lr.Numerator, lr.Denominator
}

// Convert returns m in the locked rate's target currency, unrounded; when
// the rate is a quotient that does not terminate, to 16 decimals beyond the
// currency's minor units. m must be in the rate's source currency. Use the
// package's Convert to convert and round exactly.
func (lr LockedRate) Convert(m Money) (Money, error) {
	if m.cur != lr.From {
		return Money{}, fmt.Errorf("%w: rate %s→%s applied to %s", ErrCurrencyMismatch, lr.From, lr.To, m.cur)
	}
	n, d := lr.fraction()
	return Money{amount: m.amount.Mul(n).DivRound(d, lr.To.MinorUnits()+rateScale), cur: lr.To}, nil
}

// WithBuffer returns the rate with a buffer of pct percent added to the
// market rate (3 means the customer is charged at market × 1.03). An
// identity rate takes no buffer. A negative buffer is an error wrapping
// ErrInvalid.
func (lr LockedRate) WithBuffer(pct decimal.Decimal) (LockedRate, error) {
	if pct.Sign() < 0 {
		return LockedRate{}, fmt.Errorf("%w: negative FX buffer %s%%", ErrInvalid, pct)
	}
	if lr.Derivation == DerivedIdentity {
		return lr, nil // no exchange, no exchange risk to buffer
	}
	lr.BufferPct = pct
	lr.Applied = lr.Market.Mul(percentFactor(pct))
	if !lr.Denominator.IsZero() {
		lr.Numerator = lr.Numerator.Mul(percentFactor(pct))
		lr.Applied = lr.Numerator.DivRound(lr.Denominator, rateScale)
	}
	return lr, nil
}

// FXSource provides exchange rates. *RateTable is the standard
// implementation; a service may wrap its own rate feed.
type FXSource interface {
	// Lookup returns the rate converting from into to. A pair it cannot
	// connect is an error wrapping ErrMissingRate that names the pair.
	Lookup(from, to Currency) (LockedRate, error)
}

type pair struct{ from, to Currency }

// RateTable is an immutable set of exchange rates with a base currency for
// cross rates. It is safe for concurrent use.
type RateTable struct {
	base  Currency
	rates map[pair]Rate
}

// NewRateTable validates rates and returns a table that derives missing
// pairs through base. Every rate needs two different valid currencies, a
// positive value, an as-of time and a source; a pair may appear once.
func NewRateTable(base Currency, rates ...Rate) (*RateTable, error) {
	var ps problems
	if base.IsZero() {
		ps.add("Base", CodeInvalidCurrency, "base currency is required")
	}
	t := &RateTable{base: base, rates: make(map[pair]Rate, len(rates))}
	for i, r := range rates {
		f := fmt.Sprintf("Rates[%d]", i)
		if r.From.IsZero() || r.To.IsZero() {
			ps.add(f, CodeInvalidCurrency, "rate needs both currencies")
			continue
		}
		if r.From == r.To {
			ps.add(f, CodeInvalidValue, "rate from a currency to itself")
		}
		if r.Value.Sign() <= 0 {
			ps.add(f+".Value", CodeNotPositive, "rate must be positive")
		}
		if r.AsOf.IsZero() {
			ps.add(f+".AsOf", CodeRequired, "rate needs an as-of time")
		}
		if r.Source == "" {
			ps.add(f+".Source", CodeRequired, "rate needs a source")
		}
		k := pair{r.From, r.To}
		if _, dup := t.rates[k]; dup {
			ps.add(f, CodeDuplicate, fmt.Sprintf("pair %s/%s listed twice", r.From, r.To))
		}
		t.rates[k] = r
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// Base returns the currency cross rates go through.
func (t *RateTable) Base() Currency {
	if t == nil {
		return Currency{}
	}
	return t.base
}

// Rates returns the quoted rates ordered by pair code.
func (t *RateTable) Rates() []Rate {
	if t == nil {
		return nil
	}
	out := make([]Rate, 0, len(t.rates))
	for _, r := range t.rates {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From.Code() < out[j].From.Code()
		}
		return out[i].To.Code() < out[j].To.Code()
	})
	return out
}

// Lookup finds from→to: the same currency is exactly 1; then the quoted
// pair; then the inverse of the opposite pair; then a cross rate through the
// base currency (each leg direct or inverse). Nothing else: a pair the table
// cannot connect is an error wrapping ErrMissingRate that names it.
func (t *RateTable) Lookup(from, to Currency) (LockedRate, error) {
	if from.IsZero() || to.IsZero() {
		return LockedRate{}, fmt.Errorf("%w: rate lookup without currency", ErrUnknownCurrency)
	}
	if from == to {
		return identityRate(from), nil
	}
	if t == nil {
		return LockedRate{}, fmt.Errorf("%w: %s→%s (no rate table)", ErrMissingRate, from, to)
	}
	if lr, ok := t.leg(from, to); ok {
		return lr, nil
	}
	if !t.base.IsZero() && from != t.base && to != t.base {
		a, okA := t.leg(from, t.base)
		b, okB := t.leg(t.base, to)
		if okA && okB {
			an, ad := a.fraction()
			bn, bd := b.fraction()
			num, den := an.Mul(bn), ad.Mul(bd)
			market := num.DivRound(den, rateScale)
			asOf := a.AsOf
			if b.AsOf.Before(asOf) {
				asOf = b.AsOf // a cross rate is as old as its older leg
			}
			source := a.Source
			if b.Source != a.Source {
				source = a.Source + "+" + b.Source
			}
			lr := LockedRate{From: from, To: to, Market: market, Applied: market,
				Derivation: DerivedCross, Via: t.base.Code(), AsOf: asOf, Source: source}
			if !den.Equal(decimal.NewFromInt(1)) {
				lr.Numerator, lr.Denominator = num, den
			}
			return lr, nil
		}
	}
	return LockedRate{}, fmt.Errorf("%w: %s→%s", ErrMissingRate, from, to)
}

// identityRate is the rate from a currency to itself: exactly 1.
func identityRate(c Currency) LockedRate {
	one := decimal.NewFromInt(1)
	return LockedRate{From: c, To: c, Market: one, Applied: one, Derivation: DerivedIdentity, Source: "identity"}
}

// leg returns a direct or inverse rate for one pair.
func (t *RateTable) leg(from, to Currency) (LockedRate, bool) {
	if r, ok := t.rates[pair{from, to}]; ok {
		return LockedRate{From: from, To: to, Market: r.Value, Applied: r.Value,
			Derivation: DerivedDirect, AsOf: r.AsOf, Source: r.Source}, true
	}
	if r, ok := t.rates[pair{to, from}]; ok {
		inv := decimal.NewFromInt(1).DivRound(r.Value, rateScale)
		return LockedRate{From: from, To: to, Market: inv, Applied: inv, Numerator: decimal.NewFromInt(1), Denominator: r.Value,
			Derivation: DerivedInverse, AsOf: r.AsOf, Source: r.Source}, true
	}
	return LockedRate{}, false
}

// Convert converts m into to with src, applying a buffer of bufferPct
// percent, and rounds the result once by r. It returns the rate it used.
func Convert(src FXSource, m Money, to Currency, bufferPct decimal.Decimal, r Rounding) (Money, LockedRate, error) {
	lr, err := src.Lookup(m.cur, to)
	if err != nil {
		return Money{}, LockedRate{}, err
	}
	if lr, err = lr.WithBuffer(bufferPct); err != nil {
		return Money{}, LockedRate{}, err
	}
	if m.cur != lr.From {
		return Money{}, LockedRate{}, fmt.Errorf("%w: rate %s→%s applied to %s", ErrCurrencyMismatch, lr.From, lr.To, m.cur)
	}
	n, d := lr.fraction()
	return Money{amount: roundQuo(m.amount.Mul(n), d, to, r), cur: to}, lr, nil
}

// roundQuo rounds p ÷ d exactly to the currency's minor units (or cash
// step) by r: the quotient is never cut short before it is rounded.
func roundQuo(p, d decimal.Decimal, cur Currency, r Rounding) decimal.Decimal {
	scale := cur.MinorUnits()
	inc := int64(1)
	if r.Cash {
		inc = cur.cashIncrement()
	}
	step := d.Mul(decimal.NewFromInt(inc))
	q, rem := p.Shift(scale).QuoRem(step, 0)
	if !rem.IsZero() {
		sign := decimal.NewFromInt(int64(p.Sign() * step.Sign()))
		twice := rem.Abs().Add(rem.Abs()).Cmp(step.Abs())
		switch r.Mode {
		case Up:
			q = q.Add(sign)
		case HalfUp:
			if twice >= 0 {
				q = q.Add(sign)
			}
		case HalfEven:
			if twice > 0 || (twice == 0 && q.Mod(decimal.NewFromInt(2)).Abs().Equal(decimal.NewFromInt(1))) {
				q = q.Add(sign)
			}
		}
	}
	return q.Mul(decimal.NewFromInt(inc)).Shift(-scale)
}

// percentFactor turns a percentage into a multiplier: 3 → 1.03.
func percentFactor(pct decimal.Decimal) decimal.Decimal {
	return decimal.NewFromInt(1).Add(pct.Shift(-2))
}
