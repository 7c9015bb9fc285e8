package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency/storage"
)

// Option configures where the store keeps its tables and whether it
// migrates them.
type Option func(*config)

type config struct {
	schema    string
	prefix    string
	noMigrate bool
	trace     func(query string, args []any)
}

// WithTrace calls trace with every statement the store sends (as the
// database sees it) and its arguments, before it is sent: for a vendor's
// logging or tracing, and for tests that check query plans. Arguments may
// hold personal data; mask them before logging.
func WithTrace(trace func(query string, args []any)) Option {
	return func(c *config) { c.trace = trace }
}

// WithSchema keeps every table in schema (PostgreSQL), which must exist.
// Schema names are lower-case letters, digits and underscores.
func WithSchema(schema string) Option { return func(c *config) { c.schema = schema } }

// WithTablePrefix names every table and index with prefix first ("tk_"
// makes tk_customers), for a database shared with the vendor's own tables.
func WithTablePrefix(prefix string) Option { return func(c *config) { c.prefix = prefix } }

// WithoutMigration opens without migrating: the vendor runs Migrations'
// SQL with its own tool. Open still checks that the schema is at the
// version this library needs and refuses it otherwise.
func WithoutMigration() Option { return func(c *config) { c.noMigrate = true } }

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,40}$`)

func newConfig(d Dialect, opts []Option) (*config, error) {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	if c.schema != "" && (!d.Schemas() || !identifier.MatchString(c.schema)) {
		return nil, fmt.Errorf("%w: sqlstore: schema %q: %s needs lower-case letters, digits and underscores, and a database with schemas",
			storage.ErrInvalid, c.schema, d.Name())
	}
	if c.prefix != "" && !identifier.MatchString(c.prefix) {
		return nil, fmt.Errorf("%w: sqlstore: table prefix %q: lower-case letters, digits and underscores", storage.ErrInvalid, c.prefix)
	}
	return c, nil
}

// render turns a query of this package into the dialect's SQL: {name} is
// a table, {idx:name} an index name, {use:name} the dialect's hint to use
// that index, {collate}, {skiplocked}, {lockrow},
// {nodup}, {dual}, {text} and {bigint} the dialect's spelling of
// BinaryCollation, SkipLocked, LockRow, IgnoreDuplicates, FromNothing,
// TextType and IntegerType, and ? a
// placeholder. Queries are constants of this package, never built from
// input.
func render(d Dialect, c *config, q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		switch ch := q[i]; {
		case ch == '{':
			end := strings.IndexByte(q[i:], '}')
			name := q[i+1 : i+end]
			if idx, ok := strings.CutPrefix(name, "idx:"); ok {
				b.WriteString(c.prefix + idx)
			} else if idx, ok := strings.CutPrefix(name, "use:"); ok {
				b.WriteString(d.IndexHint(c.prefix + idx))
			} else if k, ok := tokens[name]; ok {
				b.WriteString(d.Syntax(k))
			} else {
				b.WriteString(d.Table(c.schema, c.prefix+name))
			}
			i += end
		case ch == '?':
			n++
			b.WriteString(d.Placeholder(n))
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// tokens are the constructs queries name in braces.
var tokens = map[string]Construct{
	"collate":    BinaryCollation,
	"skiplocked": SkipLocked,
	"lockrow":    LockRow,
	"nodup":      IgnoreDuplicates,
	"dual":       FromNothing,
	"text":       TextType,
	"bigint":     IntegerType,
}

// querier is what a *sql.DB and a *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// shared is what every Store made from one Open has in common.
type shared struct {
	db      *sql.DB
	d       Dialect
	cfg     *config
	built   sync.Map    // name → query built from the dialect's pieces
	owns    bool        // Close closes db
	queries sync.Map    // query → rendered SQL
	stmts   sync.Map    // rendered SQL → *sql.Stmt prepared on the pool: reads outside a transaction, and the parents of a transaction's statements
	kinds   kindQueries // the generic repository's statements, per kind and shape
	savept  sync.Mutex
	seq     int
}

// Store is a storage.Store on a SQL database. It is safe for concurrent use.
type Store struct {
	*shared
	q        querier
	tx       *sql.Tx // set inside a unit of work
	external bool    // tx belongs to the caller: InTx uses savepoints, never commits
	txStmts  *txStatements
}

// txStatements are the statements prepared in one transaction, so that a
// unit of work that runs the same statement many times (a statement import,
// a sweep) parses and plans it once. The transaction closes them when it
// ends.
type txStatements struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// stmt returns text prepared in the transaction, or nil when it cannot be
// prepared (the caller then runs it unprepared and reports its error).
func (s *Store) stmt(ctx context.Context, text string) *sql.Stmt {
	if s.tx == nil || s.txStmts == nil {
		return nil
	}
	c := s.txStmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[text]; ok {
		return st
	}
	var st *sql.Stmt
	if parent, ok := s.stmts.Load(text); ok {
		// Bound to the transaction, a statement prepared on the pool is
		// reused on the transaction's connection, not parsed again.
		st = s.tx.StmtContext(ctx, parent.(*sql.Stmt))
	} else {
		var err error
		if st, err = s.tx.PrepareContext(ctx, text); err != nil {
			return nil
		}
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[text] = st
	return st
}

// Open returns a Store on db, which the caller keeps and closes: it checks
// the migration bookkeeping and, unless WithoutMigration, migrates. Use the
// sqlite, postgres or mysql package's Dialect, or your own.
func Open(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	return open(ctx, db, d, false, opts)
}

// OpenOwned is Open for a *sql.DB the store owns: Close closes it, and so
// does a failed open. The sqlite, postgres and mysql packages use it.
func OpenOwned(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	return open(ctx, db, d, true, opts)
}

func open(ctx context.Context, db *sql.DB, d Dialect, owns bool, opts []Option) (*Store, error) {
	fail := func(err error) (*Store, error) {
		if owns && db != nil {
			_ = db.Close()
		}
		return nil, err
	}
	if db == nil || d == nil {
		return fail(fmt.Errorf("%w: sqlstore: a *sql.DB and a Dialect are required", storage.ErrInvalid))
	}
	cfg, err := newConfig(d, opts)
	if err != nil {
		return fail(err)
	}
	s := &Store{shared: &shared{db: db, d: d, cfg: cfg, owns: owns}}
	s.q = db
	if err := db.PingContext(ctx); err != nil {
		return fail(fmt.Errorf("sqlstore: %s: %w", d.Name(), err))
	}
	if err := d.Check(ctx, db); err != nil {
		return fail(fmt.Errorf("sqlstore: %s: %w", d.Name(), err))
	}
	if cfg.noMigrate {
		err = s.checkCurrent(ctx)
	} else {
		err = s.Migrate(ctx)
	}
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// DB returns the underlying database, for callers that share it.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the store's prepared statements, and the database when the
// store opened it (the sqlite, postgres and mysql Open functions); a store opened
// on the caller's *sql.DB leaves it open.
func (s *Store) Close() error {
	s.stmts.Range(func(k, v any) bool {
		_ = v.(*sql.Stmt).Close()
		s.stmts.Delete(k)
		return true
	})
	if s.owns {
		return s.db.Close()
	}
	return nil
}

// WithTx returns a Store whose every read and write goes through tx, a
// transaction the caller holds: the caller's rows and the library's commit
// or roll back together when the caller ends tx. InTx on it runs fn inside a
// savepoint, so a failed unit of work undoes only its own writes and leaves
// tx usable.
func (s *Store) WithTx(tx *sql.Tx) *Store {
	return &Store{shared: s.shared, q: tx, tx: tx, external: true, txStmts: &txStatements{}}
}

// InTx runs fn in one database transaction: committed when fn returns nil,
// rolled back when it returns an error or panics (the panic goes on after
// the rollback). Inside a unit of work InTx joins it; on a Store from
// WithTx it runs fn in a savepoint of the caller's transaction.
func (s *Store) InTx(ctx context.Context, fn func(storage.Store) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.external {
		return s.inSavepoint(ctx, fn)
	}
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, s.d.TxOptions())
	if err != nil {
		return s.translate(err)
	}
	inner := &Store{shared: s.shared, q: tx, tx: tx, txStmts: &txStatements{}}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback() // also when fn panics; the panic goes on
		}
	}()
	if err := fn(inner); err != nil {
		return cancelled(ctx, err)
	}
	committed = true
	if err := s.translate(tx.Commit()); err != nil {
		return cancelled(ctx, err)
	}
	s.keepStatements(ctx, inner.txStmts)
	return nil
}

// keepStatements prepares on the pool, once, the statements a committed
// transaction prepared for itself, so that later transactions bind them
// instead of parsing them again. It runs after the commit: a pool of one
// connection (an in-memory SQLite) has none to spare during it.
func (s *Store) keepStatements(ctx context.Context, c *txStatements) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for text := range c.m {
		if _, ok := s.stmts.Load(text); ok {
			continue
		}
		st, err := s.db.PrepareContext(ctx, text)
		if err != nil {
			continue // prepared again next time, in the transaction
		}
		if _, loaded := s.stmts.LoadOrStore(text, st); loaded {
			_ = st.Close()
		}
	}
}

// cancelled makes the error of a unit of work whose context ended match
// the context's error: database/sql closes a transaction when its context
// ends, so the statement that runs next fails with "transaction has
// already been committed or rolled back" or "statement is closed", which
// would hide why.
func cancelled(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return errors.Join(ctx.Err(), err)
}

// inSavepoint runs fn inside a savepoint of the caller's transaction.
func (s *Store) inSavepoint(ctx context.Context, fn func(storage.Store) error) error {
	s.savept.Lock()
	s.seq++
	name := "travelkit_" + strconv.Itoa(s.seq)
	s.savept.Unlock()
	if _, err := s.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return s.translate(err)
	}
	inner := &Store{shared: s.shared, q: s.tx, tx: s.tx, txStmts: s.txStmts}
	done := false
	defer func() {
		if !done {
			// Undo this unit's writes, keep the caller's, and end the savepoint.
			_, _ = s.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name)
			_, _ = s.tx.ExecContext(context.WithoutCancel(ctx), "RELEASE SAVEPOINT "+name)
		}
	}()
	if err := fn(inner); err != nil {
		return cancelled(ctx, err)
	}
	done = true
	_, err := s.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
	return cancelled(ctx, s.translate(err))
}

// atomic runs fn in a transaction unless already inside one.
func (s *Store) atomic(ctx context.Context, fn func(*Store) error) error {
	if s.tx != nil && !s.external {
		return fn(s)
	}
	return s.InTx(ctx, func(st storage.Store) error { return fn(st.(*Store)) })
}

// translate maps driver errors onto the storage error classes.
func (s *Store) translate(err error) error {
	if err == nil {
		return nil
	}
	if t := s.d.Translate(err); t != nil {
		return t
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %v", storage.ErrNotFound, err)
	}
	return err
}

// sql returns the dialect's SQL for a query of this package, rendered once
// per store.
func (s *Store) sql(q string) string {
	if r, ok := s.queries.Load(q); ok {
		return r.(string)
	}
	r := render(s.d, s.cfg, q)
	s.queries.Store(q, r)
	return r
}

// build returns the query named name, made once per store by make from
// the dialect's pieces (an aggregate, a cast) and then rendered like a
// constant query.
func (s *Store) build(name string, make func(d Dialect) string) string {
	if q, ok := s.built.Load(name); ok {
		return q.(string)
	}
	q := make(s.d)
	s.built.Store(name, q)
	return q
}

// insert runs an INSERT that ends in {nodup} and reports whether it
// inserted a row: false, without error, when the row exists.
func (s *Store) insert(ctx context.Context, q string, args ...any) (bool, error) {
	if err := badArgs(args); err != nil {
		return false, err
	}
	text := s.prepare(q, args)
	var res sql.Result
	var err error
	if st := s.stmt(ctx, text); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = s.q.ExecContext(ctx, text, args...)
	}
	if err != nil {
		if s.d.IsDuplicate(err) {
			return false, nil
		}
		return false, s.translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, s.translate(err)
}

// prepare renders q and reports it to the trace, if any.
func (s *Store) prepare(q string, args []any) string {
	r := s.sql(q)
	if s.cfg.trace != nil {
		s.cfg.trace(r, args)
	}
	return r
}

// badArgs refuses text the databases would treat differently (PostgreSQL
// refuses NUL bytes and invalid UTF-8; SQLite keeps them), so that every
// store answers the same input the same way, and no raw SQLSTATE escapes.
func badArgs(args []any) error {
	for i, a := range args {
		var str string
		switch v := a.(type) {
		case string:
			str = v
		case storage.TenantID:
			str = string(v)
		default:
			continue
		}
		if !storage.TextOK(str) {
			return fmt.Errorf("%w: parameter %d: text must be valid UTF-8 without NUL bytes", storage.ErrInvalid, i+1)
		}
	}
	return nil
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := badArgs(args); err != nil {
		return nil, err
	}
	text := s.prepare(q, args)
	if st := s.stmt(ctx, text); st != nil {
		r, err := st.ExecContext(ctx, args...)
		return r, s.translate(err)
	}
	r, err := s.q.ExecContext(ctx, text, args...)
	return r, s.translate(err)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := badArgs(args); err != nil {
		return nil, err
	}
	text := s.prepare(q, args)
	if st := s.pooled(ctx, text); st != nil {
		r, err := st.QueryContext(ctx, args...)
		return r, s.translate(err)
	}
	if st := s.stmt(ctx, text); st != nil {
		r, err := st.QueryContext(ctx, args...)
		return r, s.translate(err)
	}
	r, err := s.q.QueryContext(ctx, text, args...)
	return r, s.translate(err)
}

// pooled returns text prepared once per store on the pool, for a read
// outside a transaction (parsing and planning is a good part of a small
// read, and of a page of a listing), or nil inside one or when it cannot
// be prepared.
func (s *Store) pooled(ctx context.Context, text string) *sql.Stmt {
	if s.tx != nil {
		return nil
	}
	if st, ok := s.stmts.Load(text); ok {
		return st.(*sql.Stmt)
	}
	st, err := s.db.PrepareContext(ctx, text)
	if err != nil {
		return nil
	}
	if prev, loaded := s.stmts.LoadOrStore(text, st); loaded {
		_ = st.Close()
		return prev.(*sql.Stmt)
	}
	return st
}

// scanner is a row to scan: a *sql.Row, or an error to report.
type scanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (s *Store) queryRow(ctx context.Context, q string, args ...any) scanner {
	if err := badArgs(args); err != nil {
		return errRow{err}
	}
	text := s.prepare(q, args)
	if st := s.pooled(ctx, text); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if st := s.stmt(ctx, text); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.q.QueryRowContext(ctx, text, args...)
}

// scanDoc scans a row whose last column is a JSON document: the leading
// columns into cols, the document into doc. No row is ErrNotFound naming
// what and id.
func (s *Store) scanDoc(row scanner, what, id string, doc any, cols ...any) error {
	var body string
	err := row.Scan(append(cols, &body)...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s %s", storage.ErrNotFound, what, id)
	}
	if err != nil {
		return s.translate(err)
	}
	if err := json.Unmarshal([]byte(body), doc); err != nil {
		return fmt.Errorf("sqlstore: stored %s %s: %w", what, id, err)
	}
	return nil
}

func nanos(t time.Time) int64 { return t.UnixNano() }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// Outbox returns the outbox.
func (s *Store) Outbox() storage.Outbox { return outbox{s} }

// Ledger returns the allotment ledger.
func (s *Store) Ledger() storage.Ledger { return ledger{s} }

// Payments returns the payments repository.
func (s *Store) Payments() storage.Payments { return payments{s} }

// Figures returns the aggregate queries.
func (s *Store) Figures() storage.Figures { return figures{s} }

// isolated runs fn so that its writes are all kept or all undone even
// inside a unit of work that goes on after fn fails: in a transaction of
// its own, or in a savepoint of the running one.
func (s *Store) isolated(ctx context.Context, fn func(*Store) error) error {
	if s.tx == nil {
		return s.InTx(ctx, func(st storage.Store) error { return fn(st.(*Store)) })
	}
	return s.inSavepoint(ctx, func(st storage.Store) error { return fn(st.(*Store)) })
}

// table returns the name to write in SQL for one of the store's tables.
func (s *Store) table(name string) string { return s.d.Table(s.cfg.schema, s.cfg.prefix+name) }
