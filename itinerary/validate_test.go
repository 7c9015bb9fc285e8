package itinerary_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/itinerary"
)

var (
	london = itinerary.Place{City: "London", Code: "LHR", Country: "GB", Zone: "Europe/London"}
	paris  = itinerary.Place{City: "Paris", Code: "CDG", Country: "FR", Zone: "Europe/Paris"}
	nice   = itinerary.Place{City: "Nice", Code: "NCE", Country: "FR", Zone: "Europe/Paris"}
	c      = itinerary.Clock
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// small is a valid three-day trip (Sat 1 – Mon 3 May 2027) for two adults:
// fly London → Paris, two nights, the Louvre on Sunday, fly back.
func small(t *testing.T) *itinerary.Trip {
	t.Helper()
	party := itinerary.Party{Travellers: []itinerary.Traveller{
		{ID: "a1", Surname: "SMITH", GivenNames: "ANNA", BirthDate: date.New(1980, 1, 1)},
		{ID: "a2", Surname: "SMITH", GivenNames: "JOHN", BirthDate: date.New(1979, 6, 1)},
	}}
	trip, err := itinerary.NewBuilder("T1", "Paris weekend", date.New(2027, time.May, 1), party).
		Travel(itinerary.Journey{ID: "in", Mode: itinerary.Flight, Carrier: "AF", Number: "1081", From: london, To: paris,
			DepartDay: 1, Depart: c(10, 0), Arrive: c(12, 15)}).
		City(itinerary.Place{City: "Paris"}, 2, "Hôtel du Louvre", itinerary.Room{Type: "double", Occupancy: 2, Count: 1}).
		Activity(itinerary.Visit{ID: "act", Day: 2, Place: itinerary.Place{City: "Paris"}, Start: c(10, 0), Minutes: 120, Title: "Louvre",
			Opening: &itinerary.Opening{Days: []time.Weekday{0, 1, 3, 4, 5, 6}, Open: c(9, 0), Close: c(18, 0)}}).
		Travel(itinerary.Journey{ID: "out", Mode: itinerary.Flight, Carrier: "AF", Number: "1080", From: paris, To: london,
			DepartDay: 3, Depart: c(18, 0), Arrive: c(18, 20)}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return trip
}

func TestValidateSmallIsClean(t *testing.T) {
	t.Parallel()
	r := itinerary.Validate(small(t), itinerary.DefaultRules())
	if len(r.Problems) != 0 {
		t.Fatalf("clean trip reports %v", r.Problems)
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
}

func TestValidateRules(t *testing.T) {
	t.Parallel()
	paris := mustLoad(t, "Europe/Paris")
	tests := []struct {
		name   string
		change func(tr *itinerary.Trip)
		want   []string
	}{
		{"item outside the trip", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Date = date.New(2027, time.May, 5)
		}, []string{"outside_trip:act", "empty_day:"}},
		{"arrives before it departs", func(tr *itinerary.Trip) {
			in := item(tr, "in").Transport
			in.Arrive = in.Depart.Add(-time.Hour)
		}, []string{"arrives_before_departure:in", "empty_day:"}},
		{"check-out before check-in", func(tr *itinerary.Trip) {
			s := item(tr, "stay-1").Stay
			s.CheckOut = s.CheckIn
		}, []string{"check_out_not_after_check_in:stay-1", "night_uncovered:", "night_uncovered:"}},
		{"overlapping transports", func(tr *itinerary.Trip) {
			tr.Items = append(tr.Items, itinerary.Item{ID: "in2", Kind: itinerary.KindTransport, Title: "transfer", Status: itinerary.Proposed,
				Transport: &itinerary.Transport{Mode: itinerary.Transfer, From: paris0(), To: paris0(),
					Depart: time.Date(2027, 5, 1, 12, 0, 0, 0, paris), Arrive: time.Date(2027, 5, 1, 13, 0, 0, 0, paris)}})
		}, []string{"transport_overlap:in,in2"}},
		{"overlapping stays", func(tr *itinerary.Trip) {
			s := *item(tr, "stay-1")
			st := *s.Stay
			st.CheckIn++
			s.ID, s.Stay = "stay-2", &st
			tr.Items = append(tr.Items, s)
		}, []string{"stay_overlap:stay-1,stay-2"}},
		{"night without a bed", func(tr *itinerary.Trip) {
			item(tr, "stay-1").Stay.CheckOut--
		}, []string{"night_uncovered:"}},
		{"departure from the wrong city", func(tr *itinerary.Trip) {
			item(tr, "out").Transport.From = nice
		}, []string{"location_discontinuity:in,out"}},
		{"stay in the wrong city", func(tr *itinerary.Trip) {
			item(tr, "stay-1").Stay.Place = nice
		}, []string{"location_discontinuity:in,stay-1"}},
		{"short international connection", func(tr *itinerary.Trip) {
			// LHR→CDG arrives 12:15; onward flight 13:00: 45 min, 120 needed.
			tr.Items = append(tr.Items, itinerary.Item{ID: "hop", Kind: itinerary.KindTransport, Title: "hop", Status: itinerary.Proposed,
				Transport: &itinerary.Transport{Mode: itinerary.Flight, From: paris0(), To: paris0(),
					Depart: time.Date(2027, 5, 1, 13, 0, 0, 0, paris), Arrive: time.Date(2027, 5, 1, 14, 0, 0, 0, paris)}})
		}, []string{"short_connection:in,hop"}},
		{"short rail connection", func(tr *itinerary.Trip) {
			// 12:15 → 12:30 by rail: 15 min, 30 needed.
			tr.Items = append(tr.Items, itinerary.Item{ID: "rer", Kind: itinerary.KindTransport, Title: "RER", Status: itinerary.Proposed,
				Transport: &itinerary.Transport{Mode: itinerary.Rail, From: paris0(), To: paris0(),
					Depart: time.Date(2027, 5, 1, 12, 30, 0, 0, paris), Arrive: time.Date(2027, 5, 1, 13, 15, 0, 0, paris)}})
		}, []string{"short_connection:in,rer"}},
		{"closed on the day", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Opening.Days = []time.Weekday{time.Monday}
		}, []string{"closed_day:act"}},
		{"before opening", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Start = c(8, 0)
		}, []string{"closed_hours:act"}},
		{"past closing", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Start = c(17, 0)
		}, []string{"closed_hours:act"}},
		{"more travellers than beds", func(tr *itinerary.Trip) {
			item(tr, "stay-1").Stay.Rooms[0].Occupancy = 1
		}, []string{"rooms_over_capacity:stay-1"}},
		{"traveller not in the party", func(tr *itinerary.Trip) {
			item(tr, "act").Travellers = []string{"a1", "zz"}
		}, []string{"unknown_traveller:act"}},
		{"infant without an adult", func(tr *itinerary.Trip) {
			tr.Party.Travellers = append(tr.Party.Travellers,
				itinerary.Traveller{ID: "i1", Surname: "SMITH", GivenNames: "LILY", BirthDate: date.New(2026, time.June, 1)})
			item(tr, "act").Travellers = []string{"i1"}
		}, []string{"infant_without_adult:act"}},
		{"duplicate item ID", func(tr *itinerary.Trip) {
			item(tr, "act").ID = "in"
		}, []string{"duplicate_id:in"}},
		{"unknown zone", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Place.Zone = "Mars/Olympus"
		}, []string{"unknown_zone:act", "empty_day:"}},
		{"warnings: long day, late arrival, empty day", func(tr *itinerary.Trip) {
			item(tr, "act").Activity.Opening = nil
			item(tr, "act").Activity.Start, item(tr, "act").Activity.Minutes = c(6, 0), 16*60
			out := item(tr, "out").Transport
			out.Depart = time.Date(2027, 5, 3, 22, 30, 0, 0, paris)
			out.Arrive = time.Date(2027, 5, 3, 23, 10, 0, 0, mustLoad(t, "Europe/London"))
		}, []string{"late_arrival:out", "long_day:"}},
		{"empty day", func(tr *itinerary.Trip) {
			remove(tr, "act")
		}, []string{"empty_day:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := small(t)
			tt.change(tr)
			r := itinerary.Validate(tr, itinerary.DefaultRules())
			if diff := cmp.Diff(tt.want, r.Codes()); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, r.Problems)
			}
		})
	}
}

