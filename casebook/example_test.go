package casebook_test

import (
	"fmt"

	"github.com/travelkit/travelkit/casebook"
)

func ExampleCase1Trip() {
	trip, _ := casebook.Case1Trip()
	for _, leg := range trip.Legs() {
		fmt.Println(leg.Place.City, leg.CheckIn, leg.CheckOut)
	}
	// Output:
	// Paris 2027-05-01 2027-05-04
	// Rome 2027-05-04 2027-05-07
	// Barcelona 2027-05-07 2027-05-10
}
