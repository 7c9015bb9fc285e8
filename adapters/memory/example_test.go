package memory_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
)

func Example() {
	ctx := context.Background()
	store := memory.New()
	c, _ := store.Customers().Save(ctx, agency.Customer{Tenant: "agency-a", ID: "c1", Name: "Li Na", Language: agency.English})
	fmt.Println(c.Version)
	// A save from a stale copy conflicts.
	stale := c
	stale.Version = 0
	_, err := store.Customers().Save(ctx, stale)
	fmt.Println(errors.Is(err, agency.ErrConflict))
	// Another tenant sees nothing.
	_, err = store.Customers().Get(ctx, "agency-b", "c1")
	fmt.Println(errors.Is(err, agency.ErrNotFound))
	// Output:
	// 1
	// true
	// true
}
