package agency

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors: the error classes. Every error from this package and
// from conforming stores wraps one of them, and every domain sentinel
// (pricing.ErrMissingRate, feedback.ErrInvalidTransition, …) matches its
// class here too, so a caller branches with errors.Is on these alone or on
// the domain sentinel beneath.
var (
	// ErrNotFound: no record with that key for that tenant.
	ErrNotFound = problem.ErrNotFound
	// ErrConflict: a stale version, a version that already exists, or a
	// second acceptance of a quote. Reload and retry.
	ErrConflict = problem.ErrConflict
	// ErrInvalid: the input breaks a rule; a *ValidationError lists why
	// where the input was a record.
	ErrInvalid = problem.ErrInvalid
	// ErrInvalidTransition: the record is not in a state that allows the
	// change (an expired quote cannot be accepted, a closed complaint not
	// escalated).
	ErrInvalidTransition = problem.ErrInvalidTransition
	// ErrApprovalRequired: the change needs an approver (compensation above
	// the handler's limit).
	ErrApprovalRequired = problem.ErrApprovalRequired
)

// Problem is one broken rule: where, a stable code, structured detail and an
// explanation; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
// It is the one ValidationError type of every travelkit package.
type ValidationError = problem.ValidationError
