package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency/storage"
)

// traced records the SELECTs a store sends.
type traced struct {
	mu sync.Mutex
	qs []tracedQuery
}

type tracedQuery struct {
	sql  string
	args []any
}

func (tr *traced) record(q string, args []any) {
	if strings.HasPrefix(strings.TrimSpace(q), "SELECT") {
		tr.mu.Lock()
		tr.qs = append(tr.qs, tracedQuery{q, append([]any(nil), args...)})
		tr.mu.Unlock()
	}
}

func (tr *traced) take() []tracedQuery {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := tr.qs
	tr.qs = nil
	return out
}

// listings are every listing the agency reads, by kind and query.
func listings() []struct {
	kind  *storage.Kind
	query storage.Query
} {
	now := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	type l = struct {
		kind  *storage.Kind
		query storage.Query
	}
	k := func(c interface{ Kind() *storage.Kind }) *storage.Kind { return c.Kind() }
	return []l{
		{k(storage.Customers()), storage.Query{Index: "name", From: "wang", To: "wang\U0010FFFF"}},
		{k(storage.Customers()), storage.Query{Index: "email", Equal: []any{"a@b.c"}}},
		{k(storage.Customers()), storage.Query{Index: "phone", From: "10000008310", To: "10000008310\U0010FFFF"}},
		{k(storage.Trips(nil)), storage.Query{Index: "customer", Equal: []any{"c"}}},
		{k(storage.Quotes()), storage.Query{Index: "customer", Equal: []any{"c"}}},
		{k(storage.Complaints()), storage.Query{Index: "received"}},
		{k(storage.Complaints()), storage.Query{Index: "status", Equal: []any{"received"}}},
		{k(storage.Complaints()), storage.Query{Index: "assignee", Equal: []any{"li"}}},
		{k(storage.Complaints()), storage.Query{Index: "due", From: now, To: now + int64(time.Hour)}},
		{k(storage.Surveys()), storage.Query{Index: "responded", From: now, To: now + int64(time.Hour)}},
		{k(storage.FollowUps()), storage.Query{Index: "due", From: int64(700000), To: int64(700010)}},
		{k(storage.Suppliers()), storage.Query{}},
		{k(storage.SupplierContracts()), storage.Query{Index: "supplier", Equal: []any{"s"}}},
		{k(storage.CostLines()), storage.Query{Index: "supplier", Equal: []any{"s"}}},
		{k(storage.CostLines()), storage.Query{Index: "supplier", Equal: []any{"s", "b"}}},
		{k(storage.CostLines()), storage.Query{Index: "booking", Equal: []any{"b"}}},
		{k(storage.Invoices()), storage.Query{Index: "supplier", Equal: []any{"s"}}},
		{k(storage.Bookings()), storage.Query{Index: "customer", Equal: []any{"c"}}},
		{k(storage.Bookings()), storage.Query{Index: "state", Equal: []any{"option"}}},
		{k(storage.TravelContracts()), storage.Query{Index: "booking", Equal: []any{"b"}}},
		{k(storage.Inquiries()), storage.Query{Index: "customer", Equal: []any{"c"}}},
		{k(storage.Inquiries()), storage.Query{Index: "consultant", Equal: []any{"li"}, From: now, To: now + 1}},
		{k(storage.Inquiries()), storage.Query{Index: "received", From: now, To: now + 1}},
		{k(storage.Products()), storage.Query{}},
		{k(storage.Reports()), storage.Query{Index: "due", From: now, To: now + 1}},
		{k(storage.Observations()), storage.Query{Index: "observed", From: now, To: now + 1}},
	}
}

// cursor is a later page's cursor of a listing.
func cursor(t *testing.T, k *storage.Kind, q storage.Query) string {
	plan, err := k.Plan(q)
	if err != nil {
		t.Fatal(err)
	}
	pos := make([]any, len(plan.Order))
	for i, c := range plan.Order {
		if c.Type == storage.Text {
			pos[i] = "x"
		} else {
			pos[i] = int64(1)
		}
	}
	return storage.EncodeCursor(pos)
}

