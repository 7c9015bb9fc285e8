package itinerary_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/itinerary"
)

func TestCase1ValidatesClean(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	if r := itinerary.Validate(trip, itinerary.DefaultRules()); len(r.Problems) != 0 {
		t.Fatalf("case 1 reports %v", r.Problems)
	}
	legs := trip.Legs()
	var cities []string
	for _, l := range legs {
		cities = append(cities, l.Place.City+":"+l.CheckIn.String()+"/"+l.CheckOut.String())
	}
	want := []string{"Paris:2027-05-01/2027-05-04", "Rome:2027-05-04/2027-05-07", "Barcelona:2027-05-07/2027-05-10"}
	if diff := cmp.Diff(want, cities); diff != "" {
		t.Errorf("legs (-want +got):\n%s", diff)
	}
	if trip.Start != date.New(2027, 5, 1) || trip.End != date.New(2027, 5, 11) {
		t.Errorf("dates %s–%s", trip.Start, trip.End)
	}
}

func TestCase1BrokenCopy(t *testing.T) {
	t.Parallel()
	// Versailles moved to Monday (closed), the Louvre to Tuesday (closed),
	// and the Rome hotel dropped: three nights without a bed.
	broken, err := casebook.Case1Builder().MoveTo("tour-versailles", 3).MoveTo("tkt-louvre", 4).Remove("stay-2").Build()
	if err != nil {
		t.Fatal(err)
	}
	r := itinerary.Validate(broken, itinerary.DefaultRules())
	want := []string{"closed_day:tour-versailles", "closed_day:tkt-louvre", "night_uncovered:", "night_uncovered:", "night_uncovered:"}
	if diff := cmp.Diff(want, r.Codes()); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var nights []string
	for _, p := range r.Problems {
		if p.Code == itinerary.CodeNightUncovered {
			nights = append(nights, p.Message)
		}
	}
	wantNights := []string{
		"no bed and no overnight transport on the night of 2027-05-04",
		"no bed and no overnight transport on the night of 2027-05-05",
		"no bed and no overnight transport on the night of 2027-05-06",
	}
	if diff := cmp.Diff(wantNights, nights); diff != "" {
		t.Errorf("nights (-want +got):\n%s", diff)
	}
	// The original is untouched: Build returns copies.
	orig, _ := casebook.Case1Trip()
	if v, _ := orig.Item("tour-versailles"); v.Activity.Date != date.New(2027, 5, 2) {
		t.Errorf("original moved: %s", v.Activity.Date)
	}
}

