package pricing

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// maxAmountLen bounds the textual length of a parsed amount, so a hostile
// input cannot make the parser build an enormous number.
const maxAmountLen = 64

// Money is an exact decimal amount in one ISO 4217 currency. Values are
// immutable; every operation returns a new Money. Arithmetic keeps full
// precision; Round brings an amount to the currency's minor units once, where
// a customer sees it.
//
// The zero Money has no currency and is rejected by every operation that
// combines amounts. Use Zero(currency) for a zero amount.
type Money struct {
	amount decimal.Decimal
	cur    Currency
}

// New returns amount in cur. It fails with ErrUnknownCurrency when cur is the
// zero Currency.
func New(amount decimal.Decimal, cur Currency) (Money, error) {
	if cur.IsZero() {
		return Money{}, fmt.Errorf("%w: zero currency", ErrUnknownCurrency)
	}
	return Money{amount: amount, cur: cur}, nil
}

// Zero returns a zero amount in cur.
func Zero(cur Currency) Money { return Money{cur: cur} }

// FromMinor returns minor units of cur as Money: FromMinor(123450, EUR) is
// 1234.50 EUR, FromMinor(500, JPY) is 500 JPY.
func FromMinor(minor int64, cur Currency) Money {
	return Money{amount: decimal.New(minor, -cur.MinorUnits()), cur: cur}
}

// Parse reads a decimal amount ("1234.50", "-3", "0.125") and an ISO 4217 code.
// The amount has an optional leading minus, at least one digit, and an
// optional fraction after a dot; exponents, spaces, signs other than a
// leading minus and grouping separators are rejected so that no two spellings
// of user input silently mean different things.
func Parse(amount, code string) (Money, error) {
	cur, err := ParseCurrency(code)
	if err != nil {
		return Money{}, err
	}
	d, err := parseAmount(amount)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: d, cur: cur}, nil
}

// parseAmount parses the strict decimal syntax described at Parse.
func parseAmount(s string) (decimal.Decimal, error) {
	if !validAmountSyntax(s) {
		return decimal.Decimal{}, fmt.Errorf("%w: malformed amount %q", ErrInvalid, truncate(s, maxAmountLen))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: malformed amount %q", ErrInvalid, s)
	}
	return d, nil
}

func validAmountSyntax(s string) bool {
	if len(s) == 0 || len(s) > maxAmountLen {
		return false
	}
	i := 0
	if s[0] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if digits == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '.' {
		return false
	}
	i++
	frac := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		frac++
	}
	return frac > 0 && i == len(s)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Amount returns the exact decimal amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the currency.
func (m Money) Currency() Currency { return m.cur }

// IsValid reports whether m has a currency (the zero Money has none).
func (m Money) IsValid() bool { return !m.cur.IsZero() }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int { return m.amount.Sign() }

// Neg returns -m.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), cur: m.cur} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{amount: m.amount.Abs(), cur: m.cur} }

// sameCurrency checks that m and o can be combined.
func (m Money) sameCurrency(o Money) error {
	if m.cur.IsZero() || o.cur.IsZero() {
		return fmt.Errorf("%w: amount without currency", ErrCurrencyMismatch)
	}
	if m.cur != o.cur {
		return fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.cur.Code(), o.cur.Code())
	}
	return nil
}

// Add returns m+o. Different currencies are an error wrapping
// ErrCurrencyMismatch, never a conversion.
func (m Money) Add(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Add(o.amount), cur: m.cur}, nil
}

// Sub returns m-o. Different currencies are an error wrapping
// ErrCurrencyMismatch.
func (m Money) Sub(o Money) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Sub(o.amount), cur: m.cur}, nil
}

// Mul returns m×f exactly (no rounding).
func (m Money) Mul(f decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(f), cur: m.cur}
}

// MulInt returns m×n exactly.
func (m Money) MulInt(n int64) Money {
	return Money{amount: m.amount.Mul(decimal.NewFromInt(n)), cur: m.cur}
}

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Different
// currencies are an error wrapping ErrCurrencyMismatch.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.sameCurrency(o); err != nil {
		return 0, err
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o have the same currency and numerically equal
// amounts (1.5 EUR equals 1.50 EUR).
func (m Money) Equal(o Money) bool {
	return m.cur == o.cur && m.amount.Equal(o.amount)
}

// IsRounded reports whether the amount has no more decimals than the
// currency's minor units.
func (m Money) IsRounded() bool {
	return m.amount.Equal(m.amount.Truncate(m.cur.MinorUnits()))
}

