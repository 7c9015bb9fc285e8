package storetest_test

import (
	"testing"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency"
)

// A vendor's adapter proves itself with one test function.
func ExampleRun() {
	_ = func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) agency.Store { return memory.New() })
	}
	// Output:
}
