package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/travelkit/travelkit/agency/storage"
)

// Records returns the generic versioned repository: every storage.Kind in
// its table, by SQL this file builds once per kind and query shape from
// the kind's description.
func (s *Store) Records() storage.Records { return records{s} }

type records struct{ s *Store }

// kindQueries caches the statements built for each kind and shape.
type kindQueries struct{ m sync.Map }

func (q *kindQueries) get(k string, build func() string) string {
	if v, ok := q.m.Load(k); ok {
		return v.(string)
	}
	v := build()
	q.m.Store(k, v)
	return v
}

func columnsOf(k *storage.Kind) []string {
	cols := []string{"tenant"}
	for _, c := range k.Key {
		cols = append(cols, c.Name)
	}
	if k.Mode == storage.Versioned {
		cols = append(cols, "version")
	}
	if k.Body != "" {
		cols = append(cols, k.Body)
	}
	for _, c := range k.Fields {
		cols = append(cols, c.Name)
	}
	return cols
}

// selectOf is the SELECT … FROM of a kind, rendered later.
func selectOf(k *storage.Kind) string {
	return `SELECT ` + strings.Join(columnsOf(k), ", ") + ` FROM {` + k.Name + `}`
}

// keyWhere is "tenant = ? AND k1 = ? …" over the first n key columns.
func keyWhere(k *storage.Kind, n int) string {
	var b strings.Builder
	b.WriteString("tenant = ?")
	for _, c := range k.Key[:n] {
		b.WriteString(" AND " + c.Name + " = ?")
	}
	return b.String()
}

// rowScan holds the destinations of one row of a kind.
type rowScan struct {
	tenant  string
	key     []any
	version int
	body    string
	fields  []any
	dest    []any
}

func newRowScan(k *storage.Kind) *rowScan {
	r := &rowScan{key: make([]any, len(k.Key)), fields: make([]any, len(k.Fields))}
	r.dest = append(r.dest, &r.tenant)
	for i, c := range k.Key {
		r.key[i] = dest(c.Type)
		r.dest = append(r.dest, r.key[i])
	}
	if k.Mode == storage.Versioned {
		r.dest = append(r.dest, &r.version)
	}
	if k.Body != "" {
		r.dest = append(r.dest, &r.body)
	}
	for i, c := range k.Fields {
		r.fields[i] = dest(c.Type)
		r.dest = append(r.dest, r.fields[i])
	}
	return r
}

func dest(t storage.ColumnType) any {
	switch t {
	case storage.Text:
		return new(string)
	case storage.Int:
		return new(int64)
	}
	return new(sql.NullInt64)
}

func valueOf(d any) any {
	switch x := d.(type) {
	case *string:
		return *x
	case *int64:
		return *x
	case *sql.NullInt64:
		if x.Valid {
			return x.Int64
		}
	}
	return nil
}

// record makes the scanned row a record.
func (r *rowScan) record(k *storage.Kind) storage.Record {
	rec := storage.Record{Tenant: storage.TenantID(r.tenant), Key: make([]any, len(r.key)), Version: r.version, Body: r.body,
		Fields: make([]any, len(r.fields))}
	for i, d := range r.key {
		rec.Key[i] = valueOf(d)
	}
	for i, d := range r.fields {
		rec.Fields[i] = valueOf(d)
	}
	switch k.Mode {
	case storage.Chain:
		rec.Version = int(rec.Key[len(rec.Key)-1].(int64))
	case storage.Immutable:
		rec.Version = 1
	}
	return rec
}

func (r records) scanOne(ctx context.Context, k *storage.Kind, q string, args []any, key []any) (storage.Record, error) {
	row := newRowScan(k)
	err := r.s.queryRow(ctx, q, args...).Scan(row.dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return storage.Record{}, storage.NotFound(k, key...)
	}
	if err != nil {
		return storage.Record{}, r.s.translate(err)
	}
	return row.record(k), nil
}

func (r records) Get(ctx context.Context, k *storage.Kind, tenant storage.TenantID, key ...any) (storage.Record, error) {
	if err := k.CheckKey(key); err != nil {
		return storage.Record{}, err
	}
	q := r.s.kinds.get(k.Name+"/get", func() string { return selectOf(k) + ` WHERE ` + keyWhere(k, len(k.Key)) })
	return r.scanOne(ctx, k, q, append([]any{tenant}, key...), key)
}

func (r records) Latest(ctx context.Context, k *storage.Kind, tenant storage.TenantID, id ...any) (storage.Record, error) {
	if k.Mode != storage.Chain || len(id) != len(k.Key)-1 {
		return storage.Record{}, storage.NotFound(k, id...)
	}
	q := r.s.kinds.get(k.Name+"/latest", func() string {
		return selectOf(k) + ` WHERE ` + keyWhere(k, len(k.Key)-1) + ` ORDER BY version DESC LIMIT 1`
	})
	return r.scanOne(ctx, k, q, append([]any{tenant}, id...), id)
}

