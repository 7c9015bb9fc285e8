package pricing_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/pricing"
)

func ExampleMoney_Split() {
	total, _ := pricing.Parse("100.00", "CNY")
	parts, _ := total.Split(3)
	fmt.Println(parts)
	// Output: [33.34 CNY 33.33 CNY 33.33 CNY]
}

func ExampleMoney_Allocate() {
	total, _ := pricing.Parse("1.00", "EUR")
	parts, _ := total.Allocate(decimal.NewFromInt(1), decimal.NewFromInt(2), decimal.NewFromInt(3))
	fmt.Println(parts)
	// Output: [0.17 EUR 0.33 EUR 0.50 EUR]
}

func ExampleMoney_Round() {
	m, _ := pricing.Parse("2.345", "EUR")
	fmt.Println(m.Round(pricing.Rounding{}), m.Round(pricing.Rounding{Mode: pricing.HalfEven}))
	chf, _ := pricing.Parse("3.024", "CHF")
	fmt.Println(chf.Round(pricing.Rounding{Cash: true}))
	// Output:
	// 2.35 EUR 2.34 EUR
	// 3.00 CHF
}

func ExampleMoney_Add() {
	eur, _ := pricing.Parse("10", "EUR")
	cny, _ := pricing.Parse("10", "CNY")
	_, err := eur.Add(cny)
	fmt.Println(errors.Is(err, pricing.ErrCurrencyMismatch))
	// Output: true
}

func ExampleFormatter_Format() {
	m, _ := pricing.Parse("84314.38", "CNY")
	fmt.Println(pricing.NewFormatter(language.SimplifiedChinese).Format(m))
	fmt.Println(pricing.NewFormatter(language.English).Format(m))
	// Output:
	// ￥84,314.38
	// CN¥84,314.38
}

func ExampleRateTable_Lookup() {
	cny, _ := pricing.ParseCurrency("CNY")
	eur, _ := pricing.ParseCurrency("EUR")
	jpy, _ := pricing.ParseCurrency("JPY")
	asOf := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	table, _ := pricing.NewRateTable(cny,
		pricing.Rate{From: eur, To: cny, Value: decimal.RequireFromString("7.8125"), AsOf: asOf, Source: "desk"},
		pricing.Rate{From: cny, To: jpy, Value: decimal.RequireFromString("20"), AsOf: asOf, Source: "desk"},
	)
	inverse, _ := table.Lookup(cny, eur)
	cross, _ := table.Lookup(eur, jpy)
	fmt.Println(inverse.Derivation, inverse.Market)
	fmt.Println(cross.Derivation, cross.Via, cross.Market)
	gbp, _ := pricing.ParseCurrency("GBP")
	_, err := table.Lookup(gbp, eur)
	fmt.Println(err)
	// Output:
	// inverse 0.128
	// cross CNY 156.25
	// pricing: missing exchange rate: GBP→EUR
}

func ExampleEngine_Price() {
	eur, _ := pricing.ParseCurrency("EUR")
	room, _ := pricing.Parse("120", "EUR")
	fee, _ := pricing.Parse("25", "EUR")
	req := pricing.QuoteRequest{
		QuoteID: "Q-1", Version: 1, Currency: eur,
		TravelDate: date.New(2027, time.May, 1),
		Travellers: []pricing.Traveller{
			{ID: "a", BirthDate: date.New(1985, time.March, 12)},
			{ID: "b", BirthDate: date.New(1987, time.July, 30)},
		},
		Lines: []pricing.LineInput{{
			ID: "hotel", Description: "Double room, 3 nights", Category: pricing.CategoryLodging,
			Unit: pricing.PerRoomNight, Price: room, Quantity: 3, Capacity: 2,
		}},
		Rules: []pricing.Rule{
			{ID: "margin", Kind: pricing.RuleMargin, Percent: decimal.NewFromInt(20)},
			{ID: "service", Kind: pricing.RuleFee, FeeBasis: pricing.FeePerBooking, Amount: &fee},
		},
		IssuedAt: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		ValidFor: 72 * time.Hour,
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range q.Lines {
		fmt.Printf("%-8s net %s  sell %s\n", l.ID, l.Net, l.Sell)
	}
	fmt.Println("total", q.Totals.Total, "margin", q.Totals.Margin)
	for _, s := range q.PerTraveller {
		fmt.Println(s.Traveller, s.Total)
	}
	// Output:
	// hotel    net 360.00 EUR  sell 450.00 EUR
	// fee:service net 0.00 EUR  sell 25.00 EUR
	// total 475.00 EUR margin 115.00 EUR
	// a 237.50 EUR
	// b 237.50 EUR
}

func ExampleEngine_Price_invalid() {
	eur, _ := pricing.ParseCurrency("EUR")
	req := pricing.QuoteRequest{QuoteID: "Q-2", Version: 1, Currency: eur,
		TravelDate: date.New(2027, time.May, 1),
		Lines:      []pricing.LineInput{{ID: "x", Description: "x", Category: pricing.CategoryMeals, Unit: pricing.PerPerson, Quantity: -1}},
		IssuedAt:   time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), ValidFor: time.Hour,
	}
	_, err := pricing.NewEngine().Price(req)
	var ve *pricing.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Field, p.Code)
		}
	}
	// Output:
	// Travellers required
	// Lines[0].Price required
	// Lines[0].Quantity out_of_range
}

func ExampleSchedule() {
	total, _ := pricing.Parse("84314.38", "CNY")
	s, _ := pricing.Schedule(total,
		pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 60},
		date.New(2026, time.November, 27), date.New(2027, time.May, 1))
	for _, in := range s.Instalments {
		fmt.Println(in.Kind, in.Amount, in.Due)
	}
	// Output:
	// deposit 25294.31 CNY 2026-11-27
	// balance 59020.07 CNY 2027-03-02
}

func ExampleCheckBudget() {
	price, _ := pricing.Parse("84314.38", "CNY")
	budget, _ := pricing.Parse("80000", "CNY")
	bc, _ := pricing.CheckBudget(price, budget)
	fmt.Println(bc.Within, bc.Over, bc.OverPct.StringFixed(2)+" %")
	// Output: false 4314.38 CNY 5.39 %
}
