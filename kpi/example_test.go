package kpi_test

import (
	"fmt"
	"os"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
)

// A consultant's November: the scorecard against the job's targets and
// the sales plan tracked on the 20th.
func Example() {
	sales, _ := pricing.Parse("275000.00", "CNY")
	prev, _ := pricing.Parse("250000.00", "CNY")
	card, err := kpi.Score(kpi.Scope{Kind: "consultant", ID: "chen"}, kpi.Month(2026, time.November), kpi.Figures{
		Responses: 25, Satisfied: 20, NetSales: sales, PrevNetSales: prev, Bookings: 10, Basis: kpi.ByBookingDate,
		ComplaintsReceived: 2, AnsweredIn24h: 2, ComplaintsDue: 2, ResolvedInSLA: 2, ContractsIssued: 10, ContractsBlocked: 0,
		ReportsDue: 1, ReportsOnSchedule: 1}, kpi.DefaultDefinitions())
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = kpi.RenderText(os.Stdout, []kpi.Card{card}, language.English)

	target, _ := pricing.Parse("400000.00", "CNY")
	pr, err := kpi.Plan{Consultant: "chen", Year: 2026, Month: time.November, Target: target, TargetBookings: 15}.
		Track(sales, 10, date.New(2026, 11, 20), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = kpi.RenderPlanText(os.Stdout, pr, language.English)
	// Output:
	// KPI scorecard · consultant chen
	//                                          2026-11
	// Customer satisfaction >= 80%             ✓ 80.00%
	// Sales growth, month on month >= 10%      ✓ 10.00%
	// Complaints answered within 24 h >= 100%  ✓ 100.00%
	// Complaints resolved within SLA >= 90%    ✓ 100.00%
	// Contract error rate < 5%                 ✓ 0.00%
	// Research reports on schedule >= 100%     ✓ 100.00%
	// Net sales                                CN¥275,000.00
	// Personal sales plan · chen · 2026-11
	//   Target CN¥400,000.00 · bookings 15
	//   By Fri 20 Nov 2026: CN¥275,000.00 (68.75%) · bookings 10 (66.67%)
	//   Elapsed 20 / 30 calendar days
	//   Run-rate forecast CN¥412,500.00 (103.13% of target)
	//   Needed per remaining day CN¥12,500.00
}
