package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
)

// A vendor opens the store on its own *sql.DB with a table prefix, and
// writes its own row and the library's in one transaction.
func ExampleStore_WithTx() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", sqlite.DSN(":memory:"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	store, err := sqlite.OpenDB(ctx, db, sqlstore.WithTablePrefix("tk_"))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = db.Exec(`CREATE TABLE vendor_log (line TEXT)`)
	tx, _ := db.BeginTx(ctx, nil)
	_, _ = tx.Exec(`INSERT INTO vendor_log VALUES ('customer added')`)
	a, err := agency.New(store.WithTx(tx), agency.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = a.Customers.Create(ctx, "agency-a", agency.NewCustomer{ID: "c1", Name: "Li Na", Language: agency.English})
	fmt.Println(err, tx.Commit())
	var n int
	_ = db.QueryRow(`SELECT count(*) FROM tk_customers`).Scan(&n)
	fmt.Println(n)
	// Output:
	// <nil> <nil>
	// 1
}

func ExampleMigrations() {
	ms, err := sqlstore.Migrations(sqlite.Dialect(), sqlstore.WithTablePrefix("tk_"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ms {
		fmt.Println(m.Version, m.Name)
	}
	// Output:
	// 1 001_init.sql
	// 2 002_feedback.sql
	// 3 003_read_side.sql
	// 4 004_allotments.sql
	// 5 005_suppliers.sql
	// 6 006_payables.sql
	// 7 007_charge_backs.sql
	// 8 008_bookings.sql
	// 9 009_travel_contracts.sql
	// 10 010_inquiries.sql
	// 11 011_kpis.sql
	// 12 012_generic_records.sql
	// 13 013_stop_sale_keep.sql
	// 14 014_invoice_line_count.sql
}
