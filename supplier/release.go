package supplier

import (
	"errors"
	"time"

	"github.com/rickb777/date/v2"
)

// ReleaseRule is when unsold allotment goes back to the supplier. The one
// convention, in the supplier's time zone: with Days = r, a stay date S
// sells from the allotment while today ≤ S − r − 1 and is on request from
// S − r, the day the release job gives the unsold units back. With Hours =
// h instead, it sells while now is earlier than h hours before S's local
// midnight. Zero days is a real value: the allotment sells until the day
// before arrival.
type ReleaseRule struct {
	Days  int `json:"days,omitempty"`
	Hours int `json:"hours,omitempty"`
}

func (r ReleaseRule) check() error {
	switch {
	case r.Days < 0 || r.Hours < 0:
		return errors.New("release days and hours are not negative")
	case r.Days > 0 && r.Hours > 0:
		return errors.New("a release is in days or in hours, not both")
	}
	return nil
}

// ReleaseDate is the local date the allotment for stay date s is released
// and goes on request: s − Days, or the date of the hours deadline.
func (r ReleaseRule) ReleaseDate(s date.Date, loc *time.Location) date.Date {
	if r.Hours > 0 {
		return date.NewAt(r.deadline(s, loc).In(loc))
	}
	return s - date.Date(r.Days)
}

// deadline is the first instant at which stay date s no longer sells.
func (r ReleaseRule) deadline(s date.Date, loc *time.Location) time.Time {
	if r.Hours > 0 {
		return s.MidnightIn(loc).Add(-time.Duration(r.Hours) * time.Hour)
	}
	return (s - date.Date(r.Days)).MidnightIn(loc)
}

// Sells reports whether stay date s still sells from the allotment at
// instant now, read in loc (the supplier's zone).
func (r ReleaseRule) Sells(s date.Date, now time.Time, loc *time.Location) bool {
	return now.Before(r.deadline(s, loc))
}

// firstSelling returns the first stay date that still sells at now under a
// rule in days (ok false for a rule in hours, which is read night by
// night): the day after today + Days, in loc.
func (r ReleaseRule) firstSelling(now time.Time, loc *time.Location) (date.Date, bool) {
	if r.Hours > 0 {
		return 0, false
	}
	return date.NewAt(now.In(loc)) + date.Date(r.Days) + 1, true
}
