package feedback

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors; every error from this package wraps one of them, and
// each matches its class in the agency package (agency.ErrInvalid,
// agency.ErrInvalidTransition, agency.ErrApprovalRequired).
var (
	// ErrInvalid marks input that breaks a rule; a *ValidationError lists
	// every problem.
	ErrInvalid = problem.New("feedback: invalid", problem.ErrInvalid)
	// ErrInvalidTransition: the action is not allowed in the complaint's
	// current status.
	ErrInvalidTransition = problem.New("feedback: invalid transition", problem.ErrInvalidTransition)
	// ErrApprovalRequired: compensation above the limit needs an approver.
	ErrApprovalRequired = problem.New("feedback: approval required", problem.ErrApprovalRequired)
	// ErrNoWorkingTime: a calendar has no working time within reach.
	ErrNoWorkingTime = problem.New("feedback: no working time", problem.ErrInvalid)
)

// Problem is one broken rule; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
// It is the one ValidationError type of every travelkit package.
type ValidationError = problem.ValidationError

type problems []Problem

func (ps *problems) add(field, code, msg string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: msg})
}

func (ps problems) err() error { return problem.Invalid(ErrInvalid, ps) }
