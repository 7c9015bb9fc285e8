package itinerary

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors. Errors returned by this package wrap one of them; each
// matches its class in the agency package (agency.ErrInvalid,
// agency.ErrNotFound).
var (
	// ErrInvalid marks input that breaks a rule; the concrete error is a
	// *ValidationError listing every problem.
	ErrInvalid = problem.New("itinerary: invalid", problem.ErrInvalid)
	// ErrNotFound is returned when an item ID names no item.
	ErrNotFound = problem.New("itinerary: not found", problem.ErrNotFound)
)

// Severity says whether a problem blocks the trip or only deserves a look.
type Severity = problem.Severity

// Severities.
const (
	SeverityError   = problem.SeverityError
	SeverityWarning = problem.SeverityWarning
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
	CodeDSTGap            = "local_time_in_dst_gap"
)

// Problem is one finding about a trip: a stable code, how serious it is,
// the items and travellers concerned, structured detail (dates, item IDs)
// and an explanation. It is the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError carries the blocking problems of an input. It matches
// ErrInvalid with errors.Is; it is the one ValidationError type of every
// travelkit package.
type ValidationError = problem.ValidationError

// errNilTrip is the error for a nil *Trip handed to a function that reads
// one.
func errNilTrip() error {
	return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeRequired, Severity: SeverityError, Field: "Trip",
		Message: "a trip is required"}}}
}