func TestBuilderMistakes(t *testing.T) {
	t.Parallel()
	_, err := itinerary.NewBuilder("T", "x", date.New(2027, 5, 1), itinerary.Party{}).
		City(itinerary.Place{City: "Atlantis", Zone: "Atlantis/Capital"}, 2, "Palace").
		City(itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, 0, "Nowhere").
		Activity(itinerary.Visit{Day: 0, Place: itinerary.Place{City: "Paris"}}).
		Remove("ghost").
		MoveTo("ghost", 2).
		Build()
	var ve *itinerary.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Code)
	}
	// Paris was never added (zero nights), so the activity's place has no zone.
	want := []string{"unknown_zone", "invalid_value", "unknown_zone", "invalid_value", "unknown_item", "unknown_item"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestShiftKeepsLocalTimesAcrossDST(t *testing.T) {
	t.Parallel()
	// 20 March 2027 is winter time in Paris (+01:00); 3 April is summer
	// time (+02:00). A 10:05 departure stays 10:05 local: an hour earlier in UTC.
	trip := small(t)
	trip.Items[0].Transport.Depart = time.Date(2027, 3, 20, 10, 5, 0, 0, mustLoad(t, "Europe/London"))
	trip.Items[0].Transport.Arrive = time.Date(2027, 3, 20, 13, 20, 0, 0, mustLoad(t, "Europe/Paris"))
	trip.Start, trip.End = date.New(2027, 3, 20), date.New(2027, 3, 22)
	shifted, err := trip.Shift(date.New(2027, 4, 3))
	if err != nil {
		t.Fatal(err)
	}
	tr := shifted.Items[0].Transport
	if got := tr.Depart.In(mustLoad(t, "Europe/London")).Format("2006-01-02 15:04 -0700"); got != "2027-04-03 10:05 +0100" {
		t.Errorf("shifted departure %s", got)
	}
	if got := tr.Arrive.In(mustLoad(t, "Europe/Paris")).Format("2006-01-02 15:04 -0700"); got != "2027-04-03 13:20 +0200" {
		t.Errorf("shifted arrival %s", got)
	}
	if got := tr.Arrive.Sub(tr.Depart); got != 2*time.Hour+15*time.Minute {
		t.Errorf("flight time %v", got)
	}
	if shifted.Start != date.New(2027, 4, 3) || shifted.End != date.New(2027, 4, 5) {
		t.Errorf("shifted dates %s–%s", shifted.Start, shifted.End)
	}
	// The original is unchanged (Shift copies).
	if trip.Items[0].Transport.Depart.Day() != 20 {
		t.Error("Shift modified the original")
	}
}

func TestFlightAndStayAcrossDST(t *testing.T) {
	t.Parallel()
	// Europe springs forward on Sunday 28 March 2027 at 02:00. A New York
	// flight leaving Saturday 18:00 EDT lands 07:30 CEST on Sunday: 7 h 30.
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a", Surname: "DOE", GivenNames: "JANE", BirthDate: date.New(1990, 1, 1)}}}
	nyc := itinerary.Place{City: "New York", Code: "JFK", Country: "US", Zone: "America/New_York"}
	b := itinerary.NewBuilder("T", "Spring in Paris", date.New(2027, 3, 27), party).
		Travel(itinerary.Journey{ID: "in", Mode: itinerary.Flight, From: nyc, To: paris, DepartDay: 1, Depart: c(18, 0), ArriveDay: 2, Arrive: c(7, 30)})
	b.City(itinerary.Place{City: "Paris"}, 3, "Hôtel")
	b.Activity(itinerary.Visit{ID: "walk", Day: 2, Place: itinerary.Place{City: "Paris"}, Start: c(10, 0), Minutes: 120, Title: "Walk"})
	b.Travel(itinerary.Journey{ID: "out", Mode: itinerary.Flight, From: paris, To: nyc, DepartDay: 4, Depart: c(10, 0), Arrive: c(12, 30)})
	trip, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	tr := trip.Items[0].Transport
	if got := tr.Arrive.Sub(tr.Depart); got != 7*time.Hour+30*time.Minute {
		t.Errorf("overnight flight takes %v, want 7h30m", got)
	}
	// The stay runs 27–30 March, over the night the clocks change: three
	// nights, counted on calendar dates, not 24-hour steps. The first night
	// is spent both on board and in a hotel room held for the morning
	// arrival; that is allowed (no two stays overlap).
	s := trip.Items[1].Stay
	if s.Nights() != 3 || s.CheckIn != date.New(2027, 3, 27) {
		t.Errorf("stay %s, %d nights", s.CheckIn, s.Nights())
	}
	if errs := itinerary.Validate(trip, itinerary.DefaultRules()).Errors(); len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	days, err := itinerary.Days(trip)
	if err != nil {
		t.Fatal(err)
	}
	// Day 2 shows the 07:30 arrival, then the walk.
	if days[1].Entries[0].Part != itinerary.PartArrival || days[1].Entries[0].Time != c(7, 30) || days[1].Entries[1].Item != "walk" {
		t.Errorf("days: %+v / %+v", days[0], days[1].Entries)
	}
}

func TestDateLine(t *testing.T) {
	t.Parallel()
	// Tokyo 21:00 on 5 May → Honolulu 09:00 the same calendar day (the
	// clock goes back across the date line); home 10 May 11:00 → Tokyo
	// 11 May 15:00.
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a", Surname: "SATO", GivenNames: "KEN", BirthDate: date.New(1980, 1, 1)}}}
	tokyo := itinerary.Place{City: "Tokyo", Code: "HND", Country: "JP", Zone: "Asia/Tokyo"}
	hnl := itinerary.Place{City: "Honolulu", Code: "HNL", Country: "US", Zone: "Pacific/Honolulu"}
	trip, err := itinerary.NewBuilder("T", "Hawaii", date.New(2027, 5, 5), party).
		Travel(itinerary.Journey{ID: "go", Mode: itinerary.Flight, From: tokyo, To: hnl, DepartDay: 1, Depart: c(21, 0), Arrive: c(9, 0)}).
		City(itinerary.Place{City: "Honolulu"}, 5, "Beach hotel").
		Travel(itinerary.Journey{ID: "back", Mode: itinerary.Flight, From: hnl, To: tokyo, DepartDay: 6, Depart: c(11, 0), ArriveDay: 7, Arrive: c(15, 0)}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	goFlight := trip.Items[0].Transport
	if got := goFlight.Arrive.Sub(goFlight.Depart); got != 7*time.Hour {
		t.Errorf("eastbound across the date line: %v, want 7h", got)
	}
	back := trip.Items[2].Transport
	if got := back.Arrive.Sub(back.Depart); got != 9*time.Hour {
		t.Errorf("westbound across the date line: %v, want 9h", got)
	}
	r := itinerary.Validate(trip, itinerary.DefaultRules())
	if len(r.Errors()) != 0 {
		t.Errorf("errors: %v", r.Errors())
	}
	days, err := itinerary.Days(trip)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 7 || !days[5].InTransit || days[6].Entries[0].Part != itinerary.PartArrival {
		t.Errorf("days: %d, day 6 in transit %v, day 7 %+v", len(days), days[5].InTransit, days[6].Entries)
	}
}

func TestTemplateInstantiate(t *testing.T) {
	t.Parallel()
	skeleton, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	tpl := itinerary.Template{ID: "EU-10", Title: "Europe classics", Themes: []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeCulture, itinerary.ThemeFood},
		Seasons: []time.Month{time.April, time.May, time.September, time.October}, IndicativePrice: "from CNY 28,000 per adult", Skeleton: *skeleton}
	if tpl.Days() != 11 || !tpl.HasTheme(itinerary.ThemeFood) || tpl.HasTheme(itinerary.ThemeBeach) || !tpl.Suits(time.May) || tpl.Suits(time.July) {
		t.Errorf("template facts wrong: %d days", tpl.Days())
	}
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "p", Surname: "ZHAO", GivenNames: "MIN", BirthDate: date.New(1970, 2, 2)}}}
	trip, err := tpl.Instantiate("T-new", date.New(2027, 9, 18), party)
	if err != nil {
		t.Fatal(err)
	}
	if trip.Start != date.New(2027, 9, 18) || trip.End != date.New(2027, 9, 28) || trip.ID != "T-new" || len(trip.Party.Travellers) != 1 {
		t.Errorf("instantiated %s %s–%s", trip.ID, trip.Start, trip.End)
	}
	first := trip.Items[0].Transport
	if got := first.Depart.In(mustLoad(t, "Asia/Shanghai")).Format("2006-01-02 15:04"); got != "2027-09-18 13:35" {
		t.Errorf("first flight %s", got)
	}
	if r := itinerary.Validate(trip, itinerary.DefaultRules()); len(r.Errors()) != 0 {
		t.Errorf("instantiated trip errors: %v", r.Errors())
	}
}

