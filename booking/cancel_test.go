package booking

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// noticeOn is 10:00 in Shanghai on the given date.
func noticeOn(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 10, 0, 0, 0, shanghai)
}

func TestQuoteCancellation(t *testing.T) {
	dep, ret := date.New(2027, 3, 10), date.New(2027, 3, 16) // 7 trip days
	base := func(s Scale, notice time.Time) CancellationInput {
		return CancellationInput{Scale: s, Total: cny("10000.00"), Paid: cny("10000.00"),
			Departure: dep, Return: ret, NoticeAt: notice, Zone: shanghai}
	}
	type want struct {
		days                       int
		basis                      Basis
		fee, visa, penalty, refund string
		owed                       string
	}
	tests := []struct {
		name string
		in   CancellationInput
		want want
	}{
		{"outbound 30 days", base(OutboundTraveller(), noticeOn(2027, 2, 8)), want{30, BasisScale, "0.00", "0.00", "0.00", "10000.00", "0.00"}},
		{"outbound 29 days", base(OutboundTraveller(), noticeOn(2027, 2, 9)), want{29, BasisScale, "500.00", "0.00", "0.00", "9500.00", "0.00"}},
		{"outbound 15 days", base(OutboundTraveller(), noticeOn(2027, 2, 23)), want{15, BasisScale, "500.00", "0.00", "0.00", "9500.00", "0.00"}},
		{"outbound 14 days", base(OutboundTraveller(), noticeOn(2027, 2, 24)), want{14, BasisScale, "2000.00", "0.00", "0.00", "8000.00", "0.00"}},
		{"outbound 7 days", base(OutboundTraveller(), noticeOn(2027, 3, 3)), want{7, BasisScale, "2000.00", "0.00", "0.00", "8000.00", "0.00"}},
		{"outbound 6 days", base(OutboundTraveller(), noticeOn(2027, 3, 4)), want{6, BasisScale, "5000.00", "0.00", "0.00", "5000.00", "0.00"}},
		{"outbound 3 days", base(OutboundTraveller(), noticeOn(2027, 3, 7)), want{3, BasisScale, "6000.00", "0.00", "0.00", "4000.00", "0.00"}},
		{"outbound 1 day", base(OutboundTraveller(), noticeOn(2027, 3, 9)), want{1, BasisScale, "6000.00", "0.00", "0.00", "4000.00", "0.00"}},
		{"outbound departure day", base(OutboundTraveller(), noticeOn(2027, 3, 10)), want{0, BasisScale, "7000.00", "0.00", "0.00", "3000.00", "0.00"}},
		// P×r₀ + (P − P×r₀) ÷ 7 × 2 = 7000 + 3000×2/7 = 7857.142857…
		{"outbound mid-trip", base(OutboundTraveller(), noticeOn(2027, 3, 12)), want{-2, BasisMidTrip, "7857.14", "0.00", "0.00", "2142.86", "0.00"}},
		{"outbound last day", base(OutboundTraveller(), noticeOn(2027, 3, 16)), want{-6, BasisMidTrip, "9571.43", "0.00", "0.00", "428.57", "0.00"}},
		{"domestic 7 days", base(DomesticTraveller(), noticeOn(2027, 3, 3)), want{7, BasisScale, "0.00", "0.00", "0.00", "10000.00", "0.00"}},
		{"domestic 6 days", base(DomesticTraveller(), noticeOn(2027, 3, 4)), want{6, BasisScale, "2000.00", "0.00", "0.00", "8000.00", "0.00"}},
		{"domestic 3 days", base(DomesticTraveller(), noticeOn(2027, 3, 7)), want{3, BasisScale, "4000.00", "0.00", "0.00", "6000.00", "0.00"}},
		{"domestic departure day", base(DomesticTraveller(), noticeOn(2027, 3, 10)), want{0, BasisScale, "6000.00", "0.00", "0.00", "4000.00", "0.00"}},
		// 10000 × (60×7 + 40×1) ÷ 700 = 6571.428…
		{"domestic mid-trip", base(DomesticTraveller(), noticeOn(2027, 3, 11)), want{-1, BasisMidTrip, "6571.43", "0.00", "0.00", "3428.57", "0.00"}},
		{"agency outbound 29 days", base(OutboundAgency(), noticeOn(2027, 2, 9)), want{29, BasisScale, "0.00", "0.00", "200.00", "10200.00", "0.00"}},
		{"agency outbound 14 days", base(OutboundAgency(), noticeOn(2027, 2, 24)), want{14, BasisScale, "0.00", "0.00", "500.00", "10500.00", "0.00"}},
		{"agency outbound departure day", base(OutboundAgency(), noticeOn(2027, 3, 10)), want{0, BasisScale, "0.00", "0.00", "2000.00", "12000.00", "0.00"}},
		{"agency domestic 5 days", base(DomesticAgency(), noticeOn(2027, 3, 5)), want{5, BasisScale, "0.00", "0.00", "1000.00", "11000.00", "0.00"}},
		{"agency domestic 2 days", base(DomesticAgency(), noticeOn(2027, 3, 8)), want{2, BasisScale, "0.00", "0.00", "1500.00", "11500.00", "0.00"}},
		{"agency refunds visa fees", func() CancellationInput {
			in := base(OutboundAgency(), noticeOn(2027, 2, 1))
			in.VisaFees = cny("300.00")
			return in
		}(), want{37, BasisScale, "0.00", "300.00", "0.00", "10000.00", "0.00"}},
		{"traveller bears visa fees", func() CancellationInput {
			in := base(OutboundTraveller(), noticeOn(2027, 2, 1))
			in.VisaFees = cny("300.00")
			return in
		}(), want{37, BasisScale, "0.00", "300.00", "0.00", "9700.00", "0.00"}},
		{"actual costs above scale", func() CancellationInput {
			in := base(OutboundTraveller(), noticeOn(2027, 2, 9))
			in.ActualCosts = cny("3000.00")
			return in
		}(), want{29, BasisActual, "3000.00", "0.00", "0.00", "7000.00", "0.00"}},
		{"actual costs below scale", func() CancellationInput {
			in := base(OutboundTraveller(), noticeOn(2027, 3, 4))
			in.ActualCosts = cny("3000.00")
			return in
		}(), want{6, BasisScale, "5000.00", "0.00", "0.00", "5000.00", "0.00"}},
		{"actual costs capped at total", func() CancellationInput {
			in := base(OutboundTraveller(), noticeOn(2027, 2, 9))
			in.ActualCosts = cny("12000.00")
			in.VisaFees = cny("300.00")
			return in
		}(), want{29, BasisCapped, "9700.00", "300.00", "0.00", "0.00", "0.00"}},
		{"fee above paid leaves the traveller owing", func() CancellationInput {
			in := base(OutboundTraveller(), noticeOn(2027, 3, 4))
			in.Paid = cny("1000.00")
			return in
		}(), want{6, BasisScale, "5000.00", "0.00", "0.00", "0.00", "4000.00"}},
		{"nothing paid", func() CancellationInput {
			in := base(DomesticTraveller(), noticeOn(2027, 3, 10))
			in.Paid = pricing.Money{}
			return in
		}(), want{0, BasisScale, "6000.00", "0.00", "0.00", "0.00", "6000.00"}},
		// 17:00 UTC on 02-08 is 01:00 on 02-09 in Shanghai: 29 days, not 30.
		{"days counted in the agency zone", base(OutboundTraveller(), time.Date(2027, 2, 8, 17, 0, 0, 0, time.UTC)), want{29, BasisScale, "500.00", "0.00", "0.00", "9500.00", "0.00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := QuoteCancellation(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := want{c.DaysLeft, c.Basis, c.Fee.Amount().StringFixed(2), c.VisaFees.Amount().StringFixed(2),
				c.Penalty.Amount().StringFixed(2), c.Refund.Amount().StringFixed(2), c.Owed.Amount().StringFixed(2)}
			if got != tc.want {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			if c.Refund.Currency().Code() != "CNY" || c.TripDays != 7 {
				t.Fatalf("refund currency %s, trip days %d", c.Refund.Currency(), c.TripDays)
			}
		})
	}
}

