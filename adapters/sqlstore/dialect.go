package sqlstore

import (
	"context"
	"database/sql"
)

// Dialect is everything that differs between databases: the sqlite,
// postgres and mysql packages each provide one, and a fourth database is
// supported by implementing it (with migrations of its own where the shared
// ones do not fit, see DialectMigrations) without changing this package.
//
// The store's queries are constants of this package written in the SQL the
// databases share; a Dialect supplies the pieces they write differently.
// No method ever sees a caller's input: what they return is spliced into
// statements once, when a statement is first rendered.
type Dialect interface {
	// Name names the dialect ("sqlite", "postgres", "mysql"): in errors,
	// and as the directory of its own migration files.
	Name() string
	// Placeholder returns the n-th (from 1) parameter marker: "?" or "$n".
	Placeholder(n int) string
	// Table returns a table's name as written in statements: name alone
	// when schema is "", or qualified by it.
	Table(schema, name string) string
	// Schemas says whether tables may live in a named schema (WithSchema).
	Schemas() bool
	// Syntax returns the text of a construct the databases spell
	// differently; "" where the database needs nothing.
	Syntax(c Construct) string
	// Aggregate returns an aggregate joining the text expression expr with
	// the separator sep (a SQL string literal), ordered by orderBy when it
	// is not "". The result must hold at least 64 KiB.
	Aggregate(expr, sep, orderBy string) string
	// IndexHint follows a table in a FROM clause to make the planner use
	// the named index, for databases whose planner misjudges an aggregate
	// over a tenant's period (MySQL may scan the tenant's whole primary
	// key); "" where the planner needs no hint.
	IndexHint(index string) string
	// Text returns the integer expression expr converted to text.
	Text(expr string) string
	// Concat returns the text expressions joined end to end.
	Concat(parts ...string) string
	// Returning says whether UPDATE … RETURNING is available; without it
	// the store selects and then updates, in one transaction.
	Returning() bool
	// IsDuplicate reports whether err is a unique-key violation that
	// failed only its own statement. Dialects whose Syntax(IgnoreDuplicates)
	// is "" must report them: an insert that may meet an existing row
	// counts such an error as "nothing inserted".
	IsDuplicate(err error) bool
	// TxOptions are the options of every unit of work's transaction (nil
	// for the driver's defaults). The store's guarantees assume
	// read-committed or stricter, with row locks on SELECT … FOR UPDATE.
	TxOptions() *sql.TxOptions
	// MigrationLock returns statements that take and release a lock, held
	// on one connection while migrations run, so that two processes never
	// migrate at once; "" where the database's own write lock serialises
	// them.
	MigrationLock() (lock, unlock string)
	// TableExists is a query with two parameters, the schema ("" for the
	// default) and a table name, returning a count.
	TableExists() string
	// Check verifies, once when a store opens, that the database and its
	// connections have the settings the store relies on, and says which
	// are missing.
	Check(ctx context.Context, db *sql.DB) error
	// Translate maps a driver error onto the storage error classes
	// (ErrConflict, ErrInvalid…), or returns nil when it does not know it.
	Translate(err error) error
}

// Construct is a piece of SQL the databases spell differently.
type Construct int

// Constructs a Dialect spells.
const (
	// SkipLocked follows a SELECT that claims rows, so that concurrent
	// claims share the work (" FOR UPDATE SKIP LOCKED").
	SkipLocked Construct = iota + 1
	// LockRow follows a SELECT of rows the transaction goes on to change
	// (" FOR UPDATE").
	LockRow
	// BinaryCollation follows a text column's type so that it compares
	// bytewise and search keys order alike in every store.
	BinaryCollation
	// IgnoreDuplicates ends an INSERT that inserts nothing, without
	// failing, when the row exists (" ON CONFLICT DO NOTHING").
	IgnoreDuplicates
	// FromNothing follows a SELECT of values with a WHERE clause and no
	// table (" FROM DUAL" where the database needs a table).
	FromNothing
	// TextType and IntegerType are the types of a CAST of a parameter to
	// text and to a 64-bit integer.
	TextType
	IntegerType
)

// BaseDialect holds the answers most SQL databases share, for a Dialect
// to embed and override: ? placeholders, unqualified double-quoted
// schemas, standard casts and ||, no migration lock, no session checks.
type BaseDialect struct{}

// Placeholder returns "?".
func (BaseDialect) Placeholder(int) string { return "?" }

// Table returns name, or "schema"."name".
func (BaseDialect) Table(schema, name string) string {
	if schema != "" {
		return `"` + schema + `"."` + name + `"`
	}
	return name
}

// Schemas returns false.
func (BaseDialect) Schemas() bool { return false }

// Syntax returns the standard spelling of c.
func (BaseDialect) Syntax(c Construct) string {
	switch c {
	case IgnoreDuplicates:
		return " ON CONFLICT DO NOTHING"
	case TextType:
		return "TEXT"
	case IntegerType:
		return "BIGINT"
	}
	return ""
}

// IndexHint returns "": the planner chooses.
func (BaseDialect) IndexHint(string) string { return "" }

// Text returns CAST(expr AS TEXT).
func (BaseDialect) Text(expr string) string { return "CAST(" + expr + " AS TEXT)" }

// Concat joins parts with ||.
func (BaseDialect) Concat(parts ...string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " || "
		}
		out += p
	}
	return out
}

// Returning returns true.
func (BaseDialect) Returning() bool { return true }

// IsDuplicate returns false: IgnoreDuplicates handles them.
func (BaseDialect) IsDuplicate(error) bool { return false }

// TxOptions returns nil.
func (BaseDialect) TxOptions() *sql.TxOptions { return nil }

// MigrationLock returns no lock.
func (BaseDialect) MigrationLock() (string, string) { return "", "" }

// Check checks nothing.
func (BaseDialect) Check(context.Context, *sql.DB) error { return nil }
