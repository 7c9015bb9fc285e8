package feedback

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
)

// Window is a span of working time within a day, as offsets from local
// midnight: From 9h To 12h. To may be 24h (working until midnight).
type Window struct {
	From time.Duration `json:"from"`
	To   time.Duration `json:"to"`
}

// CalendarSpec describes business hours: working windows per weekday in an
// IANA zone, holidays, and extra working days (China's 调休 moves working
// days onto weekends around public holidays). AlwaysOpen makes a 24×7
// calendar. A spec is plain data: it is stored with each complaint so that
// later edits do not rewrite history.
type CalendarSpec struct {
	Zone string `json:"zone"`
	// Week holds each weekday's windows, indexed by time.Weekday.
	Week      [7][]Window `json:"week"`
	Holidays  []date.Date `json:"holidays,omitempty"`
	ExtraDays []date.Date `json:"extra_days,omitempty"`
	// ExtraHours are the windows of every extra working day. When empty,
	// extra days work Monday's windows (a 调休 Saturday stands in for a
	// weekday); ExtraDayHours says which apply. A spec whose extra days
	// would have no hours is refused.
	ExtraHours []Window `json:"extra_hours,omitempty"`
	AlwaysOpen bool     `json:"always_open,omitempty"`
}

// ExtraDayHours returns the windows an extra working day uses: ExtraHours,
// or Monday's when ExtraHours is empty.
func (s CalendarSpec) ExtraDayHours() []Window {
	if len(s.ExtraHours) > 0 {
		return s.ExtraHours
	}
	return s.Week[time.Monday]
}

// maxWalkDays bounds every walk through a calendar: ten years.
const maxWalkDays = 3660

// Calendar is a validated CalendarSpec, ready to compute with. It is
// immutable and safe for concurrent use.
type Calendar struct {
	spec     CalendarSpec
	loc      *time.Location
	holidays map[date.Date]bool
	extra    map[date.Date]bool
}

// NewCalendar validates a spec: a known zone; windows inside the day, each
// ending after it starts, in order and not overlapping; no day both a
// holiday and an extra working day; some working time in the week (or
// AlwaysOpen). It reports every problem at once.
func NewCalendar(spec CalendarSpec) (*Calendar, error) {
	var ps problems
	loc, err := time.LoadLocation(spec.Zone)
	if spec.Zone == "" || spec.Zone == "Local" || err != nil {
		ps.add("Zone", "unknown_zone", "an IANA time zone is required, not "+strconv.Quote(spec.Zone))
	}
	checkWindows := func(field string, ws []Window) time.Duration {
		var total time.Duration
		for i, w := range ws {
			f := field + "[" + strconv.Itoa(i) + "]"
			if w.From < 0 || w.To > 24*time.Hour || w.To <= w.From {
				ps.add(f, "invalid_window", "a window runs forward within 00:00–24:00")
				continue
			}
			if i > 0 && w.From < ws[i-1].To {
				ps.add(f, "overlapping_windows", "windows must be in order and not overlap")
			}
			total += w.To - w.From
		}
		return total
	}
	var week time.Duration
	for d := time.Sunday; d <= time.Saturday; d++ {
		week += checkWindows("Week["+d.String()+"]", spec.Week[d])
	}
	checkWindows("ExtraHours", spec.ExtraHours)
	c := &Calendar{spec: spec, loc: loc, holidays: map[date.Date]bool{}, extra: map[date.Date]bool{}}
	for _, h := range spec.Holidays {
		c.holidays[h] = true
	}
	for _, e := range spec.ExtraDays {
		if c.holidays[e] {
			ps.add("ExtraDays", "holiday_and_workday", e.String()+" is both a holiday and an extra working day")
		}
		c.extra[e] = true
	}
	extraHours := len(spec.ExtraDayHours()) > 0
	switch {
	case spec.AlwaysOpen:
	case week == 0 && (len(spec.ExtraDays) == 0 || !extraHours):
		ps.add("Week", "no_working_time", "the calendar has no working time")
	case len(spec.ExtraDays) > 0 && !extraHours:
		ps.add("ExtraHours", "no_working_time", "extra working days would have no hours: set ExtraHours or Monday's windows")
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Spec returns the calendar's description.
func (c *Calendar) Spec() CalendarSpec { return c.spec }

// Location returns the calendar's zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// windows returns the working windows of a local date.
func (c *Calendar) windows(d date.Date) []Window {
	switch {
	case c.holidays[d]:
		return nil
	case c.extra[d]:
		return c.spec.ExtraDayHours()
	}
	return c.spec.Week[d.Weekday()]
}

// span returns a window's instants on day d. Walking wall-clock times on
// calendar dates (not adding 24 h) keeps windows right across DST changes.
func (c *Calendar) span(d date.Date, w Window) (time.Time, time.Time) {
	y, m, dd := d.Date()
	midnight := func(off time.Duration) time.Time {
		h, mm := int(off/time.Hour), int(off%time.Hour/time.Minute)
		return time.Date(y, m, dd, h, mm, 0, 0, c.loc)
	}
	return midnight(w.From), midnight(w.To)
}

// Add returns the instant when d of working time has passed after start.
// Adding zero returns start, even outside working hours.
func (c *Calendar) Add(start time.Time, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return start, nil
	}
	if c.spec.AlwaysOpen {
		return start.Add(d), nil
	}
	remaining := d
	day := date.NewAt(start.In(c.loc))
	for i := 0; i < maxWalkDays; i, day = i+1, day+1 {
		for _, w := range c.windows(day) {
			ws, we := c.span(day, w)
			from := ws
			if start.After(from) {
				from = start
			}
			if !from.Before(we) {
				continue
			}
			avail := we.Sub(from)
			if remaining <= avail {
				return from.Add(remaining), nil
			}
			remaining -= avail
		}
	}
	return time.Time{}, fmt.Errorf("%w: %s of working time not reached within %d days of %s", ErrNoWorkingTime, d, maxWalkDays, start.Format(time.RFC3339))
}

// Between returns the working time in [a, b); zero when b is not after a.
// Like every walk through a calendar it covers at most ten years.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.spec.AlwaysOpen {
		return b.Sub(a)
	}
	var total time.Duration
	last := date.NewAt(b.In(c.loc))
	day := date.NewAt(a.In(c.loc))
	for i := 0; i < maxWalkDays && day <= last; i, day = i+1, day+1 {
		for _, w := range c.windows(day) {
			ws, we := c.span(day, w)
			if a.After(ws) {
				ws = a
			}
			if b.Before(we) {
				we = b
			}
			if we.After(ws) {
				total += we.Sub(ws)
			}
		}
	}
	return total
}

// NextOpen returns t if it falls in working time, else the start of the
// next working window.
func (c *Calendar) NextOpen(t time.Time) (time.Time, error) {
	if c.spec.AlwaysOpen {
		return t, nil
	}
	day := date.NewAt(t.In(c.loc))
	for i := 0; i < maxWalkDays; i, day = i+1, day+1 {
		for _, w := range c.windows(day) {
			ws, we := c.span(day, w)
			if t.Before(we) {
				if t.After(ws) {
					return t, nil
				}
				return ws, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%w: no opening within %d days of %s", ErrNoWorkingTime, maxWalkDays, t.Format(time.RFC3339))
}

// Weekdays is a helper for specs: the same windows Monday to Friday.
func Weekdays(ws ...Window) [7][]Window {
	var week [7][]Window
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = slices.Clone(ws)
	}
	return week
}
