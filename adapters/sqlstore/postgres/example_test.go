package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
)

// Opening in a schema of the vendor's database; the schema must exist.
func ExampleOpen() {
	dsn := os.Getenv("TRAVELKIT_POSTGRES_DSN")
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	store, err := postgres.Open(context.Background(), dsn, sqlstore.WithSchema("travelkit"))
	if err != nil {
		fmt.Println("not connected")
		return
	}
	defer store.Close()
	fmt.Println("connected")
}

func ExampleDialect() {
	ms, _ := sqlstore.Migrations(postgres.Dialect(), sqlstore.WithSchema("travelkit"))
	fmt.Println(len(ms), strings.SplitN(ms[0].SQL, " (", 2)[0])
	// Output: 14 CREATE TABLE IF NOT EXISTS "travelkit"."travelkit_schema_migrations"
}
