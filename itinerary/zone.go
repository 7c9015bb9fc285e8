package itinerary

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
)

// zones loads IANA locations once per operation.
type zones map[string]*time.Location

// load returns the location of an IANA zone name. "" and "Local" are
// refused: a trip must not depend on the machine it is read on.
func (z zones) load(name string) (*time.Location, error) {
	if loc, ok := z[name]; ok {
		return loc, nil
	}
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%w: time zone %q: an IANA zone name is required", ErrInvalid, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: unknown time zone %q", ErrInvalid, clip(name))
	}
	z[name] = loc
	return loc, nil
}

// at returns the instant of local time t on day d in loc. A wall time that a
// DST change skips is moved forward by the gap, as time.Date does.
func at(d date.Date, t TimeOfDay, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, int(t)/60, int(t)%60, 0, 0, loc)
}

// localDate returns the calendar date of instant t in loc.
func localDate(t time.Time, loc *time.Location) date.Date {
	return date.NewAt(t.In(loc))
}

// shiftDays moves an instant by n calendar days keeping its wall-clock time
// in loc: a 10:00 departure stays at 10:00 across a DST change.
func shiftDays(t time.Time, n int, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+n, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc)
}

// span returns when an item starts and ends, for items that happen at a
// time. ok is false for stays and notes.
func (it *Item) span(z zones) (start, end time.Time, ok bool, err error) {
	var p Place
	var d date.Date
	var t TimeOfDay
	var minutes int
	switch {
	case it.Kind == KindTransport && it.Transport != nil:
		return it.Transport.Depart, it.Transport.Arrive, true, nil
	case it.Kind == KindActivity && it.Activity != nil:
		p, d, t, minutes = it.Activity.Place, it.Activity.Date, it.Activity.Start, it.Activity.Minutes
	case it.Kind == KindMeal && it.Meal != nil:
		p, d, t, minutes = it.Meal.Place, it.Meal.Date, it.Meal.Start, it.Meal.Minutes
	case it.Kind == KindFreeTime && it.FreeTime != nil:
		p, d, t, minutes = it.FreeTime.Place, it.FreeTime.Date, it.FreeTime.Start, it.FreeTime.Minutes
	default:
		return time.Time{}, time.Time{}, false, nil
	}
	loc, err := z.load(p.Zone)
	if err != nil {
		return time.Time{}, time.Time{}, false, err
	}
	start = at(d, t, loc)
	return start, start.Add(time.Duration(minutes) * time.Minute), true, nil
}

// Shift returns a copy of the trip moved to start on newStart. Every item
// keeps its local wall-clock times in its own zone, so a 10:05 flight still
// leaves at 10:05 even when the new dates fall across a DST change.
func (t *Trip) Shift(newStart date.Date) (*Trip, error) {
	n := int(newStart - t.Start)
	c := t.Clone()
	z := zones{}
	var ps []Problem
	for i := range c.Items {
		if err := c.Items[i].shift(n, z); err != nil {
			ps = append(ps, Problem{Code: CodeUnknownZone, Severity: SeverityError, Items: []string{c.Items[i].ID}, Message: err.Error()})
		}
	}
	if len(ps) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	c.Start += date.Date(n)
	c.End += date.Date(n)
	return c, nil
}

// shift moves one item by n days keeping local times.
func (it *Item) shift(n int, z zones) error {
	dn := date.Date(n)
	switch {
	case it.Transport != nil:
		from, err := z.load(it.Transport.From.Zone)
		if err != nil {
			return err
		}
		to, err := z.load(it.Transport.To.Zone)
		if err != nil {
			return err
		}
		it.Transport.Depart = shiftDays(it.Transport.Depart, n, from)
		it.Transport.Arrive = shiftDays(it.Transport.Arrive, n, to)
	case it.Stay != nil:
		it.Stay.CheckIn += dn
		it.Stay.CheckOut += dn
	case it.Activity != nil:
		it.Activity.Date += dn
	case it.Meal != nil:
		it.Meal.Date += dn
	case it.FreeTime != nil:
		it.FreeTime.Date += dn
	case it.Note != nil:
		it.Note.Date += dn
	}
	return nil
}

// Dates returns the first and last local dates an item touches: a
// transport's departure and arrival dates in their zones, a stay's check-in
// and check-out, the date of anything else. It fails only on an unknown zone.
func (it *Item) Dates() (first, last date.Date, err error) {
	switch {
	case it.Transport != nil:
		z := zones{}
		from, err := z.load(it.Transport.From.Zone)
		if err != nil {
			return 0, 0, err
		}
		to, err := z.load(it.Transport.To.Zone)
		if err != nil {
			return 0, 0, err
		}
		return localDate(it.Transport.Depart, from), localDate(it.Transport.Arrive, to), nil
	case it.Stay != nil:
		return it.Stay.CheckIn, it.Stay.CheckOut, nil
	case it.Activity != nil:
		return it.Activity.Date, it.Activity.Date, nil
	case it.Meal != nil:
		return it.Meal.Date, it.Meal.Date, nil
	case it.FreeTime != nil:
		return it.FreeTime.Date, it.FreeTime.Date, nil
	case it.Note != nil:
		return it.Note.Date, it.Note.Date, nil
	}
	return 0, 0, nil
}
