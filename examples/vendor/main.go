// Command vendortool is what a tool vendor writes around travelkit: its own
// module, its own PostgreSQL pool and schema, its own migration step and
// its own transactions, using only travelkit's public API. Its build
// compiles the PostgreSQL driver and not SQLite. Its tables and
// travelkit's share one schema.
//
//	go run . -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib" // the vendor's own driver choice

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/agency"
)

func main() {
	dsn := flag.String("dsn", os.Getenv("TRAVELKIT_POSTGRES_DSN"), "PostgreSQL DSN")
	schema := flag.String("schema", "travelkit", "schema for travelkit's tables")
	flag.Parse()
	if *dsn == "" {
		fmt.Fprintln(os.Stderr, "vendortool: give -dsn or set TRAVELKIT_POSTGRES_DSN")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Stdout, *dsn, *schema); err != nil {
		fmt.Fprintln(os.Stderr, "vendortool:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, dsn, schema string) error {
	// The vendor's pool, shared by its own tables and travelkit's.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	// The vendor's migration tool runs travelkit's SQL in the vendor's
	// schema; travelkit itself never migrates here.
	if err := migrate(ctx, db, schema); err != nil {
		return err
	}
	store, err := postgres.OpenDB(ctx, db, sqlstore.WithSchema(schema), sqlstore.WithoutMigration())
	if err != nil {
		return err
	}

	// One vendor transaction: the vendor's CRM row and travelkit's customer
	// (with its outbox event) commit together, or not at all.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	inTx, err := agency.New(store.WithTx(tx), agency.Config{})
	if err != nil {
		return err
	}
	c, err := inTx.Customers.Create(ctx, "acme-travel", agency.NewCustomer{ID: "li-na", Name: "Li Na", Email: "li.na@example.com",
		Phone: "+86 139 0000 1111", Language: agency.English})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO "`+schema+`".vendor_crm (travelkit_customer, source) VALUES ($1, 'web form')
		ON CONFLICT (travelkit_customer) DO NOTHING`, c.ID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}

	// A failed unit of work inside the vendor's transaction: travelkit
	// refuses the bad input, the vendor rolls back, nothing is kept.
	tx2, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	inTx2, err := agency.New(store.WithTx(tx2), agency.Config{})
	if err != nil {
		return err
	}
	_, err = inTx2.Customers.Create(ctx, "acme-travel", agency.NewCustomer{Language: "fr"})
	_ = tx2.Rollback()
	var ve *agency.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("expected a validation error, got %v", err)
	}
	fmt.Fprintf(w, "refused: %d problems (%s, %s)\n", len(ve.Problems), ve.Problems[0].Code, ve.Problems[1].Code)

	// The read side for the vendor's screens.
	a, err := agency.New(store, agency.Config{})
	if err != nil {
		return err
	}
	page, err := a.Customers.List(ctx, "acme-travel", agency.CustomerQuery{Phone: "139 0000 1111", Page: agency.PageRequest{Limit: 10}})
	if err != nil {
		return err
	}
	for _, found := range page.Items {
		fmt.Fprintf(w, "found %s <%s>\n", found.Name, found.Email)
	}
	var linked int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+schema+`".vendor_crm WHERE travelkit_customer = $1`, c.ID).Scan(&linked); err != nil {
		return err
	}
	fmt.Fprintf(w, "vendor rows linked: %d\n", linked)
	return nil
}

// migrate is the vendor's migration step: the schema its tables and
// travelkit's share, its own table, then travelkit's migrations rendered
// for the schema, each applied once in its own transaction (travelkit's
// bookkeeping table records them).
func migrate(ctx context.Context, db *sql.DB, schema string) error {
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS "`+schema+`"`); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS "`+schema+`".vendor_crm (travelkit_customer TEXT PRIMARY KEY, source TEXT NOT NULL)`); err != nil {
		return err
	}
	ms, err := sqlstore.Migrations(postgres.Dialect(), sqlstore.WithSchema(schema))
	if err != nil {
		return err
	}
	for _, m := range ms {
		var done int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+schema+`".travelkit_schema_migrations WHERE version = $1`, m.Version).Scan(&done)
		if err == nil && done > 0 {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