// readSide runs every listing, first pages and later pages, and those of
// the outbox and the ledger.
func readSide(t *testing.T, s *sqlstore.Store) int {
	ctx := context.Background()
	n := 0
	for _, l := range listings() {
		for _, after := range []string{"", cursor(t, l.kind, l.query)} {
			q := l.query
			q.Page = storage.PageRequest{Limit: 10, After: after}
			if _, err := s.Records().List(ctx, l.kind, "t", q); err != nil {
				t.Fatalf("%s %+v: %v", l.kind.Name, q, err)
			}
			n++
		}
	}
	for _, after := range []string{"", storage.EncodeCursor([]any{int64(1), "x"})} {
		p := storage.PageRequest{Limit: 10, After: after}
		for _, st := range []storage.EventState{storage.EventPending, storage.EventDelivered, storage.EventDead} {
			if _, err := s.Outbox().List(ctx, "t", st, p); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	for _, after := range []string{"", storage.EncodeCursor([]any{"x"})} {
		p := storage.PageRequest{Limit: 10, After: after}
		if _, err := s.Ledger().List(ctx, "t", "s", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Ledger().List(ctx, "t", "", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Ledger().Holds(ctx, "t", "a", p); err != nil {
			t.Fatal(err)
		}
		n += 3
	}
	return n
}

// readSideQueries opens a store with open, runs every listing and returns
// the SELECTs it sent, one per listing and page.
func readSideQueries(t *testing.T, open func(opts ...sqlstore.Option) (*sqlstore.Store, error)) (*sqlstore.Store, []tracedQuery) {
	t.Helper()
	var tr traced
	s, err := open(sqlstore.WithTrace(tr.record))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	tr.take()
	n := readSide(t, s)
	qs := tr.take()
	if len(qs) != n {
		t.Fatalf("traced %d listings, want %d", len(qs), n)
	}
	return s, qs
}

// Every read-side listing is served by an index on SQLite: no table scan,
// and no sort the index could not spare.
func TestReadSideUsesIndexesOnSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	s, qs := readSideQueries(t, func(opts ...sqlstore.Option) (*sqlstore.Store, error) {
		return sqlite.Open(context.Background(), path, opts...)
	})
	for _, q := range qs {
		plan := sqlitePlan(t, s.DB(), q)
		if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "INDEX") {
			t.Errorf("query\n%s\nplan:\n%s", q.sql, plan)
		}
		for _, line := range strings.Split(plan, "\n") {
			if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") {
				t.Errorf("table scan in\n%s\nplan:\n%s", q.sql, plan)
			}
		}
	}
}

func sqlitePlan(t *testing.T, db *sql.DB, q tracedQuery) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q.sql, q.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	return plan.String()
}

// The same on PostgreSQL: with sequential scans and sorts priced out, every
// listing plans as an index scan in index order.
func TestReadSideUsesIndexesOnPostgres(t *testing.T) {
	ctx := context.Background()
	dsn, schema := freshSchema(t)
	s, qs := readSideQueries(t, func(opts ...sqlstore.Option) (*sqlstore.Store, error) {
		return postgres.Open(ctx, withSearchPath(dsn, schema), opts...)
	})
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, set := range []string{`SET enable_seqscan = off`, `SET enable_sort = off`, `SET enable_bitmapscan = off`} {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range qs {
		rows, err := conn.QueryContext(ctx, `EXPLAIN `+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan strings.Builder
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(line + "\n")
		}
		rows.Close()
		p := plan.String()
		if strings.Contains(p, "Seq Scan") || strings.Contains(p, "Sort") || !strings.Contains(p, "Index") {
			t.Errorf("query\n%s\nplan:\n%s", q.sql, p)
		}
	}
}
