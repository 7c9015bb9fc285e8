// Package sqlite opens the travelkit SQL store on SQLite through
// modernc.org/sqlite (pure Go, no cgo): the embedded default. A program that
// imports only this package compiles neither the PostgreSQL nor the MySQL
// driver.
package sqlite
