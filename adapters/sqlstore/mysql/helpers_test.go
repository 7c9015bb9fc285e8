package mysql_test

import "database/sql"

func sqlOpen(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }
