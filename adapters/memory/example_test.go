package memory_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency/storage"
)

func Example() {
	ctx := context.Background()
	store := memory.New()
	customers := storage.Customers()
	c, _ := customers.Put(ctx, store, "agency-a", storage.Customer{ID: "c1", Name: "Li Na", Language: storage.English})
	fmt.Println(c.Version)
	// A save from a stale copy conflicts.
	stale := c
	stale.Version = 0
	_, err := customers.Put(ctx, store, "agency-a", stale)
	fmt.Println(errors.Is(err, storage.ErrConflict))
	// Another tenant sees nothing.
	_, err = customers.Get(ctx, store, "agency-b", "c1")
	fmt.Println(errors.Is(err, storage.ErrNotFound))
	// Output:
	// 1
	// true
	// true
}
