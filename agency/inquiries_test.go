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
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// case1Inquiry is Wang Lei's inquiry: Europe for ten days around 1 May
// 2027, for two adults and a child, 30 000 CNY a head, history and food.
func case1Inquiry(t testing.TB, id string, received time.Time) inquiry.Inquiry {
	t.Helper()
	return inquiry.Inquiry{ID: id, Channel: inquiry.WeChat, ReceivedAt: received, Consultant: "chen", LeadSource: "referral",
		Needs: inquiry.Needs{Destinations: []string{"Europe"}, Earliest: date.New(2027, 4, 30), Latest: date.New(2027, 5, 2), MinDays: 9, MaxDays: 11,
			Party:     []date.Date{date.New(1985, 3, 12), date.New(1987, 7, 30), date.New(2018, 9, 15)},
			Budget:    &inquiry.Budget{Amount: money(t, "30000.00", "CNY"), Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}, {Interest: itinerary.ThemeFood, Weight: 6}}}}
}

// The inquiry side on every store: a new customer's inquiry logged,
// answered and qualified; the catalogue recommended; the product proposed
// as a trip and a quote; accepted, booked and won; duplicates found and
// merged; the period's record and conversion figures from the store.
func TestInquiryFlow(t *testing.T) {
	t.Parallel()
	eachStore(t, inquiryFlow)
}

