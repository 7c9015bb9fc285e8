package pricing

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors. Every error returned by this package wraps one of them,
// and each matches its class in the agency package (ErrInvalid and the
// other pricing sentinels match agency.ErrInvalid), so callers can branch
// with errors.Is at either level.
var (
	// ErrInvalid marks input that breaks a structural or domain rule. The
	// concrete error is a *ValidationError listing every problem.
	ErrInvalid = problem.New("pricing: invalid input", problem.ErrInvalid)
	// ErrCurrencyMismatch is returned when two amounts in different currencies
	// are combined. Conversion is never implicit.
	ErrCurrencyMismatch = problem.New("pricing: currency mismatch", problem.ErrInvalid)
	// ErrUnknownCurrency is returned for a code that is not an ISO 4217 currency.
	ErrUnknownCurrency = problem.New("pricing: unknown currency", problem.ErrInvalid)
	// ErrMissingRate is returned when no exchange rate (direct, inverse or
	// cross) connects two currencies. There is no fallback to 1.0. A quote
	// that fails for a missing rate matches it as well as ErrInvalid.
	ErrMissingRate = problem.New("pricing: missing exchange rate", problem.ErrInvalid)
	// ErrNotRounded is returned when an operation that works in minor units
	// (allocation, minor-unit export) receives an amount with more decimals
	// than its currency has.
	ErrNotRounded = problem.New("pricing: amount not rounded to minor units", problem.ErrInvalid)
	// ErrOverflow is returned when an amount does not fit the int64 minor-unit
	// representation an operation needs.
	ErrOverflow = problem.New("pricing: amount out of range", problem.ErrInvalid)
	// ErrTooLarge is returned when an input exceeds a documented cap (parts of
	// an allocation, lines of a quote) instead of allocating without bound. It
	// also matches ErrInvalid.
	ErrTooLarge = problem.New("pricing: input too large", ErrInvalid)
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
	CodeTooMany          = "too_many"
)

// Problem is one broken rule in an input: where (Field, a dotted path such
// as "Lines[3].Quantity"), what (Code, stable), structured detail and a human
// explanation. It is the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem found in one input; it matches
// ErrInvalid with errors.Is. It is the one ValidationError type of every
// travelkit package, so errors.As with any of them matches.
type ValidationError = problem.ValidationError

// problems accumulates Problems; its err method returns nil when none were
// added, so validation code reads as a list of checks.
type problems []Problem

func (ps *problems) add(field, code, message string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: message})
}

// err returns the list as a *ValidationError; one that names a missing
// exchange rate also matches ErrMissingRate, as the package doc promises.
func (ps problems) err() error {
	for _, p := range ps {
		if p.Code == CodeMissingRate {
			return problem.Invalid(ErrInvalid, ps, ErrMissingRate)
		}
	}
	return problem.Invalid(ErrInvalid, ps)
}
