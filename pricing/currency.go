package pricing

import (
	"fmt"

	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency. Its minor units (CNY 2, JPY 0, KWD 3) and
// cash rounding increment come from the CLDR data in golang.org/x/text. The
// zero Currency is invalid: IsZero reports it and every operation that needs a
// currency rejects it.
type Currency struct {
	unit  currency.Unit
	valid bool
}

// ParseCurrency returns the currency for an upper-case ISO 4217 code such as
// "EUR". Anything else, including lower-case codes and "XXX" (no currency),
// is an error wrapping ErrUnknownCurrency.
func ParseCurrency(code string) (Currency, error) {
	if len(code) != 3 || !isUpperASCII(code) || code == "XXX" {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, code)
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, code)
	}
	return Currency{unit: u, valid: true}, nil
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Code returns the ISO 4217 code, or "" for the zero Currency.
func (c Currency) Code() string {
	if !c.valid {
		return ""
	}
	return c.unit.String()
}

// String returns the ISO 4217 code.
func (c Currency) String() string { return c.Code() }

// IsZero reports whether c is the zero (invalid) Currency.
func (c Currency) IsZero() bool { return !c.valid }

// MinorUnits returns the number of decimals in the currency's minor unit:
// 2 for CNY and EUR, 0 for JPY, 3 for KWD.
func (c Currency) MinorUnits() int32 {
	scale, _ := currency.Standard.Rounding(c.unit)
	return int32(scale)
}

// cashIncrement returns the smallest cash step in minor units (5 for CHF,
// whose coins go down to 0.05; 1 for most currencies).
func (c Currency) cashIncrement() int64 {
	_, inc := currency.Cash.Rounding(c.unit)
	if inc < 1 {
		return 1
	}
	return int64(inc)
}

// MarshalText encodes the currency as its ISO code.
func (c Currency) MarshalText() ([]byte, error) {
	if !c.valid {
		return nil, fmt.Errorf("%w: zero currency", ErrUnknownCurrency)
	}
	return []byte(c.unit.String()), nil
}

// UnmarshalText decodes an ISO code.
func (c *Currency) UnmarshalText(b []byte) error {
	parsed, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
