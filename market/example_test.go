package market_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// Three competitors' offers for Europe in early May, one of them sold
// out, against our 10 000 CNY: the like-for-like set, its median and our
// index against it.
func ExampleCompare() {
	csv := "id,competitor,product,destination,departure,days,price,currency,observed,source,available\n" +
		"o1,ctrip,Europe 10 days,Europe,2027-05-03,10,9000.00,CNY,2026-11-20T10:00:00+08:00,ctrip.com,yes\n" +
		"o2,kuoni,Europe Classic,Europe,2027-05-01,10,1500.00,EUR,2026-11-20T11:00:00+08:00,kuoni.ch,yes\n" +
		"o3,caissa,Europe 11 days,Europe,2027-04-30,11,8000.00,CNY,2026-11-20T12:00:00+08:00,caissa.com,no\n"
	obs, err := market.ParseObservations(strings.NewReader(csv), market.Mapping{ID: "id", Competitor: "competitor", Product: "product",
		Destination: "destination", Departure: "departure", Days: "days", Price: "price", Currency: "currency", ObservedAt: "observed",
		Source: "source", Available: "available", DefaultBasis: market.PerPerson})
	if err != nil {
		fmt.Println(err)
		return
	}
	cny, _ := pricing.ParseCurrency("CNY")
	eur, _ := pricing.ParseCurrency("EUR")
	fx, _ := pricing.NewRateTable(cny, pricing.Rate{From: eur, To: cny, Value: decimal.RequireFromString("7.7"),
		AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Source: "bank"})
	price, _ := pricing.Parse("10000.00", "CNY")
	p, err := market.Compare(market.Ours{Product: "EU-CLASSIC-10", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10,
		Price: price, Basis: market.PerPerson}, obs, market.SetRule{WindowDays: 7, DaysTolerance: 1}, fx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("set", len(p.Set), "unavailable", p.Excluded[market.Unavailable])
	fmt.Println("median", p.Median, "index", p.IndexMedian)
	fmt.Println("mean", p.Mean, "index", p.IndexMean)
	// Output:
	// set 2 unavailable 1
	// median 10275.00 CNY index 97.32
	// mean 10275.00 CNY index 97.32
}
