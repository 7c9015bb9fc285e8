package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
)

type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) Now() time.Time  { return *c.t.Load() }
func (c *clock) Set(t time.Time) { c.t.Store(&t) }

type ids struct{ n atomic.Int64 }

func (g *ids) NewID() string { return fmt.Sprintf("id-%d", g.n.Add(1)) }

func sweepAgency(t testing.TB, s *sqlstore.Store, c *clock) *agency.Agency {
	t.Helper()
	a, err := agency.New(s, agency.Config{Clock: c, IDs: &ids{}, Zone: "Europe/Paris"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Customers.Create(context.Background(), "t1", agency.NewCustomer{ID: "c1", Name: "Li Na", Email: "li.na@example.com",
		Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	return a
}

func openComplaints(t testing.TB, a *agency.Agency, c *clock, prefix string, n int) {
	t.Helper()
	for i := range n {
		_, err := a.Complaints.Open(context.Background(), "t1", agency.NewComplaint{By: "li", Complaint: feedback.Complaint{
			ID: fmt.Sprintf("%s%06d", prefix, i), CustomerID: "c1", Category: "hotel_service", Priority: feedback.High,
			Channel: feedback.Email, Summary: "noise", ReceivedAt: c.Now()}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestSweepExactlyOnce: four sweeps at once over 30 complaints past their
// first-response time raise 30 breaches, not 120, on SQLite and PostgreSQL,
// and leave every complaint at the version a consultant last saw.
func TestSweepExactlyOnce(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres, "mysql": openMySQL} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresDSN(t)
			}
			ctx := context.Background()
			s := open(t)
			c := &clock{}
			c.Set(time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC))
			a := sweepAgency(t, s, c)
			openComplaints(t, a, c, "K", 30)
			c.Set(c.Now().Add(61 * time.Minute))
			var wg sync.WaitGroup
			var total atomic.Int64
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := a.Sweeps.SLA(ctx, agency.SweepRequest{Limit: 7})
					if err != nil {
						t.Error(err)
					}
					total.Add(int64(n))
				}()
			}
			wg.Wait()
			if total.Load() != 30 {
				t.Errorf("raised %d events, want 30", total.Load())
			}
			if n, err := a.Sweeps.SLA(ctx, agency.SweepRequest{}); n != 0 || err != nil {
				t.Errorf("a later sweep raised %d, %v", n, err)
			}
			var rows int
			if err := s.DB().QueryRow(`SELECT count(*) FROM outbox WHERE type = 'sla.breached'`).Scan(&rows); err != nil || rows != 30 {
				t.Errorf("%d breach events in the outbox, %v", rows, err)
			}
			// The consultant acts on the version the sweep did not change.
			k, err := a.Complaints.Act(ctx, "t1", agency.ComplaintAction{ID: "K000000", Version: 1, Action: feedback.Acknowledge, By: "li"})
			if err != nil || k.Version != 2 {
				t.Errorf("acknowledging after the sweep: version %d, %v", k.Version, err)
			}
		})
	}
}

// seedDormant stores n complaints directly whose next check is a week
// after start.
func seedDormant(b testing.TB, s *sqlstore.Store, start time.Time, n int) {
	ctx := context.Background()
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true})
	if err != nil {
		b.Fatal(err)
	}
	proto, err := feedback.Open(feedback.Complaint{ID: "proto", CustomerID: "c1", Category: "hotel_service", Priority: feedback.Low,
		Channel: feedback.Email, Summary: "noise", ReceivedAt: start}, feedback.DefaultPolicy(), cal, "li")
	if err != nil {
		b.Fatal(err)
	}
	later := start.Add(7 * 24 * time.Hour)
	err = s.InTx(ctx, func(tx storage.Store) error {
		for i := range n {
			rec := agency.ComplaintRecord{Tenant: "t1", Complaint: *proto, NextCheck: &later}
			rec.Complaint.ID = fmt.Sprintf("Q%06d", i)
			if _, err := storage.Complaints().Put(ctx, tx, "t1", rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSweep100k: the SLA sweep over 100,000 open complaints on SQLite,
// 100 of them due. The due query uses the complaints_due index, so the cost
// follows the due complaints, not the open ones.
func BenchmarkSweep100k(b *testing.B) {
	ctx := context.Background()
	s := openSQLite(b)
	c := &clock{}
	start := time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC)
	c.Set(start)
	a := sweepAgency(b, s, c)
	seedDormant(b, s, start, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	round := 0
	for b.Loop() {
		b.StopTimer()
		c.Set(start)
		round++
		openComplaints(b, a, c, fmt.Sprintf("B%d-", round), 100)
		c.Set(start.Add(61 * time.Minute))
		b.StartTimer()
		n, err := a.Sweeps.SLA(ctx, agency.SweepRequest{})
		if err != nil || n != 100 {
			b.Fatalf("raised %d, %v", n, err)
		}
	}
}

// TestSweepQueryUsesIndex: the query the sweep sends for due complaints is
// answered from complaints_due, not by scanning every complaint.
func TestSweepQueryUsesIndex(t *testing.T) {
	var tr traced
	s, err := sqlite.Open(context.Background(), ":memory:", sqlstore.WithTrace(tr.record))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	c := &clock{}
	c.Set(time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC))
	a := sweepAgency(t, s, c)
	tr.take()
	if _, err := a.Sweeps.SLA(context.Background(), agency.SweepRequest{}); err != nil {
		t.Fatal(err)
	}
	var due *tracedQuery
	for _, q := range tr.take() {
		if strings.Contains(q.sql, "next_check_at <=") {
			due = &q
		}
	}
	if due == nil {
		t.Fatal("the sweep sent no due query")
	}
	plan := sqlitePlan(t, s.DB(), *due)
	if !strings.Contains(plan, "complaints_due") || strings.Contains(plan, "SCAN complaints\n") {
		t.Errorf("query\n%s\nplan does not use the index:\n%s", due.sql, plan)
	}
}
