// Package problem holds the one error model every travelkit package shares:
// the error classes (invalid, not found, conflict, invalid transition,
// approval required), sentinels scoped to a package that still match their
// class, and the Problem / ValidationError pair that lists every problem of
// an input at once. Public packages export these types as aliases, so
// errors.As with any package's *ValidationError matches them all.
package problem
