// Package mysql opens the travelkit store on MySQL 8 or MariaDB 10.6 and
// later through github.com/go-sql-driver/mysql, with its own migrations:
// text is utf8mb4 compared bytewise, money is integer minor units and
// instants are nanoseconds, so every figure is exactly what SQLite and
// PostgreSQL give. A program that imports only this package compiles neither
// pgx nor SQLite.
package mysql