// MinorUnits returns the amount as an integer count of minor units (cents,
// fen, yen), the exact form for SQL sums. It fails with ErrNotRounded when the
// amount has more decimals than the currency, and ErrOverflow when it does not
// fit an int64.
func (m Money) MinorUnits() (int64, error) {
	if m.cur.IsZero() {
		return 0, fmt.Errorf("%w: amount without currency", ErrUnknownCurrency)
	}
	scale := m.cur.MinorUnits()
	if c, e, ok := smallCoefficient(m.amount); ok && e <= 0 && -e-scale <= 16 {
		if shift := -e - scale; shift > 0 {
			if c%pow10(shift) != 0 {
				return 0, fmt.Errorf("%w: %s", ErrNotRounded, m)
			}
			return c / pow10(shift), nil
		} else if numDigits64(c)-int(shift) <= 18 {
			return c * pow10(-shift), nil
		}
	}
	if !m.IsRounded() {
		return 0, fmt.Errorf("%w: %s", ErrNotRounded, m)
	}
	units := m.amount.Shift(scale)
	bi := units.BigInt()
	if !bi.IsInt64() {
		return 0, fmt.Errorf("%w: %s", ErrOverflow, m)
	}
	return bi.Int64(), nil
}

// String renders "1234.50 EUR": the amount with at least the currency's
// decimals (more when the amount is not rounded), then the code.
func (m Money) String() string {
	var buf [40]byte
	b := appendAmount(buf[:0], m.amount, m.cur.MinorUnits())
	b = append(b, ' ')
	b = append(b, m.cur.Code()...)
	return string(b)
}

// amountString renders the amount with at least the currency's minor-unit
// decimals and no trailing zeros beyond them.
func (m Money) amountString() string {
	minor := m.cur.MinorUnits()
	var buf [32]byte
	return string(appendAmount(buf[:0], m.amount, minor))
}

// slowAmountString is amountString for amounts beyond the fast path.
func (m Money) slowAmountString(minor int32) string {
	s := m.amount.String() // trims trailing zeros
	dot := strings.IndexByte(s, '.')
	have := 0
	if dot >= 0 {
		have = len(s) - dot - 1
	}
	if have >= int(minor) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + int(minor) - have + 1)
	b.WriteString(s)
	if dot < 0 {
		b.WriteByte('.')
	}
	for ; have < int(minor); have++ {
		b.WriteByte('0')
	}
	return b.String()
}

// MarshalJSON encodes {"amount":"1234.50","currency":"EUR"}. The amount is a
// string so no JSON reader turns it into a float.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.cur.IsZero() {
		return nil, fmt.Errorf("%w: cannot encode money without currency", ErrUnknownCurrency)
	}
	// Amounts are digits, a sign and a dot, and codes three letters: nothing
	// to escape, so the document is written directly.
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":"`...)
	b = appendAmount(b, m.amount, m.cur.MinorUnits())
	b = append(b, `","currency":"`...)
	b = append(b, m.cur.Code()...)
	return append(b, `"}`...), nil
}

// UnmarshalJSON decodes {"amount":"1234.50","currency":"EUR"}. The amount
// must be a string in the syntax Parse accepts; a JSON number is rejected.
func (m *Money) UnmarshalJSON(b []byte) error {
	if amount, code, ok := canonicalMoneyJSON(b); ok {
		parsed, err := Parse(amount, code)
		if err != nil {
			return err
		}
		*m = parsed
		return nil
	}
	var raw struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("%w: money: %v", ErrInvalid, err)
	}
	var amount string
	if err := json.Unmarshal(raw.Amount, &amount); err != nil {
		return fmt.Errorf("%w: money amount must be a JSON string", ErrInvalid)
	}
	parsed, err := Parse(amount, raw.Currency)
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// Value implements driver.Valuer as the text "1234.50 EUR", which Scan reads
// back exactly. Columns that are summed in SQL should store MinorUnits and
// the currency code in two columns instead.
func (m Money) Value() (driver.Value, error) {
	if m.cur.IsZero() {
		return nil, fmt.Errorf("%w: cannot store money without currency", ErrUnknownCurrency)
	}
	return m.String(), nil
}

// Scan implements sql.Scanner for the text written by Value.
func (m *Money) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("%w: cannot scan %T into Money", ErrInvalid, src)
	}
	amount, code, ok := strings.Cut(s, " ")
	if !ok {
		return fmt.Errorf("%w: malformed money %q", ErrInvalid, truncate(s, maxAmountLen))
	}
	parsed, err := Parse(amount, code)
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// canonicalMoneyJSON reads the exact form MarshalJSON writes,
// {"amount":"…","currency":"…"}, without the general decoder; anything else
// goes through the strict decoder.
func canonicalMoneyJSON(b []byte) (amount, code string, ok bool) {
	const head, mid, tail = `{"amount":"`, `","currency":"`, `"}`
	if !bytes.HasPrefix(b, []byte(head)) || !bytes.HasSuffix(b, []byte(tail)) {
		return "", "", false
	}
	body := b[len(head) : len(b)-len(tail)]
	i := bytes.Index(body, []byte(mid))
	if i < 0 {
		return "", "", false
	}
	a, c := body[:i], body[i+len(mid):]
	if bytes.ContainsAny(a, `"\\`) || bytes.ContainsAny(c, `"\\`) {
		return "", "", false
	}
	return string(a), string(c), true
}
