package itinerary

import (
	"fmt"
	"time"

	"github.com/travelkit/travelkit/internal/problem"
)

// TimeOfDay is a local wall-clock time in minutes after midnight, 0 to 1440
// (24:00, the end of a day, for closing times). Its text form is "HH:MM".
type TimeOfDay int

// Clock returns the time of day h:m. Hours run 0–24 and minutes 0–59 (24:00
// is the end of a day); anything else, such as Clock(25, 70), returns an
// invalid TimeOfDay that Valid reports and every builder and validator
// refuses, rather than rolling over into another time.
func Clock(h, m int) TimeOfDay {
	if h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m > 0) {
		return invalidTime
	}
	return TimeOfDay(h*60 + m)
}

// invalidTime is what Clock returns for an impossible time.
const invalidTime TimeOfDay = -1

// ParseTimeOfDay reads "HH:MM" (00:00 to 24:00).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, fmt.Errorf("%w: time of day %q is not HH:MM", ErrInvalid, clip(s))
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	t := TimeOfDay(h*60 + m)
	if m > 59 || t > 24*60 {
		return 0, fmt.Errorf("%w: time of day %q out of range", ErrInvalid, s)
	}
	return t, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func clip(s string) string { return problem.Clip(s) }

// Valid reports whether t is within 00:00–24:00.
func (t TimeOfDay) Valid() bool { return t >= 0 && t <= 24*60 }

// String renders "HH:MM".
func (t TimeOfDay) String() string {
	if !t.Valid() {
		return fmt.Sprintf("TimeOfDay(%d)", int(t))
	}
	return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60)
}

// MarshalText renders "HH:MM".
func (t TimeOfDay) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, fmt.Errorf("%w: time of day %d out of range", ErrInvalid, int(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads "HH:MM".
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// of returns the local time of day of an instant in its own location.
func of(t time.Time) TimeOfDay { return TimeOfDay(t.Hour()*60 + t.Minute()) }
