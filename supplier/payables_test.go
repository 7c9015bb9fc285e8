package supplier_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// The expected cost is frozen at confirmation: editing the contract's
// prices afterwards changes nothing of it. The invoice is matched with its
// variance, flagged beyond tolerance.
func TestFrozenCostAndInvoiceVariance(t *testing.T) {
	t.Parallel()
	c := rome(t)
	req := supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 3}
	rate, err := c.Rates(req)
	if err != nil {
		t.Fatal(err)
	}
	confirmed := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	line, err := supplier.Freeze("cl-1", "B-1", c, rate, 1, confirmed)
	if err != nil || line.Expected.String() != "620.00 EUR" || line.ContractVersion != 1 {
		t.Fatalf("frozen %+v, %v", line, err)
	}
	c.Plans[0].Prices[2].Adult = eur(t, "999") // the contract changes later
	if line.Expected.String() != "620.00 EUR" {
		t.Error("the frozen cost moved")
	}
	other, _ := supplier.Freeze("cl-2", "B-1", c, rate, 1, confirmed)
	tol := supplier.Tolerance{Percent: decimal.NewFromInt(1), Amount: ptr(eur(t, "5"))}
	inv := supplier.Invoice{ID: "INV-7", SupplierID: "hotel-pantheon", Number: "2027/0512", Issued: date.New(2027, 5, 12), Lines: []supplier.InvoiceLine{
		{CostLine: "cl-1", Amount: eur(t, "650.00")}, {CostLine: "cl-x", Amount: eur(t, "10")}}}
	m, err := supplier.MatchInvoice(inv, []supplier.CostLine{line, other}, tol)
	if err != nil {
		t.Fatal(err)
	}
	v := m.Variances[0]
	if v.Diff.String() != "30.00 EUR" || v.Percent.String() != "4.84" || !v.Flagged {
		t.Errorf("variance %+v", v)
	}
	if len(m.Unmatched) != 1 || len(m.Unbilled) != 1 || m.Unbilled[0].ID != "cl-2" {
		t.Errorf("unmatched %v, unbilled %v", m.Unmatched, m.Unbilled)
	}
	inv.Lines = []supplier.InvoiceLine{{CostLine: "cl-1", Amount: eur(t, "624.00")}} // within 1 % (6.20)
	m, _ = supplier.MatchInvoice(inv, []supplier.CostLine{line}, tol)
	if m.Variances[0].Flagged {
		t.Errorf("within tolerance flagged: %+v", m.Variances[0])
	}
}

func ptr[T any](v T) *T { return &v }

func TestSupplierPaymentSchedule(t *testing.T) {
	t.Parallel()
	total := eur(t, "620.00")
	booked, service := date.New(2026, 11, 27), date.New(2027, 5, 4)
	terms := supplier.PaymentTerms{DepositPct: decimal.RequireFromString("33.333"), BalanceDays: 30}
	ps, err := terms.Schedule(total, booked, service)
	if err != nil || len(ps) != 2 || ps[0].Amount.String() != "206.66 EUR" || ps[1].Amount.String() != "413.34 EUR" || ps[1].Due != date.New(2027, 4, 4) {
		t.Fatalf("deposit and balance: %+v, %v", ps, err)
	}
	sum, _ := ps[0].Amount.Add(ps[1].Amount)
	if !sum.Equal(total) {
		t.Error("payments do not add up")
	}
	after := supplier.PaymentTerms{BalanceDays: 30, BalanceAfter: true}
	ps, _ = after.Schedule(total, booked, service)
	if len(ps) != 1 || ps[0].Kind != pricing.InstalmentFull || ps[0].Due != date.New(2027, 6, 3) {
		t.Errorf("group bill 30 days after: %+v", ps)
	}
	late, _ := terms.Schedule(total, date.New(2027, 4, 20), service)
	if len(late) != 1 || late[0].Due != date.New(2027, 4, 20) {
		t.Errorf("booked after the balance date: %+v", late)
	}
}

// A block of 100 room nights at 80 % commitment with 70 used owes 10 at
// the contract rate; 81 % of 99 rounds the commitment up to 81.
func TestAttritionAndCredit(t *testing.T) {
	t.Parallel()
	a := supplier.Attrition{CommitPct: decimal.NewFromInt(80), CutoffDays: 30}
	rate := eur(t, "150.00")
	for _, tc := range []struct {
		contracted, used int
		pct              string
		want             string
	}{{100, 70, "80", "1500.00 EUR"}, {100, 85, "80", "0.00 EUR"}, {99, 70, "81", "1650.00 EUR"}} {
		a.CommitPct = decimal.RequireFromString(tc.pct)
		got, err := a.Damages([]supplier.BlockNight{{Contracted: tc.contracted, Used: tc.used}}, rate)
		if err != nil || got.String() != tc.want {
			t.Errorf("%d/%d at %s %%: %v, %v; want %s", tc.used, tc.contracted, tc.pct, got, err, tc.want)
		}
	}
	limit := eur(t, "5000")
	terms := supplier.PaymentTerms{CreditLimit: &limit}
	if ok, _ := terms.WithinCredit(eur(t, "4000"), eur(t, "1000")); !ok {
		t.Error("exactly at the limit is within")
	}
	if ok, _ := terms.WithinCredit(eur(t, "4000"), eur(t, "1000.01")); ok {
		t.Error("above the limit is not")
	}
	if ok, _ := (supplier.PaymentTerms{}).WithinCredit(eur(t, "1000000000"), eur(t, "1")); !ok {
		t.Error("no limit agreed")
	}
}

// Attrition damages count the room nights the hotel resold, per night or
// over the whole stay, and are never charged above the contract rate.
func TestAttritionDamagesCountResoldNightsAndNeverExceedTheContractRate(t *testing.T) {
	t.Parallel()
	rate := eur(t, "150.00")
	// Three nights of 20 rooms at 80 %: 16 committed a night, 48 in all.
	nights := []supplier.BlockNight{{Contracted: 20, Used: 18, Resold: 0}, {Contracted: 20, Used: 10, Resold: 2}, {Contracted: 20, Used: 14, Resold: 3}}
	whole := supplier.Attrition{CommitPct: decimal.NewFromInt(80), CutoffDays: 30}
	perNight := whole
	perNight.Basis = supplier.PerNight
	for name, tc := range map[string]struct {
		a    supplier.Attrition
		want string
	}{
		// 48 committed − (42 used + 5 resold) = 1 room night.
		"whole stay": {whole, "150.00 EUR"},
		// Night by night: 0 + (16 − 12) + 0 = 4: the first night's extra
		// rooms do not make up for the second's.
		"per night": {perNight, "600.00 EUR"},
	} {
		got, err := tc.a.Damages(nights, rate)
		if err != nil || got.String() != tc.want {
			t.Errorf("%s: %v, %v; want %s", name, got, err, tc.want)
		}
	}
	// A damages rate above the contract rate is capped at it; one below
	// it stands.
	high, low := eur(t, "200.00"), eur(t, "90.00")
	perNight.DamagesRate = &high
	if got, _ := perNight.Damages(nights, rate); got.String() != "600.00 EUR" {
		t.Errorf("a damages rate above the contract rate: %s", got)
	}
	perNight.DamagesRate = &low
	if got, _ := perNight.Damages(nights, rate); got.String() != "360.00 EUR" {
		t.Errorf("a damages rate below the contract rate: %s", got)
	}
	if _, err := whole.Damages([]supplier.BlockNight{{Contracted: -1}}, rate); !errors.Is(err, supplier.ErrInvalid) {
		t.Errorf("negative room nights: %v", err)
	}
}
