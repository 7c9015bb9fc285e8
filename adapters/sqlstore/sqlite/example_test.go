package sqlite_test

import (
	"context"
	"fmt"

	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
)

// An agency on an embedded SQLite database: a file path keeps the data,
// ":memory:" keeps it for the life of the store.
func ExampleOpen() {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	a, err := agency.New(store, agency.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = a.Customers.Create(ctx, "agency-a", agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English})
	c, _ := a.Customers.Get(ctx, "agency-a", "c1")
	fmt.Println(err, c.Name, c.Version)
	// Output: <nil> Li Na 1
}
