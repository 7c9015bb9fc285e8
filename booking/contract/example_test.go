package contract_test

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
)

// Case 1's outbound contract is drafted from its booking, validated — a
// missing licence number and a vague hotel grade block it — mended and
// signed.
func ExampleValidator_Sign() {
	trip, _ := casebook.Case1Trip()
	req, _ := casebook.Case1Quote()
	req.IssuedAt = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	quote, _ := pricing.NewEngine().Price(req)
	schedule, _ := pricing.Schedule(quote.Totals.Total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2026, 11, 27), trip.Start)
	b := booking.Booking{Reference: "TK-2026-0001", QuoteID: quote.ID, QuoteVersion: quote.Version, TripID: trip.ID, TripVersion: 1,
		Total: quote.Totals.Total, Revision: 1}
	for _, t := range trip.Party.Travellers {
		b.Travellers = append(b.Travellers, booking.Traveller{ID: t.ID, Surname: t.Surname, GivenNames: t.GivenNames, DocumentNumber: "E0000000" + t.ID[1:]})
	}
	details := casebook.Case1ContractDetails(trip, "四星级")
	details["stay-1"] = contract.ItemDetails{Address: "Paris 6e", Grade: "准四星级"}

	cat := contract.DefaultCatalogue()
	c, err := cat.Draft(contract.DraftInput{Number: "HT-2026-0001", Template: "GF-2014-2402", Booking: b, Schedule: schedule, Quote: quote, Trip: trip,
		Agency:  contract.Agency{Name: "北京环球旅行社", Scopes: []contract.Scope{contract.ScopeOutbound}, Address: "北京市朝阳区", Phone: "010-65000000"},
		Staff:   contract.Staff{Name: "陈静", Phone: "13800000000"},
		Details: details, Group: contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "arbitration", Body: "北京仲裁委员会"}, PaymentMethod: "bank transfer",
		SignPlace: "北京", SignDate: date.New(2026, 11, 27), ComplaintPhone: "12345"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Sheet.Departure, c.Sheet.Stops, c.Sheet.Destination, c.Sheet.Days, "days", c.Sheet.Nights, "nights")

	v := contract.NewValidator(contract.Options{})
	src := contract.Sources{Booking: &b, Schedule: &schedule, Quote: quote, Trip: trip}
	at := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	r, err := v.Sign(&c, src, at)
	for _, f := range r.Findings {
		fmt.Println(f.Severity, f.Code, f.Field, "—", f.Article)
	}
	fmt.Println(err != nil, c.SignedAt == nil)

	c.Agency.Licence = "L-BJ-CJ00123"
	c.Sheet.Hotels[0].Grade = "四星级（官方评定）"
	r, err = v.Sign(&c, src, at)
	fmt.Println(len(r.Findings), err, c.SignedAt.Format(time.RFC3339))
	// Output:
	// Beijing [Paris Rome] Barcelona 11 days 9 nights
	// blocking MISSING_LICENCE_NO agency.licence — 旅行社条例 art. 28(1)
	// blocking VAGUE_STANDARD sheet.hotels[0].grade — GF-2014 art. 2
	// true true
	// 0 <nil> 2026-11-27T03:00:00Z
}