// values are a record's values in column order.
func values(k *storage.Kind, rec storage.Record, version int) []any {
	out := make([]any, 0, 2+len(rec.Key)+len(rec.Fields))
	out = append(out, rec.Tenant)
	out = append(out, rec.Key...)
	if k.Mode == storage.Versioned {
		out = append(out, version)
	}
	if k.Body != "" {
		out = append(out, rec.Body)
	}
	out = append(out, rec.Fields...)
	return out
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func (r records) Put(ctx context.Context, k *storage.Kind, rec storage.Record) (storage.Record, error) {
	if err := k.CheckRecord(rec); err != nil {
		return storage.Record{}, err
	}
	switch {
	case k.Mode == storage.Chain:
		return r.append(ctx, k, rec)
	case k.Mode == storage.Immutable || rec.Version == 0:
		cols := columnsOf(k)
		q := r.s.kinds.get(k.Name+"/insert", func() string {
			return `INSERT INTO {` + k.Name + `} (` + strings.Join(cols, ", ") + `) VALUES (` + placeholders(len(cols)) + `) {nodup}`
		})
		inserted, err := r.s.insert(ctx, q, values(k, rec, 1)...)
		if err != nil {
			return storage.Record{}, err
		}
		if !inserted {
			return storage.Record{}, storage.Conflict(k, rec.Key, "exists already")
		}
		rec.Version = 1
		return rec, nil
	}
	q := r.s.kinds.get(k.Name+"/update", func() string {
		set := []string{"version = version + 1"}
		if k.Body != "" {
			set = append(set, k.Body+" = ?")
		}
		for _, c := range k.Fields {
			set = append(set, c.Name+" = ?")
		}
		return `UPDATE {` + k.Name + `} SET ` + strings.Join(set, ", ") + ` WHERE ` + keyWhere(k, len(k.Key)) + ` AND version = ?`
	})
	args := make([]any, 0, 2+len(rec.Fields)+len(rec.Key)+1)
	if k.Body != "" {
		args = append(args, rec.Body)
	}
	args = append(args, rec.Fields...)
	args = append(args, rec.Tenant)
	args = append(args, rec.Key...)
	args = append(args, rec.Version)
	res, err := r.s.exec(ctx, q, args...)
	if err != nil {
		return storage.Record{}, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		rec.Version++
		return rec, nil
	}
	cur, err := r.Get(ctx, k, rec.Tenant, rec.Key...)
	if err != nil {
		return storage.Record{}, err
	}
	return storage.Record{}, storage.Conflict(k, rec.Key, "is at version "+strconv.Itoa(cur.Version)+", not "+strconv.Itoa(rec.Version))
}

// append inserts the next version of a chain only if the latest stored is
// the one before it: one statement, so concurrent writers race on the
// primary key and exactly one wins.
func (r records) append(ctx context.Context, k *storage.Kind, rec storage.Record) (storage.Record, error) {
	cols := columnsOf(k)
	q := r.s.kinds.get(k.Name+"/append", func() string {
		casts := make([]string, len(cols))
		for i, name := range cols {
			t := "{text}"
			if c, ok := k.Column(name); ok && c.Type != storage.Text {
				t = "{bigint}"
			}
			casts[i] = "CAST(? AS " + t + ")"
		}
		return `INSERT INTO {` + k.Name + `} (` + strings.Join(cols, ", ") + `) SELECT ` + strings.Join(casts, ", ") +
			` {dual} WHERE (SELECT coalesce(max(version), 0) FROM {` + k.Name + `} WHERE ` + keyWhere(k, len(k.Key)-1) + `) = ? {nodup}`
	})
	args := values(k, rec, 0)
	args = append(args, rec.Tenant)
	args = append(args, k.ChainID(rec.Key)...)
	args = append(args, rec.Version-1)
	inserted, err := r.s.insert(ctx, q, args...)
	if err != nil {
		return storage.Record{}, err
	}
	if !inserted {
		return storage.Record{}, storage.Conflict(k, k.ChainID(rec.Key), "is not at version "+strconv.Itoa(rec.Version-1)+"; cannot add version "+
			strconv.Itoa(rec.Version))
	}
	return rec, nil
}

func (r records) Touch(ctx context.Context, k *storage.Kind, rec storage.Record) error {
	if err := k.CheckRecord(rec); err != nil {
		return err
	}
	if k.Mode != storage.Versioned || len(k.Touch) == 0 {
		return storage.Conflict(k, rec.Key, "has no fields a sweep may touch")
	}
	q := r.s.kinds.get(k.Name+"/touch", func() string {
		set := make([]string, len(k.Touch))
		for i, f := range k.Touch {
			set[i] = f + " = ?"
		}
		return `UPDATE {` + k.Name + `} SET ` + strings.Join(set, ", ") + ` WHERE ` + keyWhere(k, len(k.Key)) + ` AND version = ?`
	})
	args := make([]any, 0, len(k.Touch)+len(rec.Key)+2)
	for _, f := range k.Touch {
		args = append(args, k.Field(rec, f))
	}
	args = append(args, rec.Tenant)
	args = append(args, rec.Key...)
	args = append(args, rec.Version)
	res, err := r.s.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return storage.Conflict(k, rec.Key, "has changed since it was read")
	}
	return nil
}

