package booking

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/pricing"
)

var t0 = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)

func cny(s string) pricing.Money {
	m, err := pricing.Parse(s, "CNY")
	if err != nil {
		panic(err)
	}
	return m
}

// ready is a booking in state st whose guards for the next step pass.
func ready(st State) *Booking {
	return &Booking{
		Reference: "TK-1", State: st, Zone: "Asia/Shanghai",
		OptionUntil: t0.Add(48 * time.Hour), Grace: time.Hour,
		Services: []Service{
			{ID: "s1", Start: date.New(2027, 3, 10), End: date.New(2027, 3, 12), Units: 1, Status: ServiceConfirmed},
			{ID: "s2", Start: date.New(2027, 3, 12), End: date.New(2027, 3, 16), Units: 1, Status: ServiceConfirmed},
		},
		ContractSigned: true,
		Total:          cny("10000.00"), DepositDue: cny("3000.00"), Paid: cny("10000.00"),
	}
}

func TestTransitions(t *testing.T) {
	// 2027-03-10 00:30 in Shanghai is still 03-09 in UTC: the zone decides.
	departShanghai := time.Date(2027, 3, 9, 16, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		b      *Booking
		event  Event
		in     Input
		want   State
		refuse string // substring of the refusal, "" when allowed
	}{
		{"place option", ready(Enquiry), PlaceOption, Input{Now: t0, OptionUntil: t0.Add(time.Hour)}, Option, ""},
		{"option in the past", ready(Enquiry), PlaceOption, Input{Now: t0, OptionUntil: t0}, Enquiry, "expires after"},
		{"confirm", ready(Option), Confirm, Input{Now: t0}, Confirmed, ""},
		{"confirm within grace", ready(Option), Confirm, Input{Now: t0.Add(48*time.Hour + 59*time.Minute)}, Confirmed, ""},
		{"confirm after grace", ready(Option), Confirm, Input{Now: t0.Add(49 * time.Hour)}, Option, "lapsed"},
		{"confirm unconfirmed service", func() *Booking { b := ready(Option); b.Services[1].Status = OnRequest; return b }(), Confirm, Input{Now: t0}, Option, "service s2 is on_request"},
		{"confirm without services", func() *Booking { b := ready(Option); b.Services = nil; return b }(), Confirm, Input{Now: t0}, Option, "needs services"},
		{"confirm unsigned", func() *Booking { b := ready(Option); b.ContractSigned = false; return b }(), Confirm, Input{Now: t0}, Option, "not signed"},
		{"confirm deposit short", func() *Booking { b := ready(Option); b.Paid = cny("2999.99"); return b }(), Confirm, Input{Now: t0}, Option, "deposit 3000.00 CNY due"},
		{"pay", ready(Confirmed), Pay, Input{Now: t0}, Paid, ""},
		{"pay short", func() *Booking { b := ready(Confirmed); b.Paid = cny("9999.99"); return b }(), Pay, Input{Now: t0}, Confirmed, "paid 9999.99 CNY of 10000.00 CNY"},
		{"depart early", ready(Paid), Depart, Input{Now: departShanghai.Add(-time.Hour)}, Paid, "starts on 2027-03-10"},
		{"depart in agency zone", ready(Paid), Depart, Input{Now: departShanghai}, Travelling, ""},
		{"complete on last day", ready(Travelling), Complete, Input{Now: time.Date(2027, 3, 16, 12, 0, 0, 0, time.UTC)}, Travelling, "ends on 2027-03-16"},
		{"complete after", ready(Travelling), Complete, Input{Now: time.Date(2027, 3, 16, 16, 0, 0, 0, time.UTC)}, Completed, ""},
		{"cancel with reason", ready(Paid), Cancel, Input{Now: t0, Reason: ByCustomer}, Cancelled, ""},
		{"cancel travelling", ready(Travelling), Cancel, Input{Now: t0, Reason: ForceMajeure}, Cancelled, ""},
		{"cancel without reason", ready(Confirmed), Cancel, Input{Now: t0}, Confirmed, "needs its reason"},
		{"cancel unknown reason", ready(Confirmed), Cancel, Input{Now: t0, Reason: "bored"}, Confirmed, "needs its reason"},
		{"cancel completed", ready(Completed), Cancel, Input{Now: t0, Reason: ByAgency}, Completed, "cannot cancel a booking that is completed"},
		{"expire early", ready(Option), Expire, Input{Now: t0.Add(48 * time.Hour)}, Option, "runs until"},
		{"expire", ready(Option), Expire, Input{Now: t0.Add(49 * time.Hour)}, Expired, ""},
		{"move", ready(Confirmed), Move, Input{Now: t0, MovedTo: "TK-2"}, Moved, ""},
		{"move to itself", ready(Confirmed), Move, Input{Now: t0, MovedTo: "TK-1"}, Confirmed, "supersedes"},
		{"move travelling", ready(Travelling), Move, Input{Now: t0, MovedTo: "TK-2"}, Travelling, "cannot move a booking that is travelling"},
		{"pay an enquiry", ready(Enquiry), Pay, Input{Now: t0}, Enquiry, "cannot pay a booking that is enquiry"},
		{"revive expired", ready(Expired), Confirm, Input{Now: t0}, Expired, "cannot confirm"},
		{"unknown event", ready(Option), "teleport", Input{Now: t0}, Option, "cannot teleport"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := *tc.b
			err := tc.b.Apply(tc.event, tc.in)
			if tc.refuse == "" {
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
			} else {
				if !errors.Is(err, ErrInvalidTransition) || !strings.Contains(err.Error(), tc.refuse) {
					t.Fatalf("Apply error = %v, want ErrInvalidTransition containing %q", err, tc.refuse)
				}
				if tc.b.State != before.State || tc.b.Reason != before.Reason || tc.b.MovedTo != before.MovedTo {
					t.Fatalf("a refused event changed the booking: %+v", tc.b)
				}
			}
			if tc.b.State != tc.want {
				t.Fatalf("state = %s, want %s", tc.b.State, tc.want)
			}
		})
	}
}

