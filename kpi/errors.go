package kpi

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors; each matches its class in the agency package.
var (
	// ErrInvalid marks input that breaks a rule.
	ErrInvalid = problem.New("kpi: invalid", problem.ErrInvalid)
)

// Problem is one broken rule; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
type ValidationError = problem.ValidationError
