package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency/storage"
)

// Dialect returns the SQLite dialect, for sqlstore.Open and
// sqlstore.Migrations.
func Dialect() sqlstore.Dialect { return dialect{} }

// dialect is SQLite's SQL: the shared defaults and group_concat. SQLite
// takes its write lock at BEGIN (see DSN), which serialises claims and
// migrations, so it needs no row locks.
type dialect struct{ sqlstore.BaseDialect }

func (dialect) Name() string { return "sqlite" }

func (dialect) Aggregate(expr, sep, orderBy string) string {
	if orderBy != "" {
		return "group_concat(" + expr + ", " + sep + " ORDER BY " + orderBy + ")"
	}
	return "group_concat(" + expr + ", " + sep + ")"
}

func (dialect) TableExists() string {
	return `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND ? = '' AND name = ?`
}

func (dialect) Translate(err error) error { return translate(err) }

// translate maps SQLite errors onto the storage error classes.
func translate(err error) error {
	var lite *sqlite.Error
	if !errors.As(err, &lite) {
		return nil
	}
	switch lite.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w: %v", storage.ErrConflict, err)
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_TOOBIG:
		return fmt.Errorf("%w: %v", storage.ErrInvalid, err)
	}
	return nil
}

// idleConnections is how many idle connections a store Open makes keeps.
const idleConnections = 64

// DSN returns the data source name Open uses for path: WAL, a busy
// timeout, foreign keys, and transactions that take the write lock at
// BEGIN (no lock upgrades, no deadlocks). A vendor opening its own *sql.DB
// on the "sqlite" driver for OpenDB should use the same settings.
func DSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite database at path —
// ":memory:" for a private in-memory database — with the settings of DSN,
// and migrates it unless told otherwise. Close closes the database.
func Open(ctx context.Context, path string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, err
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // each connection to :memory: is its own database
	} else {
		// Keep connections for concurrent readers instead of opening one
		// (and parsing the schema again) per request beyond database/sql's
		// two idle ones.
		db.SetMaxIdleConns(idleConnections)
	}
	return sqlstore.OpenOwned(ctx, db, Dialect(), opts...)
}

// OpenDB opens the store on the caller's SQLite database, which the caller
// keeps and closes.
func OpenDB(ctx context.Context, db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.Open(ctx, db, Dialect(), opts...)
}
