package casebook

import (
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/itinerary"
)

// Case1ContractDetails gives what case 1's itinerary does not say but its
// travel contract must: every hotel's address and grade (hotelGrade for
// all of them), every leg's class and every meal's standard, by item ID.
func Case1ContractDetails(trip *itinerary.Trip, hotelGrade string) map[string]contract.ItemDetails {
	details := map[string]contract.ItemDetails{}
	for _, it := range trip.Items {
		switch {
		case it.Stay != nil:
			details[it.ID] = contract.ItemDetails{Address: it.Stay.Place.City + ", " + it.Title, Grade: hotelGrade}
		case it.Transport != nil:
			details[it.ID] = contract.ItemDetails{Class: "economy"}
		case it.Meal != nil:
			details[it.ID] = contract.ItemDetails{Standard: "set menu, three courses"}
		}
	}
	return details
}
