package storetest_test

import (
	"testing"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency/storage"
)

// A vendor's adapter proves itself with one test function.
func ExampleRun() {
	_ = func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
	}
	// Output:
}

// An adapter in progress proves one capability at a time.
func ExampleLedger() {
	_ = func(t *testing.T) {
		storetest.Ledger(t, storetest.Suite{Open: func(t *testing.T) storage.Store { return memory.New() }})
	}
	// Output:
}
