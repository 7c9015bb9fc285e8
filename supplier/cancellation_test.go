package supplier_test

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// The Rome contract: free until 30 days before, then the first night until
// 7 days before, 50 % until the day before, 100 % after; calendar days in
// Rome. Arrival Tue 4 May 2027 at 14:00.
func TestCancellationFeeAtBoundaries(t *testing.T) {
	t.Parallel()
	c := rome(t)
	romeLoc, _ := time.LoadLocation("Europe/Rome")
	b := supplier.Booked{Start: time.Date(2027, 5, 4, 14, 0, 0, 0, romeLoc), Nights: []pricing.Money{eur(t, "190"), eur(t, "215"), eur(t, "215")}, Persons: 3}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2027, 4, 3, 23, 59, 0, 0, romeLoc), "0.00 EUR"},    // 31 days before: free
		{time.Date(2027, 4, 4, 0, 0, 0, 0, romeLoc), "190.00 EUR"},    // exactly 30 calendar days: the first night
		{time.Date(2027, 4, 26, 23, 59, 0, 0, romeLoc), "190.00 EUR"}, // 8 days before
		{time.Date(2027, 4, 27, 0, 0, 0, 0, romeLoc), "310.00 EUR"},   // 7 days: 50 % of 620
		{time.Date(2027, 5, 3, 0, 0, 0, 0, romeLoc), "620.00 EUR"},    // the day before: 100 %
		{time.Date(2027, 5, 4, 14, 0, 0, 0, romeLoc), "620.00 EUR"},   // no-show, none agreed: the total
	} {
		got, err := c.Cancellation.FeeAt(b, tc.at)
		if err != nil || got.String() != tc.want {
			t.Errorf("at %s: %v, %v; want %s", tc.at.Format("Jan 2 15:04"), got, err, tc.want)
		}
	}
	// Elapsed hours count 24-hour periods before the start instead.
	p := c.Cancellation
	p.Count = supplier.ElapsedHours
	if got, _ := p.FeeAt(b, time.Date(2027, 4, 4, 13, 59, 0, 0, romeLoc)); got.String() != "0.00 EUR" {
		t.Errorf("elapsed: 30 days less a minute before the start is free, got %s", got)
	}
	if got, _ := p.FeeAt(b, time.Date(2027, 4, 4, 14, 0, 0, 0, romeLoc)); got.String() != "190.00 EUR" {
		t.Errorf("elapsed: exactly 30 × 24 h before is the first tier, got %s", got)
	}
}

func TestNoShowAndPerPersonFees(t *testing.T) {
	t.Parallel()
	fee := eur(t, "40")
	p := supplier.CancellationPolicy{Count: supplier.CalendarDays, InfantsExempt: true,
		Tiers:  []supplier.Tier{{Days: 3, Fee: supplier.Fee{Basis: supplier.FixedPerPerson, Amount: &fee}}},
		NoShow: &supplier.Fee{Basis: supplier.PercentOfTotal, Percent: decimal.NewFromInt(80)}}
	start := time.Date(2027, 5, 4, 9, 0, 0, 0, time.UTC)
	b := supplier.Booked{Start: start, Nights: []pricing.Money{eur(t, "300")}, Persons: 3, Infants: 1}
	if got, _ := p.FeeAt(b, start.Add(-time.Hour)); got.String() != "80.00 EUR" {
		t.Errorf("per person, infant exempt: %s", got)
	}
	if got, _ := p.FeeAt(b, start.Add(time.Hour)); got.String() != "240.00 EUR" {
		t.Errorf("no-show: %s", got)
	}
}

// Two rooms with different policies merge into one schedule: a window at
// every cutoff, fees summed, the percentage of the combined total exact.
func TestMergeSchedules(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 5, 4, 14, 0, 0, 0, time.UTC)
	pctTier := func(days int, pct int64) supplier.Tier {
		return supplier.Tier{Days: days, Fee: supplier.Fee{Basis: supplier.PercentOfTotal, Percent: decimal.NewFromInt(pct)}}
	}
	a := supplier.CancellationPolicy{Count: supplier.CalendarDays, Tiers: []supplier.Tier{pctTier(14, 25), pctTier(3, 100)}}
	b := supplier.CancellationPolicy{Count: supplier.CalendarDays, Tiers: []supplier.Tier{pctTier(7, 50)}}
	ba := supplier.Booked{Start: start, Nights: []pricing.Money{eur(t, "100"), eur(t, "100")}}
	bb := supplier.Booked{Start: start, Nights: []pricing.Money{eur(t, "100")}}
	sa, _ := a.Schedule(ba)
	sb, _ := b.Schedule(bb)
	merged, err := supplier.Merge([][]supplier.Window{sa, sb}, []pricing.Money{eur(t, "200"), eur(t, "100")})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		from    date.Date
		fee     string
		percent string
	}
	var got []row
	for _, w := range merged {
		got = append(got, row{date.NewAt(w.From), w.Fee.String(), w.Percent.String()})
	}
	want := []row{
		{date.New(2027, 4, 20), "50.00 EUR", "16.6666666667"},  // 25 % of 200
		{date.New(2027, 4, 27), "100.00 EUR", "33.3333333333"}, // + 50 % of 100
		{date.New(2027, 5, 1), "250.00 EUR", "83.3333333333"},  // 100 % of 200 + 50
	}
	if len(got) != len(want) {
		t.Fatalf("merged %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("window %d: %v, want %v", i, got[i], want[i])
		}
	}
	if !merged[2].To.Equal(start) {
		t.Errorf("the last window ends at the start: %v", merged[2].To)
	}
}
