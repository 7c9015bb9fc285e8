package booking

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

func amendable(t *testing.T, paid ...string) (Booking, Ledger) {
	t.Helper()
	b := Booking{Reference: "TK-1", State: Confirmed, Zone: "Asia/Shanghai", Total: cny("10000.00"), Revision: 1,
		Services: []Service{
			{ID: "s1", Product: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 5), Units: 2, Status: ServiceConfirmed, Price: cny("6000.00")},
			{ID: "s2", Product: "tour", Start: date.New(2027, 5, 2), End: date.New(2027, 5, 2), Units: 2, Status: ServiceConfirmed, Price: cny("4000.00")},
		},
		Travellers: []Traveller{
			{ID: "t1", Surname: "ZHANG", GivenNames: "WEI", DocumentNumber: "E12345678", DocumentExpiry: date.New(2030, 1, 1)},
			{ID: "t2", Surname: "LI", GivenNames: "NA", DocumentNumber: "E87654321", DocumentExpiry: date.New(2029, 6, 1)},
		}}
	s, err := pricing.Schedule(b.Total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, date.New(2027, 3, 1), date.New(2027, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	l := Ledger{Schedule: s}
	for i, p := range paid {
		if l, err = l.Record(Payment{ID: fmt.Sprint("p", i), Kind: KindPayment, Amount: cny(p), ReceivedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	return b, l
}

func instalments(s pricing.PaymentSchedule) string {
	var parts []string
	for _, in := range s.Instalments {
		parts = append(parts, fmt.Sprintf("%s %s %s", in.Kind, in.Amount.Amount().StringFixed(2), in.Due))
	}
	return strings.Join(parts, "; ")
}

func TestAmend(t *testing.T) {
	on := date.New(2027, 3, 15)
	transfer := Service{ID: "s3", Product: "transfer", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 1), Units: 1, Status: Requested, Price: cny("500.00")}
	tests := []struct {
		name      string
		paid      []string
		a         Amendment
		total     string
		diff      string
		refund    string
		schedule  string
		services  string
		travelers string
	}{
		{"add a service, fix one passport, fee; booked prices stand",
			[]string{"3000.00", "1000.00"},
			Amendment{On: on, Fee: cny("100.00"),
				SetServices:   []Service{transfer, {ID: "s1", Product: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 5), Units: 2, Status: ServiceConfirmed, Price: cny("1.00")}},
				SetTravellers: []Traveller{{ID: "t2", Surname: "LI", GivenNames: "NA", DocumentNumber: "E87654322", DocumentExpiry: date.New(2029, 6, 1)}}},
			"10600.00", "500.00", "0.00", "deposit 3000.00 2027-03-01; balance 7600.00 2027-04-01",
			"[{added s3 []}]", "[{changed t2 [document_number]}]"},
		{"re-price on request",
			[]string{"3000.00"},
			Amendment{On: on, Reprice: true, SetServices: []Service{{ID: "s1", Product: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 5), Units: 2, Status: ServiceConfirmed, Price: cny("5500.00")}}},
			"9500.00", "-500.00", "0.00", "deposit 3000.00 2027-03-01; balance 6500.00 2027-04-01",
			"[{changed s1 [price]}]", "[]"},
		{"new dates need a price",
			nil,
			Amendment{On: on, SetServices: []Service{{ID: "s2", Product: "tour", Start: date.New(2027, 5, 3), End: date.New(2027, 5, 3), Units: 2, Status: Requested, Price: cny("4200.00")}}},
			"10200.00", "200.00", "0.00", "deposit 3060.00 2027-03-01; balance 7140.00 2027-04-01",
			"[{changed s2 [start end status price]}]", "[]"},
		{"remove a service and a traveller",
			[]string{"4000.00"},
			Amendment{On: on, RemoveServices: []string{"s2"}, RemoveTravellers: []string{"t1"}},
			"6000.00", "-4000.00", "0.00", "deposit 3000.00 2027-03-01; balance 3000.00 2027-04-01",
			"[{removed s2 []}]", "[{removed t1 []}]"},
		{"overpaid after a removal",
			[]string{"3000.00", "5000.00"},
			Amendment{On: on, RemoveServices: []string{"s2"}},
			"6000.00", "-4000.00", "2000.00", "deposit 3000.00 2027-03-01; balance 3000.00 2027-04-01",
			"[{removed s2 []}]", "[]"},
		{"fully paid: the increase falls due on the amendment date",
			[]string{"10000.00"},
			Amendment{On: on, SetServices: []Service{transfer}},
			"10500.00", "500.00", "0.00", "deposit 3000.00 2027-03-01; balance 7000.00 2027-04-01; balance 500.00 2027-03-15",
			"[{added s3 []}]", "[]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, l := amendable(t, tc.paid...)
			orig := slices.Clone(b.Travellers)
			r, err := Amend(b, l, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{r.Booking.Total.Amount().StringFixed(2), r.PriceDifference.Amount().StringFixed(2), r.Refund.Amount().StringFixed(2),
				instalments(r.Schedule), fmt.Sprint(r.Services), fmt.Sprint(r.Travellers)}
			want := []string{tc.total, tc.diff, tc.refund, tc.schedule, tc.services, tc.travelers}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("field %d: got %q, want %q", i, got[i], want[i])
				}
			}
			var sum int64
			for _, in := range r.Schedule.Instalments {
				v, _ := in.Amount.MinorUnits()
				sum += v
			}
			if tot, _ := r.Booking.Total.MinorUnits(); sum != tot || !r.Schedule.Total.Equal(r.Booking.Total) {
				t.Errorf("instalments add up to %d, total %s", sum, r.Booking.Total)
			}
			if r.Booking.Revision != 2 || !r.NeedsSupplement {
				t.Errorf("revision %d supplement %v", r.Booking.Revision, r.NeedsSupplement)
			}
			// The original booking is untouched, and travellers not named
			// are exactly as they were.
			if !slices.Equal(b.Travellers, orig) || b.Revision != 1 || !b.Total.Equal(cny("10000.00")) {
				t.Error("Amend changed its input")
			}
			for _, tr := range r.Booking.Travellers {
				if j := slices.IndexFunc(orig, func(o Traveller) bool { return o.ID == tr.ID }); j >= 0 &&
					!slices.ContainsFunc(tc.a.SetTravellers, func(s Traveller) bool { return s.ID == tr.ID }) && tr != orig[j] {
					t.Errorf("traveller %s changed without being named", tr.ID)
				}
			}
		})
	}
}

