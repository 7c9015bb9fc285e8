package supplier_test

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/supplier"
)

// The Rome hotel's contract prices the case-1 stay night by night across
// its season boundary, and says what cancelling would cost.
func ExampleContract_Rates() {
	cs, _ := casebook.Case1Contracts()
	rome := cs["hotel-pantheon"]
	r, _ := rome.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 3})
	for _, s := range r.Segments {
		fmt.Printf("%s ×%d %s (%s)\n", s.From, s.Nights, s.Adult, s.Season)
	}
	loc, _ := time.LoadLocation("Europe/Rome")
	booked := supplier.Booked{Start: time.Date(2027, 5, 4, 14, 0, 0, 0, loc), Persons: 3}
	for _, s := range r.Segments {
		for range s.Nights {
			booked.Nights = append(booked.Nights, s.Adult)
		}
	}
	fee, _ := rome.Cancellation.FeeAt(booked, time.Date(2027, 4, 28, 10, 0, 0, 0, loc))
	fmt.Println("cancelling on 28 April:", fee)
	fmt.Println("release date:", rome.Release.ReleaseDate(date.New(2027, 5, 4), loc))
	// Output:
	// 2027-05-04 ×1 190.00 EUR (shoulder)
	// 2027-05-05 ×2 215.00 EUR (high)
	// cancelling on 28 April: 310.00 EUR
	// release date: 2027-04-13
}
