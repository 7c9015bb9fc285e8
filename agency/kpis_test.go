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
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// sell makes a confirmed sale of chen's at an instant: a booking made by
// hand for total, optioned, its hotel confirmed, paid, the booking
// confirmed.
func sell(t testing.TB, a *agency.Agency, clock *fakeClock, ref, total string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	was := clock.Now()
	defer clock.Set(was)
	clock.Set(at)
	b, s := handBooking(t, ref)
	b.Total = money(t, total, "CNY")
	b.Services[0].Price = b.Total
	s.Total = b.Total
	s.Instalments = []pricing.Instalment{{Kind: pricing.InstalmentFull, Amount: b.Total, Due: date.New(2027, 4, 1)}}
	b.DepositDue = b.Total
	if _, err := a.Bookings.Create(ctx, tenant, agency.NewBooking{Booking: b, Schedule: s, Consultant: "chen"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.AnswerService(ctx, tenant, agency.ServiceAnswer{Reference: ref, ServiceID: "hotel", Status: booking.ServiceConfirmed}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: ref, Event: booking.PlaceOption, OptionUntil: at.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Pay(ctx, tenant, agency.PaymentEntry{Reference: ref, Payment: booking.Payment{ID: "pay-" + ref, Kind: booking.KindPayment,
		Amount: b.Total, ReceivedAt: at}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Bookings.Apply(ctx, tenant, agency.BookingChange{Reference: ref, Event: booking.Confirm}); err != nil {
		t.Fatal(err)
	}
}

// A consultant's scorecards for two months and their plan tracked, from
// the records of every store: the same figures from each.
func TestScorecardsAndPlan(t *testing.T) {
	t.Parallel()
	eachStore(t, scorecards)
}

func scorecards(t *testing.T, store storage.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	a, clock := newAgency(t, store)
	clock.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, sh))
	createCustomer(t, a)
	cny, _ := pricing.ParseCurrency("CNY")
	sell(t, a, clock, "O-1", "100000.00", time.Date(2026, 10, 5, 12, 0, 0, 0, sh))
	sell(t, a, clock, "N-1", "80000.00", time.Date(2026, 11, 3, 12, 0, 0, 0, sh))
	sell(t, a, clock, "N-2", "30000.00", time.Date(2026, 11, 18, 12, 0, 0, 0, sh))
	for i, score := range []int{5, 4, 4, 2, 5} {
		if _, err := a.Feedback.RecordSurvey(ctx, tenant, feedback.Survey{ID: string(rune('a' + i)), CustomerID: "c1", Consultant: "chen", CSAT: score,
			RespondedAt: time.Date(2026, 11, 10+i, 9, 0, 0, 0, sh)}); err != nil {
			t.Fatal(err)
		}
	}
	three := decimal.NewFromInt(3)
	rep := market.Report{Due: time.Date(2026, 11, 30, 18, 0, 0, 0, sh), Trend: []market.TrendPoint{{Label: "W47"}, {Label: "W48", Change: &three}}}
	if _, err := a.Market.Submit(ctx, tenant, agency.ReportSubmission{ID: "MR-11", Consultant: "chen", Report: rep}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Market.Submit(ctx, tenant, agency.ReportSubmission{ID: "MR-11", Consultant: "chen", Report: rep}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("submitted twice: %v", err)
	}
	cards, err := a.KPIs.Scorecards(ctx, tenant, agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant", ID: "chen"}, Consultants: []string{"chen"},
		Period: kpi.Month(2026, time.November), Periods: 2, Basis: kpi.ByBookingDate, Currency: cny})
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
	if _, err := a.KPIs.Scorecards(ctx, tenant, agency.ScorecardRequest{Basis: "by_mood"}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a bad request: %v", err)
	}

	if _, err := a.KPIs.CreatePlan(ctx, tenant, kpi.Plan{Consultant: "chen", Year: 2026, Month: time.November, Target: money(t, "150000.00", "CNY"),
		TargetBookings: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.KPIs.CreatePlan(ctx, tenant, kpi.Plan{Consultant: "li", Year: 2026, Month: time.November, Target: money(t, "90000.00", "CNY")}); err != nil {
		t.Fatal(err)
	}
	if p, err := a.KPIs.ListPlans(ctx, tenant, agency.PlanQuery{Consultant: "chen"}); err != nil || len(p.Items) != 1 || p.Items[0].Plan.TargetBookings != 4 {
		t.Errorf("chen's plans %+v, %v", p.Items, err)
	}
	if p, err := a.KPIs.ListPlans(ctx, tenant, agency.PlanQuery{}); err != nil || len(p.Items) != 2 || p.Items[0].Plan.Consultant != "chen" {
		t.Errorf("every plan %+v, %v", p.Items, err)
	}
	if p, err := a.KPIs.GetPlan(ctx, tenant, agency.PlanRef{Consultant: "chen", Year: 2026, Month: time.November}); err != nil || p.Version != 1 {
		t.Errorf("chen's November plan %+v, %v", p, err)
	}
	pr, err := a.KPIs.TrackPlan(ctx, tenant, agency.PlanTracking{Consultant: "chen"})
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
	if pr, err = a.KPIs.TrackPlan(ctx, tenant, agency.PlanTracking{Consultant: "chen", Calendar: cal}); err != nil || pr.Days != 21 || pr.ElapsedDays != 15 ||
		pr.Forecast.String() != "154000.00 CNY" || pr.RequiredDaily.String() != "6666.67 CNY" {
		t.Errorf("working days %+v %v", pr, err)
	}
	if _, err := a.KPIs.TrackPlan(ctx, tenant, agency.PlanTracking{Consultant: "zhou"}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("no plan: %v", err)
	}
}

// Observations ingested (a bad batch refused whole), the month's research
// report built from them, submitted on time and counted on the scorecard.
func TestMarketReportFromStoredObservations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	sh, _ := time.LoadLocation("Asia/Shanghai")
	clock.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, sh))
	obs := func(id, price string, day int, available bool) market.Observation {
		return market.Observation{ID: id, Competitor: "ctrip", Product: "Europe 10 days", Destination: "Europe", Departure: date.New(2027, 5, 2),
			Days: 10, Price: money(t, price, "CNY"), Basis: market.PerPerson, ObservedAt: time.Date(2026, 11, day, 10, 0, 0, 0, sh), Source: "ctrip.com",
			Available: available}
	}
	bad := obs("X", "1.00", 3, true)
	bad.Days = 0
	if _, err := a.Market.Ingest(ctx, tenant, []market.Observation{obs("A", "9000.00", 3, true), bad}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a bad batch: %v", err)
	}
	if _, err := a.Market.Ingest(ctx, tenant, []market.Observation{obs("F", "9000.00", 29, true)}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("an observation seen tomorrow: %v", err)
	}
	if got, _ := a.Market.ListObservations(ctx, tenant, agency.ObservationQuery{To: clock.Now().Add(48 * time.Hour)}); len(got.Items) != 0 {
		t.Errorf("a refused batch stored %d", len(got.Items))
	}
	batch := []market.Observation{obs("A", "9000.00", 3, true), obs("B", "9500.00", 10, true), obs("C", "8000.00", 11, false), obs("D", "9900.00", 17, true)}
	if n, err := a.Market.Ingest(ctx, tenant, batch); err != nil || n != 4 {
		t.Fatalf("ingested %d, %v", n, err)
	}
	if n, err := a.Market.Ingest(ctx, tenant, batch); err != nil || n != 0 {
		t.Errorf("the same batch again stored %d, %v", n, err)
	}
	r, err := a.Market.Build(ctx, tenant, market.ReportInput{Title: "Europe", From: date.New(2026, 11, 1), To: date.New(2026, 11, 30),
		Ours: []market.Ours{{Product: "EU-10", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10, Price: money(t, "10000.00", "CNY"), Basis: market.PerPerson}},
		Rule: market.SetRule{WindowDays: 7}, Window: market.ISOWeek, ThresholdPct: decimal.NewFromInt(5), Due: time.Date(2026, 11, 30, 18, 0, 0, 0, sh)})
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Positions[0]; len(p.Set) != 3 || p.Median.String() != "9500.00 CNY" || p.Excluded[market.Unavailable] != 1 || !r.HasTrendAnalysis() {
		t.Errorf("report %+v", r)
	}
	cny, _ := pricing.ParseCurrency("CNY")
	// Owed but not yet submitted: due and not on schedule.
	if _, err := a.Market.Schedule(ctx, tenant, agency.ReportSchedule{ID: "MR-2026-11", Consultant: "chen", Title: "Europe",
		Due: time.Date(2026, 11, 30, 18, 0, 0, 0, sh)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Market.Schedule(ctx, tenant, agency.ReportSchedule{ID: "MR-2026-11B", Consultant: "li", Title: "Asia",
		Due: time.Date(2026, 11, 25, 18, 0, 0, 0, sh)}); err != nil {
		t.Fatal(err)
	}
	req := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "agency"}, Period: kpi.Month(2026, time.November), Basis: kpi.ByBookingDate, Currency: cny}
	cards, err := a.KPIs.Scorecards(ctx, tenant, req)
	if res, _ := cards[0].Result(kpi.ReportsOnTime); err != nil || res.Met || res.Value.String() != "0.00%" {
		t.Errorf("reports owed %+v %v", res, err)
	}
	r.Due = time.Time{} // the scheduled due instant stands
	if _, err := a.Market.Submit(ctx, tenant, agency.ReportSubmission{ID: "MR-2026-11", Consultant: "chen", Report: r}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Market.Submit(ctx, tenant, agency.ReportSubmission{ID: "MR-2026-11", Consultant: "chen", Report: r}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("submitted twice: %v", err)
	}
	cards, err = a.KPIs.Scorecards(ctx, tenant, req)
	if res, _ := cards[0].Result(kpi.ReportsOnTime); err != nil || res.Met || res.Value.String() != "50.00%" {
		t.Errorf("reports on schedule %+v %v", res, err)
	}
	if list, err := a.Market.ListReports(ctx, tenant, agency.ReportQuery{From: time.Date(2026, 11, 1, 0, 0, 0, 0, sh), To: time.Date(2026, 12, 1, 0, 0, 0, 0, sh)}); err != nil ||
		len(list.Items) != 2 || list.Items[0].ID != "MR-2026-11B" {
		t.Errorf("reports %+v, %v", list.Items, err)
	}
}

// The contract error rate counts what the agency asks: by default every
// contract drafted, errors caught before signing included; on the signed
// basis, only the contracts signed that were found wrong after.
func TestContractErrorRateBasis(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAgency(t, memory.New())
	acc := runCase1(t, a, false)
	bookCase1(t, a, acc, "TK-1")
	if _, err := a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-1", Terms: contractTerms(t, "HT-1", "", "准四星级", false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-1",
		Terms: contractTerms(t, "HT-1", "L-BJ-CJ00123", "四星级（官方评定）", false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TravelContracts.Sign(ctx, tenant, agency.TravelContractRef{Number: "HT-1"}); err != nil {
		t.Fatal(err)
	}
	cny, _ := pricing.ParseCurrency("CNY")
	rate := func(basis kpi.ContractBasis) string {
		t.Helper()
		cards, err := a.KPIs.Scorecards(ctx, tenant, agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant", ID: "chen"}, Consultants: []string{"chen"},
			Period: kpi.Month(2026, time.November), Basis: kpi.ByBookingDate, Currency: cny, ContractBasis: basis})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := cards[0].Result(kpi.ContractErrors)
		return r.Value.String()
	}
	if got := rate(""); got != "100.00%" {
		t.Errorf("by drafts: %s", got)
	}
	if got := rate(kpi.BySigned); got != "0.00%" {
		t.Errorf("by contracts signed: %s", got)
	}
}
