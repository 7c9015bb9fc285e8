package feedback_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

func cny(t testing.TB, s string) *pricing.Money {
	t.Helper()
	m, err := pricing.Parse(s, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

// open receives a medium complaint on Monday 23 November 2026 at 10:00
// Shanghai time under the default policy and the office calendar.
func open(t testing.TB) *feedback.Complaint {
	t.Helper()
	c, err := feedback.Open(feedback.Complaint{ID: "K1", CustomerID: "c1", TripID: "T1", ItemID: "stay-1", SupplierID: "hotel-lumiere",
		Category: "hotel_service", Priority: feedback.Medium, Channel: feedback.Phone, Summary: "Room not cleaned, rude front desk",
		ReceivedAt: shAt(t, 23, 10, 0)}, feedback.DefaultPolicy(), shanghaiOffice(t), "consultant-li")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// shAt is an instant in November 2026, Shanghai time.
func shAt(t testing.TB, day, hh, mm int) time.Time {
	return time.Date(2026, 11, day, hh, mm, 0, 0, load(t, "Asia/Shanghai"))
}

func apply(t testing.TB, c *feedback.Complaint, steps ...any) {
	t.Helper()
	for i := 0; i < len(steps); i += 2 {
		if err := c.Apply(steps[i].(feedback.Action), steps[i+1].(time.Time), "consultant-li", ""); err != nil {
			t.Fatalf("%s: %v", steps[i], err)
		}
	}
}

func resolution(t testing.TB) feedback.Resolution {
	return feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "Room re-cleaned, apology from the manager",
		Compensations: []feedback.Compensation{
			{Kind: feedback.Points, Points: 5000, Reason: "hotel goodwill points", ApprovedBy: "manager-wu"},
			{Kind: feedback.Voucher, Amount: cny(t, "800"), Expires: date.New(2027, 12, 31), Reason: "discount on the next trip",
				ApprovedBy: "manager-wu", ChargeBack: "hotel-lumiere"},
		}}
}

var limits = feedback.ApprovalLimits{Points: 1000}

func TestTransitions(t *testing.T) {
	t.Parallel()
	c := open(t)
	for _, bad := range []feedback.Action{feedback.Assess, feedback.Investigate, feedback.Respond, feedback.Close, feedback.Reopen, feedback.Resume} {
		if err := c.Apply(bad, shAt(t, 23, 10, 5), "x", ""); !errors.Is(err, feedback.ErrInvalidTransition) {
			t.Errorf("%s from received: %v", bad, err)
		}
	}
	apply(t, c, feedback.Acknowledge, shAt(t, 23, 10, 20), feedback.Assess, shAt(t, 23, 10, 40), feedback.Investigate, shAt(t, 23, 11, 0))
	if err := c.Apply(feedback.Respond, shAt(t, 23, 11, 30), "x", ""); !errors.Is(err, feedback.ErrInvalidTransition) {
		t.Errorf("respond without a resolution: %v", err)
	}
	if err := c.Apply(feedback.Escalate, shAt(t, 23, 11, 0), "supervisor", "VIP customer"); err != nil || c.Escalation != 1 || c.Status != feedback.Investigating {
		t.Errorf("escalate: %v, level %d, %s", err, c.Escalation, c.Status)
	}
	if err := c.Apply(feedback.AddNote, shAt(t, 23, 10, 0), "x", "too early"); !errors.Is(err, feedback.ErrInvalidTransition) {
		t.Errorf("an entry before the last one: %v", err)
	}
	apply(t, c, feedback.WaitSupplier, shAt(t, 23, 14, 0), feedback.Resume, shAt(t, 24, 10, 0))
	if err := c.Resolve(resolution(t), shAt(t, 24, 14, 0), "consultant-li", limits); err != nil {
		t.Fatal(err)
	}
	apply(t, c, feedback.Respond, shAt(t, 24, 15, 0), feedback.Close, shAt(t, 24, 16, 0))
	if err := c.RecordSatisfaction(5, shAt(t, 24, 16, 5), "consultant-li"); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(feedback.Escalate, shAt(t, 24, 17, 0), "x", ""); !errors.Is(err, feedback.ErrInvalidTransition) {
		t.Errorf("escalating a closed complaint: %v", err)
	}
	if c.Status != feedback.Closed || len(c.Timeline) != 11 || c.Satisfaction != 5 {
		t.Errorf("status %s, %d entries, satisfaction %d", c.Status, len(c.Timeline), c.Satisfaction)
	}
	// Reopen goes back to investigating.
	apply(t, c, feedback.Reopen, shAt(t, 25, 10, 0))
	if c.Status != feedback.Investigating {
		t.Errorf("reopened status %s", c.Status)
	}
}

func TestResolveApprovals(t *testing.T) {
	t.Parallel()
	c := open(t)
	r := resolution(t)
	r.Compensations[0].ApprovedBy = ""              // 5000 points over the 1000 limit
	r.Compensations[1].ApprovedBy = "consultant-li" // approving oneself does not count
	err := c.Resolve(r, shAt(t, 23, 11, 0), "consultant-li", limits)
	var ve *feedback.ValidationError
	if !errors.Is(err, feedback.ErrApprovalRequired) || !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Fatalf("unapproved compensation: %v", err)
	}
	if c.Resolution != nil {
		t.Error("a refused resolution was recorded")
	}
	// Within the handler's limits no approval is needed.
	small := feedback.Resolution{RootCause: feedback.AgencyError, Remedy: "apology", Compensations: []feedback.Compensation{
		{Kind: feedback.Points, Points: 500, Reason: "sorry"},
		{Kind: feedback.Refund, Amount: cny(t, "200"), Reason: "missed transfer"}}}
	if err := c.Resolve(small, shAt(t, 23, 11, 0), "consultant-li", feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{*cny(t, "500")}}); err != nil {
		t.Errorf("within limits: %v", err)
	}
	// Malformed compensations are reported together.
	bad := feedback.Resolution{RootCause: "bad luck", Remedy: "", Compensations: []feedback.Compensation{
		{Kind: feedback.Voucher, Amount: cny(t, "100"), Reason: "x", ApprovedBy: "m"},
		{Kind: feedback.Refund, Amount: cny(t, "-5"), Reason: "x"},
		{Kind: feedback.Points, Points: 10, Reason: "x", ChargeBack: "hotel"}}}
	err = c.Resolve(bad, shAt(t, 23, 11, 0), "consultant-li", feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{*cny(t, "500")}})
	if !errors.As(err, &ve) {
		t.Fatalf("bad resolution: %v", err)
	}
	var codes []string
	for _, p := range ve.Problems {
		codes = append(codes, p.Field+":"+p.Code)
	}
	want := "RootCause:invalid_value Remedy:required Compensations[0].Expires:required Compensations[1].Amount:invalid_value Compensations[2].ChargeBack:invalid_value"
	if got := join(codes); got != want {
		t.Errorf("problems\n got %s\nwant %s", got, want)
	}
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func TestOpenValidation(t *testing.T) {
	t.Parallel()
	_, err := feedback.Open(feedback.Complaint{Priority: "whenever", Channel: "pigeon"}, feedback.DefaultPolicy(), nil, "x")
	var ve *feedback.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 9 {
		t.Errorf("%v", err)
	}
}

func TestZeroComplaintRefuses(t *testing.T) {
	t.Parallel()
	var c feedback.Complaint
	if err := c.Apply(feedback.Acknowledge, time.Now(), "x", ""); !errors.Is(err, feedback.ErrInvalidTransition) {
		t.Errorf("Apply: %v", err)
	}
	if err := c.Resolve(feedback.Resolution{}, time.Now(), "x", feedback.ApprovalLimits{}); !errors.Is(err, feedback.ErrInvalidTransition) {
		t.Errorf("Resolve: %v", err)
	}
	if _, err := c.SLA(time.Now()); !errors.Is(err, feedback.ErrInvalid) {
		t.Errorf("SLA: %v", err)
	}
	if _, err := (feedback.FollowUpPolicy{}).ForComplaint("f", &c); !errors.Is(err, feedback.ErrInvalid) {
		t.Errorf("ForComplaint: %v", err)
	}
}
