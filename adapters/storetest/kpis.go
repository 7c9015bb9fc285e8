package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// kpiFigures: the same records give the same figures on every store —
// for the agency, one consultant and a team, by booking and by departure
// date — and boundaries fall where the rules say: an instant at the
// period's end belongs to the next, a complaint answered in exactly 24 h
// counts, an open complaint counts as failed only once past due.
func kpiFigures(t *testing.T, s agency.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	nov := kpi.Month(2026, time.November)
	from, to := nov.Bounds(sh)
	in := func(days int) time.Time { return from.Add(time.Duration(days) * 24 * time.Hour) }
	cny, _ := pricing.ParseCurrency("CNY")
	m := func(s string) pricing.Money { v, _ := pricing.Parse(s, "CNY"); return v }

	for i, v := range []struct {
		consultant string
		csat       int
		at         time.Time
	}{{"a", 5, in(1)}, {"a", 4, in(2)}, {"a", 3, in(3)}, {"b", 5, in(4)}, {"b", 0, in(5)}, {"a", 5, to}, {"a", 1, from.Add(-time.Nanosecond)}} {
		if err := s.Surveys().Add(ctx, tenantA, feedback.Survey{ID: fmt.Sprintf("s%d", i), CustomerID: "c1", Consultant: v.consultant,
			RespondedAt: v.at, CSAT: v.csat}); err != nil {
			t.Fatal(err)
		}
	}
	bookingAt := func(ref, consultant string, state booking.State, total string, booked time.Time, departure date.Date) agency.BookingRecord {
		r := bookingRecord(t, tenantA, ref, state, time.Time{})
		r.Consultant, r.BookedAt = consultant, booked
		r.Booking.Total = m(total)
		r.Booking.Services[0].Start, r.Booking.Services[0].End = departure, departure+5
		r.Ledger.Schedule = pricing.PaymentSchedule{Total: m(total), Instalments: []pricing.Instalment{{Kind: pricing.InstalmentFull, Amount: m(total), Due: departure}}}
		return r
	}
	oct := date.New(2026, 10, 20)
	dec := date.New(2026, 12, 20)
	refunded := bookingAt("B3", "b", booking.Paid, "3000.00", in(3), oct)
	refunded.Ledger.Payments = []booking.Payment{{ID: "p", Kind: booking.KindPayment, Amount: m("3000.00"), ReceivedAt: in(3)},
		{ID: "r", Kind: booking.KindRefund, Amount: m("-500.00"), ReceivedAt: in(4)}}
	usd := bookingAt("B6", "a", booking.Confirmed, "100.00", in(2), dec)
	usd.Booking.Total, _ = pricing.Parse("100.00", "USD")
	usd.Ledger.Schedule = pricing.PaymentSchedule{Total: usd.Booking.Total, Instalments: []pricing.Instalment{{Kind: pricing.InstalmentFull,
		Amount: usd.Booking.Total, Due: dec}}}
	for _, r := range []agency.BookingRecord{
		bookingAt("B1", "a", booking.Confirmed, "10000.00", in(1), dec),
		bookingAt("B2", "a", booking.Cancelled, "8000.00", in(2), dec),
		refunded,
		bookingAt("B4", "a", booking.Completed, "4000.00", from.Add(-time.Hour), oct), // October's
		bookingAt("B5", "b", booking.Option, "9000.00", in(5), dec),                   // not sold
		usd,
		bookingAt("B7", "a", booking.Travelling, "2000.00", to, dec), // December's
	} {
		if _, err := s.Bookings().Save(ctx, r); err != nil {
			t.Fatalf("%s: %v", r.Booking.Reference, err)
		}
	}
	now := in(20)
	ptr := func(t time.Time) *time.Time { return &t }
	for i, c := range []struct {
		consultant           string
		received             time.Time
		first, due, resolved *time.Time
	}{
		{"a", in(1), ptr(in(1).Add(24 * time.Hour)), ptr(in(3)), ptr(in(3))},                                     // answered on the 24th hour; resolved on the due instant
		{"a", in(2), ptr(in(2).Add(24*time.Hour + time.Second)), ptr(in(4)), ptr(in(4).Add(time.Second))},        // late both ways
		{"b", in(3), nil, ptr(in(5)), nil},                                                                       // open, past due: failed
		{"a", in(4), ptr(in(4).Add(time.Hour)), ptr(in(25)), nil},                                                // open, due after now: not counted yet
		{"a", from.Add(-48 * time.Hour), ptr(from.Add(-47 * time.Hour)), ptr(in(1)), ptr(in(1).Add(-time.Hour))}, // received in October, due in November
	} {
		r := complaint(t, tenantA, fmt.Sprintf("K%d", i), c.received, nil)
		r.Complaint.Consultant = c.consultant
		r.FirstResponseAt, r.ResolveDue, r.ResolvedAt = c.first, c.due, c.resolved
		if _, err := s.Complaints().Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range []struct {
		consultant string
		issued     time.Time
		blocked    bool
	}{{"a", in(1), true}, {"a", in(2), false}, {"b", in(3), false}, {"a", to, true}} {
		rec := travelContract(t, tenantA, fmt.Sprintf("HT-%d", i), 0, "TK-1")
		rec.Consultant = c.consultant
		rec.Validations = []agency.ContractValidation{{At: c.issued, Result: contract.Result{}}}
		if c.blocked {
			rec.Validations = append([]agency.ContractValidation{{At: c.issued, Result: contract.Result{Findings: []contract.Finding{
				{Code: contract.MissingLicenceNo, Severity: contract.Blocking}}}}}, rec.Validations...)
		}
		if _, err := s.TravelContracts().Save(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	ch := decimal.NewFromInt(3)
	for i, r := range []struct {
		consultant     string
		due, submitted time.Time
	}{{"a", in(10), in(9)}, {"b", in(10), in(11)}} {
		rep := market.Report{Due: r.due, SubmittedAt: &r.submitted, Trend: []market.TrendPoint{{Label: "W1"}, {Label: "W2", Change: &ch}}}
		if _, err := s.KPIs().SaveReport(ctx, agency.ReportRecord{Tenant: tenantA, ID: fmt.Sprintf("R%d", i), Consultant: r.consultant, Report: rep}); err != nil {
			t.Fatal(err)
		}
	}

	got := func(consultants []string, basis kpi.SalesBasis) kpi.Figures {
		t.Helper()
		f, err := s.KPIs().Figures(ctx, tenantA, agency.FiguresFor(consultants, nov, sh, basis, cny, now))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	show := func(f kpi.Figures) string {
		return fmt.Sprintf("csat %d/%d sales %s prev %s n %d | 24h %d/%d sla %d/%d | contracts %d/%d | reports %d/%d", f.Satisfied, f.Responses,
			f.NetSales, f.PrevNetSales, f.Bookings, f.AnsweredIn24h, f.ComplaintsReceived, f.ResolvedInSLA, f.ComplaintsDue, f.ContractsBlocked,
			f.ContractsIssued, f.ReportsOnSchedule, f.ReportsDue)
	}
	for _, c := range []struct {
		name        string
		consultants []string
		basis       kpi.SalesBasis
		want        string
	}{
		{"agency by booking date", nil, kpi.ByBookingDate,
			"csat 3/4 sales 12500.00 CNY prev 4000.00 CNY n 2 | 24h 2/4 sla 2/4 | contracts 1/3 | reports 1/2"},
		{"consultant a", []string{"a"}, kpi.ByBookingDate,
			"csat 2/3 sales 10000.00 CNY prev 4000.00 CNY n 1 | 24h 2/3 sla 2/3 | contracts 1/2 | reports 1/1"},
		{"team a and b", []string{"a", "b"}, kpi.ByBookingDate,
			"csat 3/4 sales 12500.00 CNY prev 4000.00 CNY n 2 | 24h 2/4 sla 2/4 | contracts 1/3 | reports 1/2"},
		{"agency by departure date", nil, kpi.ByDepartureDate,
			"csat 3/4 sales 0.00 CNY prev 6500.00 CNY n 0 | 24h 2/4 sla 2/4 | contracts 1/3 | reports 1/2"},
		{"nobody", []string{"z"}, kpi.ByBookingDate,
			"csat 0/0 sales 0.00 CNY prev 0.00 CNY n 0 | 24h 0/0 sla 0/0 | contracts 0/0 | reports 0/0"},
	} {
		if g := show(got(c.consultants, c.basis)); g != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.name, g, c.want)
		}
	}
	if _, err := s.KPIs().Figures(ctx, tenantA, agency.FiguresQuery{Consultants: []string{"bad\x00"}}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a NUL in a consultant: %v", err)
	}

	plan := kpi.Plan{Consultant: "a", Year: 2026, Month: time.November, Target: m("50000.00"), TargetBookings: 5}
	saved, err := s.KPIs().SavePlan(ctx, agency.PlanRecord{Tenant: tenantA, Plan: plan})
	if err != nil || saved.Version != 1 {
		t.Fatal(err)
	}
	if _, err := s.KPIs().SavePlan(ctx, agency.PlanRecord{Tenant: tenantA, Plan: plan}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("a second plan for the month: %v", err)
	}
	p, err := s.KPIs().Plan(ctx, tenantA, "a", 2026, time.November)
	if err != nil || p.Version != 1 || !p.Plan.Target.Equal(plan.Target) {
		t.Errorf("plan %+v %v", p, err)
	}
	if _, err := s.KPIs().Plan(ctx, tenantA, "a", 2026, time.December); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("no plan: %v", err)
	}
	if r, err := s.KPIs().Report(ctx, tenantA, "R0"); err != nil || r.Consultant != "a" || r.Report.SubmittedAt == nil {
		t.Errorf("report %+v %v", r, err)
	}

	price, _ := pricing.Parse("9000.00", "CNY")
	for i, seen := range []time.Time{in(2), in(1), to, in(1)} {
		o := market.Observation{ID: fmt.Sprintf("O%d", i), Competitor: "ctrip", Product: "Europe 10 days", Destination: "Europe",
			Departure: date.New(2027, 5, 1), Days: 10, Price: price, Basis: market.PerPerson, ObservedAt: seen, Source: "ctrip.com", Available: i != 3}
		if err := s.KPIs().AddObservation(ctx, tenantA, o); err != nil {
			t.Fatal(err)
		}
	}
	dup := market.Observation{ID: "O0", Competitor: "tuniu", Product: "P", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10,
		Price: price, Basis: market.PerPerson, ObservedAt: in(1), Source: "tuniu.com"}
	if err := s.KPIs().AddObservation(ctx, tenantA, dup); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("an observation twice: %v", err)
	}
	obs, err := s.KPIs().Observations(ctx, tenantA, from, to)
	var ids string
	for _, o := range obs {
		ids += o.ID + " "
	}
	if err != nil || ids != "O1 O3 O0 " || obs[1].Available || !obs[2].Price.Equal(price) {
		t.Errorf("observations %s %v", ids, err)
	}
}
