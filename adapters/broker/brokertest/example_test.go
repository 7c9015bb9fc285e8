package brokertest_test

import (
	"fmt"

	"github.com/travelkit/travelkit/adapters/broker/brokertest"
)

// A consumer handles each event once, whatever the broker redelivers.
func ExampleDedup() {
	var d brokertest.Dedup
	for _, id := range []string{"ev-1", "ev-2", "ev-1"} {
		fmt.Println(id, d.First(id))
	}
	// Output:
	// ev-1 true
	// ev-2 true
	// ev-1 false
}
