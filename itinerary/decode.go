package itinerary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
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
func DecodeTrip(data []byte) (*Trip, error) { return new(TripDecoder).Decode(data) }

// TripDecoder decodes trips as DecodeTrip does, keeping the time zones it
// has loaded, so that a store decoding many trips reads each zone's data
// once. The zero TripDecoder is ready; it is safe for concurrent use.
type TripDecoder struct {
	mu    sync.Mutex
	zones zones
}

// Decode reads a trip like DecodeTrip.
func (td *TripDecoder) Decode(data []byte) (*Trip, error) {
	if len(data) > maxDocument {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "trip document larger than 8 MiB"}}}
	}
	if err := checkDates(data); err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Trip
	if err := dec.Decode((*tripFields)(&t)); err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	if dec.More() {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "data after the trip document"}}}
	}
	td.mu.Lock()
	if td.zones == nil {
		td.zones = zones{}
	}
	ps := t.anchor(td.zones)
	td.mu.Unlock()
	if len(ps) > 0 {
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

// tripFields has Trip's fields without its methods, so that decoding into
// it does not recurse into UnmarshalJSON.
type tripFields Trip

// UnmarshalJSON reads a trip as encoding/json wrote it, refusing what
// DecodeTrip refuses apart from unknown fields: impossible calendar dates
// (which the date type would roll over) and transports in unknown zones.
// Transport instants are re-anchored in their places' zones.
func (t *Trip) UnmarshalJSON(data []byte) error {
	if err := checkDates(data); err != nil {
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	var f tripFields
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	trip := Trip(f)
	if ps := trip.anchor(zones{}); len(ps) > 0 {
		return &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	*t = trip
	return nil
}

// DecodePlan reads back what MarshalPlan wrote: the trip (strictly, as
// DecodeTrip) and its day-by-day view.
func DecodePlan(data []byte) (*Plan, error) {
	if len(data) > maxDocument {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: "plan document larger than 8 MiB"}}}
	}
	var raw struct {
		Trip json.RawMessage `json:"trip"`
		Days []Day           `json:"days"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeMalformed, Severity: SeverityError, Message: err.Error()}}}
	}
	if len(raw.Trip) == 0 {
		return nil, errNilTrip()
	}
	t, err := DecodeTrip(raw.Trip)
	if err != nil {
		return nil, err
	}
	return &Plan{Trip: t, Days: raw.Days}, nil
}
