package booking

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

var berlin = mustZone("Europe/Berlin")

func eur(s string) pricing.Money { return mustMoney(s, "EUR") }

func TestEUTermination(t *testing.T) {
	dep := date.New(2027, 7, 10)
	base := CancellationInput{Total: eur("2000.00"), Paid: eur("600.00"), Departure: dep, Return: dep + 6,
		NoticeAt: time.Date(2027, 6, 20, 18, 0, 0, 0, berlin), Zone: berlin}
	contract := Scale{Name: "contract fees", Steps: []Step{{45, decimal.Zero}, {30, decimal.NewFromInt(25)}, {14, decimal.NewFromInt(50)}, {0, decimal.NewFromInt(90)}}}
	tests := []struct {
		name              string
		in                EUTerminationInput
		fee, refund, owed string
		refundBy          date.Date
	}{
		{"standardised fee at 20 days: 50 %", EUTerminationInput{CancellationInput: with(base, contract)}, "1000.00", "0.00", "400.00", date.New(2027, 7, 4)},
		{"standardised fee at 9 days: 90 %", EUTerminationInput{CancellationInput: with(base, contract, time.Date(2027, 7, 1, 9, 0, 0, 0, berlin))}, "1800.00", "0.00", "1200.00", date.New(2027, 7, 15)},
		{"no standardised fee: price less savings", EUTerminationInput{CancellationInput: base, CostSavings: eur("1700.00")}, "300.00", "300.00", "0.00", date.New(2027, 7, 4)},
		{"savings above the price", EUTerminationInput{CancellationInput: base, CostSavings: eur("2500.00")}, "0.00", "600.00", "0.00", date.New(2027, 7, 4)},
		{"fee above what was paid: no negative refund", EUTerminationInput{CancellationInput: base, CostSavings: eur("100.00")}, "1900.00", "0.00", "1300.00",
			date.New(2027, 7, 4)},
		{"unavoidable circumstances", EUTerminationInput{CancellationInput: with(base, contract), Unavoidable: true}, "0.00", "600.00", "0.00", date.New(2027, 7, 4)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := QuoteEUTermination(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := [3]string{c.Fee.Amount().StringFixed(2), c.Refund.Amount().StringFixed(2), c.Owed.Amount().StringFixed(2)}
			if got != [3]string{tc.fee, tc.refund, tc.owed} || c.RefundBy != tc.refundBy {
				t.Fatalf("fee/refund/owed %v refund by %s, want %s %s %s by %s", got, c.RefundBy, tc.fee, tc.refund, tc.owed, tc.refundBy)
			}
		})
	}
	after := base
	after.NoticeAt = time.Date(2027, 7, 11, 9, 0, 0, 0, berlin)
	_, err := QuoteEUTermination(EUTerminationInput{CancellationInput: after, CostSavings: eur("1.001")})
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("after_start") || !ve.Has("amount") {
		t.Fatalf("after the start: %v", err)
	}
}

func with(in CancellationInput, s Scale, notice ...time.Time) CancellationInput {
	in.Scale = s
	if len(notice) > 0 {
		in.NoticeAt = notice[0]
	}
	return in
}

func TestOrganiserDeadline(t *testing.T) {
	start := time.Date(2027, 7, 10, 6, 0, 0, 0, berlin)
	for _, tc := range []struct {
		days int
		want time.Time
	}{
		{7, time.Date(2027, 6, 20, 6, 0, 0, 0, berlin)},
		{6, time.Date(2027, 7, 3, 6, 0, 0, 0, berlin)},
		{2, time.Date(2027, 7, 3, 6, 0, 0, 0, berlin)},
		{1, time.Date(2027, 7, 8, 6, 0, 0, 0, berlin)},
	} {
		got, err := OrganiserDeadline(start, tc.days, berlin)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%d days: %s %v, want %s", tc.days, got, err, tc.want)
		}
	}
	// Across the autumn change, 20 days before is the same wall-clock time.
	got, _ := OrganiserDeadline(time.Date(2027, 11, 10, 6, 0, 0, 0, berlin), 10, berlin)
	if got.In(berlin).Hour() != 6 || got.In(berlin).Day() != 21 {
		t.Errorf("across DST: %s", got)
	}
	if _, err := OrganiserDeadline(start, 0, berlin); !errors.Is(err, ErrInvalid) {
		t.Errorf("0 days: %v", err)
	}
}

