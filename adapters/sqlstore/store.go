package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/travelkit/travelkit/agency"
)

// dialect holds what differs between the databases.
type dialect struct {
	name     string
	numbered bool   // $1 placeholders instead of ?
	lock     string // appended to the claim's inner SELECT
}

// rebind turns ? placeholders into $1, $2… where the dialect needs it. The
// queries are constants of this package, never built from input.
func (d *dialect) rebind(q string) string {
	if !d.numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func sqliteDialect() *dialect { return &dialect{name: "sqlite"} }
func postgresDialect() *dialect {
	return &dialect{name: "postgres", numbered: true, lock: " FOR UPDATE SKIP LOCKED"}
}

// querier is what a *sql.DB and a *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is an agency.Store on a SQL database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	d  *dialect
	q  querier
	tx *sql.Tx // set inside InTx
}

// OpenSQLite opens (creating if needed) the SQLite database at path —
// ":memory:" for a private in-memory database — with WAL, a busy timeout
// and foreign keys, and migrates it.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	memory := path == ":memory:"
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // a transaction takes the write lock at BEGIN: no lock upgrades, no deadlocks
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if memory {
		db.SetMaxOpenConns(1) // each connection to :memory: is its own database
	}
	return open(ctx, db, sqliteDialect())
}

// OpenPostgres connects to PostgreSQL with a pgx DSN or URL and migrates
// the database.
func OpenPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	return open(ctx, db, postgresDialect())
}

func open(ctx context.Context, db *sql.DB, d *dialect) (*Store, error) {
	s := &Store{db: db, d: d, q: db}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlstore: %s: %w", d.name, err)
	}
	if err := s.Migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// DB returns the underlying database, for callers that share it.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// InTx runs fn in one database transaction: committed when fn returns nil,
// rolled back otherwise. Inside it, InTx joins the running transaction.
func (s *Store) InTx(ctx context.Context, fn func(agency.Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.translate(err)
	}
	inner := &Store{db: s.db, d: s.d, q: tx, tx: tx}
	if err := fn(inner); err != nil {
		_ = tx.Rollback()
		return err
	}
	return s.translate(tx.Commit())
}

// atomic runs fn in a transaction unless already inside one.
func (s *Store) atomic(ctx context.Context, fn func(*Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.InTx(ctx, func(st agency.Store) error { return fn(st.(*Store)) })
}

// translate maps driver errors onto the agency sentinels.
func (s *Store) translate(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505", "23503": // unique violation, foreign key violation
			return fmt.Errorf("%w: %s", agency.ErrConflict, pg.Message)
		case "40001", "40P01": // serialization failure, deadlock
			return fmt.Errorf("%w: %s", agency.ErrConflict, pg.Message)
		}
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", agency.ErrConflict, err)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %v", agency.ErrNotFound, err)
	}
	return err
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r, err := s.q.ExecContext(ctx, s.d.rebind(q), args...)
	return r, s.translate(err)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.q.QueryRowContext(ctx, s.d.rebind(q), args...)
}

func nanos(t time.Time) int64 { return t.UnixNano() }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// Customers returns the customer repository.
func (s *Store) Customers() agency.CustomerRepo { return customers{s} }

// Trips returns the trip repository.
func (s *Store) Trips() agency.TripRepo { return trips{s} }

// Quotes returns the quote repository.
func (s *Store) Quotes() agency.QuoteRepo { return quotes{s} }

// Outbox returns the outbox repository.
func (s *Store) Outbox() agency.OutboxRepo { return outbox{s} }