func TestApplyRecordsEventData(t *testing.T) {
	b := ready(Enquiry)
	until := t0.Add(72 * time.Hour)
	if err := b.Apply(PlaceOption, Input{Now: t0, OptionUntil: until, Grace: -time.Hour}); err != nil {
		t.Fatal(err)
	}
	if !b.OptionUntil.Equal(until) || b.Grace != 0 {
		t.Fatalf("option = %v grace %v, want %v and no negative grace", b.OptionUntil, b.Grace, until)
	}
	if err := b.Apply(Cancel, Input{Now: t0, Reason: GroupNotFormed}); err != nil || b.Reason != GroupNotFormed {
		t.Fatalf("cancel: %v, reason %q", err, b.Reason)
	}
	m := ready(Paid)
	if err := m.Apply(Move, Input{Now: t0, MovedTo: "TK-9"}); err != nil || m.MovedTo != "TK-9" {
		t.Fatalf("move: %v, moved to %q", err, m.MovedTo)
	}
}

func TestEveryStateHasAWayOutOrIsFinal(t *testing.T) {
	final := map[State]bool{Completed: true, Cancelled: true, Expired: true, Moved: true}
	from := map[State]bool{}
	for _, tr := range table() {
		from[tr.from] = true
		if final[tr.from] {
			t.Errorf("final state %s has a move %s", tr.from, tr.event)
		}
	}
	for _, s := range []State{Enquiry, Option, Confirmed, Paid, Travelling} {
		if !from[s] {
			t.Errorf("state %s has no way out", s)
		}
	}
}

func TestDepartureAndReturn(t *testing.T) {
	b := ready(Paid)
	b.Services[0], b.Services[1] = b.Services[1], b.Services[0]
	if b.Departure() != date.New(2027, 3, 10) || b.Return() != date.New(2027, 3, 16) {
		t.Fatalf("departure %s return %s", b.Departure(), b.Return())
	}
}
