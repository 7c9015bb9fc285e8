package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// case1Records returns the case-1 trip and quote versions to store.
func case1Records(b testing.TB) (storage.TripVersion, storage.QuoteVersion) {
	b.Helper()
	trip, err := casebook.Case1Trip()
	if err != nil {
		b.Fatal(err)
	}
	req, err := casebook.Case1Quote()
	if err != nil {
		b.Fatal(err)
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	return storage.TripVersion{Tenant: "bench", TripID: trip.ID, Version: 1, CustomerID: "c1", Trip: *trip, CreatedAt: at},
		storage.QuoteVersion{Tenant: "bench", QuoteID: q.ID, Version: 1, TripID: trip.ID, TripVersion: 1, CustomerID: "c1", Quote: *q, CreatedAt: at}
}

// benchStore saves a trip version and its quote and loads both back, per op.
func benchStore(b *testing.B, s storage.Store) {
	ctx := context.Background()
	tv, qv := case1Records(b)
	trips, quotes := storage.Trips(new(itinerary.TripDecoder)), storage.Quotes()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		tv.TripID, qv.QuoteID = fmt.Sprintf("T-%d", i), fmt.Sprintf("Q-%d", i)
		err := s.InTx(ctx, func(tx storage.Store) error {
			if _, err := trips.Put(ctx, tx, "bench", tv); err != nil {
				return err
			}
			_, err := quotes.Put(ctx, tx, "bench", qv)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := trips.Get(ctx, s, "bench", tv.TripID, int64(1)); err != nil {
			b.Fatal(err)
		}
		if _, err := quotes.Get(ctx, s, "bench", qv.QuoteID, int64(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchBaseline inserts the same bytes with plain database/sql in one
// transaction and reads them back: the floor the adapter is measured against.
func benchBaseline(b *testing.B, db *sql.DB, dialect string) {
	ctx := context.Background()
	tv, qv := case1Records(b)
	tripJSON, _ := json.Marshal(tv.Trip)
	quoteJSON, _ := json.Marshal(qv.Quote)
	table := `CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, trip TEXT NOT NULL, quote TEXT NOT NULL)`
	if dialect == "mysql" {
		table = `CREATE TABLE IF NOT EXISTS bench_raw (id VARCHAR(191) PRIMARY KEY, trip LONGTEXT NOT NULL, quote LONGTEXT NOT NULL)`
	}
	if _, err := db.Exec(table); err != nil {
		b.Fatal(err)
	}
	ins, sel := `INSERT INTO bench_raw (id, trip, quote) VALUES (?, ?, ?)`, `SELECT trip, quote FROM bench_raw WHERE id = ?`
	if dialect == "postgres" {
		ins, sel = `INSERT INTO bench_raw (id, trip, quote) VALUES ($1, $2, $3)`, `SELECT trip, quote FROM bench_raw WHERE id = $1`
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		id := fmt.Sprintf("R-%d", i)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, ins, id, string(tripJSON), string(quoteJSON)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		var t, q string
		if err := db.QueryRowContext(ctx, sel, id).Scan(&t, &q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveLoadCase1 saves and loads the case-1 trip and quote on every
// store, next to the plain database/sql baseline on the same database.
func BenchmarkSaveLoadCase1(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchStore(b, memory.New()) })
	b.Run("sqlite", func(b *testing.B) { benchStore(b, openSQLite(b)) })
	b.Run("sqlite-baseline", func(b *testing.B) { benchBaseline(b, openSQLite(b).DB(), "sqlite") })
	b.Run("postgres", func(b *testing.B) { benchStore(b, openPostgres(b)) })
	b.Run("postgres-baseline", func(b *testing.B) { benchBaseline(b, openPostgres(b).DB(), "postgres") })
	b.Run("mysql", func(b *testing.B) { benchStore(b, openMySQL(b)) })
	b.Run("mysql-baseline", func(b *testing.B) { benchBaseline(b, openMySQL(b).DB(), "mysql") })
}

// outboxBatch is the batch the outbox benchmarks claim and mark.
const outboxBatch = 500

// addEvents adds n customer events, due at now, with IDs from next on.
func addEvents(ctx context.Context, b testing.TB, s storage.Store, next, n int, now time.Time) {
	payload := json.RawMessage(`{"quote_id":"Q-1","customer_id":"c1","customer_name":"Li Na","version":1,"trip_id":"T-1",` +
		`"total":{"amount":"100.00","currency":"CNY"}}`)
	err := s.InTx(ctx, func(tx storage.Store) error {
		for i := range n {
			e := storage.Event{ID: fmt.Sprintf("e-%09d", next+i), Tenant: "bench", Type: "quote.accepted", AggregateID: "Q-1", Audience: "customer",
				Recipient: "li.na@example.com", Language: storage.English, Payload: payload, CreatedAt: now, NextAttemptAt: now}
			if err := tx.Outbox().Add(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOutboxDelivery measures delivery throughput: events claimed,
// rendered, delivered to a recorder and marked, per second; each database
// beside a baseline that claims and marks the same rows with plain SQL
// (one statement each per batch) and neither renders nor delivers.
func BenchmarkOutboxDelivery(b *testing.B) {
	b.Run("sqlite-baseline", func(b *testing.B) { benchOutboxBaseline(b, openSQLite(b)) })
	b.Run("postgres-baseline", func(b *testing.B) { benchOutboxBaseline(b, openPostgres(b)) })
	b.Run("mysql-baseline", func(b *testing.B) { benchOutboxBaseline(b, openMySQL(b)) })
	registry, err := events.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	for name, open := range map[string]func(testing.TB) storage.Store{
		"memory":   func(testing.TB) storage.Store { return memory.New() },
		"sqlite":   func(t testing.TB) storage.Store { return openSQLite(t) },
		"postgres": func(t testing.TB) storage.Store { return openPostgres(t) },
		"mysql":    func(t testing.TB) storage.Store { return openMySQL(t) },
	} {
		b.Run(name, func(b *testing.B) {
			s := open(b)
			ctx := context.Background()
			now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
			var rec notify.Recorder
			d := agency.Dispatcher{Store: s, Events: registry, Notifier: &rec, Clock: fixed{now}, BatchSize: outboxBatch}
			b.ReportAllocs()
			delivered, n := 0, 0
			for b.Loop() {
				b.StopTimer()
				addEvents(ctx, b, s, n, outboxBatch, now)
				n += outboxBatch
				rec.Reset()
				b.StartTimer()
				got, err := d.DeliverOnce(ctx)
				if err != nil || got != outboxBatch {
					b.Fatalf("delivered %d, %v", got, err)
				}
				delivered += got
			}
			b.ReportMetric(float64(delivered)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// benchOutboxBaseline claims a batch of the store's events and marks them
// delivered with plain database/sql: one statement to claim (a SELECT … FOR
// UPDATE SKIP LOCKED and an UPDATE on MySQL), one to mark, reading the
// payloads as a dispatcher would.
func benchOutboxBaseline(b *testing.B, s *sqlstore.Store) {
	ctx := context.Background()
	db := s.DB()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	var dialect string
	_ = db.QueryRow(`SELECT 'postgres' WHERE version() LIKE 'PostgreSQL%'`).Scan(&dialect)
	if dialect == "" {
		if err := db.QueryRow(`SELECT 'mysql' FROM DUAL WHERE @@version_comment <> ''`).Scan(&dialect); err != nil {
			dialect = "sqlite"
		}
	}
	ph := func(n int) string {
		if dialect == "postgres" {
			return "$" + strconv.Itoa(n)
		}
		return "?"
	}
	list := func(from, n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = ph(from + i)
		}
		return strings.Join(parts, ", ")
	}
	due := `FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ` + ph(2) + ` AND locked_until <= ` + ph(3) +
		` ORDER BY created_at, id LIMIT ` + strconv.Itoa(outboxBatch)
	if dialect != "sqlite" {
		due += ` FOR UPDATE SKIP LOCKED`
	}
	b.ReportAllocs()
	delivered, n := 0, 0
	for b.Loop() {
		b.StopTimer()
		addEvents(ctx, b, s, n, outboxBatch, now)
		n += outboxBatch
		b.StartTimer()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		lease, at := now.Add(time.Minute).UnixNano(), now.UnixNano()
		var rows *sql.Rows
		if dialect == "mysql" {
			rows, err = tx.QueryContext(ctx, `SELECT id, payload `+strings.Replace(strings.Replace(due, ph(2), "?", 1), ph(3), "?", 1), at, at)
		} else {
			rows, err = tx.QueryContext(ctx, `UPDATE outbox SET locked_until = `+ph(1)+` WHERE id IN (SELECT id `+due+`) RETURNING id, payload`, lease, at, at)
		}
		if err != nil {
			b.Fatal(err)
		}
		ids := []any{}
		for rows.Next() {
			var id, payload string
			if err := rows.Scan(&id, &payload); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if dialect == "mysql" {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET locked_until = ? WHERE id IN (`+list(1, len(ids))+`)`, append([]any{lease}, ids...)...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE outbox SET delivered_at = `+ph(1)+`, locked_until = 0 WHERE id IN (`+list(2, len(ids))+`)`,
			append([]any{at}, ids...)...); err != nil {
			b.Fatal(err)
		}
		if len(ids) != outboxBatch {
			b.Fatalf("claimed %d", len(ids))
		}
		delivered += len(ids)
	}
	b.ReportMetric(float64(delivered)/b.Elapsed().Seconds(), "events/s")
}

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time { return f.t }