func TestRefundDeadlineInWorkingDays(t *testing.T) {
	in := CancellationInput{Scale: OutboundTraveller(), Total: cny("10000.00"), Paid: cny("10000.00"),
		Departure: date.New(2027, 3, 10), Return: date.New(2027, 3, 16), NoticeAt: noticeOn(2027, 2, 9), Zone: shanghai}
	c, err := QuoteCancellation(in)
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 02-09 + 5 weekdays: 10, 11, 12, 15, 16.
	if c.RefundBy != date.New(2027, 2, 16) {
		t.Fatalf("refund by %s, want 2027-02-16", c.RefundBy)
	}
	holidays := map[date.Date]bool{date.New(2027, 2, 10): true, date.New(2027, 2, 11): true, date.New(2027, 2, 12): true}
	in.WorkingDay = func(d date.Date) bool {
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday && !holidays[d]
	}
	in.RefundWorkingDays = 3
	if c, err = QuoteCancellation(in); err != nil || c.RefundBy != date.New(2027, 2, 17) {
		t.Fatalf("refund by %s (%v), want 2027-02-17", c.RefundBy, err)
	}
	in.WorkingDay = func(date.Date) bool { return false }
	if _, err := QuoteCancellation(in); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a calendar without working days: %v, want ErrInvalid", err)
	}
}

