// Package testdb opens the databases tests run on: a fresh SQLite file
// and, when TRAVELKIT_POSTGRES_DSN names a server, a PostgreSQL schema of
// the test's own, dropped afterwards.
package testdb
