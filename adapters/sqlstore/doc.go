// Package sqlstore is the whole agency.Store on database/sql, dialect
// neutral: the sqlite package opens it on SQLite (modernc.org/sqlite, pure
// Go, the embedded default), the postgres package on PostgreSQL (pgx) and
// the mysql package on MySQL and MariaDB (go-sql-driver), so a program
// compiles only the driver it uses. What differs between databases is a
// [Dialect]; another database is one more implementation of it. It opens on a *sql.DB of
// its own or the caller's, in a PostgreSQL schema or with a table prefix,
// migrates itself or leaves that to the caller's tool ([Migrations]), and can
// join a transaction the caller holds (WithTx). Every query is
// parameterised; instants are exact nanoseconds and summed money integer
// minor units; quotes are kept in their compact stored form; driver errors
// become the agency error classes.
package sqlstore
