package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/travelkit/travelkit/agency/storage"
)

//go:embed migrations
var migrationFiles embed.FS

// ErrSchema reports a database whose migration bookkeeping this library
// cannot vouch for: tables of its own without its bookkeeping, versions
// newer than it knows, a record that does not match its migration, or (with
// WithoutMigration) a schema behind this version. Nothing is changed.
var ErrSchema = errors.New("sqlstore: unexpected schema state")

// bookkeeping is the migration record's table, named for the library so
// that it never meets another tool's schema_migrations.
const bookkeeping = "travelkit_schema_migrations"

// Migration is one numbered schema change, rendered for a dialect and a
// schema or table prefix. SQL creates the bookkeeping table if needed,
// applies the change and records it, so that a vendor's migration tool that
// runs it leaves the bookkeeping as Migrate would.
type Migration struct {
	Version int
	Name    string
	SQL     string
	body    string // the change alone
}

type migrationFile struct {
	version int
	name    string
	body    string
}

// DialectMigrations is a Dialect that brings migration files of its own,
// for a database the shared files do not fit: NNN_name.sql files at the
// root of the returned file system, each replacing the shared migration of
// its number. Every number from 001 to the newest must then exist in one of
// the two sets; a file whose statements the database already made in an
// earlier one of its own holds only a comment.
type DialectMigrations interface {
	Dialect
	Migrations() fs.FS
}

// migrationFilesSorted reads the shared migrations and the dialect's own:
// a file in the directory named after the dialect, or in the dialect's own
// file system (DialectMigrations), replaces the shared one of its number,
// or adds one where the dialects must differ (JSON in backfills, say).
func migrationFilesSorted(d Dialect) ([]migrationFile, error) {
	dialect := d.Name()
	type source struct {
		fsys fs.FS
		dir  string
	}
	sources := []source{{migrationFiles, "migrations"}, {migrationFiles, "migrations/" + dialect}}
	if own, ok := d.(DialectMigrations); ok {
		sources = append(sources, source{own.Migrations(), "."})
	}
	byVersion := map[int]migrationFile{}
	for _, src := range sources {
		dir := src.dir
		entries, err := fs.ReadDir(src.fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			num, _, ok := strings.Cut(e.Name(), "_")
			v, err := strconv.Atoi(num)
			if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
				return nil, fmt.Errorf("sqlstore: migration file %q is not NNN_name.sql", e.Name())
			}
			body, err := fs.ReadFile(src.fsys, path.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			byVersion[v] = migrationFile{version: v, name: e.Name(), body: string(body)}
		}
	}
	out := make([]migrationFile, 0, len(byVersion))
	for _, f := range byVersion {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, f := range out {
		if f.version != i+1 {
			return nil, fmt.Errorf("sqlstore: %s has no migration %d", dialect, i+1)
		}
	}
	return out, nil
}

const createBookkeeping = `CREATE TABLE IF NOT EXISTS {` + bookkeeping + `} (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`

// Migrations returns the library's migrations rendered for d and opts (the
// same schema or table prefix the store will be opened with), in order, for
// a vendor's own migration tool. Each one's SQL is idempotent only as a
// whole transaction: run each once, in its own transaction.
func Migrations(d Dialect, opts ...Option) ([]Migration, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: sqlstore: a Dialect is required", storage.ErrInvalid)
	}
	cfg, err := newConfig(d, opts)
	if err != nil {
		return nil, err
	}
	return migrationsFor(d, cfg)
}

func migrationsFor(d Dialect, cfg *config) ([]Migration, error) {
	files, err := migrationFilesSorted(d)
	if err != nil {
		return nil, err
	}
	out := make([]Migration, len(files))
	for i, f := range files {
		body := render(d, cfg, f.body)
		record := render(literal{d}, cfg, `INSERT INTO {`+bookkeeping+`} (version, name) VALUES (`+strconv.Itoa(f.version)+`, '`+f.name+`');`)
		out[i] = Migration{Version: f.version, Name: f.name, body: body,
			SQL: render(d, cfg, createBookkeeping) + ";\n\n" + strings.TrimSpace(body) + "\n\n" + record + "\n"}
	}
	return out, nil
}