func inquiryFlow(t *testing.T, store storage.Store) {
	ctx := context.Background()
	a, clock := newAgency(t, store)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	received := clock.Now().Add(-30 * time.Minute)
	q := case1Inquiry(t, "INQ-1", received)
	rec, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q, Customer: agency.NewCustomer{ID: "c1", Name: "王磊",
		Email: "wang.lei@example.com", Phone: "13800138000", Language: agency.Chinese}})
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Inquiry.NewCustomer || rec.Inquiry.CustomerID != "c1" || rec.Inquiry.Status != inquiry.New {
		t.Errorf("logged %+v", rec.Inquiry)
	}
	if _, err := a.Customers.Get(ctx, tenant, "c1"); err != nil {
		t.Errorf("the new customer: %v", err)
	}
	if again, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q, Customer: agency.NewCustomer{ID: "c1", Name: "王磊",
		Email: "wang.lei@example.com", Phone: "13800138000", Language: agency.Chinese}}); err != nil || again.Version != rec.Version {
		t.Errorf("the same inquiry again: %v", err)
	}
	future := q
	future.ID, future.ReceivedAt, future.CustomerID = "INQ-F", clock.Now().Add(time.Hour), "c1"
	if _, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: future}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("an inquiry from the future: %v", err)
	}
	if _, err := a.Inquiries.Respond(ctx, tenant, agency.InquiryExchange{ID: "INQ-1", Exchange: inquiry.Exchange{At: clock.Now(), By: "chen",
		Question: "孩子几岁？", Answer: "8岁"}, Next: &inquiry.Action{What: "send the proposal", Due: clock.Now().Add(48 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-1", Event: inquiry.Qualify, By: "chen"}); err != nil {
		t.Fatal(err)
	}

	trip := case1Trip(t, false)
	eu := inquiry.Product{ID: "EU-CLASSIC-10", TitleZH: "欧洲经典十日", Destinations: []string{"Europe", "France", "Italy", "Spain"},
		Departures: []date.Date{date.New(2027, 5, 1)}, PriceFrom: money(t, "28500.00", "CNY"),
		Template: itinerary.Template{ID: "EU-CLASSIC-10", Title: "Europe classics", Themes: []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeFood},
			Seasons: []time.Month{time.May}, Skeleton: *trip},
		Tags: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 7}}}
	asia := eu
	asia.ID, asia.Destinations, asia.Template.ID = "ASIA-10", []string{"Japan"}, "ASIA-10"
	for _, p := range []inquiry.Product{asia, eu} {
		if _, err := a.Catalogue.Create(ctx, tenant, p); err != nil {
			t.Fatal(err)
		}
	}
	list, err := a.Inquiries.Recommend(ctx, tenant, agency.RecommendRequest{ID: "INQ-1", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Product != "EU-CLASSIC-10" || list.Items[0].Departure != date.New(2027, 5, 1) ||
		len(list.Excluded) != 1 || list.Excluded[0].Code != inquiry.ExcludedDestination {
		t.Fatalf("recommendations %+v", list)
	}

	pp := agency.ProductProposal{ID: "INQ-1", ProductID: "EU-CLASSIC-10", Departure: date.New(2027, 5, 1), Travellers: trip.Party.Travellers,
		Quote: quoteOptions(t)}
	res, err := a.Inquiries.ProposeProduct(ctx, tenant, pp)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inquiry.Inquiry.Status != inquiry.Proposed || res.Inquiry.Inquiry.TripID == "" || res.Inquiry.Inquiry.ProductID != "EU-CLASSIC-10" ||
		res.Quote.TripID != res.Inquiry.Inquiry.TripID || res.Inquiry.Inquiry.QuoteID != res.Quote.QuoteID || !res.Quote.Quote.Totals.Total.IsValid() {
		t.Errorf("proposal %+v, quote %s", res.Inquiry.Inquiry, res.Quote.QuoteID)
	}
	other := pp
	other.Travellers = trip.Party.Travellers[:1]
	if _, err := a.Inquiries.ProposeProduct(ctx, tenant, other); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a proposal for another party: %v", err)
	}
	if _, err := a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-1", Event: inquiry.Win, BookingRef: "TK-NONE"}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("won with a booking that does not exist: %v", err)
	}
	qv := res.Quote
	if _, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: qv.QuoteID, Version: qv.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.CreateFromQuote(ctx, tenant, agency.QuoteBooking{Reference: "TK-77", QuoteID: qv.QuoteID, Version: qv.Version,
		Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}}); err != nil {
		t.Fatal(err)
	}
	if rec, err = a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-1", Event: inquiry.Win, By: "chen", BookingRef: "TK-77"}); err != nil ||
		rec.Inquiry.Status != inquiry.Won {
		t.Fatalf("won: %v", err)
	}
	profile, err := a.Customers.Profile(ctx, tenant, "c1")
	if err != nil || len(profile.Preferences) != 2 || profile.Preferences[0].From != "INQ-1" {
		t.Errorf("profile %+v %v", profile, err)
	}
	if _, err := a.Customers.Profile(ctx, "agency-b", "c1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("another tenant's profile: %v", err)
	}

	// A second inquiry, with the first one's e-mail address under a "+tag"
	// and in capitals, is matched to the stored customer instead of
	// creating one; so is a third by the phone number written another way.
	q3 := q
	q3.ID = "INQ-3"
	if r3, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q3, Customer: agency.NewCustomer{Name: "王先生",
		Email: "Wang.Lei+eu@Example.com", Language: agency.Chinese}}); err != nil || r3.Inquiry.CustomerID != "c1" || r3.Inquiry.NewCustomer {
		t.Errorf("matched by e-mail: %+v %v", r3.Inquiry, err)
	}
	q4 := q
	q4.ID, q4.Consultant = "INQ-4", "li"
	if r4, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q4, Customer: agency.NewCustomer{Name: "王先生",
		Phone: "+86 138-0013-8000", Language: agency.Chinese}}); err != nil || r4.Inquiry.CustomerID != "c1" || r4.Inquiry.NewCustomer {
		t.Errorf("matched by phone: %+v %v", r4.Inquiry, err)
	}
	// A fourth inquiry from the same person under another record, made by
	// hand: found and merged, the inquiry moving to the first record.
	if _, err := a.Customers.Create(ctx, tenant, agency.NewCustomer{ID: "c9", Name: "Wang Lei", Email: "Wang.Lei+eu@example.com",
		WeChat: "wanglei85", Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	q2 := q
	q2.ID, q2.Consultant, q2.Channel, q2.LeadSource, q2.CustomerID = "INQ-2", "li", inquiry.Phone, "web", "c9"
	if _, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q2}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-2", Event: inquiry.Lose, By: "li", Reason: inquiry.LostPlanChanged}); err != nil {
		t.Fatal(err)
	}
	dups, err := a.Customers.Duplicates(ctx, tenant)
	if err != nil || len(dups) != 1 || dups[0].A != "c1" || dups[0].B != "c9" || !dups[0].Sure {
		t.Fatalf("duplicates %+v %v", dups, err)
	}
	merged, err := a.Customers.Merge(ctx, tenant, agency.CustomerMerge{Into: "c1", From: "c9"})
	if err != nil || merged.Moved != 1 || merged.Customer.WeChat != "wanglei85" || merged.Customer.Email != "wang.lei@example.com" ||
		merged.Customer.Phone != "13800138000" {
		t.Errorf("merge: %+v %v", merged, err)
	}
	if _, err := a.Customers.Merge(ctx, tenant, agency.CustomerMerge{Into: "c1", From: "c1"}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a customer into itself: %v", err)
	}
	if mine, err := a.Inquiries.List(ctx, tenant, agency.InquiryQuery{CustomerID: "c1"}); err != nil || len(mine.Items) != 4 {
		t.Errorf("c1 has %d inquiries after the merge, %v", len(mine.Items), err)
	}

	day := date.NewAt(received.In(sh))
	record, err := a.Inquiries.Record(ctx, tenant, agency.Period{From: day, To: day, Consultant: "chen"})
	if err != nil || len(record) != 2 || record[0].ID != "INQ-1" || record[1].ID != "INQ-3" {
		t.Fatalf("chen's record %+v %v", record, err)
	}
	var csv bytes.Buffer
	if err := inquiry.WriteRecordCSV(&csv, record, inquiry.RecordView{Lang: language.English, Zone: sh}); err != nil ||
		!strings.Contains(csv.String(), "INQ-1") {
		t.Errorf("csv: %v", err)
	}
	conv, err := a.Inquiries.Conversion(ctx, tenant, agency.Period{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range conv {
		got = append(got, fmt.Sprintf("%s/%s/%s %d→%d→%d", c.Consultant, c.Channel, c.LeadSource, c.Inquiries, c.Proposed, c.Won))
	}
	if want := []string{"chen/wechat/referral 2→1→1", "li/phone/web 1→0→0", "li/wechat/referral 1→0→0"}; !slices.Equal(got, want) {
		t.Errorf("conversion %v, want %v", got, want)
	}
	count := map[string]int{}
	for _, typ := range eventTypes(t, a) {
		count[typ]++
	}
	if count["inquiry.logged"] != 4 || count["inquiry.proposed"] != 1 || count["inquiry.changed"] != 4 || count["customer.merged"] != 1 {
		t.Errorf("events %v", count)
	}
}

// A trip designed for the customer, not taken from the catalogue: the
// inquiry moves to proposed with the trip and its quote, is won by the
// booking, and counts as proposed and won in the conversion figures. The
// customer's special requests from the inquiry reach the booking's
// services, the hotel's request and the confirmation letter.
func TestCustomTripProposalIsWonWithItsRequests(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx := context.Background()
		a, clock := newAgency(t, store)
		addCase1Suppliers(t, a)
		createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1)
		q := case1Inquiry(t, "INQ-1", clock.Now())
		q.Needs.Dietary, q.Needs.Room, q.Needs.Occasion = "no pork", "quiet room, high floor", "10th wedding anniversary"
		if _, err := a.Inquiries.Log(ctx, tenant, agency.NewInquiry{Inquiry: q, Customer: agency.NewCustomer{ID: "c1", Name: "王磊",
			Email: "wang.lei@example.com", Language: agency.Chinese}}); err != nil {
			t.Fatal(err)
		}
		tv, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: case1Trip(t, true)})
		if err != nil {
			t.Fatal(err)
		}
		qv, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: tv.TripID, TripVersion: tv.Version, QuoteID: "Q-1", QuoteOptions: quoteOptions(t)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-1", Event: inquiry.Qualify, By: "chen"}); err != nil {
			t.Fatal(err)
		}
		rec, err := a.Inquiries.Propose(ctx, tenant, agency.InquiryProposal{ID: "INQ-1", TripID: tv.TripID, QuoteID: "Q-1", By: "chen"})
		if err != nil || rec.Inquiry.Status != inquiry.Proposed || rec.Inquiry.TripID != tv.TripID || rec.Inquiry.QuoteID != "Q-1" {
			t.Fatalf("proposed: %+v, %v", rec.Inquiry, err)
		}
		if _, err := a.Inquiries.Propose(ctx, tenant, agency.InquiryProposal{ID: "INQ-1", TripID: "someone-else"}); !errors.Is(err, agency.ErrNotFound) {
			t.Errorf("proposing a trip that does not exist: %v", err)
		}
		if _, err := a.Trips.Accept(ctx, tenant, agency.QuoteRef{ID: "Q-1", Version: qv.Version}); err != nil {
			t.Fatal(err)
		}
		br, err := a.Bookings.CreateFromQuote(ctx, tenant, agency.QuoteBooking{Reference: "TK-1", QuoteID: "Q-1", Version: qv.Version,
			Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, Consultant: "chen",
			Allotments: map[string]string{"stay-2": "AL-ROME"}, HoldFor: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		want := booking.Requests{Dietary: "no pork", Room: "quiet room, high floor", Occasion: "10th wedding anniversary"}
		if br.Booking.Requests != want {
			t.Errorf("booking requests %+v", br.Booking.Requests)
		}
		stay, dinner, flight := serviceByID(t, br.Booking, "stay-2"), serviceByID(t, br.Booking, "din-rome-trattoria"), serviceByID(t, br.Booking, "air-pek-cdg")
		if !slices.Equal(stay.Requests, []string{"no pork", "quiet room, high floor", "10th wedding anniversary"}) ||
			!slices.Equal(dinner.Requests, []string{"no pork", "10th wedding anniversary"}) || !slices.Equal(flight.Requests, []string{"no pork"}) {
			t.Errorf("requests by service: stay %q dinner %q flight %q", stay.Requests, dinner.Requests, flight.Requests)
		}
		if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: "TK-1", ServiceID: "stay-2", Status: booking.ServiceConfirmed,
			SupplierRef: "PG-1"}); err != nil {
			t.Fatal(err)
		}
		told := false
		for _, m := range deliverAll(t, a) {
			if m.Type == "allotment.confirmed" {
				told = m.Recipient == "booking@pantheongarden.example" && m.Language == agency.English &&
					strings.Contains(m.Body, "quiet room, high floor") && strings.Contains(m.Body, "10th wedding anniversary") &&
					strings.Contains(m.Body, "WANG/LEI")
			}
		}
		if !told {
			t.Error("the hotel was not told the guest and the requests")
		}
		var letter strings.Builder
		if err := a.TravelContracts.RenderLetter(ctx, tenant, agency.LetterDocument{Booking: "TK-1", Scale: booking.OutboundTraveller(),
			Emergency: "+86 138 0000 0000", Language: agency.English, Format: agency.DocumentText}, &letter); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(letter.String(), "no pork") || !strings.Contains(letter.String(), "10th wedding anniversary") {
			t.Errorf("the letter does not state the requests:\n%s", letter.String())
		}
		if rec, err = a.Inquiries.Move(ctx, tenant, agency.InquiryMove{ID: "INQ-1", Event: inquiry.Win, By: "chen", BookingRef: "TK-1"}); err != nil ||
			rec.Inquiry.Status != inquiry.Won {
			t.Fatalf("won: %v", err)
		}
		day := date.NewAt(clock.Now().In(time.FixedZone("CST", 8*3600)))
		conv, err := a.Inquiries.Conversion(ctx, tenant, agency.Period{From: day, To: day})
		if err != nil || len(conv) != 1 || conv[0].Inquiries != 1 || conv[0].Proposed != 1 || conv[0].Won != 1 {
			t.Errorf("conversion %+v, %v", conv, err)
		}
	})
}
