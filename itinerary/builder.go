package itinerary

import (
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"
)

// Builder composes a trip day by day. Days are numbered from 1 (the start
// date); times are local wall-clock times in the place's zone. Methods chain;
// mistakes (an unknown zone, day 0, removing an unknown item) are collected
// and all returned by Build. A Builder is not safe for concurrent use.
type Builder struct {
	trip     Trip
	cursor   date.Date // check-in date of the next city
	places   map[string]Place
	seq      map[Kind]int
	zones    zones
	problems []Problem
	warnings []Problem
}

// NewBuilder starts an empty trip on start for party.
func NewBuilder(id, title string, start date.Date, party Party) *Builder {
	b := &Builder{
		trip:   Trip{ID: id, Title: title, Start: start, End: start, Party: party},
		cursor: start,
		places: map[string]Place{},
		seq:    map[Kind]int{},
		zones:  zones{},
	}
	b.trip.Party.Travellers = append([]Traveller(nil), party.Travellers...)
	return b
}

// FromTrip continues composing a copy of trip: new cities follow its last
// check-out.
func FromTrip(trip *Trip) *Builder {
	b := NewBuilder(trip.ID, trip.Title, trip.Start, trip.Party)
	c := trip.Clone()
	b.trip = *c
	for _, it := range c.Items {
		b.seq[it.Kind]++
		if it.Stay != nil {
			b.place(it.Stay.Place)
			b.cursor = max(b.cursor, it.Stay.CheckOut)
		}
		if it.Transport != nil {
			b.place(it.Transport.From)
			b.place(it.Transport.To)
		}
	}
	return b
}

// init makes the zero Builder usable: an empty trip starting on date zero.
func (b *Builder) init() {
	if b.places == nil {
		b.places, b.seq, b.zones = map[string]Place{}, map[Kind]int{}, zones{}
		if b.cursor == 0 {
			b.cursor = b.trip.Start
		}
	}
}

func (b *Builder) fail(code, field, msg string, items ...string) {
	b.problems = append(b.problems, Problem{Code: code, Severity: SeverityError, Field: field, Items: items, Message: msg})
}

// place registers a place under its city name (the first registration of a
// city wins) and checks its zone.
func (b *Builder) place(p Place) {
	k := strings.ToLower(strings.TrimSpace(p.City))
	if _, ok := b.places[k]; !ok && p.Zone != "" {
		b.places[k] = p
	}
}

// resolve fills a place given by city name alone from the registered ones.
func (b *Builder) resolve(p Place, field string) (Place, bool) {
	if p.Zone == "" {
		if known, ok := b.places[strings.ToLower(strings.TrimSpace(p.City))]; ok {
			p.Country, p.Zone = known.Country, known.Zone
			if p.Names == nil {
				p.Names = known.Names
			}
		}
	}
	if _, err := b.zones.load(p.Zone); err != nil {
		b.fail(CodeUnknownZone, field, "place "+strconv.Quote(p.City)+": "+err.Error())
		return p, false
	}
	b.place(p)
	return p, true
}

// day turns a day number into a date.
func (b *Builder) day(n int, field string) (date.Date, bool) {
	if n < 1 {
		b.fail(CodeInvalidValue, field, "days are numbered from 1")
		return 0, false
	}
	return b.trip.Start + date.Date(n-1), true
}

func (b *Builder) nextID(k Kind, id string) string {
	b.seq[k]++
	if id != "" {
		return id
	}
	return string(k) + "-" + strconv.Itoa(b.seq[k])
}

// City adds a stay of nights nights in place, checking in where the
// previous city checked out (the start date for the first). Rooms are
// optional. A stay bought from a supplier is added with Hotel.
func (b *Builder) City(p Place, nights int, property string, rooms ...Room) *Builder {
	return b.Hotel(Lodging{Place: p, Nights: nights, Property: property, Rooms: rooms})
}

// Lodging describes a stay for Builder.Hotel: where, how many nights, the
// property, and who sells it — the supplier, the supplier contract and
// the contract's product — so that the stay is priced from that contract
// and booked under it.
type Lodging struct {
	Place    Place
	Nights   int
	Property string
	Supplier string
	Contract string
	Product  string
	Rooms    []Room
}

