package itinerary

import (
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/travelkit/travelkit/internal/party"
	"golang.org/x/text/language"
)

// Place is a city, or a point in one, with the IANA zone its clocks follow.
type Place struct {
	City string `json:"city"`
	// Code is the IATA airport or city code, or a station code, if any.
	Code string `json:"code,omitempty"`
	// Country is the ISO 3166-1 alpha-2 code; it tells domestic from
	// international connections.
	Country string `json:"country,omitempty"`
	// Zone is the IANA time zone, such as "Europe/Paris".
	Zone string `json:"zone"`
	// Names are the city's names in other languages by BCP 47 tag
	// ("zh": "巴黎", "zh-Hant": "巴黎"); documents in those languages use
	// them, everywhere the place appears.
	Names map[string]string `json:"names,omitempty"`
}

// Name is the city's name in lang: the name for the exact tag, else for
// its script ("zh-Hant") or base language ("zh"), else City.
func (p Place) Name(lang language.Tag) string {
	if len(p.Names) == 0 {
		return p.City
	}
	if n, ok := p.Names[lang.String()]; ok {
		return n
	}
	base, _ := lang.Base()
	if script, conf := lang.Script(); conf != language.No {
		if n, ok := p.Names[base.String()+"-"+script.String()]; ok {
			return n
		}
	}
	if n, ok := p.Names[base.String()]; ok {
		return n
	}
	return p.City
}

// sameCity reports whether two places are in one city (case and spacing
// aside).
func (p Place) sameCity(o Place) bool {
	return strings.EqualFold(strings.TrimSpace(p.City), strings.TrimSpace(o.City))
}

// label renders "Paris CDG" or "Paris" in lang.
func (p Place) label(lang language.Tag) string {
	if p.Code != "" {
		return p.Name(lang) + " " + p.Code
	}
	return p.Name(lang)
}

// TravellerType is the age band a traveller belongs to on the travel date;
// the same type as pricing.TravellerType.
type TravellerType = party.TravellerType

// Traveller types.
const (
	Adult  = party.Adult
	Child  = party.Child
	Infant = party.Infant
)

// AgeBands sets the age limits of traveller types: younger than
// InfantUnder years is an infant, younger than ChildUnder a child. The zero
// value means infants under 2 and children under 12. It is the same type as
// pricing.AgeBands.
type AgeBands = party.AgeBands

// Traveller is one member of the party, named exactly as on the travel
// document.
type Traveller struct {
	ID         string    `json:"id"`
	Surname    string    `json:"surname"`
	GivenNames string    `json:"given_names"`
	BirthDate  date.Date `json:"birth_date"`
}

// DocumentName renders "SURNAME/GIVEN NAMES" as on airline tickets.
func (t Traveller) DocumentName() string {
	return strings.ToUpper(t.Surname) + "/" + strings.ToUpper(t.GivenNames)
}

// Party is who travels, and the age bands that classify them.
type Party struct {
	Travellers []Traveller `json:"travellers"`
	Bands      AgeBands    `json:"bands,omitzero"`
}

// Type returns the traveller's type by age on day on.
func (p Party) Type(t Traveller, on date.Date) TravellerType {
	return p.Bands.TypeOn(t.BirthDate, on)
}

// Kind is what an item is.
type Kind string

// Item kinds.
const (
	KindTransport Kind = "transport"
	KindStay      Kind = "stay"
	KindActivity  Kind = "activity"
	KindMeal      Kind = "meal"
	KindFreeTime  Kind = "free_time"
	KindNote      Kind = "note"
)

// Mode is a means of transport.
type Mode string

// Transport modes.
const (
	Flight   Mode = "flight"
	Rail     Mode = "rail"
	Coach    Mode = "coach"
	Ferry    Mode = "ferry"
	Transfer Mode = "transfer"
)

// Status is where an item stands with its supplier.
type Status string

// Item statuses.
const (
	Proposed  Status = "proposed"
	Requested Status = "requested"
	Confirmed Status = "confirmed"
)

// Item is one element of a trip. Kind says which of the detail fields is
// set; exactly that one must be.
type Item struct {
	ID    string `json:"id"`
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	// Travellers lists the IDs the item concerns; empty means everyone.
	Travellers []string `json:"travellers,omitempty"`
	Supplier   string   `json:"supplier,omitempty"`
	Product    string   `json:"product,omitempty"`
	// Contract names the supplier contract the item is bought under; a
	// priced item that names one takes its net rate from that contract.
	Contract string `json:"contract,omitempty"`
	Status   Status `json:"status"`

	Transport *Transport `json:"transport,omitempty"`
	Stay      *Stay      `json:"stay,omitempty"`
	Activity  *Activity  `json:"activity,omitempty"`
	Meal      *Meal      `json:"meal,omitempty"`
	FreeTime  *FreeTime  `json:"free_time,omitempty"`
	Note      *Note      `json:"note,omitempty"`
}

// Transport moves travellers between two places. Depart and Arrive are
// instants; they are shown in the zones of From and To.
type Transport struct {
	Mode    Mode      `json:"mode"`
	From    Place     `json:"from"`
	To      Place     `json:"to"`
	Depart  time.Time `json:"depart"`
	Arrive  time.Time `json:"arrive"`
	Carrier string    `json:"carrier,omitempty"`
	Number  string    `json:"number,omitempty"`
}

// Room is a room type booked at a stay.
type Room struct {
	Type string `json:"type"`
	// UnitType is the supplier contract's unit type the room is bought as
	// ("family-3"); empty means Type.
	UnitType string `json:"unit_type,omitempty"`
	// Occupancy is how many travellers one room sleeps (infants in cots
	// aside).
	Occupancy int `json:"occupancy"`
	Count     int `json:"count"`
}

