package itinerary

import (
	"errors"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of them.
var (
	// ErrInvalid marks input that breaks a rule; the concrete error is a
	// *ValidationError listing every problem.
	ErrInvalid = errors.New("itinerary: invalid")
	// ErrNotFound is returned when an item ID names no item.
	ErrNotFound = errors.New("itinerary: not found")
)

// Severity says whether a problem blocks the trip or only deserves a look.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem codes are stable; programs branch on them.
const (
	CodeRequired          = "required"
	CodeInvalidValue      = "invalid_value"
	CodeUnknownZone       = "unknown_zone"
	CodeDuplicateID       = "duplicate_id"
	CodeOutsideTrip       = "outside_trip"
	CodeArrivesBeforeDep  = "arrives_before_departure"
	CodeCheckOutOrder     = "check_out_not_after_check_in"
	CodeTransportOverlap  = "transport_overlap"
	CodeStayOverlap       = "stay_overlap"
	CodeNightUncovered    = "night_uncovered"
	CodeLocation          = "location_discontinuity"
	CodeShortConnection   = "short_connection"
	CodeClosedDay         = "closed_day"
	CodeClosedHours       = "closed_hours"
	CodeRoomsOverCapacity = "rooms_over_capacity"
	CodeUnknownTraveller  = "unknown_traveller"
	CodeInfantAlone       = "infant_without_adult"
	CodeLongDay           = "long_day"
	CodeLateArrival       = "late_arrival"
	CodeEmptyDay          = "empty_day"
	CodeUnknownItem       = "unknown_item"
)

// Problem is one finding about a trip: a stable code, how serious it is,
// the items and travellers concerned, and an explanation.
type Problem struct {
	Code       string   `json:"code"`
	Severity   Severity `json:"severity"`
	Field      string   `json:"field,omitempty"`
	Items      []string `json:"items,omitempty"`
	Travellers []string `json:"travellers,omitempty"`
	Message    string   `json:"message"`
}

// ValidationError carries the blocking problems of an input. It matches
// ErrInvalid with errors.Is.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one per clause.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("itinerary: invalid")
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if p.Field != "" {
			b.WriteString(p.Field)
			b.WriteString(": ")
		} else if len(p.Items) > 0 {
			b.WriteString(strings.Join(p.Items, ","))
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
		b.WriteString(" (")
		b.WriteString(p.Code)
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
