package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/mysql"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency/storage"
)

// PostgresDSN returns TRAVELKIT_POSTGRES_DSN. Without it the test is
// skipped, saying so — except under CI, where PostgreSQL must run.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TRAVELKIT_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TRAVELKIT_POSTGRES_DSN is not set, and CI must run the PostgreSQL tests")
		}
		t.Skip("TRAVELKIT_POSTGRES_DSN is not set: skipping PostgreSQL")
	}
	return dsn
}

// PostgresSchema creates a fresh schema on the PostgreSQL server of
// TRAVELKIT_POSTGRES_DSN, dropped when the test ends, and returns the DSN
// and the schema's name.
func PostgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	dsn = PostgresDSN(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema = "tk_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		_ = admin.Close()
		t.Fatalf("PostgreSQL at TRAVELKIT_POSTGRES_DSN refuses: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		_ = admin.Close()
	})
	return dsn, schema
}

// Postgres opens a store in a fresh schema, dropped when the test ends.
func Postgres(t testing.TB, opts ...sqlstore.Option) *sqlstore.Store {
	t.Helper()
	dsn, schema := PostgresSchema(t)
	s, err := postgres.Open(context.Background(), dsn, append([]sqlstore.Option{sqlstore.WithSchema(schema)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// MySQLDSN returns TRAVELKIT_MYSQL_DSN (a go-sql-driver DSN naming a
// database the tests may create others beside, such as
// "root@tcp(127.0.0.1:3306)/test"). Without it the test is skipped, saying
// so — except under CI, where MariaDB must run.
func MySQLDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TRAVELKIT_MYSQL_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TRAVELKIT_MYSQL_DSN is not set, and CI must run the MySQL tests")
		}
		t.Skip("TRAVELKIT_MYSQL_DSN is not set: skipping MySQL")
	}
	return dsn
}

// MySQLDatabase creates a fresh database on the MySQL server of
// TRAVELKIT_MYSQL_DSN, dropped when the test ends, and returns a DSN for
// it.
func MySQLDatabase(t testing.TB) string {
	t.Helper()
	cfg, err := mysql.Config(MySQLDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "tk_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		_ = admin.Close()
		t.Fatalf("MySQL at TRAVELKIT_MYSQL_DSN refuses: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE " + name)
		_ = admin.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}

// MySQL opens a store in a fresh database, dropped when the test ends.
func MySQL(t testing.TB, opts ...sqlstore.Option) *sqlstore.Store {
	t.Helper()
	dsn := MySQLDatabase(t)
	s, err := mysql.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// SQLite opens a store in a fresh file, closed when the test ends.
func SQLite(t testing.TB, opts ...sqlstore.Option) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "travelkit.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Stores opens a fresh store of each kind by name: memory, sqlite,
// postgres and mysql (the last two skipped without a server, as
// PostgresDSN and MySQLDSN say).
func Stores() map[string]func(t *testing.T) storage.Store {
	return map[string]func(t *testing.T) storage.Store{
		"memory":   func(*testing.T) storage.Store { return memory.New() },
		"sqlite":   func(t *testing.T) storage.Store { return SQLite(t) },
		"postgres": func(t *testing.T) storage.Store { return Postgres(t) },
		"mysql":    func(t *testing.T) storage.Store { return MySQL(t) },
	}
}
