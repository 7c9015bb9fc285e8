package feedback

import (
	"errors"
	"strings"
)

// Sentinel errors; every error from this package wraps one of them.
var (
	// ErrInvalid marks input that breaks a rule; a *ValidationError lists
	// every problem.
	ErrInvalid = errors.New("feedback: invalid")
	// ErrInvalidTransition: the action is not allowed in the complaint's
	// current status.
	ErrInvalidTransition = errors.New("feedback: invalid transition")
	// ErrApprovalRequired: compensation above the limit needs an approver.
	ErrApprovalRequired = errors.New("feedback: approval required")
	// ErrNoWorkingTime: a calendar has no working time within reach.
	ErrNoWorkingTime = errors.New("feedback: no working time")
)

// Problem is one broken rule.
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
	return "feedback: invalid: " + strings.Join(parts, "; ")
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

type problems []Problem

func (ps *problems) add(field, code, msg string) { *ps = append(*ps, Problem{field, code, msg}) }

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}
