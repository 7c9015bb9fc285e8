package itinerary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
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
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "trip document larger than 8 MiB"}}}
	}
	if err := checkDates(data); err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Trip
	if err := dec.Decode(&t); err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	if dec.More() {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "data after the trip document"}}}
	}
	if ps := t.anchor(zones{}); len(ps) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	return &t, nil
}

// checkDates refuses impossible calendar dates ("2027-02-30", month 13)
// that the date type would otherwise roll over into another day silently.
// It looks at every JSON string of the form "YYYY-MM-DD" — a byte scan,
// much cheaper than tokenising the document.
func checkDates(data []byte) error {
	for i := 0; i+11 < len(data); i++ {
		if data[i] != '"' || data[i+11] != '"' || (i > 0 && data[i-1] == '\\') {
			continue
		}
		s := data[i+1 : i+11]
		if s[4] != '-' || s[7] != '-' || !digits(string(s[:4])) || !digits(string(s[5:7])) || !digits(string(s[8:])) {
			continue
		}
		if _, err := time.Parse("2006-01-02", string(s)); err != nil {
			return fmt.Errorf("%q is not a calendar date (YYYY-MM-DD)", s)
		}
		i += 10
	}
	return nil
}
