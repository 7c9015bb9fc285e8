package inquiry

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors; each matches its class in the agency package.
var (
	// ErrInvalid marks input that breaks a rule.
	ErrInvalid = problem.New("inquiry: invalid", problem.ErrInvalid)
	// ErrInvalidTransition: the inquiry's status does not allow the event.
	ErrInvalidTransition = problem.New("inquiry: invalid transition", problem.ErrInvalidTransition)
)

// Problem is one broken rule; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
type ValidationError = problem.ValidationError
