package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/supplier"
)

var hotNight = date.New(2027, 5, 4)

// benchHolds runs 8 concurrent clients, each placing one-unit holds on the
// same hot night of an allotment large enough never to sell out.
func benchHolds(b *testing.B, s *sqlstore.Store) {
	ctx := context.Background()
	spec := supplier.AllotmentSpec{ID: "HOT", SupplierID: "h", Product: "p", UnitType: "u", Kind: supplier.FreeSale,
		From: hotNight, To: hotNight, Units: 1 << 30, Zone: "Europe/Rome"}
	if err := s.Ledger().Create(ctx, "bench", spec); err != nil {
		b.Fatal(err)
	}
	var seq atomic.Int64
	created := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.SetParallelism(4) // 2 cores × 4 = 8 clients
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h := supplier.Hold{ID: fmt.Sprintf("H%d", seq.Add(1)), AllotmentID: "HOT", From: hotNight, Nights: 1, Units: 1,
				CreatedAt: created, ExpiresAt: created.Add(time.Hour)}
			if _, err := s.Ledger().Hold(ctx, "bench", h); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "holds/s")
}

// benchRawHolds is the floor: the same conditional UPDATE and an INSERT of
// the hold row in one plain database/sql transaction.
func benchRawHolds(b *testing.B, db *sql.DB, numbered bool) {
	ctx := context.Background()
	mk := func(q string) string {
		if !numbered {
			return q
		}
		n := 0
		out := []byte{}
		for i := 0; i < len(q); i++ {
			if q[i] == '?' {
				n++
				out = append(out, fmt.Sprintf("$%d", n)...)
				continue
			}
			out = append(out, q[i])
		}
		return string(out)
	}
	for _, q := range []string{`CREATE TABLE raw_nights (id TEXT PRIMARY KEY, allocated INTEGER NOT NULL, held INTEGER NOT NULL)`,
		`CREATE TABLE raw_holds (id TEXT PRIMARY KEY, units INTEGER NOT NULL)`, `INSERT INTO raw_nights VALUES ('hot', 1073741824, 0)`} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	upd, ins := mk(`UPDATE raw_nights SET held = held + ? WHERE id = ? AND allocated - held >= ?`), mk(`INSERT INTO raw_holds VALUES (?, ?)`)
	var seq atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Error(err)
				return
			}
			res, err := tx.ExecContext(ctx, upd, 1, "hot", 1)
			if n, _ := res.RowsAffected(); err != nil || n != 1 {
				b.Error(err)
				_ = tx.Rollback()
				return
			}
			if _, err := tx.ExecContext(ctx, ins, fmt.Sprintf("R%d", seq.Add(1)), 1); err != nil {
				b.Error(err)
				_ = tx.Rollback()
				return
			}
			if err := tx.Commit(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "holds/s")
}

func BenchmarkHoldsHotNight(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchHolds(b, openSQLite(b)) })
	b.Run("sqlite-baseline", func(b *testing.B) { benchRawHolds(b, openSQLite(b).DB(), false) })
	b.Run("postgres", func(b *testing.B) { benchHolds(b, openPostgres(b)) })
	b.Run("postgres-baseline", func(b *testing.B) { benchRawHolds(b, openPostgres(b).DB(), true) })
}

// BenchmarkAvailability100x365 reads the counters of 100 allotments over a
// year from SQLite and answers availability for each.
func BenchmarkAvailability100x365(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "avail.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	a, err := agency.New(s, agency.Config{})
	if err != nil {
		b.Fatal(err)
	}
	from := date.New(2027, 1, 1)
	err = s.InTx(ctx, func(tx storage.Store) error {
		for i := range 100 {
			spec := supplier.AllotmentSpec{ID: fmt.Sprintf("A%03d", i), SupplierID: "h", Product: "p", UnitType: "u", Kind: supplier.Allotment,
				From: from, To: from + 364, Units: 5, Release: supplier.ReleaseRule{Days: 7}, Zone: "Europe/Rome"}
			if err := tx.Ledger().Create(ctx, "bench", spec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range 100 {
			av, err := a.Allotments.Availability(ctx, "bench", agency.AvailabilityQuery{AllotmentID: fmt.Sprintf("A%03d", i), From: from, Nights: 365, Units: 1})
			if err != nil || len(av) != 365 {
				b.Fatal(len(av), err)
			}
		}
	}
}
