package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

var errRollback = errors.New("roll back the benchmark's writes")

// BenchmarkImportStatement imports a 10,000-line statement against 100,000
// open bookings on SQLite: half the lines carry a reference, half are
// found by amount, payer and date. "import" is the whole use case (read
// what is open and known, match, record every transaction ID, add each
// payment to its booking's ledger, save) rolled back after each run;
// "match" is the read and the matching without writes; "scan-baseline"
// is a bare SQL scan of the 100,000 rows' expected money.
func BenchmarkImportStatement(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "statement.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	cny, _ := pricing.ParseCurrency("CNY")
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, sh)
	const bookings, lines = 100_000, 10_000
	due := func(i int) date.Date { return date.New(2027, 4, 1) + date.Date(i%30) }
	amount := func(i int) pricing.Money { return pricing.FromMinor(int64(100_000+i), cny) }
	err = s.InTx(ctx, func(tx storage.Store) error {
		for i := range bookings {
			total := amount(i)
			ref := fmt.Sprintf("TK-%06d", i)
			rec := storage.BookingRecord{Payer: fmt.Sprintf("Payer %d", i), UpdatedAt: now,
				Booking: booking.Booking{Reference: ref, State: booking.Confirmed, Zone: "Asia/Shanghai", Total: total, Revision: 1,
					Services: []booking.Service{{ID: "s", Product: "p", Start: due(i) + 30, End: due(i) + 35, Units: 1, Status: booking.ServiceConfirmed, Price: total}}},
				Ledger: booking.Ledger{Schedule: pricing.PaymentSchedule{Total: total, Instalments: []pricing.Instalment{
					{Kind: pricing.InstalmentFull, Amount: total, Due: due(i)}}}}}
			if _, err := storage.Bookings().Put(ctx, tx, "bench", rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	stmt := make([]booking.StatementLine, lines)
	for i := range stmt {
		k := i * 10
		l := booking.StatementLine{Line: i + 2, TxID: fmt.Sprintf("BANK-%d", i), Date: due(k), Amount: amount(k), Payer: fmt.Sprintf("Payer %d", k)}
		if i%2 == 0 {
			l.Text = fmt.Sprintf("payment TK-%06d thanks", k)
		}
		stmt[i] = l
	}
	clock := fixedClock(now)
	b.Run("import", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			err := s.InTx(ctx, func(tx storage.Store) error {
				a, err := agency.New(tx, agency.Config{Clock: clock})
				if err != nil {
					return err
				}
				ms, err := a.Bookings.ImportStatement(ctx, "bench", agency.Statement{Lines: stmt, Window: 3})
				if err != nil {
					return err
				}
				for _, m := range ms {
					if m.State != booking.Matched {
						return fmt.Errorf("line %d: %s", m.Line.Line, m.State)
					}
				}
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				b.Fatal(err)
			}
		}
	})
	b.Run("match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			exp, err := s.Payments().Open(ctx, "bench")
			if err != nil || len(exp) != bookings {
				b.Fatal(len(exp), err)
			}
			ids := make([]string, len(stmt))
			for i, l := range stmt {
				ids[i] = l.TxID
			}
			known, err := s.Payments().KnownBankTx(ctx, "bench", ids)
			if err != nil {
				b.Fatal(err)
			}
			m, err := booking.NewMatcher(exp, known, 3)
			if err != nil {
				b.Fatal(err)
			}
			if ms := m.Match(stmt); ms[1].State != booking.Matched {
				b.Fatal(ms[1])
			}
		}
	})
	b.Run("scan-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := s.DB().QueryContext(ctx, `SELECT reference, payer, currency, outstanding_minor, next_due FROM bookings WHERE tenant = ? AND outstanding_minor > 0`, "bench")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				var ref, payer, cur string
				var minor, d int64
				if err := rows.Scan(&ref, &payer, &cur, &minor, &d); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			if n != bookings {
				b.Fatal(n)
			}
		}
	})
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }
