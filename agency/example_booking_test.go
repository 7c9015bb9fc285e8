package agency_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Case 1 from its accepted quote to money reconciled: the Rome hotel is
// held on the agency's allotment while the booking is made, the deposit
// and the balance arrive on the bank statement and are matched by the
// booking reference, and the booking ends paid.
func ExampleService_BookQuote() {
	ctx := context.Background()
	store := memory.New()
	rates, extras, _ := sample.Case1ContractRates()
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithRates(rates))
	ss, _ := sample.Case1Suppliers()
	cs, _ := sample.Case1Contracts()
	for _, sp := range ss {
		svc.SaveSupplier(ctx, "agency-a", sp, 0)
	}
	svc.AddContract(ctx, "agency-a", *cs["hotel-pantheon"])
	svc.CreateAllotment(ctx, "agency-a", supplier.AllotmentSpec{ID: "AL-ROME", SupplierID: "hotel-pantheon", ContractID: "C-PANTHEON-2027",
		Product: "family-room", UnitType: "family-3", Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31),
		Units: 4, Release: supplier.ReleaseRule{Days: 21}, Zone: "Europe/Rome"})

	svc.SaveCustomer(ctx, agency.Customer{Tenant: "agency-a", ID: "c1", Name: "王磊", Language: agency.Chinese})
	trip, _ := sample.Case1Trip()
	tv, _ := svc.ProposeTrip(ctx, "agency-a", "c1", trip, 0)
	req, _ := sample.Case1Quote()
	qv, err := svc.PriceTrip(ctx, "agency-a", tv.TripID, tv.Version, agency.QuoteOptions{Currency: req.Currency, Rules: req.Rules,
		FX: req.FX, FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour, Extras: extras})
	if err != nil {
		fmt.Println(err)
		return
	}
	svc.AcceptQuote(ctx, "agency-a", qv.QuoteID, qv.Version)

	rec, err := svc.BookQuote(ctx, "agency-a", agency.QuoteBooking{Reference: "TK-2026-0001", QuoteID: qv.QuoteID, Version: qv.Version,
		Zone: "Asia/Shanghai", Payer: "WANG LEI", Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		Sources: map[string]agency.ServiceSource{"stay-2": {AllotmentID: "AL-ROME"}}, HoldFor: 48 * time.Hour})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Booking.Reference, rec.Booking.State, rec.Booking.Total, "in", len(rec.Booking.Services), "services")
	for _, in := range rec.Ledger.Schedule.Instalments {
		fmt.Println(" ", in.Kind, in.Amount, "due", in.Due)
	}
	for _, sv := range rec.Booking.Services {
		if sv.HoldID != "" {
			fmt.Println(" ", sv.ID, sv.Start, "to", sv.End, sv.Units, "room held, net", sv.Net)
		}
	}

	// The bank statement, read with the agency's column mapping.
	deposit, balance := rec.Ledger.Schedule.Instalments[0].Amount, rec.Ledger.Schedule.Instalments[1].Amount
	csv := "流水号,日期,金额,付款人,附言\n" +
		"BK-1,2026-11-27," + deposit.Amount().StringFixed(2) + ",WANG LEI,定金 TK-2026-0001\n" +
		"BK-2,2027-03-30," + balance.Amount().StringFixed(2) + ",WANG LEI,tk 2026 0001 尾款\n"
	lines, err := booking.ParseStatement(strings.NewReader(csv),
		booking.Mapping{TxID: "流水号", Date: "日期", Amount: "金额", Payer: "付款人", Text: "附言", DefaultCurrency: "CNY"})
	if err != nil {
		fmt.Println(err)
		return
	}
	clock.now = time.Date(2027, 3, 31, 2, 0, 0, 0, time.UTC)
	matches, err := svc.ImportStatement(ctx, "agency-a", lines, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range matches {
		fmt.Println(m.Line.TxID, m.State, m.Reference, "by", m.By)
	}
	got, _ := store.Bookings().Get(ctx, "agency-a", "TK-2026-0001")
	outstanding, _ := got.Outstanding()
	fmt.Println("paid", got.Booking.Paid, "outstanding", outstanding)
	// Output:
	// TK-2026-0001 enquiry 85294.21 CNY in 43 services
	//   deposit 25588.26 CNY due 2026-11-27
	//   balance 59705.95 CNY due 2027-04-01
	//   stay-2 2027-05-04 to 2027-05-07 1 room held, net 620.00 EUR
	// BK-1 partial TK-2026-0001 by reference
	// BK-2 matched TK-2026-0001 by reference
	// paid 85294.21 CNY outstanding 0.00 CNY
}

