package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency/storage"
)

// Dialect returns the PostgreSQL dialect, for sqlstore.Open and
// sqlstore.Migrations.
func Dialect() sqlstore.Dialect { return dialect{} }

// dialect is PostgreSQL's SQL: numbered placeholders, schemas, row locks
// that skip locked rows, string_agg, and an advisory lock for migrations.
type dialect struct{ sqlstore.BaseDialect }

func (dialect) Name() string { return "postgres" }

func (dialect) Placeholder(n int) string { return "$" + strconv.Itoa(n) }

func (dialect) Schemas() bool { return true }

func (d dialect) Syntax(c sqlstore.Construct) string {
	switch c {
	case sqlstore.SkipLocked:
		return " FOR UPDATE SKIP LOCKED"
	case sqlstore.LockRow:
		return " FOR UPDATE"
	case sqlstore.BinaryCollation:
		return ` COLLATE "C"`
	}
	return d.BaseDialect.Syntax(c)
}

func (dialect) Aggregate(expr, sep, orderBy string) string {
	if orderBy != "" {
		return "string_agg(" + expr + ", " + sep + " ORDER BY " + orderBy + ")"
	}
	return "string_agg(" + expr + ", " + sep + ")"
}

func (dialect) Text(expr string) string { return "(" + expr + ")::text" }

// One lock for all travelkit migrations in this database.
func (dialect) MigrationLock() (string, string) {
	return `SELECT pg_advisory_lock(7210402716)`, `SELECT pg_advisory_unlock(7210402716)`
}

func (dialect) TableExists() string {
	return `SELECT count(*) FROM information_schema.tables
			WHERE table_schema = COALESCE(NULLIF($1, ''), current_schema()) AND table_name = $2`
}

func (dialect) Translate(err error) error { return translate(err) }

// translate maps PostgreSQL errors onto the storage error classes, so that no
// raw SQLSTATE reaches a caller for what is the caller's input.
func translate(err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return nil
	}
	switch pg.Code {
	case "23505", "23503": // unique violation, foreign key violation
		return fmt.Errorf("%w: %s", storage.ErrConflict, pg.Message)
	case "40001", "40P01": // serialization failure, deadlock
		return fmt.Errorf("%w: %s", storage.ErrConflict, pg.Message)
	case "22021", "22P05", "22001", "22003", "23514", "23502":
		// bad bytes for the encoding, untranslatable character, too long,
		// out of range, check and not-null violations
		return fmt.Errorf("%w: %s", storage.ErrInvalid, pg.Message)
	}
	return nil
}

// Open connects to PostgreSQL with a pgx DSN or URL and migrates the
// database unless told otherwise. Close closes the connection pool.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	return sqlstore.OpenOwned(ctx, db, Dialect(), opts...)
}

// OpenDB opens the store on the caller's PostgreSQL pool (any driver that
// speaks to PostgreSQL through database/sql), which the caller keeps and
// closes.
func OpenDB(ctx context.Context, db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.Open(ctx, db, Dialect(), opts...)
}
