package party_test

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/party"
)

func ExampleAgeBands_TypeOn() {
	var bands party.AgeBands // infants under 2, children under 12
	fmt.Println(bands.TypeOn(date.New(2019, 3, 14), date.New(2027, 5, 1)))
	// Output: child
}
