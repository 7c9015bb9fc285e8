package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
)

// vendorDB is a database the vendor opened itself, with the dialect's
// OpenDB and the SQL to name a table in it.
type vendorDB struct {
	db     *sql.DB
	openDB func(context.Context, *sql.DB, ...sqlstore.Option) (*sqlstore.Store, error)
	dial   sqlstore.Dialect
	schema string // "" on SQLite
}

func vendorSQLite(t *testing.T) vendorDB {
	db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(t.TempDir(), "vendor.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return vendorDB{db: db, openDB: sqlite.OpenDB, dial: sqlite.Dialect()}
}

func vendorPostgres(t *testing.T) vendorDB {
	dsn, schema := freshSchema(t)
	db, err := sql.Open("pgx", withSearchPath(dsn, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return vendorDB{db: db, openDB: postgres.OpenDB, dial: postgres.Dialect(), schema: schema}
}

func eachVendorDB(t *testing.T, run func(t *testing.T, v vendorDB)) {
	t.Run("sqlite", func(t *testing.T) { run(t, vendorSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { postgresDSN(t); run(t, vendorPostgres(t)) })
}

// The whole suite with every table under a prefix: in one PostgreSQL
// schema the tests share, and on SQLite in a file per test (a statement
// that forgot the prefix finds no table either way).
func TestTablePrefixConformance(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storage.Store {
			s, err := sqlite.OpenDB(context.Background(), vendorSQLite(t).db, sqlstore.WithTablePrefix("tk_"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("postgres", func(t *testing.T) {
		postgresDSN(t)
		v := vendorPostgres(t)
		var mu sync.Mutex
		n := 0
		storetest.Run(t, func(t *testing.T) storage.Store {
			mu.Lock()
			n++
			prefix := fmt.Sprintf("tk%d_", n)
			mu.Unlock()
			s, err := v.openDB(context.Background(), v.db, sqlstore.WithTablePrefix(prefix))
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
}

// Stores under several prefixes in one SQLite file share its one writer:
// the suite runs them serially, each test on a prefix of its own.
func TestPrefixesShareOneSQLiteFile(t *testing.T) {
	v := vendorSQLite(t)
	n := 0
	storetest.UnitOfWork(t, storetest.Suite{Serial: true, Open: func(t *testing.T) storage.Store {
		n++
		s, err := v.openDB(context.Background(), v.db, sqlstore.WithTablePrefix(fmt.Sprintf("tk%d_", n)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}})
	var tables int
	if err := v.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'tk%_customers'`).Scan(&tables); err != nil || tables != n || n < 2 {
		t.Errorf("%d prefixed customer tables for %d stores, %v", tables, n, err)
	}
}

func TestPostgresSchemaConformance(t *testing.T) {
	dsn := postgresDSN(t)
	db, err := sql.Open("pgx", dsn) // the default search path: the schema option must do all the work
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	storetest.Run(t, func(t *testing.T) storage.Store {
		_, schema := freshSchema(t)
		s, err := postgres.OpenDB(context.Background(), db, sqlstore.WithSchema(schema))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// A vendor database that already has golang-migrate's schema_migrations
// table: the library's bookkeeping has its own name, so it migrates.
func TestForeignSchemaMigrationsTableIsLeftAlone(t *testing.T) {
	eachVendorDB(t, func(t *testing.T, v vendorDB) {
		ctx := context.Background()
		if _, err := v.db.Exec(`CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := v.db.Exec(`INSERT INTO schema_migrations VALUES (20240101, false)`); err != nil {
			t.Fatal(err)
		}
		s, err := v.openDB(ctx, v.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := storage.Customers().Put(ctx, s, "a", storage.Customer{ID: "c1", Name: "Li", Language: storage.English}); err != nil {
			t.Fatalf("store unusable next to a foreign schema_migrations: %v", err)
		}
		var n int
		if err := v.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != 1 {
			t.Errorf("the vendor's schema_migrations was touched: %d rows, %v", n, err)
		}
	})
}

func TestUnknownBookkeepingStatesAreRefused(t *testing.T) {
	eachVendorDB(t, func(t *testing.T, v vendorDB) {
		ctx := context.Background()
		// The library's tables made by hand, without its bookkeeping.
		if _, err := v.db.Exec(`CREATE TABLE customers (id TEXT)`); err != nil {
			t.Fatal(err)
		}
		if _, err := v.openDB(ctx, v.db); !errors.Is(err, sqlstore.ErrSchema) || !strings.Contains(err.Error(), "customers") {
			t.Errorf("tables without bookkeeping: %v", err)
		}
		if _, err := v.db.Exec(`DROP TABLE customers`); err != nil {
			t.Fatal(err)
		}
		// A schema migrated by a newer library.
		s, err := v.openDB(ctx, v.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.db.Exec(`INSERT INTO travelkit_schema_migrations (version, name) VALUES (999, '999_future.sql')`); err != nil {
			t.Fatal(err)
		}
		if _, err := v.openDB(ctx, v.db); !errors.Is(err, sqlstore.ErrSchema) || !strings.Contains(err.Error(), "999") {
			t.Errorf("newer schema: %v", err)
		}
		if err := s.Migrate(ctx); !errors.Is(err, sqlstore.ErrSchema) {
			t.Errorf("Migrate on a newer schema: %v", err)
		}
		// A record whose name is not ours.
		if _, err := v.db.Exec(`DELETE FROM travelkit_schema_migrations WHERE version = 999`); err != nil {
			t.Fatal(err)
		}
		if _, err := v.db.Exec(`UPDATE travelkit_schema_migrations SET name = 'other.sql' WHERE version = 2`); err != nil {
			t.Fatal(err)
		}
		if _, err := v.openDB(ctx, v.db); !errors.Is(err, sqlstore.ErrSchema) || !strings.Contains(err.Error(), "other.sql") {
			t.Errorf("foreign record: %v", err)
		}
	})
}

// With migration off, the vendor runs Migrations' SQL with its own tool;
// the store opens only on a schema at its version.
func TestMigrationOffRunsOnTheVendorsTool(t *testing.T) {
	eachVendorDB(t, func(t *testing.T, v vendorDB) {
		ctx := context.Background()
		opts := []sqlstore.Option{sqlstore.WithTablePrefix("v_"), sqlstore.WithoutMigration()}
		if _, err := v.openDB(ctx, v.db, opts...); !errors.Is(err, sqlstore.ErrSchema) {
			t.Fatalf("unmigrated schema opened: %v", err)
		}
		ms, err := sqlstore.Migrations(v.dial, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms {
			if i == 1 {
				// Half-way: still refused.
				if _, err := v.openDB(ctx, v.db, opts...); !errors.Is(err, sqlstore.ErrSchema) || !strings.Contains(err.Error(), fmt.Sprintf("1 of %d", len(ms))) {
					t.Errorf("half-migrated schema: %v", err)
				}
			}
			tx, err := v.db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(m.SQL); err != nil {
				t.Fatalf("migration %s by the vendor's tool: %v", m.Name, err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		s, err := v.openDB(ctx, v.db, opts...)
		if err != nil {
			t.Fatalf("migrated by the vendor's tool: %v", err)
		}
		if _, err := storage.Customers().Put(ctx, s, "a", storage.Customer{ID: "c1", Name: "Li", Language: storage.English}); err != nil {
			t.Fatal(err)
		}
		// The library agrees with the tool's bookkeeping: nothing left to do.
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// WithTx: the vendor's row and the library's commit or roll back together;
// a failed unit of work inside the vendor's transaction undoes only itself.
func TestJoinTheVendorsTransaction(t *testing.T) {
	eachVendorDB(t, func(t *testing.T, v vendorDB) {
		ctx := context.Background()
		store, err := v.openDB(ctx, v.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.db.Exec(`CREATE TABLE vendor_orders (id TEXT PRIMARY KEY)`); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := v.db.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, commit := range []bool{false, true} {
			tx, err := v.db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			id := map[bool]string{false: "o-rolled-back", true: "o-committed"}[commit]
			if _, err := tx.Exec(`INSERT INTO vendor_orders VALUES ('` + id + `')`); err != nil {
				t.Fatal(err)
			}
			a, err := agency.New(store.WithTx(tx), agency.Config{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Customers.Create(ctx, "a", agency.NewCustomer{ID: id, Name: "Li", Language: agency.English}); err != nil {
				t.Fatal(err)
			}
			// A conflict inside the vendor's transaction: refused, and the
			// transaction stays usable (on PostgreSQL a failed statement
			// would otherwise abort it).
			if _, err := a.Customers.Create(ctx, "a", agency.NewCustomer{ID: id, Name: "Other", Language: agency.English}); !errors.Is(err, agency.ErrConflict) {
				t.Fatalf("duplicate in the vendor's transaction: %v", err)
			}
			if _, err := tx.Exec(`INSERT INTO vendor_orders VALUES ('` + id + `-2')`); err != nil {
				t.Fatalf("vendor transaction unusable after a failed unit: %v", err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := count(`SELECT count(*) FROM vendor_orders`); got != 2 {
			t.Errorf("vendor rows %d, want 2 (the committed order and its second row)", got)
		}
		if got := count(`SELECT count(*) FROM customers`); got != 1 {
			t.Errorf("library rows %d, want 1", got)
		}
		if _, err := storage.Customers().Get(ctx, store, "a", "o-committed"); err != nil {
			t.Error(err)
		}
		var ev int
		if ev = count(`SELECT count(*) FROM outbox`); ev != 1 {
			t.Errorf("outbox rows %d, want the committed change's event only", ev)
		}
	})
}

func TestOptionsAreChecked(t *testing.T) {
	v := vendorSQLite(t)
	ctx := context.Background()
	for _, o := range []sqlstore.Option{sqlstore.WithSchema("travelkit"), sqlstore.WithTablePrefix("bad-prefix"), sqlstore.WithTablePrefix("X")} {
		if _, err := v.openDB(ctx, v.db, o); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("option refused with %v", err)
		}
	}
	if _, err := sqlstore.Open(ctx, nil, sqlite.Dialect()); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("nil db: %v", err)
	}
}
