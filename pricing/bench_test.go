package pricing_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
)

func case1(b *testing.B) pricing.QuoteRequest {
	b.Helper()
	req, err := casebook.Case1Quote()
	if err != nil {
		b.Fatal(err)
	}
	return req
}

// benchEngine prices the case-1 quote (43 lines, 10 rules, FX) per op.
func benchEngine(b *testing.B, req pricing.QuoteRequest) {
	engine := pricing.NewEngine()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Price(req); err != nil {
			b.Fatal(err)
		}
	}
}

// baselineLine is a case-1 line reduced to int64 minor units, with its
// markup resolved in advance: what pricing costs with no rules engine, no
// validation, no trace and no decimals.
type baselineLine struct {
	unitCents []int64 // per traveller (per person) or one unit price
	billable  int64
	markupBP  int64 // basis points
	fxMicros  int64 // quote-currency micros per line-currency unit
}

func baselineLines(b *testing.B, req pricing.QuoteRequest) []baselineLine {
	b.Helper()
	markup := map[pricing.Category]int64{
		pricing.CategoryTransport: 800, pricing.CategoryLodging: 1765, pricing.CategoryMeals: 2000,
		pricing.CategoryActivities: 2500, pricing.CategoryServices: 1000,
	}
	out := make([]baselineLine, len(req.Lines))
	for i, l := range req.Lines {
		cents, err := l.Price.MinorUnits()
		if err != nil {
			b.Fatal(err)
		}
		bl := baselineLine{markupBP: markup[l.Category], fxMicros: 8_046_875}
		if l.Price.Currency() == req.Currency {
			bl.fxMicros = 1_000_000
		}
		if l.Unit == pricing.PerPerson {
			for range req.Travellers {
				bl.unitCents = append(bl.unitCents, cents)
			}
			bl.billable = int64(l.Quantity)
		} else {
			bl.unitCents = []int64{cents}
			bl.billable = int64(l.Quantity)
		}
		out[i] = bl
	}
	return out
}

// priceBaseline prices lines in int64: net, markup, FX, half-up rounding,
// totals and an equal split per traveller that adds up.
func priceBaseline(lines []baselineLine, travellers int, shares []int64) int64 {
	var total int64
	for i := range shares {
		shares[i] = 0
	}
	for _, l := range lines {
		var net int64
		for _, c := range l.unitCents {
			net += c * l.billable
		}
		sell := net * (10_000 + l.markupBP)               // cents × 1e4
		q := (sell*l.fxMicros/1_000_000 + 5_000) / 10_000 // round half-up to cents
		total += q
		each, rest := q/int64(travellers), q%int64(travellers)
		for k := range shares {
			shares[k] += each
			if int64(k) < rest {
				shares[k]++
			}
		}
	}
	return total
}

func benchBaseline(b *testing.B, lines []baselineLine, travellers int) {
	shares := make([]int64, travellers)
	b.ReportAllocs()
	var sink int64
	for b.Loop() {
		sink += priceBaseline(lines, travellers, shares)
	}
	if sink == 0 {
		b.Fatal("baseline priced nothing")
	}
}

// BenchmarkQuote prices the quickstart's case-1 quote with the engine and
// with the int64 baseline, and reports the engine's cost as a multiple of
// the baseline ("x-baseline").
func BenchmarkQuote(b *testing.B) {
	req := case1(b)
	lines := baselineLines(b, req)
	b.Run("engine", func(b *testing.B) { benchEngine(b, req) })
	b.Run("int64-baseline", func(b *testing.B) { benchBaseline(b, lines, len(req.Travellers)) })
	b.Run("ratio", func(b *testing.B) {
		// Both are timed inside one loop so the ratio comes from one run on
		// one machine state; the baseline repeats to dwarf the clock reads.
		const reps = 100
		engine := pricing.NewEngine()
		shares := make([]int64, len(req.Travellers))
		var engineTime, baseTime time.Duration
		var sink int64
		for b.Loop() {
			start := time.Now()
			if _, err := engine.Price(req); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			for range reps {
				sink += priceBaseline(lines, len(req.Travellers), shares)
			}
			engineTime += mid.Sub(start)
			baseTime += time.Since(mid)
		}
		if sink == 0 || baseTime == 0 {
			b.Fatal("baseline priced nothing")
		}
		b.ReportMetric(float64(engineTime)*reps/float64(baseTime), "x-baseline")
	})
}

func BenchmarkAllocate1000(b *testing.B) {
	m, _ := pricing.Parse("84314.38", "CNY")
	ratios := make([]decimal.Decimal, 1000)
	for i := range ratios {
		ratios[i] = decimal.New(int64(i%7+1), -1)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Allocate(ratios...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplit1000(b *testing.B) {
	m, _ := pricing.Parse("84314.38", "CNY")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Split(1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConvert(b *testing.B) {
	req := case1(b)
	m, _ := pricing.Parse("1501.50", "EUR")
	cny := req.Currency
	buffer := decimal.NewFromInt(3)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := pricing.Convert(req.FX, m, cny, buffer, pricing.Rounding{}); err != nil {
			b.Fatal(err)
		}
	}
}