func paris0() itinerary.Place {
	return itinerary.Place{City: "Paris", Code: "CDG", Country: "FR", Zone: "Europe/Paris"}
}

func item(tr *itinerary.Trip, id string) *itinerary.Item {
	it, ok := tr.Item(id)
	if !ok {
		panic("test trip has no item " + id)
	}
	return it
}

func remove(tr *itinerary.Trip, id string) {
	for i := range tr.Items {
		if tr.Items[i].ID == id {
			tr.Items = append(tr.Items[:i], tr.Items[i+1:]...)
			return
		}
	}
}

func TestValidateNightTravellers(t *testing.T) {
	t.Parallel()
	tr := small(t)
	// Only a1 has the hotel: a2 has no bed on either night.
	item(tr, "stay-1").Travellers = []string{"a1"}
	r := itinerary.Validate(tr, itinerary.DefaultRules())
	var got [][]string
	for _, p := range r.Problems {
		got = append(got, append([]string{p.Code}, p.Travellers...))
	}
	want := [][]string{{"night_uncovered", "a2"}, {"night_uncovered", "a2"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !errors.Is(r.Err(), itinerary.ErrInvalid) {
		t.Errorf("Err() = %v", r.Err())
	}
}

func TestValidateTripFields(t *testing.T) {
	t.Parallel()
	tr := &itinerary.Trip{Start: date.New(2027, 5, 3), End: date.New(2027, 5, 1),
		Party: itinerary.Party{Travellers: []itinerary.Traveller{{ID: "x"}, {ID: "x", Surname: "A", GivenNames: "B", BirthDate: date.New(2000, 1, 1)}}}}
	r := itinerary.Validate(tr, itinerary.DefaultRules())
	var got []string
	for _, p := range r.Errors() {
		got = append(got, p.Field+":"+p.Code)
	}
	want := []string{"Title:required", "End:invalid_value", "Party.Travellers[0]:required", "Party.Travellers[0].BirthDate:invalid_value",
		"Party.Travellers[1].ID:duplicate_id"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Two consecutive stays in different cities with no transport between them
// break location continuity, also when the trip starts with no arrival.
func TestValidateStayToStayNeedsTransport(t *testing.T) {
	t.Parallel()
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a1", Surname: "SMITH", GivenNames: "ANNA", BirthDate: date.New(1980, 1, 1)}}}
	room := itinerary.Room{Type: "single", Occupancy: 1, Count: 1}
	trip, err := itinerary.NewBuilder("T2", "Paris then Nice", date.New(2027, time.May, 1), party).
		City(itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, 2, "Hôtel A", room).
		City(itinerary.Place{City: "Nice", Zone: "Europe/Paris"}, 1, "Hôtel B", room).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	var got []itinerary.Problem
	for _, p := range itinerary.Validate(trip, itinerary.DefaultRules()).Problems {
		if p.Code == itinerary.CodeLocation {
			got = append(got, p)
		}
	}
	if len(got) != 1 || len(got[0].Items) != 2 || got[0].Travellers[0] != "a1" {
		t.Fatalf("location problems %+v", got)
	}
	// The same two stays in one city are fine.
	same, _ := itinerary.NewBuilder("T3", "Paris", date.New(2027, time.May, 1), party).
		City(itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, 2, "Hôtel A", room).
		City(itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, 1, "Hôtel B", room).
		Build()
	for _, p := range itinerary.Validate(same, itinerary.DefaultRules()).Problems {
		if p.Code == itinerary.CodeLocation {
			t.Errorf("same city flagged: %+v", p)
		}
	}
}

// Problems carry their data in Detail: the night's date, the closed day.
func TestValidateProblemDetail(t *testing.T) {
	t.Parallel()
	trip := small(t)
	trip.Items = slicesDeleteKind(trip.Items, itinerary.KindStay)
	r := itinerary.Validate(trip, itinerary.DefaultRules())
	var nights []string
	for _, p := range r.Problems {
		if p.Code == itinerary.CodeNightUncovered {
			nights = append(nights, p.Detail["date"])
		}
	}
	if diff := cmp.Diff([]string{"2027-05-01", "2027-05-02"}, nights); diff != "" {
		t.Errorf("uncovered nights (-want +got):\n%s", diff)
	}
}

func slicesDeleteKind(items []itinerary.Item, k itinerary.Kind) []itinerary.Item {
	var out []itinerary.Item
	for _, it := range items {
		if it.Kind != k {
			out = append(out, it)
		}
	}
	return out
}
