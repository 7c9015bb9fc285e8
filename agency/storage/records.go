package storage

import (
	"context"
	"fmt"
	"slices"
	"strconv"
)

// ColumnType is the type of a key column or field: what a store keeps it
// as and how listings compare it.
type ColumnType uint8

// Column types.
const (
	// Text is a string compared bytewise, the same in every store.
	Text ColumnType = iota + 1
	// Int is an int64 (instants as Unix nanoseconds, dates as date.Date
	// days, money as minor units, flags as 0 or 1).
	Int
	// NullInt is an int64 or nil, kept as NULL.
	NullInt
)

// Column is a named key column or field of a Kind.
type Column struct {
	Name string
	Type ColumnType
}

// Mode is how a Kind's records change.
type Mode uint8

// Modes.
const (
	// Versioned records have one row per key and a version: a Put with
	// version 0 inserts version 1, a Put with version n updates only if the
	// stored version is n and makes it n+1.
	Versioned Mode = iota + 1
	// Chain records are immutable versions: the last key column is the
	// version, and a Put appends version n only when n−1 is the latest
	// (1 for a new chain).
	Chain
	// Immutable records are written once and never change; they read back
	// at version 1.
	Immutable
)

// Index is a named order of a Kind's listings: its fields, then the key.
type Index struct {
	Name   string
	Fields []string
}

// Kind describes how one aggregate is kept, so that a store implements
// Records once for every aggregate. Name is the table a SQL store keeps it
// in; every column named here is a column of that table, beside "tenant"
// and, for Versioned kinds, "version".
type Kind struct {
	// Name names the kind and its table.
	Name string
	// Noun is what errors call one record ("booking").
	Noun string
	Mode Mode
	// Key are the key columns after the tenant; a Chain's last one is its
	// version (Int).
	Key []Column
	// Body is the column of the record's document (text), or "" when every
	// value lives in Fields.
	Body string
	// Fields are the columns the store keeps beside the document, for
	// listings, sweeps and aggregate queries.
	Fields []Column
	// Indexes are the orders List offers, by name.
	Indexes []Index
	// Touch names the fields Records.Touch may change without a new
	// version (bookkeeping of background sweeps).
	Touch []string
	// Due names the NullInt field Records.Due reads across tenants, or "".
	Due string
}

// Record is one stored record of a Kind, as a store sees it: its tenant,
// key values (string or int64 per key column), version, document and field
// values (string, int64, or nil for a NULL NullInt).
type Record struct {
	Tenant  TenantID
	Key     []any
	Version int
	Body    string
	Fields  []any
}

// Cond is an equality on a field.
type Cond struct {
	Field string
	Value any
}

// Query selects one page of a Kind's records of a tenant, in an index's
// order.
type Query struct {
	// Index names the order; "" orders by the key.
	Index string
	// Equal are values of the order's first columns.
	Equal []any
	// From and To bound the order's next column, From ≤ value < To; nil
	// leaves that side open.
	From, To any
	// Where are further equalities on fields, which do not change the
	// order.
	Where []Cond
	Page  PageRequest
}

// Records is the generic versioned repository: every aggregate described
// by a Kind is kept through it.
type Records interface {
	// Get returns the record with the key; ErrNotFound when the tenant has
	// none.
	Get(ctx context.Context, k *Kind, tenant TenantID, key ...any) (Record, error)
	// Latest returns the newest version of a Chain (id is every key column
	// but the version); ErrNotFound for an unknown chain.
	Latest(ctx context.Context, k *Kind, tenant TenantID, id ...any) (Record, error)
	// Put stores r as its Kind's Mode says and returns it with its stored
	// version. A stale version, an existing key or a chain version out of
	// turn is ErrConflict.
	Put(ctx context.Context, k *Kind, r Record) (Record, error)
	// Touch changes only the Kind's Touch fields of a Versioned record that
	// is still at r.Version, leaving its version as it is; ErrConflict when
	// the record has changed since.
	Touch(ctx context.Context, k *Kind, r Record) error
	// List returns one page of the tenant's records as q selects, ordered
	// by q's index and then the key; a record whose nullable order field is
	// NULL is not listed by that index.
	List(ctx context.Context, k *Kind, tenant TenantID, q Query) (Page[Record], error)
	// Due returns up to limit records of any tenant whose Due field is at
	// most upTo, by that field, tenant and key. Inside a unit of work on a
	// store with row locks, the rows are locked and rows another unit of
	// work has locked are skipped, so that concurrent sweeps share the
	// work.
	Due(ctx context.Context, k *Kind, upTo int64, limit int) ([]Record, error)
}

// Column returns a key column or field by name.
func (k *Kind) Column(name string) (Column, bool) {
	for _, c := range k.Key {
		if c.Name == name {
			return c, true
		}
	}
	if i := k.FieldIndex(name); i >= 0 {
		return k.Fields[i], true
	}
	return Column{}, false
}

// FieldIndex is the position of a field in Record.Fields, or -1.
func (k *Kind) FieldIndex(name string) int {
	return slices.IndexFunc(k.Fields, func(c Column) bool { return c.Name == name })
}

// Field returns the value of a field of r, or nil.
func (k *Kind) Field(r Record, name string) any {
	if i := k.FieldIndex(name); i >= 0 && i < len(r.Fields) {
		return r.Fields[i]
	}
	return nil
}

// ChainID is the key of a Chain record without its version.
func (k *Kind) ChainID(key []any) []any { return key[:len(key)-1] }

