package agency_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// complaintService runs on a 24×7 Paris duty desk with the default policy
// (high: respond within 1 h, resolve within 24 h) and a 500 CNY limit.
func complaintService(t *testing.T, store agency.Store, clock *fakeClock) *agency.Service {
	t.Helper()
	limit, _ := pricing.Parse("500", "CNY")
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}),
		agency.WithSLA(feedback.DefaultPolicy(), feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true}),
		agency.WithApprovalLimits(feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}}))
	if _, err := svc.SaveCustomer(context.Background(), agency.Customer{Tenant: tenant, ID: "c1", Name: "王磊", Language: agency.Chinese}); err != nil {
		t.Fatal(err)
	}
	return svc
}

func newComplaint(t *testing.T, svc *agency.Service, clock *fakeClock, id string) agency.ComplaintRecord {
	t.Helper()
	rec, err := svc.OpenComplaint(context.Background(), tenant, feedback.Complaint{ID: id, CustomerID: "c1", SupplierID: "hotel-lumiere",
		Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat, Summary: "room not cleaned", ReceivedAt: clock.Now()}, "li")
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestComplaintCase2Flow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	clock := &fakeClock{now: time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC)}
	svc := complaintService(t, store, clock)
	rec := newComplaint(t, svc, clock, "K1")
	step := func(a feedback.Action, after time.Duration) {
		t.Helper()
		clock.Add(after)
		var err error
		if rec, err = svc.ActOnComplaint(ctx, tenant, "K1", rec.Version, a, "li", ""); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	step(feedback.Acknowledge, 25*time.Minute)
	step(feedback.Assess, 5*time.Minute)
	step(feedback.Investigate, 5*time.Minute)
	step(feedback.WaitSupplier, 5*time.Minute)
	if rec.NextCheck != nil {
		t.Errorf("a paused complaint needs no check: %v", rec.NextCheck)
	}
	step(feedback.Resume, 11*time.Hour)
	// A voucher over the limit without an approver is refused; nothing changes.
	voucher, _ := pricing.Parse("800", "CNY")
	r := feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "room re-cleaned", Compensations: []feedback.Compensation{
		{Kind: feedback.Voucher, Amount: &voucher, Expires: date.New(2028, 5, 31), Reason: "future trip", ChargeBack: "hotel-lumiere"}}}
	if _, err := svc.ResolveComplaint(ctx, tenant, "K1", rec.Version, r, "li"); !errors.Is(err, feedback.ErrApprovalRequired) {
		t.Fatalf("unapproved voucher: %v", err)
	}
	r.Compensations[0].ApprovedBy = "manager-wu"
	var err error
	if rec, err = svc.ResolveComplaint(ctx, tenant, "K1", rec.Version, r, "li"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ActOnComplaint(ctx, tenant, "K1", rec.Version-1, feedback.Respond, "li", ""); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
	step(feedback.Respond, 15*time.Minute)
	step(feedback.Close, 45*time.Minute)
	if rec, err = svc.RateComplaint(ctx, tenant, "K1", rec.Version, 5, "li"); err != nil {
		t.Fatal(err)
	}
	sla, _ := rec.Complaint.SLA(clock.Now())
	if sla.FirstResponse.State != feedback.Met || sla.Resolution.State != feedback.Met || rec.NextCheck != nil {
		t.Errorf("SLA %+v, next check %v", sla, rec.NextCheck)
	}
	// The close scheduled the follow-up 7 days later.
	fs, _ := store.FollowUps().List(ctx, tenant, date.New(2027, 5, 1), date.New(2027, 5, 31))
	if len(fs) != 1 || fs[0].Due != date.New(2027, 5, 10) || fs[0].Kind != feedback.AfterComplaint {
		t.Errorf("follow-ups %+v", fs)
	}
	if _, err := svc.CompleteFollowUp(ctx, tenant, fs[0], "customer happy, booked again"); err != nil {
		t.Fatal(err)
	}
	nps := 10
	if err := svc.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: "c1", RespondedAt: clock.Now(), CSAT: 5, NPS: &nps,
		Ratings: map[feedback.Aspect]int{feedback.AspectConsultant: 5}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: "c1", RespondedAt: clock.Now(), CSAT: 9}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("bad survey: %v", err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	rep, err := svc.FeedbackReport(ctx, tenant, date.New(2027, 5, 1), date.New(2027, 5, 31), paris, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complaints != 1 || rep.SLA.Percent() != "100.0 %" || rep.CSAT.Percent() != "100.0 %" || rep.NPS.Score() != "100.0" ||
		rep.Compensation[0].String() != "800.00 CNY" || rep.FollowUpsOK != 1 {
		t.Errorf("report %+v", rep)
	}
}

func TestSweepRaisesEachAlertOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	clock := &fakeClock{now: time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC)}
	svc := complaintService(t, store, clock)
	rec := newComplaint(t, svc, clock, "K1")
	// First response due in 1 h: at risk from 45 min.
	if want := clock.Now().Add(45 * time.Minute); rec.NextCheck == nil || !rec.NextCheck.Equal(want) {
		t.Fatalf("next check %v, want %v", rec.NextCheck, want)
	}
	sweep := func() int {
		t.Helper()
		n, err := svc.SweepSLA(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := sweep(); n != 0 {
		t.Errorf("nothing due yet, raised %d", n)
	}
	clock.Add(45 * time.Minute)
	if n := sweep(); n != 1 {
		t.Errorf("at 45 min raised %d, want 1 (first response at risk)", n)
	}
	if n := sweep(); n != 0 {
		t.Errorf("again raised %d", n)
	}
	clock.Add(16 * time.Minute) // past the hour: breached
	// Several sweeps at once: the breach is raised once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := svc.SweepSLA(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 1 {
		t.Errorf("concurrent sweeps raised %d, want 1", total)
	}
	// 18 h in: the resolution target (24 h) is at risk; at 24 h it is breached.
	clock.Add(17 * time.Hour)
	if n := sweep(); n != 1 {
		t.Errorf("resolution at risk: %d", n)
	}
	clock.Add(7 * time.Hour)
	if n := sweep(); n != 1 {
		t.Errorf("resolution breached: %d", n)
	}
	rec, _ = store.Complaints().Get(ctx, tenant, "K1")
	if rec.NextCheck != nil || rec.Alerts != agency.AlertFirstResponseAtRisk|agency.AlertFirstResponseBreached|agency.AlertResolutionAtRisk|agency.AlertResolutionBreached {
		t.Errorf("record %+v", rec)
	}
	var rec2 notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec2, Clock: clock}
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range rec2.Sent() {
		kinds = append(kinds, n.Type)
	}
	want := "customer.saved complaint.opened sla.at_risk sla.breached sla.at_risk sla.breached"
	if strings.Join(kinds, " ") != want {
		t.Errorf("events %v", kinds)
	}
	if b := rec2.Sent()[3].Body; !strings.Contains(b, "投诉 K1") || !strings.Contains(b, "首次响应") || !strings.Contains(b, "已超时") {
		t.Errorf("breach message %q", b)
	}
}
