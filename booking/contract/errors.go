package contract

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors; each matches its class in the agency package.
var (
	// ErrInvalid marks input that breaks a rule: a template or draft
	// input that cannot make a contract.
	ErrInvalid = problem.New("contract: invalid", problem.ErrInvalid)
	// ErrInvalidTransition: a contract with blocking findings cannot be
	// signed, and a signed contract is not signed again.
	ErrInvalidTransition = problem.New("contract: invalid transition", problem.ErrInvalidTransition)
)

// Problem is one broken rule; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
type ValidationError = problem.ValidationError
