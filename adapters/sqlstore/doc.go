// Package sqlstore is the whole agency.Store on database/sql: SQLite through
// modernc.org/sqlite (pure Go, the embedded default) and PostgreSQL through
// github.com/jackc/pgx/v5/stdlib. Migrations are embedded and versioned;
// every query is parameterised; instants are stored as exact nanoseconds and
// summed money as integer minor units; driver errors are translated to the
// agency sentinel errors.
package sqlstore
