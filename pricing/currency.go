package pricing

import (
	"fmt"

	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency. Its minor units (CNY 2, JPY 0, KWD 3,
// IQD 3) follow ISO 4217 and are what amounts are kept in; the digits
// people are shown and the cash rounding follow CLDR 48 (HUF shown without
// decimals and paid in steps of 5 forints, CHF cash in steps of 0.05), and
// the symbols come from the CLDR data in golang.org/x/text. Codes newer than that data (MRU, VES, VED, SLE,
// ZWG, UYW) are known too. The zero Currency is invalid: IsZero reports it
// and every operation that needs a currency rejects it.
type Currency struct {
	unit  currency.Unit
	late  uint8 // 1 + index in lateCodes for a code x/text lacks; 0 otherwise
	valid bool
}

// lateCodes are current ISO 4217 codes that the bundled CLDR data lacks,
// with their minor units (ISO 4217 list one).
var lateCodes = [...]struct {
	code  string
	minor int32
}{{"MRU", 2}, {"SLE", 2}, {"UYW", 4}, {"VED", 2}, {"VES", 2}, {"ZWG", 2}}

// isoMinor returns the ISO 4217 minor units of a code where CLDR's digits
// (meant for display) differ from them.
func isoMinor(code string) (int32, bool) {
	switch code {
	case "AFN", "ALL", "AMD", "COP", "GYD", "IDR", "IRR", "KPW", "LAK", "LBP", "MGA", "MMK", "MNT", "MUR",
		"PKR", "RSD", "SOS", "SYP", "TZS", "UZS", "YER":
		return 2, true
	case "IQD":
		return 3, true
	}
	return 0, false
}

// noMinorUnits reports ISO 4217 codes whose minor units are "N.A.": units
// of account, precious metals, test and no-currency codes, which no price
// is quoted in.
func noMinorUnits(code string) bool {
	switch code {
	case "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX":
		return true
	}
	return false
}

// ParseCurrency returns the currency for an upper-case ISO 4217 code such as
// "EUR". Anything else, including lower-case codes and codes without minor
// units ("XXX", "XAU"), is an error wrapping ErrUnknownCurrency.
func ParseCurrency(code string) (Currency, error) {
	if len(code) != 3 || !isUpperASCII(code) || noMinorUnits(code) {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, code)
	}
	for i, l := range lateCodes {
		if l.code == code {
			return Currency{late: uint8(i + 1), valid: true}, nil
		}
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
	switch {
	case !c.valid:
		return ""
	case c.late > 0:
		return lateCodes[c.late-1].code
	}
	return c.unit.String()
}

// String returns the ISO 4217 code.
func (c Currency) String() string { return c.Code() }

// IsZero reports whether c is the zero (invalid) Currency.
func (c Currency) IsZero() bool { return !c.valid }

// MinorUnits returns the number of decimals in the currency's minor unit
// per ISO 4217: 2 for CNY and EUR, 0 for JPY, 3 for KWD and IQD.
func (c Currency) MinorUnits() int32 {
	if c.late > 0 {
		return lateCodes[c.late-1].minor
	}
	if m, ok := isoMinor(c.unit.String()); ok {
		return m
	}
	scale, _ := currency.Standard.Rounding(c.unit)
	return int32(scale)
}

// cashIncrement returns the smallest cash step in minor units, from
// CLDR 48: 5 for CHF and CAD (coins down to 0.05), 50 for DKK, 100 for
// SEK, NOK, CZK and TWD (whole units in cash), 500 for HUF (5 forints),
// 1 where cash is paid to the minor unit.
func (c Currency) cashIncrement() int64 {
	if c.late > 0 {
		return 1
	}
	f, _ := cldrFractions(c.Code())
	step := int64(max(f.CashRounding, 1))
	minor := c.MinorUnits()
	if f.CashDigits > minor {
		return 1 // cash finer than the amounts kept: nothing to round
	}
	for s := f.CashDigits; s < minor; s++ {
		step *= 10
	}
	return step
}

// displayDigits is how many decimals people are shown for the currency
// (CLDR 48): none for JPY, HUF and IDR, two for most, three for KWD. It
// is never more than the minor units amounts are kept in.
func (c Currency) displayDigits() int32 {
	if c.late > 0 {
		return c.MinorUnits()
	}
	f, _ := cldrFractions(c.Code())
	return min(f.Digits, c.MinorUnits())
}

// MarshalText encodes the currency as its ISO code.
func (c Currency) MarshalText() ([]byte, error) {
	if !c.valid {
		return nil, fmt.Errorf("%w: zero currency", ErrUnknownCurrency)
	}
	return []byte(c.Code()), nil
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
