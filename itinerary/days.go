package itinerary

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
)

// Part says which moment of an item an entry shows.
type Part string

// Entry parts.
const (
	PartWhole     Part = ""          // the item as a whole
	PartDeparture Part = "departure" // transport leaving (with its arrival when the same day)
	PartArrival   Part = "arrival"   // overnight transport arriving on a later day
	PartCheckIn   Part = "check_in"
	PartCheckOut  Part = "check_out"
)

// Entry is one line of a day: an item, or one moment of it, at a local time.
type Entry struct {
	Item  string `json:"item"`
	Kind  Kind   `json:"kind"`
	Part  Part   `json:"part,omitempty"`
	Title string `json:"title"`
	// Timed reports whether Time and Zone say when it happens.
	Timed bool      `json:"timed"`
	Time  TimeOfDay `json:"time"`
	Zone  string    `json:"zone,omitempty"`
	// End and EndZone close a span: an activity's end, a same-day arrival.
	HasEnd  bool      `json:"has_end,omitempty"`
	End     TimeOfDay `json:"end,omitempty"`
	EndZone string    `json:"end_zone,omitempty"`
	// EndDate is set for an arrival on a later day, on the departure entry.
	EndDate date.Date `json:"end_date,omitzero"`
	Place   Place     `json:"place"`
	Nights  int       `json:"nights,omitempty"`
	sortKey int64
	order   int
	at      time.Time // the instants of Time and End, for rendering
	endAt   time.Time
}

// Day is one day of the trip as a traveller lives it: where they wake up
// and go to sleep, and what happens in local-time order.
type Day struct {
	Number int       `json:"number"`
	Date   date.Date `json:"date"`
	// WakeIn and SleepIn are cities; SleepIn is empty on the last day and
	// when the night is spent travelling (InTransit).
	WakeIn    Place   `json:"wake_in"`
	SleepIn   Place   `json:"sleep_in"`
	InTransit bool    `json:"in_transit,omitempty"`
	Entries   []Entry `json:"entries"`
}

// maxDays bounds the trips this package lays out day by day: ten years.
const maxDays = 3661