func TestCheckPriceIncrease(t *testing.T) {
	dep := date.New(2027, 7, 10)
	notice := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, berlin) }
	for _, tc := range []struct {
		name                string
		increase            string
		at                  time.Time
		pct                 string
		significant, inTime bool
	}{
		{"exactly 8 %", "160.00", notice(2027, 6, 1, 9), "8", false, true},
		{"a cent above 8 %", "160.01", notice(2027, 6, 1, 9), "8.0005", true, true},
		{"just below", "159.99", notice(2027, 6, 1, 9), "7.9995", false, true},
		{"20 days before", "10.00", notice(2027, 6, 20, 23), "0.5", false, true},
		{"19 days before", "10.00", notice(2027, 6, 21, 0), "0.5", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := CheckPriceIncrease(eur("2000.00"), eur(tc.increase), tc.at, dep, berlin)
			if err != nil {
				t.Fatal(err)
			}
			if p.Percent.String() != tc.pct || p.Significant != tc.significant || p.InTime != tc.inTime || p.Allowed != tc.inTime {
				t.Fatalf("%+v, want %s %% significant %v in time %v", p, tc.pct, tc.significant, tc.inTime)
			}
		})
	}
	if _, err := CheckPriceIncrease(eur("2000.00"), cny("1.00"), time.Time{}, dep, nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad input: %v", err)
	}
}

// A price increase's latest notice day is given: 20 days before the start
// in the package's zone; a notice that day is in time, the next day late.
func TestPriceIncreaseGivesItsLatestNoticeDay(t *testing.T) {
	dep := date.New(2027, 7, 10)
	for _, tc := range []struct {
		at     time.Time
		inTime bool
	}{
		{time.Date(2027, 6, 20, 23, 59, 0, 0, berlin), true},
		{time.Date(2027, 6, 21, 0, 0, 0, 0, berlin), false},
		{time.Date(2027, 6, 20, 22, 30, 0, 0, time.UTC), false}, // 00:30 on the 21st in Berlin
	} {
		p, err := CheckPriceIncrease(eur("2000.00"), eur("100.00"), tc.at, dep, berlin)
		if err != nil || p.LatestNotice != date.New(2027, 6, 20) || p.InTime != tc.inTime || p.Allowed != tc.inTime {
			t.Errorf("notice at %s: %+v, %v", tc.at, p, err)
		}
	}
}

// A transfer of the package to another traveller notified 7 days or more
// before the start is in any event reasonable; later it is left to the
// organiser; on or after the start it is refused.
func TestTransferNoticeIsReasonableSevenDaysBeforeTheStart(t *testing.T) {
	dep := date.New(2027, 7, 10)
	for _, tc := range []struct {
		day        int
		days       int
		reasonable bool
	}{{1, 9, true}, {3, 7, true}, {4, 6, false}, {9, 1, false}} {
		n, err := CheckTransferNotice(time.Date(2027, 7, tc.day, 12, 0, 0, 0, berlin), dep, berlin)
		if err != nil || n.DaysBefore != tc.days || n.Reasonable != tc.reasonable || n.LatestDeemed != date.New(2027, 7, 3) {
			t.Errorf("notice on 2027-07-%02d: %+v, %v", tc.day, n, err)
		}
	}
	for _, at := range []time.Time{time.Date(2027, 7, 10, 8, 0, 0, 0, berlin), {}} {
		if _, err := CheckTransferNotice(at, dep, berlin); !errors.Is(err, ErrInvalid) {
			t.Errorf("notice at %s: %v", at, err)
		}
	}
}
