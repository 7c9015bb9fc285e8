package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Figures tests the aggregate queries: the same records give the same
// figures on every store.
func Figures(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"KPIFigures", kpiFigures},
		{"SupplierPerformance", supplierPerformance},
		{"SurveySummary", surveySummary},
		{"Conversion", conversion},
	})
}

// kpiFigures: the same records give the same figures on every store —
// for the agency, one consultant and a team, by booking and by departure
// date — and boundaries fall where the rules say: an instant at the
// period's end belongs to the next, a complaint answered in exactly 24 h
// counts, an open complaint counts as failed only once past due.
func kpiFigures(t *testing.T, s storage.Store) {
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	nov := kpi.Month(2026, time.November)
	from, to := nov.Bounds(sh)
	in := func(days int) time.Time { return from.Add(time.Duration(days) * 24 * time.Hour) }
	cny, _ := pricing.ParseCurrency("CNY")
	ptr := func(t time.Time) *time.Time { return &t }
	m := func(s string) pricing.Money { v, _ := pricing.Parse(s, "CNY"); return v }

	for i, v := range []struct {
		consultant string
		csat       int
		at         time.Time
	}{{"a", 5, in(1)}, {"a", 4, in(2)}, {"a", 3, in(3)}, {"b", 5, in(4)}, {"b", 0, in(5)}, {"a", 5, to}, {"a", 1, from.Add(-time.Nanosecond)}} {
		put(t, s, storage.Surveys(), tenantA, feedback.Survey{ID: fmt.Sprintf("s%d", i), CustomerID: "c1", Consultant: v.consultant,
			RespondedAt: v.at, CSAT: v.csat})
	}
	bookingAt := func(ref, consultant string, state booking.State, total string, booked time.Time, departure date.Date) storage.BookingRecord {
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
	for _, r := range []storage.BookingRecord{
		bookingAt("B1", "a", booking.Confirmed, "10000.00", in(1), dec),
		bookingAt("B2", "a", booking.Cancelled, "8000.00", in(2), dec),
		refunded,
		bookingAt("B4", "a", booking.Completed, "4000.00", from.Add(-time.Hour), oct), // October's
		bookingAt("B5", "b", booking.Option, "9000.00", in(5), dec),                   // not sold
		usd,
		bookingAt("B7", "a", booking.Travelling, "2000.00", to, dec), // December's
	} {
		put(t, s, storage.Bookings(), tenantA, r)
	}
	now := in(20)
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
		put(t, s, storage.Complaints(), tenantA, r)
	}
	blocking := contract.Result{Findings: []contract.Finding{{Code: contract.MissingLicenceNo, Severity: contract.Blocking}}}
	for i, c := range []struct {
		consultant string
		issued     time.Time
		blocked    bool
		signed     *time.Time
		after      bool // a blocking finding after signing
	}{{"a", in(1), true, ptr(in(2)), false}, {"a", in(2), false, ptr(in(3)), true}, {"b", in(3), false, nil, false},
		{"a", to, true, nil, false}, {"b", in(4), false, ptr(to), true}} {
		rec := travelContract(t, tenantA, fmt.Sprintf("HT-%d", i), 0, "TK-1")
		rec.Consultant = c.consultant
		rec.Validations = []storage.ContractValidation{{At: c.issued, Result: contract.Result{}}}
		if c.blocked {
			rec.Validations = append([]storage.ContractValidation{{At: c.issued, Result: blocking}}, rec.Validations...)
		}
		if c.signed != nil {
			rec.Contract.SignedAt = c.signed
			if c.after {
				rec.Validations = append(rec.Validations, storage.ContractValidation{At: c.signed.Add(time.Hour), Result: blocking})
			}
		}
		put(t, s, storage.TravelContracts(), tenantA, rec)
	}
	ch := decimal.NewFromInt(3)
	for i, r := range []struct {
		consultant     string
		due, submitted time.Time
	}{{"a", in(10), in(9)}, {"b", in(10), in(11)}} {
		rep := market.Report{Due: r.due, SubmittedAt: &r.submitted, Trend: []market.TrendPoint{{Label: "W1"}, {Label: "W2", Change: &ch}}}
		put(t, s, storage.Reports(), tenantA, storage.ReportRecord{ID: fmt.Sprintf("R%d", i), Consultant: r.consultant, Report: rep})
	}

	got := func(consultants []string, basis kpi.SalesBasis) kpi.Figures {
		t.Helper()
		prev := nov.Previous()
		pf, _ := prev.Bounds(sh)
		f, err := s.Figures().KPI(ctx, tenantA, storage.FiguresQuery{Consultants: consultants, From: from, To: to, PrevFrom: pf,
			FromDay: nov.From, ToDay: nov.To + 1, PrevFromDay: prev.From, Basis: basis, Currency: cny, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	show := func(f kpi.Figures) string {
		return fmt.Sprintf("csat %d/%d sales %s prev %s n %d | 24h %d/%d sla %d/%d | contracts %d/%d signed %d/%d | reports %d/%d", f.Satisfied,
			f.Responses, f.NetSales, f.PrevNetSales, f.Bookings, f.AnsweredIn24h, f.ComplaintsReceived, f.ResolvedInSLA, f.ComplaintsDue,
			f.ContractsBlocked, f.ContractsIssued, f.ContractsSignedBlocked, f.ContractsSigned, f.ReportsOnSchedule, f.ReportsDue)
	}
	for _, c := range []struct {
		name        string
		consultants []string
		basis       kpi.SalesBasis
		want        string
	}{
		{"agency by booking date", nil, kpi.ByBookingDate,
			"csat 3/4 sales 12500.00 CNY prev 4000.00 CNY n 2 | 24h 2/4 sla 2/4 | contracts 3/4 signed 1/2 | reports 1/2"},
		{"consultant a", []string{"a"}, kpi.ByBookingDate,
			"csat 2/3 sales 10000.00 CNY prev 4000.00 CNY n 1 | 24h 2/3 sla 2/3 | contracts 2/2 signed 1/2 | reports 1/1"},
		{"team a and b", []string{"a", "b"}, kpi.ByBookingDate,
			"csat 3/4 sales 12500.00 CNY prev 4000.00 CNY n 2 | 24h 2/4 sla 2/4 | contracts 3/4 signed 1/2 | reports 1/2"},
		{"agency by departure date", nil, kpi.ByDepartureDate,
			"csat 3/4 sales 0.00 CNY prev 6500.00 CNY n 0 | 24h 2/4 sla 2/4 | contracts 3/4 signed 1/2 | reports 1/2"},
		{"nobody", []string{"z"}, kpi.ByBookingDate,
			"csat 0/0 sales 0.00 CNY prev 0.00 CNY n 0 | 24h 0/0 sla 0/0 | contracts 0/0 signed 0/0 | reports 0/0"},
	} {
		if g := show(got(c.consultants, c.basis)); g != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.name, g, c.want)
		}
	}
	if _, err := s.Figures().KPI(ctx, tenantA, storage.FiguresQuery{Consultants: []string{"bad\x00"}}); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("a NUL in a consultant: %v", err)
	}
}

