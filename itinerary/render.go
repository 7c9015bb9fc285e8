package itinerary

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
)

// words are the fixed texts of a plan, from the catalog of one language.
type words struct {
	lang language.Tag
	p    *i18n.Printer
	z    zones
}

func wordsFor(lang language.Tag) words { return words{lang: lang, p: i18n.For(lang), z: zones{}} }

func (w words) date(d date.Date) string { return human.Date(d, w.p) }

func (w words) shortDate(d date.Date) string { return human.ShortDate(d, w.p) }

func (w words) span(t *Trip) string {
	n := t.Days()
	return w.p.T("plan.span", w.p.N("plan.days", n), w.p.N("plan.nights", n-1), w.p.N("plan.travellers", len(t.Party.Travellers)))
}

func (w words) dayHead(d Day) string {
	route := d.WakeIn.Name(w.lang)
	if d.SleepIn.City != "" && !d.SleepIn.sameCity(d.WakeIn) {
		if route != "" {
			route += " → "
		}
		route += d.SleepIn.Name(w.lang)
	}
	if d.InTransit {
		route += " · " + w.p.T("plan.in_transit")
	}
	label := w.p.T("plan.day", strconv.Itoa(d.Number))
	if route == "" {
		return label + " · " + w.date(d.Date)
	}
	return label + " · " + w.date(d.Date) + " · " + route
}

// RenderText writes the day-by-day plan as text in lang (zh-CN or English;
// other languages get English). Times are local; a time in a zone other
// than the day's city (where the traveller woke up) names its zone.
func RenderText(out io.Writer, t *Trip, lang language.Tag) error {
	d, err := Document(t, lang)
	if err != nil {
		return err
	}
	return document.WriteText(out, d)
}

// Document is the day-by-day plan as RenderText writes it — a section a
// day, a line an entry — for another rendering such as document/pdf's.
func Document(t *Trip, lang language.Tag) (document.Document, error) {
	t = human.Flat(t) // no text a person gave makes lines of its own
	days, err := Days(t)
	if err != nil {
		return document.Document{}, err
	}
	w := wordsFor(lang)
	doc := document.Document{Lang: w.p.T("lang.tag"), Title: t.Title, Header: t.Title,
		Subtitle: []string{w.date(t.Start) + " – " + w.date(t.End) + " · " + w.span(t)}}
	for _, d := range days {
		s := doc.Add(w.dayHead(d))
		home := d.SleepIn.Zone // the zone the day ends in, else the one it began in
		if home == "" {
			home = d.WakeIn.Zone
		}
		for _, e := range d.Entries {
			s.Rows = append(s.Rows, document.Row{Value: w.entry(e, home, t)})
		}
	}
	return doc, nil
}

// clock renders a local time, naming its zone when its clocks read
// differently from the day's zone at that instant (Paris and Rome share
// their clocks; Beijing's differ).
func (w words) clock(t TimeOfDay, instant time.Time, zone, home, city string) string {
	if zone == "" || home == "" || zone == home {
		return t.String()
	}
	off := w.offsetAt(instant, zone)
	if off == w.offsetAt(instant, home) {
		return t.String()
	}
	// People read a place and an offset, never a zone database name.
	return w.p.T("plan.clock_zone", t.String(), city, human.Offset(off))
}

// offsetAt is the UTC offset of zone at instant, or -1 for an unknown zone.
func (w words) offsetAt(instant time.Time, zone string) int {
	loc, err := w.z.load(zone)
	if err != nil {
		return -1
	}
	_, off := instant.In(loc).Zone()
	return off
}

func (w words) entry(e Entry, home string, t *Trip) string {
	it, _ := t.Item(e.Item)
	switch e.Part {
	case PartCheckIn:
		return w.p.T("plan.check_in_line", e.Title, e.Place.Name(w.lang), w.p.N("plan.nights", e.Nights))
	case PartCheckOut:
		return w.p.T("plan.check_out") + w.colon() + e.Title
	case PartArrival:
		return w.clock(e.Time, e.at, e.Zone, home, w.city(it, false)) + "  " + w.p.T("plan.arrival") + w.colon() + w.transport(it)
	case PartDeparture:
		s := w.clock(e.Time, e.at, e.Zone, home, w.city(it, true)) + "  " + w.transport(it) + w.p.T("plan.sep")
		arr := w.clock(e.End, e.endAt, e.EndZone, home, w.city(it, false))
		on := ""
		if e.EndDate != 0 {
			on = w.p.T("plan.arrives_on", w.shortDate(e.EndDate))
		}
		return s + w.p.T("plan.arrives", arr, on)
	}
	var title string
	switch e.Kind {
	case KindNote:
		return w.p.T("plan.note") + w.colon() + e.Title
	case KindMeal:
		title = e.Title
		if it != nil && it.Meal != nil {
			title = w.p.Or("meal."+string(it.Meal.Type), string(it.Meal.Type)) + w.colon() + e.Title
		}
	case KindFreeTime:
		title = w.p.T("plan.free") + w.colon() + e.Place.Name(w.lang)
		if e.Title != "" {
			title += " — " + e.Title
		}
	default:
		title = e.Title
	}
	city := e.Place.Name(w.lang)
	return w.clock(e.Time, e.at, e.Zone, home, city) + "–" + e.End.String() + "  " + title
}

// city is the departure or arrival city of a transport item.
func (w words) city(it *Item, from bool) string {
	if it == nil || it.Transport == nil {
		return ""
	}
	if from {
		return it.Transport.From.Name(w.lang)
	}
	return it.Transport.To.Name(w.lang)
}

func (w words) colon() string { return w.p.T("colon") }

// transport renders the mode and the item's title: "Flight AF 1404 Paris
// CDG → Rome FCO".
func (w words) transport(it *Item) string {
	if it == nil || it.Transport == nil {
		return ""
	}
	return w.p.Or("mode."+string(it.Transport.Mode), string(it.Transport.Mode)) + " " + it.TitleIn(w.lang)
}

// Plan is the stable JSON form of a trip with its day-by-day view: dates as
// ISO 8601 strings, instants as RFC 3339 with their offset.
type Plan struct {
	Trip *Trip `json:"trip"`
	Days []Day `json:"days"`
}

// MarshalPlan encodes a trip and its days as indented JSON. The same trip
// always encodes to the same bytes.
func MarshalPlan(t *Trip) ([]byte, error) {
	if t == nil {
		return nil, errNilTrip()
	}
	days, err := Days(t)
	if err != nil {
		return nil, err
	}
	c := t.Clone()
	c.anchor(zones{})
	return json.MarshalIndent(Plan{Trip: c, Days: days}, "", "  ")
}

// anchor expresses every transport instant in its own place's zone, so
// that offsets and wall-clock times read locally. It reports the items
// whose zones are unknown.
func (t *Trip) anchor(z zones) []Problem {
	var ps []Problem
	for i := range t.Items {
		tr := t.Items[i].Transport
		if tr == nil {
			continue
		}
		from, err1 := z.load(tr.From.Zone)
		to, err2 := z.load(tr.To.Zone)
		if err1 != nil || err2 != nil {
			ps = append(ps, Problem{Code: CodeUnknownZone, Severity: SeverityError, Items: []string{t.Items[i].ID},
				Message: "transport places need IANA zones"})
			continue
		}
		tr.Depart, tr.Arrive = tr.Depart.In(from), tr.Arrive.In(to)
	}
	return ps
}
