// Package sqlite opens the travelkit SQL store on SQLite through
// modernc.org/sqlite (pure Go, no cgo): the embedded default. A program that
// imports only this package does not compile the PostgreSQL driver.
package sqlite
