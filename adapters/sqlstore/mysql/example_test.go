package mysql_test

import (
	"context"
	"fmt"
	"os"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/mysql"
)

// Open a store on MySQL or MariaDB. The DSN names the database; Open adds
// the connection settings the store needs and migrates.
func ExampleOpen() {
	store, err := mysql.Open(context.Background(), os.Getenv("AGENCY_MYSQL_DSN")) // e.g. agency:secret@tcp(127.0.0.1:3306)/agency
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	fmt.Println("opened:", store.DB() != nil)
}

// The MySQL migrations, for a vendor's own migration tool.
func ExampleDialect() {
	ms, err := sqlstore.Migrations(mysql.Dialect(), sqlstore.WithTablePrefix("tk_"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(ms), ms[0].Name)
	// Output: 14 001_init.sql
}
