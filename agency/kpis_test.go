package agency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
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
	pr, err := svc.TrackPlan(ctx, tenant, "chen", sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 110 000 by the 20th: 165 000 at this rate; 40 000 over 10 days.
	if pr.Actual.String() != "110000.00 CNY" || pr.Bookings != 2 || pr.Forecast.String() != "165000.00 CNY" || pr.RequiredDaily.String() != "4000.00 CNY" {
		t.Errorf("progress %+v", pr)
	}
	h := time.Hour
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai", Week: feedback.Weekdays(feedback.Window{From: 9 * h, To: 18 * h})})
	if err != nil {
		t.Fatal(err)
	}
	// November 2026 has 21 weekdays, 15 of them by Friday the 20th:
	// 110 000 ÷ 15 × 21 = 154 000; 40 000 over 6 days = 6 666.67 (up).
	if pr, err = svc.TrackPlan(ctx, tenant, "chen", sh, cal); err != nil || pr.Days != 21 || pr.ElapsedDays != 15 ||
		pr.Forecast.String() != "154000.00 CNY" || pr.RequiredDaily.String() != "6666.67 CNY" {
		t.Errorf("working days %+v %v", pr, err)
	}
	if _, err := svc.TrackPlan(ctx, tenant, "li", sh, nil); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("no plan: %v", err)
	}
}

// Observations ingested (a bad batch refused whole), the month's research
// report built from them, submitted on time and counted on the scorecard.
func TestMarketReportFromStoredObservations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, clock, _ := newService(t, store)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	clock.now = time.Date(2026, 11, 28, 9, 0, 0, 0, sh)
	obs := func(id, price string, day int, available bool) market.Observation {
		return market.Observation{ID: id, Competitor: "ctrip", Product: "Europe 10 days", Destination: "Europe", Departure: date.New(2027, 5, 2),
			Days: 10, Price: cnyMoney(t, price), Basis: market.PerPerson, ObservedAt: time.Date(2026, 11, day, 10, 0, 0, 0, sh), Source: "ctrip.com",
			Available: available}
	}
	bad := obs("X", "1.00", 3, true)
	bad.Days = 0
	if err := svc.IngestObservations(ctx, tenant, []market.Observation{obs("A", "9000.00", 3, true), bad}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a bad batch: %v", err)
	}
	if got, _ := store.KPIs().Observations(ctx, tenant, time.Time{}, clock.now); len(got) != 0 {
		t.Errorf("a refused batch stored %d", len(got))
	}
	if err := svc.IngestObservations(ctx, tenant, []market.Observation{obs("A", "9000.00", 3, true), obs("B", "9500.00", 10, true),
		obs("C", "8000.00", 11, false), obs("D", "9900.00", 17, true)}); err != nil {
		t.Fatal(err)
	}
	price := cnyMoney(t, "10000.00")
	r, err := svc.MarketReport(ctx, tenant, market.ReportInput{Title: "Europe", From: date.New(2026, 11, 1), To: date.New(2026, 11, 30), Zone: sh,
		Ours: []market.Ours{{Product: "EU-10", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10, Price: price, Basis: market.PerPerson}},
		Rule: market.SetRule{WindowDays: 7}, Window: market.ISOWeek, ThresholdPct: decimal.NewFromInt(5), Due: time.Date(2026, 11, 30, 18, 0, 0, 0, sh)})
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Positions[0]; len(p.Set) != 3 || p.Median.String() != "9500.00 CNY" || p.Excluded[market.Unavailable] != 1 || !r.HasTrendAnalysis() {
		t.Errorf("report %+v", r)
	}
	cny, _ := pricing.ParseCurrency("CNY")
	// Owed but not yet submitted: due and not on schedule.
	if _, err := svc.ScheduleReport(ctx, tenant, "MR-2026-11", "chen", "Europe", time.Date(2026, 11, 30, 18, 0, 0, 0, sh)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ScheduleReport(ctx, tenant, "MR-2026-11B", "li", "Asia", time.Date(2026, 11, 25, 18, 0, 0, 0, sh)); err != nil {
		t.Fatal(err)
	}
	req := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "agency"}, Period: kpi.Month(2026, time.November), Zone: sh, Basis: kpi.ByBookingDate, Currency: cny}
	cards, err := svc.Scorecards(ctx, tenant, req)
	if res, _ := cards[0].Result(kpi.ReportsOnTime); err != nil || res.Met || res.Value.String() != "0.00%" {
		t.Errorf("reports owed %+v %v", res, err)
	}
	r.Due = time.Time{} // the scheduled due instant stands
	if _, err := svc.SubmitReport(ctx, tenant, "MR-2026-11", "chen", r); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitReport(ctx, tenant, "MR-2026-11", "chen", r); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("submitted twice: %v", err)
	}
	cards, err = svc.Scorecards(ctx, tenant, req)
	if res, _ := cards[0].Result(kpi.ReportsOnTime); err != nil || res.Met || res.Value.String() != "50.00%" {
		t.Errorf("reports on schedule %+v %v", res, err)
	}
}
