// Package postgres opens the travelkit SQL store on PostgreSQL through
// github.com/jackc/pgx/v5/stdlib, for agencies that outgrow one machine. A
// program that imports only this package compiles neither SQLite nor the
// MySQL driver.
package postgres
