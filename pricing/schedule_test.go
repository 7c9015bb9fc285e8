package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/pricing"
)

func TestSchedule(t *testing.T) {
	t.Parallel()
	departure := date.New(2027, time.May, 1)
	balanceDue := date.New(2027, time.March, 2) // 60 days before 1 May
	type inst struct {
		Kind   pricing.InstalmentKind
		Amount string
		Due    date.Date
	}
	fixed := mustMoney(t, "5000", "CNY")
	tests := []struct {
		name     string
		total    string
		policy   pricing.PaymentPolicy
		accepted date.Date
		want     []inst
	}{
		{
			// 30 % of 84314.38 = 25294.314 → 25294.31; balance 59020.07.
			name:     "percent deposit",
			total:    "84314.38",
			policy:   pricing.PaymentPolicy{DepositPct: dec(t, "30"), BalanceDaysBefore: 60},
			accepted: date.New(2026, time.November, 27),
			want: []inst{
				{pricing.InstalmentDeposit, "25294.31", date.New(2026, time.November, 27)},
				{pricing.InstalmentBalance, "59020.07", balanceDue},
			},
		},
		{
			// 33.335 % of 100.01 = 33.338… → 33.34; balance 66.67.
			name:     "deposit rounds half-up",
			total:    "100.01",
			policy:   pricing.PaymentPolicy{DepositPct: dec(t, "33.335"), BalanceDaysBefore: 60},
			accepted: date.New(2026, time.November, 27),
			want: []inst{
				{pricing.InstalmentDeposit, "33.34", date.New(2026, time.November, 27)},
				{pricing.InstalmentBalance, "66.67", balanceDue},
			},
		},
		{
			name:     "fixed deposit",
			total:    "84314.38",
			policy:   pricing.PaymentPolicy{DepositFixed: &fixed, BalanceDaysBefore: 60},
			accepted: date.New(2026, time.November, 27),
			want: []inst{
				{pricing.InstalmentDeposit, "5000.00", date.New(2026, time.November, 27)},
				{pricing.InstalmentBalance, "79314.38", balanceDue},
			},
		},
		{
			name:     "accepted on the balance day pays in full",
			total:    "84314.38",
			policy:   pricing.PaymentPolicy{DepositPct: dec(t, "30"), BalanceDaysBefore: 60},
			accepted: balanceDue,
			want:     []inst{{pricing.InstalmentFull, "84314.38", balanceDue}},
		},
		{
			name:     "accepted the day before the balance day still splits",
			total:    "84314.38",
			policy:   pricing.PaymentPolicy{DepositPct: dec(t, "30"), BalanceDaysBefore: 60},
			accepted: balanceDue - 1,
			want: []inst{
				{pricing.InstalmentDeposit, "25294.31", balanceDue - 1},
				{pricing.InstalmentBalance, "59020.07", balanceDue},
			},
		},
		{
			name:     "no deposit",
			total:    "1000",
			policy:   pricing.PaymentPolicy{BalanceDaysBefore: 30},
			accepted: date.New(2026, time.November, 27),
			want:     []inst{{pricing.InstalmentBalance, "1000.00", departure - 30}},
		},
	}
	for _, tt := range tests {
		s, err := pricing.Schedule(mustMoney(t, tt.total, "CNY"), tt.policy, tt.accepted, departure)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got := make([]inst, len(s.Instalments))
		sum := pricing.Zero(mustCur(t, "CNY"))
		for i, in := range s.Instalments {
			got[i] = inst{in.Kind, in.Amount.Amount().StringFixed(2), in.Due}
			sum, _ = sum.Add(in.Amount)
			if in.Due > departure {
				t.Errorf("%s: instalment due %s after departure", tt.name, in.Due)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if !sum.Equal(s.Total) {
			t.Errorf("%s: instalments sum to %s, total %s", tt.name, sum, s.Total)
		}
	}
}

func TestScheduleInvalid(t *testing.T) {
	t.Parallel()
	big := mustMoney(t, "2000", "CNY")
	_, err := pricing.Schedule(mustMoney(t, "1000.005", "CNY"),
		pricing.PaymentPolicy{DepositFixed: &big, BalanceDaysBefore: -1},
		date.New(2027, time.June, 1), date.New(2027, time.May, 1))
	want := []string{"Total:too_precise", "Accepted:order", "Policy.BalanceDaysBefore:out_of_range", "Policy.DepositFixed:out_of_range"}
	if diff := cmp.Diff(want, codes(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	_, err = pricing.Schedule(mustMoney(t, "0", "CNY"), pricing.PaymentPolicy{DepositPct: dec(t, "101")}, 0, 0)
	want = []string{"Total:not_positive", "Accepted:required", "Departure:required", "Policy.DepositPct:out_of_range"}
	if diff := cmp.Diff(want, codes(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestCheckBudget(t *testing.T) {
	t.Parallel()
	// 84314.38 against 80000: over by 4314.38 = 5.392975 % → 5.39 %.
	bc, err := pricing.CheckBudget(mustMoney(t, "84314.38", "CNY"), mustMoney(t, "80000", "CNY"))
	if err != nil {
		t.Fatal(err)
	}
	if bc.Within || bc.Over.String() != "4314.38 CNY" || bc.OverPct.StringFixed(2) != "5.39" || !bc.Headroom.IsZero() {
		t.Errorf("over budget = %+v", bc)
	}
	bc, err = pricing.CheckBudget(mustMoney(t, "75000", "CNY"), mustMoney(t, "80000", "CNY"))
	if err != nil || !bc.Within || bc.Headroom.String() != "5000.00 CNY" || !bc.Over.IsZero() || !bc.OverPct.IsZero() {
		t.Errorf("within budget = %+v, %v", bc, err)
	}
	if _, err := pricing.CheckBudget(mustMoney(t, "1", "CNY"), mustMoney(t, "1", "EUR")); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies error = %v", err)
	}
	if _, err := pricing.CheckBudget(mustMoney(t, "1", "CNY"), mustMoney(t, "0", "CNY")); !errors.Is(err, pricing.ErrInvalid) {
		t.Errorf("zero budget error = %v", err)
	}
}
