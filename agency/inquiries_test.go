package agency_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// The inquiry side end to end, on memory and on SQLite: a new customer's
// inquiry logged, answered and qualified; the catalogue recommended with
// case 1's product first; the product proposed as a trip and a quote;
// accepted, booked and won; duplicates found and merged; the period's
// record and conversion figures from the store.
func TestInquiryFlow(t *testing.T) {
	t.Parallel()
	for name, open := range storesUnderTest() {
		t.Run(name, func(t *testing.T) { inquiryFlow(t, open(t)) })
	}
}

func inquiryFlow(t *testing.T, store agency.Store) {
	ctx := context.Background()
	svc, clock, extras := newService(t, store)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	received := clock.Now().Add(-30 * time.Minute)
	budget, _ := pricing.Parse("30000.00", "CNY")
	q := inquiry.Inquiry{ID: "INQ-1", Channel: inquiry.WeChat, ReceivedAt: received, Consultant: "chen", LeadSource: "referral",
		Needs: inquiry.Needs{Destinations: []string{"Europe"}, Earliest: date.New(2027, 4, 30), Latest: date.New(2027, 5, 2), MinDays: 9, MaxDays: 11,
			Party:     []date.Date{date.New(1985, 3, 12), date.New(1987, 7, 30), date.New(2018, 9, 15)},
			Budget:    &inquiry.Budget{Amount: budget, Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}, {Interest: itinerary.ThemeFood, Weight: 6}}}}
	rec, err := svc.LogInquiry(ctx, tenant, q, agency.Customer{ID: "c1", Name: "王磊", Email: "wang.lei@example.com", Phone: "13800138000",
		Language: agency.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Inquiry.NewCustomer || rec.Inquiry.CustomerID != "c1" || rec.Inquiry.Status != inquiry.New {
		t.Errorf("logged %+v", rec.Inquiry)
	}
	if _, err := store.Customers().Get(ctx, tenant, "c1"); err != nil {
		t.Errorf("the new customer: %v", err)
	}
	future := q
	future.ID, future.ReceivedAt = "INQ-F", clock.Now().Add(time.Hour)
	if _, err := svc.LogInquiry(ctx, tenant, future, agency.Customer{Tenant: tenant, ID: "c1", Version: 1}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("an inquiry from the future: %v", err)
	}
	if _, err := svc.FollowUpInquiry(ctx, tenant, "INQ-1", inquiry.Exchange{At: clock.Now(), By: "chen", Question: "孩子几岁？", Answer: "8岁"},
		&inquiry.Action{What: "send the proposal", Due: clock.Now().Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MoveInquiry(ctx, tenant, "INQ-1", inquiry.Qualify, inquiry.Input{By: "chen"}); err != nil {
		t.Fatal(err)
	}

	trip, _ := sample.Case1Trip()
	price, _ := pricing.Parse("28500.00", "CNY")
	eu := inquiry.Product{ID: "EU-CLASSIC-10", TitleZH: "欧洲经典十日", Destinations: []string{"Europe", "France", "Italy", "Spain"},
		Departures: []date.Date{date.New(2027, 5, 1)}, PriceFrom: price,
		Template: itinerary.Template{ID: "EU-CLASSIC-10", Title: "Europe classics", Themes: []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeFood},
			Seasons: []time.Month{time.May}, Skeleton: *trip},
		Tags: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 7}}}
	asia := eu
	asia.ID, asia.Destinations, asia.Template.ID = "ASIA-10", []string{"Japan"}, "ASIA-10"
	for _, p := range []inquiry.Product{asia, eu} {
		if _, err := svc.SaveProduct(ctx, tenant, p, 0); err != nil {
			t.Fatal(err)
		}
	}
	list, err := svc.Recommend(ctx, tenant, "INQ-1", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Product != "EU-CLASSIC-10" || list.Items[0].Departure != date.New(2027, 5, 1) ||
		len(list.Excluded) != 1 || list.Excluded[0].Code != inquiry.ExcludedDestination {
		t.Fatalf("recommendations %+v", list)
	}

	rec, qv, err := svc.ProposeFromProduct(ctx, tenant, "INQ-1", "EU-CLASSIC-10", date.New(2027, 5, 1), trip.Party.Travellers, quoteOptions(t, extras))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Inquiry.Status != inquiry.Proposed || rec.Inquiry.TripID == "" || rec.Inquiry.ProductID != "EU-CLASSIC-10" || qv.TripID != rec.Inquiry.TripID ||
		!qv.Quote.Totals.Total.IsValid() {
		t.Errorf("proposal %+v, quote %s", rec.Inquiry, qv.QuoteID)
	}
	if _, _, err := svc.ProposeFromProduct(ctx, tenant, "INQ-1", "EU-CLASSIC-10", date.New(2027, 5, 1), trip.Party.Travellers[:1], quoteOptions(t, extras)); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a proposal for another party: %v", err)
	}
	if _, err := svc.MoveInquiry(ctx, tenant, "INQ-1", inquiry.Win, inquiry.Input{BookingRef: "TK-NONE"}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("won with a booking that does not exist: %v", err)
	}
	if _, err := svc.AcceptQuote(ctx, tenant, qv.QuoteID, qv.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.BookQuote(ctx, tenant, agency.QuoteBooking{Reference: "TK-77", QuoteID: qv.QuoteID, Version: qv.Version, Zone: "Asia/Shanghai",
		Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}}); err != nil {
		t.Fatal(err)
	}
	if rec, err = svc.MoveInquiry(ctx, tenant, "INQ-1", inquiry.Win, inquiry.Input{By: "chen", BookingRef: "TK-77"}); err != nil || rec.Inquiry.Status != inquiry.Won {
		t.Fatalf("won: %v", err)
	}
	profile, err := svc.CustomerProfile(ctx, tenant, "c1")
	if err != nil || len(profile.Preferences) != 2 || profile.Preferences[0].From != "INQ-1" {
		t.Errorf("profile %+v %v", profile, err)
	}

	// A second inquiry from the same person under another record: found
	// and merged, the inquiry moving to the first record.
	q2 := q
	q2.ID, q2.Consultant, q2.Channel, q2.LeadSource = "INQ-2", "li", inquiry.Phone, "web"
	if _, err := svc.LogInquiry(ctx, tenant, q2, agency.Customer{ID: "c9", Name: "Wang Lei", Email: "Wang.Lei+eu@example.com", WeChat: "wanglei85"}); err != nil {
		t.Fatal(err)
	}
	// A third, with the first one's phone number written another way, is
	// matched to the stored customer instead of creating one.
	q3 := q
	q3.ID = "INQ-3"
	if r3, err := svc.LogInquiry(ctx, tenant, q3, agency.Customer{Name: "王先生", Phone: "+86 138-0013-8000"}); err != nil ||
		r3.Inquiry.CustomerID != "c1" || r3.Inquiry.NewCustomer {
		t.Errorf("matched by phone: %+v %v", r3.Inquiry, err)
	}
	if _, err := svc.MoveInquiry(ctx, tenant, "INQ-2", inquiry.Lose, inquiry.Input{By: "li", Reason: inquiry.LostPlanChanged}); err != nil {
		t.Fatal(err)
	}
	dups, err := svc.DuplicateCustomers(ctx, tenant)
	if err != nil || len(dups) != 1 || dups[0].A != "c1" || dups[0].B != "c9" || !dups[0].Sure {
		t.Fatalf("duplicates %+v %v", dups, err)
	}
	kept, moved, err := svc.MergeCustomers(ctx, tenant, "c1", "c9")
	if err != nil || moved != 1 || kept.WeChat != "wanglei85" || kept.Email != "wang.lei@example.com" || kept.Phone != "13800138000" {
		t.Errorf("merge: %+v moved %d %v", kept, moved, err)
	}
	if _, _, err := svc.MergeCustomers(ctx, tenant, "c1", "c1"); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a customer into itself: %v", err)
	}
	if mine, _ := store.Inquiries().ForCustomer(ctx, tenant, "c1"); len(mine) != 3 {
		t.Errorf("c1 has %d inquiries after the merge", len(mine))
	}

	day := date.NewAt(received.In(sh))
	record, err := svc.ConsultationRecord(ctx, tenant, "chen", day, day, sh)
	if err != nil || len(record) != 2 || record[0].ID != "INQ-1" || record[1].ID != "INQ-3" {
		t.Fatalf("chen's record %+v %v", record, err)
	}
	var csv bytes.Buffer
	if err := inquiry.WriteRecordCSV(&csv, record, inquiry.RecordView{Lang: language.English, Zone: sh}); err != nil ||
		!strings.Contains(csv.String(), "INQ-1") {
		t.Errorf("csv: %v", err)
	}
	conv, err := svc.ConversionFigures(ctx, tenant, day, day, sh)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range conv {
		got = append(got, fmt.Sprintf("%s/%s/%s %d→%d→%d", c.Consultant, c.Channel, c.LeadSource, c.Inquiries, c.Proposed, c.Won))
	}
	if want := []string{"chen/wechat/referral 2→1→1", "li/phone/web 1→0→0"}; !slices.Equal(got, want) {
		t.Errorf("conversion %v, want %v", got, want)
	}
	count := map[string]int{}
	for _, typ := range eventTypes(t, store) {
		count[typ]++
	}
	if count[agency.EventInquiryLogged] != 3 || count[agency.EventInquiryProposed] != 1 || count[agency.EventInquiryChanged] != 4 ||
		count[agency.EventCustomersMerged] != 1 {
		t.Errorf("events %v", count)
	}
}
