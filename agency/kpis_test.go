package agency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// A consultant's scorecards for two months and their plan tracked, from
// records in memory and on SQLite: the same figures from both.
func TestScorecardsAndPlan(t *testing.T) {
	t.Parallel()
	for name, open := range storesUnderTest() {
		t.Run(name, func(t *testing.T) { scorecards(t, open(t)) })
	}
}

func scorecards(t *testing.T, store agency.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	svc, clock, _ := newService(t, store)
	clock.now = time.Date(2026, 11, 20, 10, 0, 0, 0, sh)
	cny, _ := pricing.ParseCurrency("CNY")
	sale := func(ref string, total string, at time.Time) {
		b, s := newBooking(t, ref)
		b.Total = cnyMoney(t, total)
		b.Services[0].Price = b.Total
		b.State = booking.Confirmed
		s.Total = b.Total
		s.Instalments = []pricing.Instalment{{Kind: pricing.InstalmentFull, Amount: b.Total, Due: date.New(2027, 4, 1)}}
		if _, err := store.Bookings().Save(ctx, agency.BookingRecord{Tenant: tenant, Booking: b, Ledger: booking.Ledger{Schedule: s},
			Consultant: "chen", BookedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	sale("O-1", "100000.00", time.Date(2026, 10, 5, 12, 0, 0, 0, sh))
	sale("N-1", "80000.00", time.Date(2026, 11, 3, 12, 0, 0, 0, sh))
	sale("N-2", "30000.00", time.Date(2026, 11, 18, 12, 0, 0, 0, sh))
	for i, score := range []int{5, 4, 4, 2, 5} {
		if err := store.Surveys().Add(ctx, tenant, feedback.Survey{ID: string(rune('a' + i)), CustomerID: "c1", Consultant: "chen", CSAT: score,
			RespondedAt: time.Date(2026, 11, 10+i, 9, 0, 0, 0, sh)}); err != nil {
			t.Fatal(err)
		}
	}
	three := decimal.NewFromInt(3)
	rep := market.Report{Due: time.Date(2026, 11, 30, 18, 0, 0, 0, sh), Trend: []market.TrendPoint{{Label: "W47"}, {Label: "W48", Change: &three}}}
	if _, err := svc.SubmitReport(ctx, tenant, "MR-11", "chen", rep); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitReport(ctx, tenant, "MR-11", "chen", rep); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("submitted twice: %v", err)
	}
	cards, err := svc.Scorecards(ctx, tenant, agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant", ID: "chen"}, Consultants: []string{"chen"},
		Period: kpi.Month(2026, time.November), Periods: 2, Zone: sh, Basis: kpi.ByBookingDate, Currency: cny})
	if err != nil {
		t.Fatal(err)
	}
	growth, _ := cards[1].Result(kpi.SalesGrowth)
	csat, _ := cards[1].Result(kpi.CSAT)
	reports, _ := cards[1].Result(kpi.ReportsOnTime)
	octGrowth, _ := cards[0].Result(kpi.SalesGrowth)
	if len(cards) != 2 || cards[1].NetSales.String() != "110000.00 CNY" || growth.Value.String() != "10.00%" || !growth.Met ||
		csat.Value.String() != "80.00%" || !csat.Met || !reports.Met || octGrowth.Known || cards[0].Period.Label != "2026-10" {
		t.Errorf("cards %+v", cards)
	}
	if _, err := svc.Scorecards(ctx, tenant, agency.ScorecardRequest{Basis: "by_mood"}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a bad request: %v", err)
	}

	if _, err := svc.SavePlan(ctx, tenant, kpi.Plan{Consultant: "chen", Year: 2026, Month: time.November, Target: cnyMoney(t, "150000.00"),
		TargetBookings: 4}, 0); err != nil {
		t.Fatal(err)
	}
	pr, err := svc.TrackPlan(ctx, tenant, "chen", sh)
	if err != nil {
		t.Fatal(err)
	}
	// 110 000 by the 20th: 165 000 at this rate; 40 000 over 10 days.
	if pr.Actual.String() != "110000.00 CNY" || pr.Bookings != 2 || pr.Forecast.String() != "165000.00 CNY" || pr.RequiredDaily.String() != "4000.00 CNY" {
		t.Errorf("progress %+v", pr)
	}
	if _, err := svc.TrackPlan(ctx, tenant, "li", sh); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("no plan: %v", err)
	}
}
