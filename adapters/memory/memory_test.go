package memory_test

import (
	"testing"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency/storage"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store { return memory.New() })
}