// literal renders the bookkeeping record with its values written out, for
// a migration script: the dialect's tables, no placeholders.
type literal struct{ Dialect }

func (literal) Placeholder(int) string { return "?" }

// Migrate checks the bookkeeping and applies the migrations not yet
// applied, each in its own transaction. It is safe to run twice and from two
// processes at once: PostgreSQL and MySQL serialise on a lock held while
// migrating, SQLite on its write lock. A database in a state it cannot
// vouch for is ErrSchema. MySQL commits each DDL statement as it runs, so a
// migration that fails there half-way is left half-applied and unrecorded:
// the error names it.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrationsFor(s.d, s.cfg)
	if err != nil {
		return err
	}
	if _, err := s.state(ctx, ms); err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	lock, unlock := s.d.MigrationLock()
	if lock != "" {
		if _, err := conn.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("sqlstore: taking the migration lock: %w", err)
		}
		defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), unlock) }()
	}
	for _, m := range ms {
		if err := s.apply(ctx, conn, m); err != nil {
			return fmt.Errorf("sqlstore: migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// statements splits a migration into its statements, each ending with a
// semicolon at the end of a line (the files are written so), leaving out
// comments: drivers differ in running several statements at once.
func statements(body string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.SplitSeq(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}

// checkCurrent refuses a schema that is not exactly at this library's
// version (WithoutMigration).
func (s *Store) checkCurrent(ctx context.Context) error {
	ms, err := migrationsFor(s.d, s.cfg)
	if err != nil {
		return err
	}
	applied, err := s.state(ctx, ms)
	if err != nil {
		return err
	}
	if len(applied) < len(ms) {
		return fmt.Errorf("%w: %d of %d migrations applied; run the migrations (sqlstore.Migrations) before opening", ErrSchema, len(applied), len(ms))
	}
	return nil
}

// state reads the bookkeeping and reports what it cannot vouch for: newer
// or foreign records, or the library's tables without a record.
func (s *Store) state(ctx context.Context, ms []Migration) (map[int]string, error) {
	has, err := s.tableExists(ctx, bookkeeping)
	if err != nil {
		return nil, err
	}
	if !has {
		if own, err := s.tableExists(ctx, "customers"); err != nil {
			return nil, err
		} else if own {
			return nil, fmt.Errorf("%w: table %s exists but %s does not: tables made outside this library's migrations",
				ErrSchema, s.table("customers"), s.table(bookkeeping))
		}
		return map[int]string{}, nil
	}
	rows, err := s.db.QueryContext(ctx, s.sql(`SELECT version, name FROM {`+bookkeeping+`}`))
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not this library's bookkeeping: %v", ErrSchema, s.table(bookkeeping), err)
	}
	defer rows.Close()
	known := make(map[int]string, len(ms))
	for _, m := range ms {
		known[m.Version] = m.Name
	}
	applied := map[int]string{}
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrSchema, s.table(bookkeeping), err)
		}
		want, ok := known[v]
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: migration %d (%s) is recorded but unknown to this version of the library (newer schema?)", ErrSchema, v, name)
		case want != name:
			return nil, fmt.Errorf("%w: migration %d is recorded as %q, not %q", ErrSchema, v, name, want)
		}
		applied[v] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, m := range ms { // applied migrations form a prefix
		if _, ok := applied[m.Version]; !ok {
			for v := range applied {
				if v > m.Version {
					return nil, fmt.Errorf("%w: migration %d is recorded but %d before it is not", ErrSchema, v, m.Version)
				}
			}
			break
		}
	}
	return applied, nil
}

func (s *Store) tableExists(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.d.TableExists(), s.cfg.schema, s.cfg.prefix+name).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlstore: looking for table %s: %w", name, err)
	}
	return n > 0, nil
}

func (s *Store) apply(ctx context.Context, conn *sql.Conn, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, s.sql(createBookkeeping)); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.sql(`SELECT count(*) FROM {`+bookkeeping+`} WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // applied already, by us or another process
	}
	for _, stmt := range statements(m.body) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, s.sql(`INSERT INTO {`+bookkeeping+`} (version, name) VALUES (?, ?)`), m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}
