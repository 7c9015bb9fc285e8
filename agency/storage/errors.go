package storage

import "github.com/travelkit/travelkit/internal/problem"

// The error classes a store's errors match with errors.Is; they are the
// same values as agency's sentinels.
var (
	// ErrNotFound: no record with that key for that tenant.
	ErrNotFound = problem.ErrNotFound
	// ErrConflict: a stale version, a key that exists already, a chain
	// version out of turn.
	ErrConflict = problem.ErrConflict
	// ErrInvalid: the input cannot be stored as given (text that is not
	// UTF-8 or holds NUL, a value out of range, a malformed query).
	ErrInvalid = problem.ErrInvalid
	// ErrInvalidTransition: the record is not in a state that allows the
	// change (a hold that is no longer active, an event that is not dead).
	ErrInvalidTransition = problem.ErrInvalidTransition
)

// Problem is one broken rule of an input; the one Problem type of every
// travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input and matches ErrInvalid;
// the one ValidationError type of every travelkit package.
type ValidationError = problem.ValidationError