// Hotel adds a stay like City, naming its supplier, contract and product.
func (b *Builder) Hotel(l Lodging) *Builder {
	b.init()
	id := b.nextID(KindStay, "")
	if l.Nights < 1 {
		b.fail(CodeInvalidValue, id, "a city needs at least one night", id)
		return b
	}
	if l.Contract != "" && (l.Supplier == "" || l.Product == "") {
		b.fail(CodeRequired, id+".Contract", "a stay bought under a contract names its supplier and product", id)
		return b
	}
	p, _ := b.resolve(l.Place, id)
	in := b.cursor
	b.cursor += date.Date(l.Nights)
	b.trip.Items = append(b.trip.Items, Item{
		ID: id, Kind: KindStay, Title: l.Property, Status: Proposed, Supplier: l.Supplier, Contract: l.Contract, Product: l.Product,
		Stay: &Stay{Property: l.Property, Place: p, CheckIn: in, CheckOut: b.cursor, Rooms: append([]Room(nil), l.Rooms...)},
	})
	return b
}

// Journey describes transport for Builder.Travel. Without a Title the item
// is titled by carrier, number and route: "AF 381 Beijing PEK → Paris CDG".
type Journey struct {
	ID   string
	Mode Mode
	// From and To may name a city already added (City alone) or be full
	// places with their zones.
	From, To  Place
	DepartDay int
	Depart    TimeOfDay
	// ArriveDay is the arrival's day number; 0 means the departure day.
	ArriveDay  int
	Arrive     TimeOfDay
	Carrier    string
	Number     string
	Title      string
	Supplier   string
	Travellers []string
}

// Travel adds transport departing and arriving at local times in the zones
// of its two places.
func (b *Builder) Travel(j Journey) *Builder {
	b.init()
	id := b.nextID(KindTransport, j.ID)
	from, okF := b.resolve(j.From, id+".From")
	to, okT := b.resolve(j.To, id+".To")
	dd, okD := b.day(j.DepartDay, id+".DepartDay")
	arriveDay := j.ArriveDay
	if arriveDay == 0 {
		arriveDay = j.DepartDay
	}
	ad, okA := b.day(arriveDay, id+".ArriveDay")
	okT1 := b.clock(j.Depart, id+".Depart", id)
	okT2 := b.clock(j.Arrive, id+".Arrive", id)
	if !(okF && okT && okD && okA && okT1 && okT2) {
		return b
	}
	fl, _ := b.zones.load(from.Zone)
	tl, _ := b.zones.load(to.Zone)
	b.gap(dd, j.Depart, fl, id+".Depart", id)
	b.gap(ad, j.Arrive, tl, id+".Arrive", id)
	title := j.Title
	if title == "" {
		title = legTitle(j.Carrier, j.Number, from, to, language.Und)
	}
	b.trip.Items = append(b.trip.Items, Item{
		ID: id, Kind: KindTransport, Title: title, Status: Proposed, Supplier: j.Supplier,
		Travellers: append([]string(nil), j.Travellers...),
		Transport: &Transport{Mode: j.Mode, From: from, To: to, Depart: at(dd, j.Depart, fl), Arrive: at(ad, j.Arrive, tl),
			Carrier: j.Carrier, Number: j.Number},
	})
	return b
}

// Visit describes a timed activity, meal or free time for the Builder.
type Visit struct {
	ID         string
	Day        int
	Place      Place
	Start      TimeOfDay
	Minutes    int
	Title      string
	Supplier   string
	Opening    *Opening
	Travellers []string
}

// visit resolves a visit's place and date.
func (b *Builder) visit(k Kind, v Visit) (string, Place, date.Date, bool) {
	id := b.nextID(k, v.ID)
	p, okP := b.resolve(v.Place, id+".Place")
	d, okD := b.day(v.Day, id+".Day")
	okT := b.clock(v.Start, id+".Start", id)
	return id, p, d, okP && okD && okT
}

// clock checks a local time of day given to the builder.
func (b *Builder) clock(t TimeOfDay, field, id string) bool {
	if !t.Valid() {
		b.fail(CodeInvalidValue, field, "a time of day is 00:00 to 24:00 with minutes 0–59", id)
		return false
	}
	return true
}

// gap warns when a local time does not exist on that date in loc (the
// hour skipped when clocks go forward): the instant used is the one Go's
// time.Date picks, an hour later.
func (b *Builder) gap(d date.Date, t TimeOfDay, loc *time.Location, field, id string) {
	if got := at(d, t, loc); of(got) != t && t != 24*60 {
		b.warnings = append(b.warnings, Problem{Code: CodeDSTGap, Severity: SeverityWarning, Field: field, Items: []string{id},
			Message: d.String() + " " + t.String() + " does not exist in " + loc.String() + " (clocks go forward); it reads as " + of(got).String(),
			Detail:  map[string]string{"date": d.String(), "local_time": t.String(), "zone": loc.String(), "used": of(got).String()}})
	}
}

