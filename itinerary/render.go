package itinerary

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
)

// words are the fixed texts of a plan in one language.
type words struct {
	lang                                        language.Tag
	z                                           zones
	zh                                          bool
	checkIn, checkOut, arrival, arrivesAt, note string
	free, sep, inTransit, zoneOpen, end         string
	modes                                       map[Mode]string
	meals                                       map[MealType]string
}

func wordsFor(lang language.Tag) words {
	if base, _ := lang.Base(); base.String() == "zh" {
		return words{
			lang: lang, z: zones{}, zh: true, checkIn: "入住", checkOut: "退房", arrival: "抵达", arrivesAt: "抵达", note: "备注",
			free: "自由活动", sep: "，", inTransit: "夜间在途", zoneOpen: "（", end: "）",
			modes: map[Mode]string{Flight: "航班", Rail: "火车", Coach: "大巴", Ferry: "轮渡", Transfer: "接送"},
			meals: map[MealType]string{Breakfast: "早餐", Lunch: "午餐", Dinner: "晚餐"},
		}
	}
	return words{
		lang: lang, z: zones{}, checkIn: "Check in", checkOut: "Check out", arrival: "Arrival", arrivesAt: "arrives", note: "Note",
		free: "Free time", sep: ", ", inTransit: "overnight in transit", zoneOpen: " (", end: ")",
		modes: map[Mode]string{Flight: "Flight", Rail: "Train", Coach: "Coach", Ferry: "Ferry", Transfer: "Transfer"},
		meals: map[MealType]string{Breakfast: "Breakfast", Lunch: "Lunch", Dinner: "Dinner"},
	}
}

func (w words) date(d date.Date) string { return human.Date(d, w.zh) }

func (w words) shortDate(d date.Date) string { return human.ShortDate(d, w.zh) }

func (w words) span(t *Trip) string {
	n := t.Days()
	if w.zh {
		return fmt.Sprintf("%d天%d晚 · %d位旅客", n, n-1, len(t.Party.Travellers))
	}
	return plural(n, "day") + ", " + plural(n-1, "night") + " · " + plural(len(t.Party.Travellers), "traveller")
}

// plural renders "1 night", "2 nights".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
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
		route += " · " + w.inTransit
	}
	label := "Day " + strconv.Itoa(d.Number)
	if w.zh {
		label = "第" + strconv.Itoa(d.Number) + "天"
	}
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
	doc := document.Document{Lang: "en", Title: t.Title, Header: t.Title, Subtitle: []string{w.date(t.Start) + " – " + w.date(t.End) + " · " + w.span(t)}}
	if w.zh {
		doc.Lang = "zh-CN"
	}
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
	if w.zh {
		return t.String() + "（" + city + "当地时间，" + human.Offset(off) + "）"
	}
	return t.String() + " " + city + " time (" + human.Offset(off) + ")"
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
		if w.zh {
			return fmt.Sprintf("%s：%s（%s），%d晚", w.checkIn, e.Title, e.Place.Name(w.lang), e.Nights)
		}
		return fmt.Sprintf("%s: %s (%s), %d nights", w.checkIn, e.Title, e.Place.Name(w.lang), e.Nights)
	case PartCheckOut:
		return w.checkOut + w.colon() + e.Title
	case PartArrival:
		return w.clock(e.Time, e.at, e.Zone, home, w.city(it, false)) + "  " + w.arrival + w.colon() + w.transport(it)
	case PartDeparture:
		s := w.clock(e.Time, e.at, e.Zone, home, w.city(it, true)) + "  " + w.transport(it) + w.sep
		arr := w.clock(e.End, e.endAt, e.EndZone, home, w.city(it, false))
		if e.EndDate != 0 {
			if w.zh {
				return s + w.shortDate(e.EndDate) + " " + arr + " " + w.arrivesAt
			}
			return s + w.arrivesAt + " " + w.shortDate(e.EndDate) + " " + arr
		}
		if w.zh {
			return s + arr + " " + w.arrivesAt
		}
		return s + w.arrivesAt + " " + arr
	}
	var title string
	switch e.Kind {
	case KindNote:
		return w.note + w.colon() + e.Title
	case KindMeal:
		title = e.Title
		if it != nil && it.Meal != nil {
			title = w.meals[it.Meal.Type] + w.colon() + e.Title
		}
	case KindFreeTime:
		title = w.free + w.colon() + e.Place.Name(w.lang)
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

func (w words) colon() string {
	if w.zh {
		return "："
	}
	return ": "
}

// transport renders the mode and the item's title: "Flight AF 1404 Paris
// CDG → Rome FCO".
func (w words) transport(it *Item) string {
	if it == nil || it.Transport == nil {
		return ""
	}
	return w.modes[it.Transport.Mode] + " " + it.TitleIn(w.lang)
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
