package supplier_test

import (
	"testing"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/supplier"
)

// BenchmarkRatesTenNightsTwoSeasons prices a 10-night Rome stay across the
// shoulder/high season boundary.
func BenchmarkRatesTenNightsTwoSeasons(b *testing.B) {
	cs, err := casebook.Case1Contracts()
	if err != nil {
		b.Fatal(err)
	}
	c := cs["hotel-pantheon"]
	req := supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 4, 29), Nights: 10}
	b.ReportAllocs()
	for b.Loop() {
		r, err := c.Rates(req)
		if err != nil || len(r.Segments) != 2 {
			b.Fatal(r.Segments, err)
		}
	}
}