// Warnings returns what the builder noticed but did not refuse, such as a
// local time inside a daylight-saving gap.
func (b *Builder) Warnings() []Problem { return append([]Problem(nil), b.warnings...) }

// Activity adds a sight, tour or ticket.
func (b *Builder) Activity(v Visit) *Builder {
	b.init()
	id, p, d, ok := b.visit(KindActivity, v)
	if ok {
		b.trip.Items = append(b.trip.Items, Item{ID: id, Kind: KindActivity, Title: v.Title, Status: Proposed,
			Supplier: v.Supplier, Travellers: append([]string(nil), v.Travellers...),
			Activity: &Activity{Place: p, Date: d, Start: v.Start, Minutes: v.Minutes, Opening: v.Opening}})
	}
	return b
}

// Meal adds a meal of type t at venue v.Title.
func (b *Builder) Meal(t MealType, v Visit) *Builder {
	b.init()
	id, p, d, ok := b.visit(KindMeal, v)
	if ok {
		b.trip.Items = append(b.trip.Items, Item{ID: id, Kind: KindMeal, Title: v.Title, Status: Proposed,
			Supplier: v.Supplier, Travellers: append([]string(nil), v.Travellers...),
			Meal: &Meal{Type: t, Venue: v.Title, Place: p, Date: d, Start: v.Start, Minutes: v.Minutes}})
	}
	return b
}

// FreeTime adds unplanned time.
func (b *Builder) FreeTime(v Visit) *Builder {
	b.init()
	id, p, d, ok := b.visit(KindFreeTime, v)
	if ok {
		b.trip.Items = append(b.trip.Items, Item{ID: id, Kind: KindFreeTime, Title: v.Title, Status: Proposed,
			Travellers: append([]string(nil), v.Travellers...),
			FreeTime:   &FreeTime{Place: p, Date: d, Start: v.Start, Minutes: v.Minutes}})
	}
	return b
}

// Note adds a remark to a day.
func (b *Builder) Note(day int, text string) *Builder {
	b.init()
	id := b.nextID(KindNote, "")
	if d, ok := b.day(day, id+".Day"); ok {
		b.trip.Items = append(b.trip.Items, Item{ID: id, Kind: KindNote, Title: text, Status: Confirmed,
			Note: &Note{Date: d, Text: text}})
	}
	return b
}

// Remove deletes an item.
func (b *Builder) Remove(id string) *Builder {
	b.init()
	for i := range b.trip.Items {
		if b.trip.Items[i].ID == id {
			b.trip.Items = append(b.trip.Items[:i], b.trip.Items[i+1:]...)
			return b
		}
	}
	b.fail(CodeUnknownItem, "", "no item "+strconv.Quote(id), id)
	return b
}

// MoveTo moves an item to another day, keeping its local times; a stay
// keeps its nights and transport its duration.
func (b *Builder) MoveTo(id string, day int) *Builder {
	b.init()
	it, ok := b.trip.Item(id)
	if !ok {
		b.fail(CodeUnknownItem, "", "no item "+strconv.Quote(id), id)
		return b
	}
	d, ok := b.day(day, id+".Day")
	if !ok {
		return b
	}
	from, _, err := it.Dates()
	if err != nil {
		b.fail(CodeUnknownZone, id, err.Error(), id)
		return b
	}
	if err := it.shift(int(d-from), b.zones); err != nil {
		b.fail(CodeUnknownZone, id, err.Error(), id)
	}
	return b
}

// Shift moves the whole trip to start on start, keeping local times.
func (b *Builder) Shift(start date.Date) *Builder {
	b.init()
	n := int(start - b.trip.Start)
	for i := range b.trip.Items {
		if err := b.trip.Items[i].shift(n, b.zones); err != nil {
			b.fail(CodeUnknownZone, b.trip.Items[i].ID, err.Error(), b.trip.Items[i].ID)
		}
	}
	b.trip.Start += date.Date(n)
	b.trip.End += date.Date(n)
	b.cursor += date.Date(n)
	return b
}

// Build returns the trip composed so far, its end date set to the last
// date any item reaches, or every mistake made while composing. The trip is
// a copy: the Builder may go on.
func (b *Builder) Build() (*Trip, error) {
	b.init()
	if len(b.problems) > 0 {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: append([]Problem(nil), b.problems...)}
	}
	t := b.trip.Clone()
	t.End = max(t.Start, b.cursor)
	for i := range t.Items {
		if _, last, err := t.Items[i].Dates(); err == nil && last > t.End {
			t.End = last
		}
	}
	return t, nil
}
