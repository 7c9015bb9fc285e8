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
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
)

type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) Now() time.Time  { return *c.t.Load() }
func (c *clock) Set(t time.Time) { c.t.Store(&t) }

type ids struct{ n atomic.Int64 }

func (g *ids) NewID() string { return fmt.Sprintf("id-%d", g.n.Add(1)) }

func sweepService(t testing.TB, s *sqlstore.Store, c *clock) *agency.Service {
	t.Helper()
	svc := agency.New(s, agency.WithClock(c), agency.WithIDs(&ids{}),
		agency.WithSLA(feedback.DefaultPolicy(), feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true}))
	if _, err := svc.SaveCustomer(context.Background(), agency.Customer{Tenant: "t1", ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	return svc
}

func openComplaints(t testing.TB, svc *agency.Service, c *clock, n int) {
	t.Helper()
	for i := range n {
		_, err := svc.OpenComplaint(context.Background(), "t1", feedback.Complaint{ID: fmt.Sprintf("K%06d", i), CustomerID: "c1",
			Category: "hotel_service", Priority: feedback.High, Channel: feedback.Email, Summary: "noise", ReceivedAt: c.Now()}, "li")
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestSweepExactlyOnce: four sweeps at once over 30 complaints past their
// first-response time raise 30 breaches, not 120, on SQLite and PostgreSQL.
func TestSweepExactlyOnce(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresDSN(t)
			}
			s := open(t)
			c := &clock{}
			c.Set(time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC))
			svc := sweepService(t, s, c)
			openComplaints(t, svc, c, 30)
			c.Set(c.Now().Add(61 * time.Minute))
			var wg sync.WaitGroup
			var total atomic.Int64
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := svc.SweepSLA(context.Background())
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
			if n, _ := svc.SweepSLA(context.Background()); n != 0 {
				t.Errorf("a later sweep raised %d", n)
			}
			var rows int
			if err := s.DB().QueryRow(`SELECT count(*) FROM outbox WHERE type = 'sla.breached'`).Scan(&rows); err != nil || rows != 30 {
				t.Errorf("%d breach events in the outbox, %v", rows, err)
			}
		})
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
	svc := sweepService(b, s, c)
	// Seed rows directly: 100,000 complaints whose next check is in a week.
	cal, _ := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true})
	proto, _ := feedback.Open(feedback.Complaint{ID: "proto", CustomerID: "c1", Category: "hotel_service", Priority: feedback.Low,
		Channel: feedback.Email, Summary: "noise", ReceivedAt: start}, feedback.DefaultPolicy(), cal, "li")
	later := start.Add(7 * 24 * time.Hour)
	err := s.InTx(ctx, func(tx agency.Store) error {
		for i := range 100_000 {
			rec := agency.ComplaintRecord{Tenant: "t1", Complaint: *proto, NextCheck: &later}
			rec.Complaint.ID = fmt.Sprintf("Q%06d", i)
			if _, err := tx.Complaints().Save(ctx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		c.Set(start)
		// 100 fresh high-priority complaints, past their first response.
		base := time.Now().UnixNano()
		for i := range 100 {
			_, err := svc.OpenComplaint(ctx, "t1", feedback.Complaint{ID: fmt.Sprintf("B%d-%d", base, i), CustomerID: "c1", Category: "hotel_service",
				Priority: feedback.High, Channel: feedback.Email, Summary: "noise", ReceivedAt: start}, "li")
			if err != nil {
				b.Fatal(err)
			}
		}
		c.Set(start.Add(61 * time.Minute))
		b.StartTimer()
		n, err := svc.SweepSLA(ctx)
		if err != nil || n != 100 {
			b.Fatalf("raised %d, %v", n, err)
		}
	}
}

// TestSweepQueryUsesIndex: the due query is answered from complaints_due,
// not by scanning every complaint.
func TestSweepQueryUsesIndex(t *testing.T) {
	s := openSQLite(t)
	rows, err := s.DB().Query(`EXPLAIN QUERY PLAN SELECT tenant, version, next_check_at, alerts, body FROM complaints
		WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at, tenant, id LIMIT ?`, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if !strings.Contains(plan, "complaints_due") || strings.Contains(plan, "SCAN complaints\n") {
		t.Errorf("plan does not use the index:\n%s", plan)
	}
}