// A case-1-like inquiry — two adults and a child of eight, ten days in
// Europe, history and food, a budget — logged for a new customer,
// qualified, matched against the catalogue and proposed: the product
// becomes a trip and a priced quote.
func ExampleService_ProposeFromProduct() {
	ctx := context.Background()
	rates, extras, _ := sample.Case1Rates()
	clock := &fakeClock{now: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	svc := agency.New(memory.New(), agency.WithClock(clock), agency.WithIDs(&seqIDs{}), agency.WithRates(rates))
	trip, _ := sample.Case1Trip()
	price, _ := pricing.Parse("28500.00", "CNY")
	svc.SaveProduct(ctx, "agency-a", inquiry.Product{ID: "EU-CLASSIC-10", Destinations: []string{"Europe"}, PriceFrom: price,
		Departures: []date.Date{date.New(2027, 5, 1), date.New(2027, 5, 15)},
		Template: itinerary.Template{ID: "EU-CLASSIC-10", Title: "Europe classics, 10 days", Themes: []itinerary.Theme{itinerary.ThemeHistory,
			itinerary.ThemeFood}, Seasons: []time.Month{time.May}, Skeleton: *trip}}, 0)

	budget, _ := pricing.Parse("30000.00", "CNY")
	q := inquiry.Inquiry{ID: "INQ-1", Channel: inquiry.WeChat, ReceivedAt: clock.now.Add(-time.Hour), Consultant: "chen", LeadSource: "referral",
		Needs: inquiry.Needs{Destinations: []string{"europe"}, Earliest: date.New(2027, 4, 29), Latest: date.New(2027, 5, 3), MinDays: 9, MaxDays: 11,
			Party:     []date.Date{date.New(1985, 3, 12), date.New(1987, 7, 30), date.New(2018, 9, 15)},
			Budget:    &inquiry.Budget{Amount: budget, Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}, {Interest: itinerary.ThemeFood, Weight: 6}}}}
	if _, err := svc.LogInquiry(ctx, "agency-a", q, agency.Customer{ID: "c1", Name: "王磊", Language: agency.Chinese}); err != nil {
		fmt.Println(err)
		return
	}
	svc.MoveInquiry(ctx, "agency-a", "INQ-1", inquiry.Qualify, inquiry.Input{By: "chen"})
	list, _ := svc.Recommend(ctx, "agency-a", "INQ-1", 3)
	top := list.Items[0]
	fmt.Println(top.Product, top.Departure, top.PerPerson, "score", top.Score)

	req, _ := sample.Case1Quote()
	rec, qv, err := svc.ProposeFromProduct(ctx, "agency-a", "INQ-1", top.Product, top.Departure, trip.Party.Travellers,
		agency.QuoteOptions{Currency: req.Currency, Rules: req.Rules, FX: req.FX, FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour, Extras: extras})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Inquiry.Status, "trip", rec.Inquiry.TripID, "quote", qv.QuoteID, "total", qv.Quote.Totals.Total)
	// Output:
	// EU-CLASSIC-10 2027-05-01 28500.00 CNY score 100
	// proposed trip id-003 quote id-005 total 85530.89 CNY
}