// Stay is lodging from check-in to check-out date.
type Stay struct {
	Property string    `json:"property"`
	Place    Place     `json:"place"`
	CheckIn  date.Date `json:"check_in"`
	CheckOut date.Date `json:"check_out"`
	Rooms    []Room    `json:"rooms,omitempty"`
}

// Nights is the number of nights from check-in to check-out.
func (s Stay) Nights() int { return int(s.CheckOut - s.CheckIn) }

// Opening is when a sight is open: on Days, from Open to Close local time.
type Opening struct {
	Days  []time.Weekday `json:"days"`
	Open  TimeOfDay      `json:"open"`
	Close TimeOfDay      `json:"close"`
}

// Activity is a sight, tour or ticket at a local date and time.
type Activity struct {
	Place   Place     `json:"place"`
	Date    date.Date `json:"date"`
	Start   TimeOfDay `json:"start"`
	Minutes int       `json:"minutes"`
	// Opening, when known, is checked against the visit.
	Opening *Opening `json:"opening,omitempty"`
}

// MealType names a meal.
type MealType string

// Meal types.
const (
	Breakfast MealType = "breakfast"
	Lunch     MealType = "lunch"
	Dinner    MealType = "dinner"
)

// Meal is a meal at a venue, at a local date and time.
type Meal struct {
	Type    MealType  `json:"type"`
	Venue   string    `json:"venue,omitempty"`
	Place   Place     `json:"place"`
	Date    date.Date `json:"date"`
	Start   TimeOfDay `json:"start"`
	Minutes int       `json:"minutes"`
}

// FreeTime is unplanned time in a place.
type FreeTime struct {
	Place   Place     `json:"place"`
	Date    date.Date `json:"date"`
	Start   TimeOfDay `json:"start"`
	Minutes int       `json:"minutes"`
}

// Note is a remark for a day (visa reminder, dress code…).
type Note struct {
	Date date.Date `json:"date"`
	Text string    `json:"text"`
}

// Trip is a personalised itinerary: dates, party and items.
type Trip struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Start date.Date `json:"start"`
	End   date.Date `json:"end"`
	Party Party     `json:"party"`
	Items []Item    `json:"items"`
}

// Days is the trip's length in days, counting both ends.
func (t *Trip) Days() int { return int(t.End-t.Start) + 1 }

// Item returns the item with id.
func (t *Trip) Item(id string) (*Item, bool) {
	for i := range t.Items {
		if t.Items[i].ID == id {
			return &t.Items[i], true
		}
	}
	return nil, false
}

// Leg is a city the trip stays in, with its nights.
type Leg struct {
	Place    Place     `json:"place"`
	CheckIn  date.Date `json:"check_in"`
	CheckOut date.Date `json:"check_out"`
}

// Legs lists the cities the trip sleeps in, in order; consecutive stays in
// one city make one leg.
func (t *Trip) Legs() []Leg {
	var stays []*Stay
	for i := range t.Items {
		if s := t.Items[i].Stay; t.Items[i].Kind == KindStay && s != nil {
			stays = append(stays, s)
		}
	}
	slices.SortStableFunc(stays, func(a, b *Stay) int { return int(a.CheckIn - b.CheckIn) })
	var legs []Leg
	for _, s := range stays {
		if n := len(legs); n > 0 && legs[n-1].Place.sameCity(s.Place) && legs[n-1].CheckOut >= s.CheckIn {
			legs[n-1].CheckOut = max(legs[n-1].CheckOut, s.CheckOut)
			continue
		}
		legs = append(legs, Leg{Place: s.Place, CheckIn: s.CheckIn, CheckOut: s.CheckOut})
	}
	return legs
}

// Clone returns a deep copy of the trip.
func (t *Trip) Clone() *Trip {
	c := *t
	c.Party.Travellers = slices.Clone(t.Party.Travellers)
	c.Items = make([]Item, len(t.Items))
	for i, it := range t.Items {
		c.Items[i] = it.clone()
	}
	return &c
}

func (it Item) clone() Item {
	c := it
	c.Travellers = slices.Clone(it.Travellers)
	if it.Transport != nil {
		v := *it.Transport
		c.Transport = &v
	}
	if it.Stay != nil {
		v := *it.Stay
		v.Rooms = slices.Clone(it.Stay.Rooms)
		c.Stay = &v
	}
	if it.Activity != nil {
		v := *it.Activity
		if it.Activity.Opening != nil {
			o := *it.Activity.Opening
			o.Days = slices.Clone(o.Days)
			v.Opening = &o
		}
		c.Activity = &v
	}
	if it.Meal != nil {
		v := *it.Meal
		c.Meal = &v
	}
	if it.FreeTime != nil {
		v := *it.FreeTime
		c.FreeTime = &v
	}
	if it.Note != nil {
		v := *it.Note
		c.Note = &v
	}
	return c
}

// legTitle names a transport leg: "AF 381 Paris CDG → Rome FCO", the
// places in lang.
func legTitle(carrier, number string, from, to Place, lang language.Tag) string {
	return strings.TrimSpace(strings.TrimSpace(carrier+" "+number) + " " + from.label(lang) + " → " + to.label(lang))
}

// TitleIn is the item's title in lang: a transport leg titled by the
// builder ("AF 381 Paris CDG → Rome FCO") names its places in lang; any
// other title is the one given.
func (it *Item) TitleIn(lang language.Tag) string {
	if tr := it.Transport; tr != nil && it.Title == legTitle(tr.Carrier, tr.Number, tr.From, tr.To, language.Und) {
		return legTitle(tr.Carrier, tr.Number, tr.From, tr.To, lang)
	}
	return it.Title
}
