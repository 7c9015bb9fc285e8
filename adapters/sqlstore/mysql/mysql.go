package mysql

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	driver "github.com/go-sql-driver/mysql"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency/storage"
)

//go:embed migrations/*.sql
var migrations embed.FS

// minAggregate is the least group_concat_max_len the store needs: a year
// of an allotment's nights in one row.
const minAggregate = 64 << 10

// Dialect returns the MySQL/MariaDB dialect, for sqlstore.Open and
// sqlstore.Migrations.
func Dialect() sqlstore.Dialect { return dialect{} }

// dialect is MySQL's SQL: ? placeholders, no schemas beyond the
// database, GROUP_CONCAT, CONCAT, no UPDATE … RETURNING, duplicates
// reported as a statement's error, read-committed transactions, and a
// named lock for migrations.
type dialect struct{ sqlstore.BaseDialect }

func (dialect) Name() string { return "mysql" }

func (d dialect) Syntax(c sqlstore.Construct) string {
	switch c {
	case sqlstore.SkipLocked:
		return " FOR UPDATE SKIP LOCKED"
	case sqlstore.LockRow:
		return " FOR UPDATE"
	case sqlstore.IgnoreDuplicates:
		return "" // a duplicate fails only its statement: see IsDuplicate
	case sqlstore.FromNothing:
		return " FROM DUAL"
	case sqlstore.TextType:
		return "CHAR"
	case sqlstore.IntegerType:
		return "SIGNED"
	}
	return d.BaseDialect.Syntax(c) // BinaryCollation: the tables' default is utf8mb4_bin
}

func (dialect) Aggregate(expr, sep, orderBy string) string {
	if orderBy != "" {
		return "GROUP_CONCAT(" + expr + " ORDER BY " + orderBy + " SEPARATOR " + sep + ")"
	}
	return "GROUP_CONCAT(" + expr + " SEPARATOR " + sep + ")"
}

// IndexHint forces the index: MariaDB's planner prefers scanning a
// tenant's whole primary key to a range of the index on the period.
func (dialect) IndexHint(index string) string { return " FORCE INDEX (" + index + ")" }

func (dialect) Text(expr string) string { return "CAST(" + expr + " AS CHAR)" }

func (dialect) Concat(parts ...string) string { return "CONCAT(" + strings.Join(parts, ", ") + ")" }

func (dialect) Returning() bool { return false }

func (dialect) IsDuplicate(err error) bool {
	var my *driver.MySQLError
	return errors.As(err, &my) && my.Number == 1062
}

// TxOptions asks for read committed, as PostgreSQL's default: locking
// reads see the latest rows and no gap locks turn concurrent inserts into
// deadlocks.
func (dialect) TxOptions() *sql.TxOptions { return &sql.TxOptions{Isolation: sql.LevelReadCommitted} }

func (dialect) MigrationLock() (string, string) {
	return `SELECT GET_LOCK('travelkit_migrations', 600)`, `SELECT RELEASE_LOCK('travelkit_migrations')`
}

func (dialect) TableExists() string {
	return `SELECT count(*) FROM information_schema.tables WHERE table_schema = COALESCE(NULLIF(?, ''), DATABASE()) AND table_name = ?`
}

// Migrations returns this dialect's own migration files.
func (dialect) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded directory exists: a defect of this package
	}
	return sub
}

// Check refuses connections without the settings the store counts on: a
// strict sql_mode (so that text too long or a bad value is an error, not
// silently cut), group_concat_max_len of at least 64 KiB, and affected
// rows that count the rows matched (the driver's clientFoundRows), as the
// other databases do.
func (dialect) Check(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	var aggregate int64
	if err := conn.QueryRowContext(ctx, `SELECT @@SESSION.sql_mode, @@SESSION.group_concat_max_len`).Scan(&mode, &aggregate); err != nil {
		return err
	}
	var problems []string
	if !strings.Contains(mode, "STRICT_TRANS_TABLES") && !strings.Contains(mode, "STRICT_ALL_TABLES") {
		problems = append(problems, "sql_mode needs STRICT_TRANS_TABLES")
	}
	if strings.Contains(mode, "ANSI_QUOTES") || strings.Contains(mode, "PIPES_AS_CONCAT") {
		problems = append(problems, "sql_mode must not have ANSI_QUOTES or PIPES_AS_CONCAT")
	}
	if aggregate < minAggregate {
		problems = append(problems, fmt.Sprintf("group_concat_max_len is %d, needs at least %d (DSN parameter group_concat_max_len)", aggregate, minAggregate))
	}
	found, err := foundRows(ctx, conn)
	if err != nil {
		return err
	}
	if !found {
		problems = append(problems, "affected rows must count matched rows (DSN parameter clientFoundRows=true)")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: the connection's settings: %s", storage.ErrInvalid, strings.Join(problems, "; "))
	}
	return nil
}

// foundRows reports whether an UPDATE that changes nothing still counts
// the row it matched.
func foundRows(ctx context.Context, conn *sql.Conn) (bool, error) {
	if _, err := conn.ExecContext(ctx, `CREATE TEMPORARY TABLE travelkit_found_rows (x INTEGER)`); err != nil {
		return false, err
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `DROP TEMPORARY TABLE travelkit_found_rows`)
	}()
	if _, err := conn.ExecContext(ctx, `INSERT INTO travelkit_found_rows VALUES (1)`); err != nil {
		return false, err
	}
	res, err := conn.ExecContext(ctx, `UPDATE travelkit_found_rows SET x = 1`)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (dialect) Translate(err error) error {
	var my *driver.MySQLError
	if !errors.As(err, &my) {
		return nil
	}
	switch my.Number {
	case 1062, 1451, 1452: // duplicate key, foreign key (parent, child)
		return fmt.Errorf("%w: %s", storage.ErrConflict, my.Message)
	case 1213, 1205: // deadlock, lock wait timeout
		return fmt.Errorf("%w: %s", storage.ErrConflict, my.Message)
	case 1406, 1264, 1366, 1048, 3819, 4025, 1292:
		// too long, out of range, bad text, NULL, check constraint (MySQL,
		// MariaDB), bad value
		return fmt.Errorf("%w: %s", storage.ErrInvalid, my.Message)
	}
	return nil
}

// Config returns the driver configuration Open uses for dsn: the caller's
// DSN with the settings the store needs added (utf8mb4, strict mode,
// clientFoundRows, group_concat_max_len, parseTime off: instants are
// integers). A vendor opening its own *sql.DB for OpenDB can start from it.
func Config(dsn string) (*driver.Config, error) {
	cfg, err := driver.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: mysql DSN: %v", storage.ErrInvalid, err)
	}
	cfg.ClientFoundRows = true
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["group_concat_max_len"] = "1048576"
	cfg.Params["sql_mode"] = "'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'"
	cfg.Params["time_zone"] = "'+00:00'"
	if err := cfg.Apply(driver.Charset("utf8mb4", "utf8mb4_bin")); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Open connects to MySQL or MariaDB with a go-sql-driver DSN
// ("user:password@tcp(host:3306)/database"), adding the settings of
// Config, and migrates the database unless told otherwise. Close closes
// the connection pool.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	cfg, err := Config(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := driver.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sqlstore.OpenOwned(ctx, sql.OpenDB(conn), Dialect(), opts...)
}

// OpenDB opens the store on the caller's pool, which the caller keeps and
// closes; its connections must have the settings Config adds (Check says
// which are missing).
func OpenDB(ctx context.Context, db *sql.DB, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	return sqlstore.Open(ctx, db, Dialect(), opts...)
}
