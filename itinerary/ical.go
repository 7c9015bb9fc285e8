package itinerary

import (
	"fmt"
	"slices"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"
)

const (
	icalLocal = "20060102T150405"
	icalDate  = "20060102"
)

// ICalOptions says who publishes a trip's calendar and which revision it
// is.
type ICalOptions struct {
	// Tenant makes UIDs unique across agencies that use the same trip IDs.
	Tenant string
	// Sequence is the revision (RFC 5545 SEQUENCE): the trip version less
	// one, so that calendar clients replace an older import.
	Sequence int
	// Organizer is the publisher's e-mail address. With it the calendar
	// says METHOD:PUBLISH and each event names its ORGANIZER, as RFC 5546
	// requires of a published event; without it there is no METHOD.
	Organizer string
}

// ICal renders the trip as an RFC 5545 calendar with no options; see
// ICalWith.
func ICal(t *Trip, stamp time.Time) ([]byte, error) { return ICalWith(t, stamp, ICalOptions{}) }

// ICalWith renders the trip as an RFC 5545 calendar. Each transport,
// activity, meal and free time becomes an event whose start and end carry
// the TZID of their own place (a flight starts in its departure zone and
// ends in its arrival zone); a local time that occurs twice (the repeated
// hour when clocks go back) is written in UTC instead, so that no reader
// can take the wrong one. Each stay becomes an all-day event from check-in
// to check-out. A VTIMEZONE is included for every zone used, with the
// offset changes the trip's dates need, as RFC 5545 requires for each TZID.
// stamp is the DTSTAMP of every event, from the caller's clock.
func ICalWith(t *Trip, stamp time.Time, o ICalOptions) ([]byte, error) {
	if t == nil {
		return nil, errNilTrip()
	}
	if n := t.Days(); n <= 0 || n > maxDays {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeInvalidValue, Severity: SeverityError, Field: "End",
			Message: "the trip's dates do not make a calendar"}}}
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//travelkit//itinerary//EN")
	if o.Organizer != "" {
		cal.SetMethod(ics.MethodPublish)
	}
	cal.SetName(t.Title)
	newEvent := func(itemID string) *ics.VEvent {
		uid := itemID + "." + t.ID
		if o.Tenant != "" {
			uid += "." + o.Tenant
		}
		e := ics.NewEvent(uid + "@travelkit")
		e.SetDtStampTime(stamp)
		e.SetSequence(max(o.Sequence, 0))
		if o.Organizer != "" {
			e.SetOrganizer("mailto:" + o.Organizer)
		}
		return e
	}
	z := zones{}
	used := map[string]*time.Location{}
	var events []*ics.VEvent
	var ps []Problem
	for i := range t.Items {
		it := &t.Items[i]
		switch {
		case it.Stay != nil:
			e := newEvent(it.ID)
			e.SetSummary(it.Title)
			e.SetLocation(it.Stay.Place.City)
			e.SetProperty(ics.ComponentPropertyDtStart, it.Stay.CheckIn.Format(icalDate), ics.WithValue(string(ics.ValueDataTypeDate)))
			e.SetProperty(ics.ComponentPropertyDtEnd, it.Stay.CheckOut.Format(icalDate), ics.WithValue(string(ics.ValueDataTypeDate)))
			events = append(events, e)
		case it.Note != nil:
			continue
		default:
			start, end, ok, err := it.span(z)
			if err != nil {
				ps = append(ps, Problem{Code: CodeUnknownZone, Severity: SeverityError, Items: []string{it.ID}, Message: err.Error()})
				continue
			}
			if !ok {
				continue
			}
			fromZone, toZone := it.place().Zone, it.place().Zone
			summary := it.Title
			if tr := it.Transport; tr != nil {
				toZone = tr.To.Zone
				summary = wordsFor(language.English).transport(it)
			}
			fromLoc, _ := z.load(fromZone)
			toLoc, _ := z.load(toZone)
			used[fromZone], used[toZone] = fromLoc, toLoc
			e := newEvent(it.ID)
			e.SetSummary(summary)
			e.SetLocation(it.place().label(language.Und))
			setInstant(e, ics.ComponentPropertyDtStart, start, fromLoc, fromZone)
			setInstant(e, ics.ComponentPropertyDtEnd, end, toLoc, toZone)
			events = append(events, e)
		}
	}
	if len(ps) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	// Time zones first, in name order, so the output is stable.
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	slices.Sort(names)
	from := t.Start.AddDate(0, 0, -1)
	to := t.End.AddDate(0, 0, 2)
	for _, name := range names {
		addTimezone(cal, name, used[name], from, to)
	}
	for _, e := range events {
		cal.AddVEvent(e)
	}
	return []byte(cal.Serialize(ics.WithNewLine("\r\n"))), nil // RFC 5545 §3.1: CRLF
}

// setInstant writes an instant as local time with its TZID, or in UTC when
// that local time occurs twice in the zone.
func setInstant(e *ics.VEvent, p ics.ComponentProperty, at time.Time, loc *time.Location, zone string) {
	if ambiguous(at, loc) {
		e.SetProperty(p, at.UTC().Format(icalLocal)+"Z")
		return
	}
	e.SetProperty(p, at.In(loc).Format(icalLocal), ics.WithTZID(zone))
}

// ambiguous reports whether the wall-clock time of at in loc also names
// another instant (the hour repeated when clocks go back).
func ambiguous(at time.Time, loc *time.Location) bool {
	local := at.In(loc)
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), time.UTC)
	for _, probe := range []time.Time{at.Add(-3 * time.Hour), at.Add(3 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		other := wall.Add(-time.Duration(off) * time.Second)
		if !other.Equal(at) && other.In(loc).Format(icalLocal) == local.Format(icalLocal) {
			return true
		}
	}
	return false
}

// addTimezone writes a VTIMEZONE for loc covering [from, to): the offset in
// force at from, then every change before to, each as a STANDARD or DAYLIGHT
// observance whose DTSTART is the local time of the change in the offset
// before it (RFC 5545 §3.6.5).
func addTimezone(cal *ics.Calendar, name string, loc *time.Location, from, to date.Date) {
	tz := cal.AddTimezone(name)
	start := from.MidnightIn(loc)
	end := to.MidnightIn(loc)
	observe := func(at time.Time, offsetFrom int) {
		_, off := at.Zone()
		var c *ics.ComponentBase
		if at.IsDST() {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			c = &d.ComponentBase
		} else {
			s := tz.AddStandard()
			c = &s.ComponentBase
		}
		abbr, _ := at.Zone()
		// The onset is written in the local time of the offset before it.
		c.AddProperty(ics.ComponentPropertyDtStart, at.In(time.FixedZone("", offsetFrom)).Format(icalLocal))
		c.AddProperty(ics.ComponentProperty("TZOFFSETFROM"), offset(offsetFrom))
		c.AddProperty(ics.ComponentProperty("TZOFFSETTO"), offset(off))
		c.AddProperty(ics.ComponentProperty("TZNAME"), abbr)
	}
	_, cur := start.Zone()
	observe(start, cur)
	const step = 6 * time.Hour
	for t := start; t.Before(end); t = t.Add(step) {
		next := t.Add(step)
		if _, off := next.Zone(); off != cur {
			// Binary search the second the offset changes.
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, o := mid.Zone(); o == cur {
					lo = mid
				} else {
					hi = mid
				}
			}
			observe(hi, cur)
			cur = off
		}
	}
}

// offset renders a UTC offset in seconds as "+0100".
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}