func TestCloneIsDeep(t *testing.T) {
	t.Parallel()
	trip, _ := casebook.Case1Trip()
	c := trip.Clone()
	c.Items[0].Transport.Number = "999"
	c.Items[2].Stay.Rooms[0].Count = 9
	c.Party.Travellers[0].Surname = "X"
	if trip.Items[0].Transport.Number == "999" || trip.Items[2].Stay.Rooms[0].Count == 9 || trip.Party.Travellers[0].Surname == "X" {
		t.Error("Clone shares memory with the original")
	}
}

func TestTimeOfDay(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]itinerary.TimeOfDay{"00:00": 0, "09:30": 570, "24:00": 1440} {
		if got, err := itinerary.ParseTimeOfDay(in); err != nil || got != want || got.String() != in {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"24:01", "9:30", "12:60", "ab:cd", ""} {
		if _, err := itinerary.ParseTimeOfDay(bad); !errors.Is(err, itinerary.ErrInvalid) {
			t.Errorf("ParseTimeOfDay(%q) error = %v", bad, err)
		}
	}
}

func TestZeroBuilder(t *testing.T) {
	t.Parallel()
	var b itinerary.Builder
	trip, err := b.City(itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, 2, "Hotel").Build()
	if err != nil || len(trip.Items) != 1 || trip.Items[0].Stay.Nights() != 2 {
		t.Errorf("zero Builder: %+v, %v", trip, err)
	}
}