func TestQuoteCancellationReportsEveryProblem(t *testing.T) {
	bad := OutboundTraveller()
	bad.Steps[2].Percent = decimal.NewFromInt(1) // falls below the earlier 5 %
	usd, _ := pricing.Parse("5.00", "USD")
	in := CancellationInput{Scale: bad, Total: cny("100.005"), Paid: usd,
		Departure: date.New(2027, 3, 10), Return: date.New(2027, 3, 9)}
	_, err := QuoteCancellation(in)
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want a ValidationError matching ErrInvalid", err)
	}
	for _, code := range []string{"invalid", "amount", "currency", "order", "required"} {
		if !ve.Has(code) {
			t.Errorf("missing problem %q in %v", code, err)
		}
	}
	// After the trip ended there is nothing to cancel.
	late := CancellationInput{Scale: OutboundTraveller(), Total: cny("1.00"),
		Departure: date.New(2027, 3, 10), Return: date.New(2027, 3, 12), NoticeAt: noticeOn(2027, 3, 13), Zone: shanghai}
	_, err = QuoteCancellation(late)
	if !errors.As(err, &ve) || !ve.Has("after_trip") {
		t.Fatalf("notice after the trip: %v", err)
	}
}

func TestScaleValidate(t *testing.T) {
	for _, s := range []Scale{OutboundTraveller(), DomesticTraveller(), OutboundAgency(), DomesticAgency()} {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	bad := Scale{Who: "nobody", Steps: []Step{{5, decimal.NewFromInt(10)}, {5, decimal.NewFromInt(120)}}}
	err := bad.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, code := range []string{"required", "unknown", "range", "order", "departure_day"} {
		if !ve.Has(code) {
			t.Errorf("missing %q in %v", code, err)
		}
	}
	if r := OutboundTraveller().RateAt(400); !r.IsZero() {
		t.Errorf("rate a year out = %s", r)
	}
}

// FuzzMidTripFee checks the exact fraction against an integer model of
// P × (r₀×T + (100−r₀)×e) ÷ (100×T), rounded half up.
func FuzzMidTripFee(f *testing.F) {
	f.Add(int64(1000000), uint8(70), uint8(7), uint8(2))
	f.Add(int64(1), uint8(60), uint8(1), uint8(0))
	f.Add(int64(999999999999), uint8(33), uint8(59), uint8(58))
	f.Fuzz(func(t *testing.T, total int64, r, trip, e uint8) {
		if total < 0 || total > 1e13 || r > 100 || trip == 0 {
			t.Skip()
		}
		T, R := int64(trip), int64(r)
		E := int64(e) % (T + 1)
		num := total * (R*T + (100-R)*E)
		den := 100 * T
		want := (2*num + den) / (2 * den)
		got := fraction(total, decimal.NewFromInt(R), T, E, T)
		if got != want {
			t.Fatalf("fraction(%d, %d, %d, %d) = %d, want %d", total, R, T, E, got, want)
		}
		if got > total || got < 0 {
			t.Fatalf("fee %d outside 0..%d", got, total)
		}
	})
}

// TestScaleBoundaries checks both sides of every bracket of the four
// default scales against the rates printed in GF-2014 (written out here,
// not read from the scales).
func TestScaleBoundaries(t *testing.T) {
	printed := []struct {
		scale Scale
		rates map[int]int64 // days before departure → percent
	}{
		{OutboundTraveller(), map[int]int64{31: 0, 30: 0, 29: 5, 15: 5, 14: 20, 7: 20, 6: 50, 4: 50, 3: 60, 1: 60, 0: 70}},
		{DomesticTraveller(), map[int]int64{30: 0, 8: 0, 7: 0, 6: 20, 4: 20, 3: 40, 1: 40, 0: 60}},
		{OutboundAgency(), map[int]int64{31: 0, 30: 0, 29: 2, 15: 2, 14: 5, 7: 5, 6: 10, 4: 10, 3: 15, 1: 15, 0: 20}},
		{DomesticAgency(), map[int]int64{8: 0, 7: 0, 6: 10, 4: 10, 3: 15, 1: 15, 0: 20}},
	}
	dep := date.New(2027, 3, 10)
	for _, p := range printed {
		for days, rate := range p.rates {
			notice := dep - date.Date(days)
			c, err := QuoteCancellation(CancellationInput{Scale: p.scale, Total: cny("10000.00"), Paid: cny("10000.00"),
				Departure: dep, Return: dep + 4, Zone: shanghai,
				// One second after local midnight: the date is the notice day.
				NoticeAt: time.Date(notice.Year(), notice.Month(), notice.Day(), 0, 0, 1, 0, shanghai)})
			if err != nil {
				t.Fatal(err)
			}
			wantFee := cny("100.00").MulInt(rate)
			got := c.Fee
			if p.scale.Who == AgencyTerminates {
				got = c.Penalty
			}
			if c.DaysLeft != days || !got.Equal(wantFee) || !c.Rate.Equal(decimal.NewFromInt(rate)) {
				t.Errorf("%s at %d days: days %d rate %s fee %s, want %d %% = %s", p.scale.Name, days, c.DaysLeft, c.Rate, got, rate, wantFee)
			}
		}
	}
}