// Days derives the day-by-day view of a trip. An overnight transport appears
// on its departure and its arrival day. It fails only on an unknown zone.
func Days(t *Trip) ([]Day, error) {
	if t == nil {
		return nil, errNilTrip()
	}
	n := t.Days()
	if n <= 0 || n > maxDays {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Code: CodeInvalidValue, Severity: SeverityError, Field: "End",
			Message: "the trip's dates do not make a day-by-day plan"}}}
	}
	z := zones{}
	days := make([]Day, n)
	for i := range days {
		days[i] = Day{Number: i + 1, Date: t.Start + date.Date(i)}
	}
	put := func(d date.Date, e Entry) {
		if d >= t.Start && d <= t.End {
			days[d-t.Start].Entries = append(days[d-t.Start].Entries, e)
		}
	}
	sleep := make([]Place, n)
	transit := make([]bool, n)
	var origin *Transport
	var ps []Problem
	for i := range t.Items {
		it := &t.Items[i]
		e := Entry{Item: it.ID, Kind: it.detailKind(), Title: it.Title, order: i}
		switch {
		case it.Transport != nil:
			tr := it.Transport
			from, err1 := z.load(tr.From.Zone)
			to, err2 := z.load(tr.To.Zone)
			if err1 != nil || err2 != nil {
				ps = append(ps, Problem{Code: CodeUnknownZone, Severity: SeverityError, Items: []string{it.ID}, Message: "unknown zone"})
				continue
			}
			dep, arr := tr.Depart.In(from), tr.Arrive.In(to)
			d0, d1 := date.NewAt(dep), date.NewAt(arr)
			e.Part, e.Place, e.Timed, e.Time, e.Zone = PartDeparture, tr.From, true, of(dep), tr.From.Zone
			e.HasEnd, e.End, e.EndZone = true, of(arr), tr.To.Zone
			e.sortKey, e.at, e.endAt = dep.Unix(), dep, arr
			if d1 != d0 {
				e.EndDate = d1
				a := Entry{Item: it.ID, Kind: KindTransport, Part: PartArrival, Title: it.Title, Timed: true, Time: of(arr),
					Zone: tr.To.Zone, Place: tr.To, sortKey: arr.Unix(), order: i, at: arr}
				put(d1, a)
				for d := d0; d < d1; d++ { // nights on board
					if d >= t.Start && d < t.End {
						transit[d-t.Start] = true
					}
				}
			}
			put(d0, e)
			if d0 == t.Start && (origin == nil || tr.Depart.Before(origin.Depart)) {
				origin = tr
			}
		case it.Stay != nil:
			s := it.Stay
			e.Place, e.Nights = s.Place, s.Nights()
			in, out := e, e
			in.Part, in.sortKey = PartCheckIn, math.MaxInt64
			out.Part, out.sortKey = PartCheckOut, math.MinInt64+1
			put(s.CheckIn, in)
			put(s.CheckOut, out)
			for d := s.CheckIn; d < s.CheckOut; d++ {
				if d >= t.Start && d < t.End {
					sleep[d-t.Start] = s.Place
				}
			}
		case it.Note != nil:
			e.sortKey = math.MinInt64
			put(it.Note.Date, e)
		default:
			start, end, ok, err := it.span(z)
			if err != nil {
				ps = append(ps, Problem{Code: CodeUnknownZone, Severity: SeverityError, Items: []string{it.ID}, Message: err.Error()})
				continue
			}
			if !ok {
				continue
			}
			p := it.place()
			e.Place, e.Timed, e.Time, e.Zone, e.sortKey = p, true, of(start), p.Zone, start.Unix()
			e.HasEnd, e.End, e.EndZone = true, of(end), p.Zone
			e.at, e.endAt = start, end
			put(date.NewAt(start), e)
		}
	}
	if len(ps) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: ps}
	}
	for i := range days {
		d := &days[i]
		slices.SortStableFunc(d.Entries, func(a, b Entry) int {
			if a.sortKey != b.sortKey {
				if a.sortKey < b.sortKey {
					return -1
				}
				return 1
			}
			return a.order - b.order
		})
		if i < n-1 {
			d.SleepIn, d.InTransit = sleep[i], transit[i] && sleep[i].City == ""
		}
		switch {
		case i > 0:
			d.WakeIn = days[i-1].SleepIn
			if days[i-1].InTransit {
				d.WakeIn = Place{}
			}
		case origin != nil:
			d.WakeIn = origin.From
		default:
			d.WakeIn = sleep[0]
		}
	}
	return days, nil
}

// detailKind is the kind the item's details make it, whatever its Kind
// field says (Validate reports a disagreement; views follow the details).
func (it *Item) detailKind() Kind {
	switch {
	case it.Transport != nil:
		return KindTransport
	case it.Stay != nil:
		return KindStay
	case it.Activity != nil:
		return KindActivity
	case it.Meal != nil:
		return KindMeal
	case it.FreeTime != nil:
		return KindFreeTime
	case it.Note != nil:
		return KindNote
	}
	return it.Kind
}

// place returns where a timed item happens.
func (it *Item) place() Place {
	switch {
	case it.Activity != nil:
		return it.Activity.Place
	case it.Meal != nil:
		return it.Meal.Place
	case it.FreeTime != nil:
		return it.FreeTime.Place
	case it.Stay != nil:
		return it.Stay.Place
	case it.Transport != nil:
		return it.Transport.From
	}
	return Place{}
}

// String renders a day number for logs: "Day 3 (2027-05-03)".
func (d Day) String() string { return "Day " + strconv.Itoa(d.Number) + " (" + d.Date.String() + ")" }
