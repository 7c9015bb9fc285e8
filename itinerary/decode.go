package itinerary

import (
	"bytes"
	"encoding/json"
)

// CodeMalformed marks input that is not a well-formed trip document.
const CodeMalformed = "malformed"

// maxDocument bounds the size of a decoded trip document.
const maxDocument = 8 << 20

// DecodeTrip reads a trip from JSON as MarshalPlan's "trip" or encoding/json
// writes it. Unknown fields are refused, and every transport instant is
// re-anchored in its place's zone. Errors are *ValidationError values
// (matching ErrInvalid); the trip is not validated here — call Validate.
func DecodeTrip(data []byte) (*Trip, error) {
	if len(data) > maxDocument {
		return nil, &ValidationError{Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "trip document larger than 8 MiB"}}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Trip
	if err := dec.Decode(&t); err != nil {
		return nil, &ValidationError{Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	if dec.More() {
		return nil, &ValidationError{Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "data after the trip document"}}}
	}
	if ps := t.anchor(zones{}); len(ps) > 0 {
		return nil, &ValidationError{Problems: ps}
	}
	return &t, nil
}
