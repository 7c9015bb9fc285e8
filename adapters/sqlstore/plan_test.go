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
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
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

// readSide runs every read-side listing, first pages and later pages.
func readSide(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	cursor := agency.Position{Text: "x", Number: 1, ID: "y"}.Cursor()
	for _, p := range []agency.PageRequest{{Limit: 10}, {Limit: 10, After: cursor}} {
		for _, f := range []agency.CustomerFilter{{NamePrefix: "wang"}, {Email: "a@b.c"}, {Phone: "13800000001"}} {
			if _, err := s.Customers().Find(ctx, "t", f, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Trips().ListByCustomer(ctx, "t", "c", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Quotes().ListByCustomer(ctx, "t", "c", p); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
		for _, f := range []agency.ComplaintFilter{{Status: feedback.Received}, {Assignee: "li"}, {DueFrom: now, DueTo: now.Add(time.Hour)}} {
			if _, err := s.Complaints().Find(ctx, "t", f, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range []agency.EventState{agency.EventPending, agency.EventDelivered, agency.EventDead} {
			if _, err := s.Outbox().List(ctx, "t", st, p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readSideQueries opens a store with open, runs every listing and returns
// the SELECTs it sent (22: eleven listings, first and later pages).
func readSideQueries(t *testing.T, open func(opts ...sqlstore.Option) (*sqlstore.Store, error)) (*sqlstore.Store, []tracedQuery) {
	t.Helper()
	var tr traced
	s, err := open(sqlstore.WithTrace(tr.record))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	tr.take()
	readSide(t, s)
	qs := tr.take()
	if len(qs) != 22 {
		t.Fatalf("traced %d listings, want 22", len(qs))
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
