package agency

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error from this package and from conforming
// stores wraps one of them; callers branch with errors.Is.
var (
	// ErrNotFound: no record with that key for that tenant.
	ErrNotFound = errors.New("agency: not found")
	// ErrConflict: a stale version, a version that already exists, or a
	// second acceptance of a quote. Reload and retry.
	ErrConflict = errors.New("agency: conflict")
	// ErrInvalid: the input breaks a rule; a *ValidationError lists why.
	ErrInvalid = errors.New("agency: invalid")
	// ErrInvalidTransition: the record is not in a state that allows the
	// change (an expired quote cannot be accepted).
	ErrInvalidTransition = errors.New("agency: invalid transition")
)

// Problem is one broken rule: where, a stable code and an explanation.
type Problem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError lists every problem of an input; it matches ErrInvalid.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Message + " (" + p.Code + ")"
	}
	return "agency: invalid: " + strings.Join(parts, "; ")
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
