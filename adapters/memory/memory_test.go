package memory_test

import (
	"testing"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) agency.Store { return memory.New() })
}