func (r records) List(ctx context.Context, k *storage.Kind, tenant storage.TenantID, q storage.Query) (storage.Page[storage.Record], error) {
	plan, err := k.Plan(q)
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	size, err := q.Page.Size()
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	after, err := storage.DecodeCursor(q.Page.After, plan.OrderTypes())
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	shape := fmt.Sprintf("%s/list/%s/%d/%t/%t/%d/%t", k.Name, q.Index, len(q.Equal), q.From != nil, q.To != nil, len(plan.Where), after != nil)
	for _, w := range plan.Where {
		shape += "/" + w.Name
	}
	text := r.s.kinds.get(shape, func() string {
		var b strings.Builder
		b.WriteString(selectOf(k) + ` WHERE tenant = ?`)
		for _, c := range plan.Equal {
			b.WriteString(" AND " + c.Name + " = ?")
		}
		for _, c := range plan.Where {
			b.WriteString(" AND " + c.Name + " = ?")
		}
		for _, c := range plan.NotNull {
			b.WriteString(" AND " + c.Name + " IS NOT NULL")
		}
		if q.From != nil {
			b.WriteString(" AND " + plan.Range.Name + " >= ?")
		}
		if q.To != nil {
			b.WriteString(" AND " + plan.Range.Name + " < ?")
		}
		order := make([]string, len(plan.Order))
		for i, c := range plan.Order {
			order[i] = c.Name
		}
		if after != nil {
			b.WriteString(" AND (" + strings.Join(order, ", ") + ") > (" + placeholders(len(order)) + ")")
		}
		b.WriteString(" ORDER BY " + strings.Join(order, ", ") + " LIMIT ?")
		return b.String()
	})
	args := []any{tenant}
	args = append(args, q.Equal...)
	for _, w := range q.Where {
		args = append(args, w.Value)
	}
	if q.From != nil {
		args = append(args, q.From)
	}
	if q.To != nil {
		args = append(args, q.To)
	}
	args = append(args, after...)
	args = append(args, size+1)
	rows, err := r.s.query(ctx, text, args...)
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	defer rows.Close()
	var out storage.Page[storage.Record]
	row := newRowScan(k)
	for rows.Next() {
		if len(out.Items) == size {
			last := out.Items[len(out.Items)-1]
			pos := make([]any, len(plan.Order))
			for i, c := range plan.Order {
				pos[i] = columnValue(k, last, c)
			}
			out.Next = storage.EncodeCursor(pos)
			break
		}
		if err := rows.Scan(row.dest...); err != nil {
			return storage.Page[storage.Record]{}, r.s.translate(err)
		}
		out.Items = append(out.Items, row.record(k))
	}
	return out, r.s.translate(rows.Err())
}

// columnValue is a record's value of a key column or field.
func columnValue(k *storage.Kind, rec storage.Record, c storage.Column) any {
	for i, kc := range k.Key {
		if kc.Name == c.Name {
			return rec.Key[i]
		}
	}
	return k.Field(rec, c.Name)
}

func (r records) Due(ctx context.Context, k *storage.Kind, upTo int64, limit int) ([]storage.Record, error) {
	if k.FieldIndex(k.Due) < 0 {
		return nil, fmt.Errorf("%w: %s has no due field", storage.ErrInvalid, k.Noun)
	}
	if limit <= 0 {
		limit = 1000
	}
	lock := ""
	if r.s.tx != nil {
		lock = " {skiplocked}"
	}
	q := r.s.kinds.get(k.Name+"/due"+lock, func() string {
		keys := make([]string, len(k.Key))
		for i, c := range k.Key {
			keys[i] = c.Name
		}
		return selectOf(k) + ` WHERE ` + k.Due + ` IS NOT NULL AND ` + k.Due + ` <= ? ORDER BY ` + k.Due + `, tenant, ` +
			strings.Join(keys, ", ") + ` LIMIT ?` + lock
	})
	rows, err := r.s.query(ctx, q, upTo, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storage.Record
	row := newRowScan(k)
	for rows.Next() {
		if err := rows.Scan(row.dest...); err != nil {
			return nil, r.s.translate(err)
		}
		out = append(out, row.record(k))
	}
	return out, r.s.translate(rows.Err())
}
