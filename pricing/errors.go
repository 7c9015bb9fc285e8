package pricing

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so callers can branch with errors.Is.
var (
	// ErrInvalid marks input that breaks a structural or domain rule. The
	// concrete error is a *ValidationError listing every problem.
	ErrInvalid = errors.New("pricing: invalid input")
	// ErrCurrencyMismatch is returned when two amounts in different currencies
	// are combined. Conversion is never implicit.
	ErrCurrencyMismatch = errors.New("pricing: currency mismatch")
	// ErrUnknownCurrency is returned for a code that is not an ISO 4217 currency.
	ErrUnknownCurrency = errors.New("pricing: unknown currency")
	// ErrMissingRate is returned when no exchange rate (direct, inverse or
	// cross) connects two currencies. There is no fallback to 1.0.
	ErrMissingRate = errors.New("pricing: missing exchange rate")
	// ErrNotRounded is returned when an operation that works in minor units
	// (allocation, minor-unit export) receives an amount with more decimals
	// than its currency has.
	ErrNotRounded = errors.New("pricing: amount not rounded to minor units")
	// ErrOverflow is returned when an amount does not fit the int64 minor-unit
	// representation an operation needs.
	ErrOverflow = errors.New("pricing: amount out of range")
)

// Problem codes are stable identifiers for validation problems. Programs
// branch on the code; the message is for people and may change.
const (
	CodeRequired         = "required"
	CodeInvalidCurrency  = "invalid_currency"
	CodeCurrencyMismatch = "currency_mismatch"
	CodeNegative         = "negative"
	CodeNotPositive      = "not_positive"
	CodeOutOfRange       = "out_of_range"
	CodeDuplicate        = "duplicate"
	CodeUnknownReference = "unknown_reference"
	CodeMissingRate      = "missing_rate"
	CodeBelowNet         = "below_net"
	CodeInvalidValue     = "invalid_value"
	CodeOrder            = "order"
	CodeTooPrecise       = "too_precise"
)

// Problem is one broken rule in an input: where (Field, a dotted path such as
// "Lines[3].Quantity"), what (Code, stable) and a human explanation.
type Problem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError lists every problem found in one input. It matches
// ErrInvalid with errors.Is.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems into one line per problem.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("pricing: invalid input")
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(p.Message)
		b.WriteString(" (")
		b.WriteString(p.Code)
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// problems accumulates Problems; its err method returns nil when none were
// added, so validation code reads as a list of checks.
type problems []Problem

func (ps *problems) add(field, code, message string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: message})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}
