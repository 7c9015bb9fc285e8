package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/factory"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// case1Records returns the case-1 trip and quote versions to store.
func case1Records(b testing.TB) (storage.TripVersion, storage.QuoteVersion) {
	b.Helper()
	trip, err := factory.Case1Trip()
	if err != nil {
		b.Fatal(err)
	}
	req, err := factory.Case1Quote()
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
func benchBaseline(b *testing.B, db *sql.DB, numbered bool) {
	ctx := context.Background()
	tv, qv := case1Records(b)
	tripJSON, _ := json.Marshal(tv.Trip)
	quoteJSON, _ := json.Marshal(qv.Quote)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, trip TEXT NOT NULL, quote TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	ins, sel := `INSERT INTO bench_raw (id, trip, quote) VALUES (?, ?, ?)`, `SELECT trip, quote FROM bench_raw WHERE id = ?`
	if numbered {
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
	b.Run("sqlite-baseline", func(b *testing.B) { benchBaseline(b, openSQLite(b).DB(), false) })
	b.Run("postgres", func(b *testing.B) { benchStore(b, openPostgres(b)) })
	b.Run("postgres-baseline", func(b *testing.B) { benchBaseline(b, openPostgres(b).DB(), true) })
}

// BenchmarkOutboxDelivery measures delivery throughput: events claimed,
// rendered, delivered to a recorder and marked, per second.
func BenchmarkOutboxDelivery(b *testing.B) {
	registry, err := events.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	for name, open := range map[string]func(testing.TB) storage.Store{
		"memory":   func(testing.TB) storage.Store { return memory.New() },
		"sqlite":   func(t testing.TB) storage.Store { return openSQLite(t) },
		"postgres": func(t testing.TB) storage.Store { return openPostgres(t) },
	} {
		b.Run(name, func(b *testing.B) {
			s := open(b)
			ctx := context.Background()
			now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
			const batch = 100
			payload := json.RawMessage(`{"quote_id":"Q-1","customer_id":"c1","customer_name":"Li Na","version":1,"trip_id":"T-1",` +
				`"total":{"amount":"100.00","currency":"CNY"}}`)
			var rec notify.Recorder
			d := agency.Dispatcher{Store: s, Events: registry, Notifier: &rec, Clock: fixed{now}, BatchSize: batch}
			b.ReportAllocs()
			delivered := 0
			n := 0
			for b.Loop() {
				b.StopTimer()
				err := s.InTx(ctx, func(tx storage.Store) error {
					for range batch {
						n++
						e := storage.Event{ID: fmt.Sprintf("e-%d", n), Tenant: "bench", Type: "quote.accepted", AggregateID: "Q-1", Audience: "customer",
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
				b.StartTimer()
				got, err := d.DeliverOnce(ctx)
				if err != nil || got != batch {
					b.Fatalf("delivered %d, %v", got, err)
				}
				delivered += got
			}
			b.ReportMetric(float64(delivered)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time { return f.t }