func TestAmendLargestRemainder(t *testing.T) {
	b, _ := amendable(t)
	b.Total = cny("3000.00")
	b.Services = []Service{{ID: "s1", Product: "p", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 1), Units: 1, Price: cny("3000.00")}}
	l := Ledger{Schedule: pricing.PaymentSchedule{Total: cny("3000.00"), Instalments: []pricing.Instalment{
		{Kind: pricing.InstalmentDeposit, Amount: cny("1000.00"), Due: date.New(2027, 3, 1)},
		{Kind: pricing.InstalmentBalance, Amount: cny("1000.00"), Due: date.New(2027, 4, 1)},
		{Kind: pricing.InstalmentBalance, Amount: cny("1000.00"), Due: date.New(2027, 4, 15)},
	}}}
	r, err := Amend(b, l, Amendment{On: date.New(2027, 2, 1), Fee: cny("0.02")})
	if err != nil {
		t.Fatal(err)
	}
	if got := instalments(r.Schedule); got != "deposit 1000.01 2027-03-01; balance 1000.01 2027-04-01; balance 1000.00 2027-04-15" {
		t.Fatalf("schedule %s", got)
	}
}

func TestAmendRefuses(t *testing.T) {
	b, l := amendable(t)
	on := date.New(2027, 3, 15)
	tests := []struct {
		name  string
		a     Amendment
		codes []string
	}{
		{"nothing", Amendment{On: on}, []string{"no_change"}},
		{"new dates without a price", Amendment{On: on, SetServices: []Service{{ID: "s2", Product: "tour", Start: date.New(2027, 5, 3), End: date.New(2027, 5, 3), Units: 2, Status: ServiceConfirmed}}}, []string{"price_required"}},
		{"added without a price, bad fee, unknown removals, no date", Amendment{Fee: cny("-1.00"),
			SetServices:    []Service{{ID: "s9", Product: "x", Start: date.New(2027, 5, 3), End: date.New(2027, 5, 1), Units: 0}},
			RemoveServices: []string{"nope"}, RemoveTravellers: []string{"t9"}},
			[]string{"price_required", "range", "amount", "unknown", "required"}},
		{"every service removed", Amendment{On: on, RemoveServices: []string{"s1", "s2"}}, []string{"empty"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Amend(b, l, tc.a)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v", err)
			}
			for _, c := range tc.codes {
				if !ve.Has(c) {
					t.Errorf("missing %q in %v", c, err)
				}
			}
		})
	}
	b.State = Cancelled
	if _, err := Amend(b, l, Amendment{On: on, Fee: cny("1.00")}); !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("amend a cancelled booking: %v", err)
	}
}

func TestTravellerMasked(t *testing.T) {
	tr := Traveller{ID: "t1", Surname: "ZHANG", GivenNames: "WEI", DocumentNumber: "E12345678"}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("booked", "traveller", tr)
	for _, s := range []string{tr.String(), fmt.Sprintf("%v", tr), buf.String()} {
		if strings.Contains(s, "E12345678") || strings.Contains(s, "345") {
			t.Errorf("document leaked: %s", s)
		}
	}
	if tr.MaskedDocument() != "E1*****78" || (Traveller{DocumentNumber: "AB1"}).MaskedDocument() != "***" {
		t.Errorf("masks %q", tr.MaskedDocument())
	}
}
