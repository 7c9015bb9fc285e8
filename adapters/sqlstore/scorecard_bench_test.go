package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
)

// fill inserts n generated rows through one INSERT … SELECT over a series
// 0…n−1 (a recursive CTE on SQLite and MySQL, generate_series on
// PostgreSQL): the rows the queries read, made by the database itself.
func fill(b *testing.B, s *sqlstore.Store, dialect string, n int, table, cols, values string) {
	b.Helper()
	series := fmt.Sprintf("WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) SELECT %s FROM seq", n-1, values)
	if dialect == "mysql" {
		// Six cross-joined digit tables: MariaDB bounds recursion at 1,000
		// iterations by default.
		digits := "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 " +
			"UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
		series = fmt.Sprintf("SELECT %s FROM (SELECT d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d + 10000 * d4.d + 100000 * d5.d AS n "+
			"FROM %s d0, %s d1, %s d2, %s d3, %s d4, %s d5) AS seq WHERE n < %d", values, digits, digits, digits, digits, digits, digits, n)
	}
	if dialect == "postgres" {
		series = fmt.Sprintf("SELECT %s FROM generate_series(0, %d) AS seq(n)", values, n-1)
	}
	if _, err := s.DB().ExecContext(context.Background(), "INSERT INTO "+table+" ("+cols+") "+series); err != nil {
		b.Fatalf("%s: %v", table, err)
	}
}

// BenchmarkAgencyScorecard computes one month's agency scorecard (and one
// consultant's) over 1,000,000 bookings, 100,000 complaints, 100,000
// survey responses, 50,000 contracts and 50 consultants spread over a
// year; the baseline counts the month's bookings.
func BenchmarkAgencyScorecard(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres", "mysql"} {
		b.Run(name, func(b *testing.B) {
			var s *sqlstore.Store
			switch name {
			case "sqlite":
				s = openSQLite(b)
			case "postgres":
				postgresDSN(b)
				s = openPostgres(b)
			case "mysql":
				s = openMySQL(b)
			}
			pg := name
			cat := func(a, c string) string { return a + " || " + c }
			if name == "mysql" {
				cat = func(a, c string) string { return "CONCAT(" + a + ", " + c + ")" }
			}
			sh, _ := time.LoadLocation("Asia/Shanghai")
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, sh).UnixNano()
			year := int64(365 * 24 * time.Hour)
			at := func(n int) string { return fmt.Sprintf("%d + n * %d", start, year/int64(n)) }
			fill(b, s, pg, 1_000_000, "bookings", "tenant, reference, version, state, currency, outstanding_minor, next_due, payer, updated_at, body, consultant, booked_at, departure, sold_minor",
				"'bench', "+cat("'B'", "n")+", 1, 'confirmed', 'CNY', 0, 0, '', 0, '{}', "+cat("'c'", "(n % 50)")+", "+at(1_000_000)+", 20454 + n / 2740, 500000 + n % 100000")
			fill(b, s, pg, 100_000, "complaints", "tenant, id, version, status, customer_id, consultant, received_at, alerts, body, assignee, first_response_at, resolve_due, resolved_at",
				"'bench', "+cat("'K'", "n")+", 1, 'closed', 'c', "+cat("'c'", "(n % 50)")+", "+at(100_000)+", 0, '{}', '', "+at(100_000)+" + (n % 30) * 3600000000000, "+
					at(100_000)+" + 172800000000000, "+at(100_000)+" + (n % 60) * 3600000000000")
			fill(b, s, pg, 100_000, "surveys", "tenant, id, responded_at, consultant, team, csat, r_hotel, r_transport, r_guide, r_meals, r_itinerary, r_consultant, body",
				"'bench', "+cat("'S'", "n")+", "+at(100_000)+", "+cat("'c'", "(n % 50)")+", '', 1 + n % 5, 0, 0, 0, 0, 0, 0, '{}'")
			fill(b, s, pg, 50_000, "travel_contracts", "tenant, number, supplement, booking, version, issued_at, blocking, ever_blocked, updated_at, body, consultant",
				"'bench', "+cat("'HT'", "n")+", 0, "+cat("'B'", "n")+", 1, "+at(50_000)+", 0, CASE WHEN n % 25 = 0 THEN 1 ELSE 0 END, 0, '{}', "+cat("'c'", "(n % 50)"))
			analyze := "ANALYZE"
			if name == "mysql" {
				analyze = "ANALYZE TABLE bookings, complaints, surveys, travel_contracts"
			}
			if _, err := s.DB().Exec(analyze); err != nil { // plans from statistics, as a maintained database has them
				b.Fatal(err)
			}
			cny, _ := pricing.ParseCurrency("CNY")
			now := time.Date(2026, 12, 15, 0, 0, 0, 0, sh)
			a, err := agency.New(s, agency.Config{Clock: fixedClock(now), Zone: "Asia/Shanghai"})
			if err != nil {
				b.Fatal(err)
			}
			for _, scope := range []struct {
				name        string
				consultants []string
			}{{"agency", nil}, {"consultant", []string{"c7"}}} {
				b.Run(scope.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						cards, err := a.KPIs.Scorecards(context.Background(), "bench", agency.ScorecardRequest{Scope: kpi.Scope{Kind: scope.name},
							Consultants: scope.consultants, Period: kpi.Month(2026, time.June), Basis: kpi.ByBookingDate, Currency: cny})
						if err != nil || cards[0].Bookings == 0 {
							b.Fatalf("%+v %v", cards, err)
						}
					}
				})
			}
			b.Run("count-baseline", func(b *testing.B) {
				from, to := kpi.Month(2026, time.June).Bounds(sh)
				hint := "" // MariaDB's planner scans the tenant's primary key unless told
				if name == "mysql" {
					hint = "FORCE INDEX (bookings_booked)"
				}
				for b.Loop() {
					var n int
					if err := s.DB().QueryRow(`SELECT COUNT(*) FROM bookings ` + hint + ` WHERE tenant = 'bench' AND booked_at >= ` + fmt.Sprint(from.UnixNano()) +
						` AND booked_at < ` + fmt.Sprint(to.UnixNano())).Scan(&n); err != nil || n == 0 {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
