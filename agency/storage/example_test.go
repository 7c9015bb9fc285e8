package storage_test

import (
	"context"
	"fmt"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency/storage"
)

// A kind's collection over a store: a customer put and read back, a
// summary page of bookings from the indexed columns alone, and the keys
// searches compare.
func Example() {
	ctx := context.Background()
	store := memory.New()
	customers := storage.Customers()
	c, err := customers.Put(ctx, store, "beijing-global", storage.Customer{ID: "wang-lei", Name: "王磊", Language: "zh-CN"})
	fmt.Println(c.ID, c.Version, err)
	got, err := customers.Get(ctx, store, "beijing-global", "wang-lei")
	fmt.Println(got.Name, err)
	_, err = customers.Get(ctx, store, "another-agency", "wang-lei")
	fmt.Println(err)
	fmt.Println(storage.NameKey("  Wang   LEI "), storage.EmailKey(" Wang.Lei+trip@Example.com"))
	// Output:
	// wang-lei 1 <nil>
	// 王磊 <nil>
	// not found: customer wang-lei
	// wang lei wang.lei@example.com
}
