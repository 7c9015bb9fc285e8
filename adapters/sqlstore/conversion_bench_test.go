package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/inquiry"
)

// BenchmarkConversion1M counts inquiries → proposals → bookings per
// consultant, channel and lead source over 1,000,000 inquiries on SQLite
// (a year of them; the period asked is one month, then the whole year);
// the baseline is a bare count of the same month's rows.
func BenchmarkConversion1M(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "inquiries.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 1_000_000
	channels := []inquiry.Channel{inquiry.Phone, inquiry.Email, inquiry.WalkIn, inquiry.Web, inquiry.WeChat}
	sources := []string{"web", "referral", "campaign", "trade"}
	for lo := 0; lo < n; lo += 50_000 {
		err := s.InTx(ctx, func(tx storage.Store) error {
			for i := lo; i < lo+50_000; i++ {
				at := start.Add(time.Duration(i) * 31 * time.Second) // about a year
				q := inquiry.Inquiry{ID: fmt.Sprintf("I%07d", i), Channel: channels[i%5], ReceivedAt: at, Consultant: fmt.Sprintf("c%02d", i%20),
					CustomerID: fmt.Sprintf("cust%06d", i/3), LeadSource: sources[i%4], Status: inquiry.New,
					Needs: inquiry.Needs{Party: []date.Date{date.New(1985, 1, 1)}}}
				if i%3 == 0 {
					q.History = []inquiry.Change{{At: at, From: inquiry.Qualified, To: inquiry.Proposed}}
					q.Status = inquiry.Proposed
					if i%9 == 0 {
						q.Status = inquiry.Won
					}
				}
				if _, err := storage.Inquiries().Put(ctx, tx, "bench", storage.InquiryRecord{Inquiry: q, UpdatedAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	month := [2]time.Time{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	year := [2]time.Time{start, start.AddDate(1, 0, 0)}
	for _, c := range []struct {
		name   string
		period [2]time.Time
	}{{"month", month}, {"year", year}} {
		b.Run("conversion-"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := s.Figures().Conversion(ctx, "bench", c.period[0], c.period[1])
				if err != nil || len(rows) != 20 { // consultant i%20 fixes channel i%5 and source i%4
					b.Fatalf("%d rows, %v", len(rows), err)
				}
			}
		})
	}
	b.Run("count-baseline-month", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var k int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiries WHERE tenant = ? AND received_at >= ? AND received_at < ?`,
				"bench", month[0].UnixNano(), month[1].UnixNano()).Scan(&k); err != nil || k == 0 {
				b.Fatal(err)
			}
		}
	})
}
