package itinerary_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/itinerary"
)

// synthetic builds a 30-day trip for four travellers through ten cities
// (three nights each, a flight between each), filled with activities and
// meals up to n items.
func synthetic(b *testing.B, n int) *itinerary.Trip {
	b.Helper()
	party := itinerary.Party{}
	for i := range 4 {
		party.Travellers = append(party.Travellers, itinerary.Traveller{ID: fmt.Sprintf("p%d", i),
			Surname: "TEST", GivenNames: fmt.Sprintf("P%d", i), BirthDate: date.New(1980+i, 1, 1)})
	}
	zones := []string{"Europe/Paris", "Europe/Rome", "Europe/Madrid", "Europe/Berlin", "Europe/Vienna"}
	bl := itinerary.NewBuilder("S", "Synthetic", date.New(2027, 3, 1), party)
	cities := make([]itinerary.Place, 10)
	for i := range cities {
		cities[i] = itinerary.Place{City: fmt.Sprintf("City%d", i), Country: "EU", Zone: zones[i%len(zones)]}
	}
	for i, city := range cities {
		if i > 0 {
			bl.Travel(itinerary.Journey{Mode: itinerary.Rail, From: cities[i-1], To: city,
				DepartDay: 3*i + 1, Depart: itinerary.Clock(9, 0), Arrive: itinerary.Clock(11, 0)})
		}
		bl.City(city, 3, fmt.Sprintf("Hotel %d", i))
	}
	for k := 0; k < n-19; k++ {
		day := k%30 + 1
		slot := k / 30
		v := itinerary.Visit{Day: day, Place: itinerary.Place{City: cities[(day-1)/3].City},
			Start: itinerary.TimeOfDay(12*60 + slot%10*60), Minutes: 45, Title: fmt.Sprintf("Visit %d", k)}
		if k%3 == 0 {
			bl.Meal(itinerary.Lunch, v)
		} else {
			bl.Activity(v)
		}
	}
	trip, err := bl.Build()
	if err != nil {
		b.Fatal(err)
	}
	if len(trip.Items) != n {
		b.Fatalf("%d items, want %d", len(trip.Items), n)
	}
	return trip
}

func benchValidate(b *testing.B, n int) {
	trip := synthetic(b, n)
	rules := itinerary.DefaultRules()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := itinerary.Validate(trip, rules); len(r.Errors()) != 0 {
			b.Fatal(r.Errors())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
}

// BenchmarkValidate shows validation is not quadratic: ns/item stays flat
// from 200 to 2,000 items.
func BenchmarkValidate(b *testing.B) {
	b.Run("items=200", func(b *testing.B) { benchValidate(b, 200) })
	b.Run("items=2000", func(b *testing.B) { benchValidate(b, 2000) })
}

func BenchmarkRender(b *testing.B) {
	trip := synthetic(b, 200)
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := itinerary.RenderText(io.Discard, trip, language.SimplifiedChinese); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := itinerary.MarshalPlan(trip); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ical", func(b *testing.B) {
		b.ReportAllocs()
		stamp := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
		for b.Loop() {
			if _, err := itinerary.ICal(trip, stamp); err != nil {
				b.Fatal(err)
			}
		}
	})
}