// supplierPerformance: the store gathers one supplier's confirmations,
// services supplied (cost lines by service date), invoice accuracy,
// charge-backs, request answers and release compliance in a window, and
// nothing of others.
func supplierPerformance(t *testing.T, s storage.Store) {
	ctx := context.Background()
	a := s.Ledger()
	spec := allotment("PA", 5, supplier.Allotment)
	spec.SupplierID = "hotel-pantheon"
	mustCreate(t, s, spec)
	other := allotment("PB", 5, supplier.Allotment)
	other.SupplierID = "hotel-lumiere"
	mustCreate(t, s, other)
	start := at(t)
	for i, waits := range []time.Duration{2 * time.Hour, 30 * time.Hour} {
		h := hold(t, "p"+string(rune('0'+i)), "PA", stayNight, 1, 1, "")
		h.ExpiresAt = h.CreatedAt.Add(48 * time.Hour)
		if _, err := a.Hold(ctx, tenantA, h); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Confirm(ctx, tenantA, h.ID, h.CreatedAt.Add(waits)); err != nil {
			t.Fatal(err)
		}
	}
	// Requests to the supplier: one accepted after 4 h, one declined, one
	// pending; none touches the counters.
	for i, answer := range []string{"accept", "decline", ""} {
		r := hold(t, "r"+string(rune('0'+i)), "PA", stayNight, 1, 1, "")
		got, err := a.Request(ctx, tenantA, r)
		if err != nil || got.State != supplier.HoldRequested || !got.OnRequest {
			t.Fatalf("request: %+v, %v", got, err)
		}
		switch answer {
		case "accept":
			if _, err := a.Answer(ctx, tenantA, r.ID, true, r.CreatedAt.Add(4*time.Hour)); err != nil {
				t.Fatal(err)
			}
		case "decline":
			if _, err := a.Answer(ctx, tenantA, r.ID, false, r.CreatedAt.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := a.Answer(ctx, tenantA, "r1", true, start); !errors.Is(err, storage.ErrInvalidTransition) {
		t.Errorf("answer a declined request: %v", err)
	}
	if _, err := a.Request(ctx, tenantA, hold(t, "rx", "nope", stayNight, 1, 1, "")); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("request on an unknown allotment: %v", err)
	}
	if n := counters(t, s, "PA")[0]; n.Held != 0 || n.Booked != 2 {
		t.Errorf("requests moved counters: %+v", n)
	}
	hb := hold(t, "pb", "PB", stayNight, 1, 1, "")
	if _, err := a.Hold(ctx, tenantA, hb); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Confirm(ctx, tenantA, "pb", hb.CreatedAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// Services supplied: cost lines by the date of the service — three in
	// the window (one of them another tenant's), one after it, one of
	// another supplier.
	eur, _ := pricing.Parse("100.00", "EUR")
	day := date.NewAt(start)
	for i, l := range []struct {
		tenant   storage.TenantID
		supplier string
		day      date.Date
	}{{tenantA, "hotel-pantheon", day}, {tenantA, "hotel-pantheon", day + 1}, {tenantB, "hotel-pantheon", day}, {tenantA, "hotel-pantheon", day + 10},
		{tenantA, "hotel-lumiere", day}} {
		put(t, s, storage.CostLines(), l.tenant, supplier.CostLine{ID: fmt.Sprintf("cl%d", i), SupplierID: l.supplier, Booking: "B",
			Service: "stay", ServiceDate: l.day, Expected: eur, FrozenAt: start.Add(-30 * 24 * time.Hour)})
	}
	// An invoice of two lines, one beyond tolerance, issued in the window.
	more, _ := pricing.Parse("130.00", "EUR")
	lines := []supplier.CostLine{{ID: "c1", SupplierID: "hotel-pantheon", Booking: "B", Expected: eur}, {ID: "c2", SupplierID: "hotel-pantheon", Booking: "B", Expected: eur}}
	inv := supplier.Invoice{ID: "I1", SupplierID: "hotel-pantheon", Issued: date.NewAt(start), Lines: []supplier.InvoiceLine{{CostLine: "c1", Amount: eur}, {CostLine: "c2", Amount: more}}}
	m, _ := supplier.MatchInvoice(inv, lines, supplier.Tolerance{Percent: decimal.NewFromInt(1)})
	put(t, s, storage.Invoices(), tenantA, storage.InvoiceRecord{Invoice: inv, Match: m})
	// A complaint charged back to the hotel.
	rec := complaint(t, tenantA, "cb", start.Add(time.Hour), nil)
	voucher, _ := pricing.Parse("800", "CNY")
	rec.Complaint.Resolution = &feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "x", Compensations: []feedback.Compensation{
		{Kind: feedback.Voucher, Amount: &voucher, ChargeBack: "hotel-pantheon", ApprovedBy: "wu"}}}
	put(t, s, storage.Complaints(), tenantA, rec)
	// PA (release 21 days) covers 4–10 May: release dates 13–19 April. The
	// supplier stop-sold 9–10 May on 1 April, before their release dates.
	if err := a.SetStopSale(ctx, tenantA, "PA", stayNight+5, stayNight+6, true, 0, date.New(2027, 4, 1)); err != nil {
		t.Fatal(err)
	}
	rp, err := s.Figures().SupplierPerformance(ctx, tenantA, "hotel-pantheon", date.New(2027, 4, 1).MidnightIn(time.UTC), date.New(2027, 5, 1).MidnightIn(time.UTC))
	if err != nil || rp.Releases != 7 || rp.ReleasesOnTime != 5 {
		t.Errorf("release compliance in April: %d of %d, %v", rp.ReleasesOnTime, rp.Releases, err)
	}
	p, err := s.Figures().SupplierPerformance(ctx, tenantA, "hotel-pantheon", start.Add(-time.Hour), start.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	durations := append([]time.Duration(nil), p.Confirmations...)
	slices.Sort(durations)
	if !slices.Equal(durations, []time.Duration{2 * time.Hour, 4 * time.Hour, 30 * time.Hour}) || p.Bookings != 2 || p.InvoiceLines != 2 ||
		p.InvoiceLinesExact != 1 || p.ChargedBack != 1 || p.OnRequestAsked != 2 || p.OnRequestAccepted != 1 {
		t.Errorf("performance %+v", p)
	}
	if p, _ := s.Figures().SupplierPerformance(ctx, tenantA, "hotel-pantheon", start.Add(72*time.Hour), start.Add(96*time.Hour)); p.Bookings != 0 || p.ChargedBack != 0 {
		t.Errorf("a later window: %+v", p)
	}
	if p, _ := s.Figures().SupplierPerformance(ctx, tenantB, "hotel-pantheon", start.Add(-time.Hour), start.Add(72*time.Hour)); p.Bookings != 1 || p.InvoiceLines != 0 ||
		len(p.Confirmations) != 0 {
		t.Errorf("another tenant: %+v", p)
	}
}

func surveySummary(t *testing.T, s storage.Store) {
	ctx := context.Background()
	t0 := at(t)
	nps := func(n int) *int { return &n }
	answers := []feedback.Survey{
		{ID: "a", Consultant: "li", Team: "eu", CSAT: 5, NPS: nps(10), Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 4, feedback.AspectConsultant: 5}},
		{ID: "b", Consultant: "li", Team: "eu", CSAT: 3, NPS: nps(6), Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 2}},
		{ID: "c", Consultant: "wu", Team: "eu", CSAT: 4, NPS: nps(8)},
		{ID: "d", Consultant: "li", Team: "asia", Comment: "no scores"},
	}
	for i, v := range answers {
		v.CustomerID, v.RespondedAt = "c1", t0.Add(time.Duration(i)*time.Minute)
		put(t, s, storage.Surveys(), tenantA, v)
	}
	put(t, s, storage.Surveys(), tenantB, feedback.Survey{ID: "x", CustomerID: "c9", RespondedAt: t0, CSAT: 1})
	all, err := s.Figures().SurveySummary(ctx, tenantA, t0, t0.Add(time.Hour), "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := feedback.SurveySummary{Responses: 4, CSATScored: 3, CSATGood: 2, Promoters: 1, Passives: 1, Detractors: 1,
		RatingSum: [6]int{6, 0, 0, 0, 0, 5}, RatingN: [6]int{2, 0, 0, 0, 0, 1}}
	if all != want {
		t.Errorf("summary %+v, want %+v", all, want)
	}
	li, _ := s.Figures().SurveySummary(ctx, tenantA, t0, t0.Add(time.Hour), "li", "eu")
	if li.Responses != 2 || li.CSATGood != 1 || li.Promoters != 1 {
		t.Errorf("li/eu summary %+v", li)
	}
	none, _ := s.Figures().SurveySummary(ctx, tenantA, t0.Add(time.Hour), t0.Add(2*time.Hour), "", "")
	if none != (feedback.SurveySummary{}) {
		t.Errorf("empty period %+v", none)
	}
}

// conversion: inquiries received in a period, per consultant, channel and
// lead source: how many, how many proposed, how many won.
func conversion(t *testing.T, s storage.Store) {
	ctx := context.Background()
	base := at(t)
	type spec struct {
		id, customer, consultant string
		ch                       inquiry.Channel
		source                   string
		hours                    int
		propose, win             bool
	}
	for _, sp := range []spec{
		{"I-1", "c1", "chen", inquiry.WeChat, "referral", 0, true, true},
		{"I-2", "c2", "chen", inquiry.WeChat, "referral", 1, true, false},
		{"I-3", "c1", "chen", inquiry.Phone, "web", 2, false, false},
		{"I-4", "c3", "li", inquiry.WeChat, "referral", 3, false, false},
		{"I-5", "c3", "li", inquiry.WeChat, "referral", 30 * 24, true, false}, // outside the period
	} {
		rec := inquiryRecord(tenantA, sp.id, sp.customer, sp.consultant, sp.ch, sp.source, base.Add(time.Duration(sp.hours)*time.Hour))
		at := rec.Inquiry.ReceivedAt.Add(time.Minute)
		if sp.propose {
			for _, ev := range []inquiry.Event{inquiry.Qualify, inquiry.Propose} {
				if err := rec.Inquiry.Apply(ev, inquiry.Input{At: at, TripID: "T-" + sp.id}); err != nil {
					t.Fatal(err)
				}
			}
			if sp.win {
				if err := rec.Inquiry.Apply(inquiry.Win, inquiry.Input{At: at, BookingRef: "TK-" + sp.id}); err != nil {
					t.Fatal(err)
				}
			}
		}
		put(t, s, storage.Inquiries(), tenantA, rec)
	}
	to := base.Add(24 * time.Hour)
	conv, err := s.Figures().Conversion(ctx, tenantA, base, to)
	if err != nil {
		t.Fatal(err)
	}
	want := "chen/phone/web 1 0 0; chen/wechat/referral 2 2 1; li/wechat/referral 1 0 0; "
	got := ""
	for _, c := range conv {
		got += fmt.Sprintf("%s/%s/%s %d %d %d; ", c.Consultant, c.Channel, c.LeadSource, c.Inquiries, c.Proposed, c.Won)
	}
	if got != want {
		t.Errorf("conversion\n got %s\nwant %s", got, want)
	}
	if empty, err := s.Figures().Conversion(ctx, tenantB, base, to); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("no inquiries: %+v %v", empty, err)
	}
}
