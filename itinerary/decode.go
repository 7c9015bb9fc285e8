package itinerary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
		return nil, &ValidationError{Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "trip document larger than 8 MiB"}}}
	}
	if err := checkDates(data); err != nil {
		return nil, &ValidationError{Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
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

// dateKeys are the fields that hold calendar dates.
var dateKeys = map[string]bool{"start": true, "end": true, "birth_date": true, "check_in": true,
	"check_out": true, "date": true, "end_date": true}

// checkDates refuses impossible calendar dates ("2027-02-30", month 13)
// that the date type would otherwise roll over into another day silently.
func checkDates(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct{ object, wantKey bool }
	var stack []frame
	key := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		top := len(stack) - 1
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top >= 0 && stack[top].object {
					stack[top].wantKey = true // the container was the value
				}
				stack = append(stack, frame{object: d == '{', wantKey: d == '{'})
			default:
				stack = stack[:top]
			}
			continue
		}
		if top < 0 || !stack[top].object {
			continue // array element or top-level scalar
		}
		if stack[top].wantKey {
			key, _ = tok.(string)
			stack[top].wantKey = false
			continue
		}
		stack[top].wantKey = true
		if s, ok := tok.(string); ok && dateKeys[key] && len(s) == 10 && s[4] == '-' && s[7] == '-' {
			if _, err := time.Parse("2006-01-02", s); err != nil {
				return fmt.Errorf("%s: %q is not a calendar date (YYYY-MM-DD)", key, clip(s))
			}
		}
	}
}
