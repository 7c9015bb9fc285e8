package sqlite_test

import (
	"context"
	"fmt"

	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
)

func ExampleOpen() {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, ":memory:") // or a file path
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	err = store.InTx(ctx, func(tx agency.Store) error {
		_, err := tx.Customers().Save(ctx, agency.Customer{Tenant: "agency-a", ID: "c1", Name: "Li Na", Language: agency.English})
		return err
	})
	c, _ := store.Customers().Get(ctx, "agency-a", "c1")
	fmt.Println(err, c.Name, c.Version)
	// Output: <nil> Li Na 1
}