// ListPlan is how a Query reads a Kind: the columns Equal applies to, the
// one From and To bound, the order (and so the cursor's columns), the
// Where columns, and the nullable order columns whose NULLs are left out.
type ListPlan struct {
	Equal   []Column
	Range   *Column
	Order   []Column
	Where   []Column
	NotNull []Column
}

// OrderTypes are the types of the plan's order columns: a cursor's.
func (p ListPlan) OrderTypes() []ColumnType {
	out := make([]ColumnType, len(p.Order))
	for i, c := range p.Order {
		out[i] = c.Type
	}
	return out
}

// Plan checks q against the kind and says how to read it; a query naming
// an unknown index or field, or a value of the wrong type, is ErrInvalid.
func (k *Kind) Plan(q Query) (ListPlan, error) {
	var cols []Column
	if q.Index != "" {
		i := slices.IndexFunc(k.Indexes, func(ix Index) bool { return ix.Name == q.Index })
		if i < 0 {
			return ListPlan{}, invalid("Index", fmt.Sprintf("%s has no listing by %q", k.Noun, q.Index))
		}
		for _, f := range k.Indexes[i].Fields {
			c, ok := k.Column(f)
			if !ok {
				return ListPlan{}, invalid("Index", fmt.Sprintf("%s index %s names no column %s", k.Noun, q.Index, f))
			}
			cols = append(cols, c)
		}
	}
	cols = append(cols, k.Key...)
	if len(q.Equal) > len(cols) || (len(q.Equal) == len(cols) && (q.From != nil || q.To != nil)) {
		return ListPlan{}, invalid("Equal", "more values than the listing has columns")
	}
	var p ListPlan
	for i, v := range q.Equal {
		if err := CheckValue(cols[i], v); err != nil {
			return ListPlan{}, err
		}
		p.Equal = append(p.Equal, cols[i])
	}
	p.Order = cols[len(q.Equal):]
	if q.From != nil || q.To != nil {
		c := p.Order[0]
		for _, v := range []any{q.From, q.To} {
			if v == nil {
				continue
			}
			if err := CheckValue(Column{Name: c.Name, Type: min(c.Type, Int)}, v); err != nil {
				return ListPlan{}, err
			}
		}
		p.Range = &c
	}
	for _, w := range q.Where {
		c, ok := k.Column(w.Field)
		if !ok {
			return ListPlan{}, invalid("Where", fmt.Sprintf("%s has no field %q", k.Noun, w.Field))
		}
		if err := CheckValue(c, w.Value); err != nil {
			return ListPlan{}, err
		}
		p.Where = append(p.Where, c)
	}
	for _, c := range cols {
		if c.Type == NullInt {
			p.NotNull = append(p.NotNull, c)
		}
	}
	return p, nil
}

// CheckValue reports a value that does not fit a column: a Text that is
// not valid UTF-8 or holds NUL, an Int that is not an int64, a NullInt
// that is neither an int64 nor nil.
func CheckValue(c Column, v any) error {
	switch x := v.(type) {
	case string:
		if c.Type == Text {
			if !TextOK(x) {
				return invalid(c.Name, "text must be valid UTF-8 without NUL bytes")
			}
			return nil
		}
	case int64:
		if c.Type == Int || c.Type == NullInt {
			return nil
		}
	case nil:
		if c.Type == NullInt {
			return nil
		}
	}
	return invalid(c.Name, fmt.Sprintf("a value of type %T does not fit this column", v))
}

// CheckRecord reports a record whose tenant, key, fields or document do
// not fit the kind, before anything is written.
func (k *Kind) CheckRecord(r Record) error {
	if !TextOK(string(r.Tenant)) || r.Tenant == "" {
		return invalid("Tenant", "a record belongs to a tenant named in valid UTF-8 without NUL bytes")
	}
	if err := k.CheckKey(r.Key); err != nil {
		return err
	}
	if len(r.Fields) != len(k.Fields) {
		return invalid("Fields", fmt.Sprintf("%s has %d fields, the record %d", k.Noun, len(k.Fields), len(r.Fields)))
	}
	for i, c := range k.Fields {
		if err := CheckValue(c, r.Fields[i]); err != nil {
			return err
		}
	}
	if !TextOK(r.Body) {
		return invalid("Body", "a document must be valid UTF-8 without NUL bytes")
	}
	if k.Mode == Chain {
		if v, _ := r.Key[len(r.Key)-1].(int64); v < 1 || v != int64(r.Version) {
			return invalid("Version", "a chain version counts from 1 and is the last key column")
		}
	}
	return nil
}

// CheckKey reports key values that do not fit the kind's key columns.
func (k *Kind) CheckKey(key []any) error {
	if len(key) != len(k.Key) {
		return invalid("Key", fmt.Sprintf("%s has %d key columns, not %d", k.Noun, len(k.Key), len(key)))
	}
	for i, c := range k.Key {
		if err := CheckValue(c, key[i]); err != nil {
			return err
		}
	}
	return nil
}

// KeyString renders a key for error messages.
func KeyString(key []any) string {
	s := ""
	for i, v := range key {
		if i > 0 {
			s += "/"
		}
		switch x := v.(type) {
		case string:
			s += clip(x)
		case int64:
			s += strconv.FormatInt(x, 10)
		}
	}
	return s
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func invalid(field, msg string) error {
	return &ValidationError{Problems: []Problem{{Field: field, Code: "invalid_value", Message: msg}}}
}
