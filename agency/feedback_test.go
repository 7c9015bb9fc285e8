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
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// complaintAgency runs a 24×7 Paris duty desk with the default policy
// (high: respond within 1 h, resolve within 24 h) and a 500 CNY limit; its
// clock starts at now.
func complaintAgency(t testing.TB, store storage.Store, now time.Time) (*agency.Agency, *fakeClock) {
	t.Helper()
	limit, _ := pricing.Parse("500", "CNY")
	a, clock := newAgency(t, store, func(c *agency.Config) {
		c.Calendar = &feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true}
		c.ApprovalLimits = feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}}
	})
	clock.Set(now)
	createCustomer(t, a)
	return a, clock
}

func newComplaint(t testing.TB, a *agency.Agency, clock *fakeClock, id string) agency.ComplaintRecord {
	t.Helper()
	rec, err := a.Complaints.Open(context.Background(), tenant, agency.NewComplaint{By: "li", Complaint: feedback.Complaint{ID: id, CustomerID: "c1",
		SupplierID: "hotel-lumiere", Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat, Summary: "room not cleaned",
		ReceivedAt: clock.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// Case 2 on every store: a complaint acknowledged, investigated with the
// clock paused while the hotel answers, resolved with an approved voucher
// charged back to the hotel, responded, closed and rated; the follow-up
// planned and done; a survey; the month's feedback report.
func TestComplaintCase2Flow(t *testing.T) {
	t.Parallel()
	eachStore(t, complaintFlow)
}

func complaintFlow(t *testing.T, store storage.Store) {
	ctx := context.Background()
	a, clock := complaintAgency(t, store, time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC))
	rec := newComplaint(t, a, clock, "K1")
	if again := newComplaint(t, a, clock, "K1"); again.Version != rec.Version {
		t.Errorf("the same complaint again is version %d", again.Version)
	}
	step := func(act feedback.Action, after time.Duration) {
		t.Helper()
		clock.Add(after)
		var err error
		if rec, err = a.Complaints.Act(ctx, tenant, agency.ComplaintAction{ID: "K1", Version: rec.Version, Action: act, By: "li"}); err != nil {
			t.Fatalf("%s: %v", act, err)
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
	if _, err := a.Complaints.Resolve(ctx, tenant, agency.ComplaintResolution{ID: "K1", Version: rec.Version, Resolution: r, By: "li"}); !errors.Is(err, feedback.ErrApprovalRequired) ||
		!errors.Is(err, agency.ErrApprovalRequired) {
		t.Fatalf("unapproved voucher: %v", err)
	}
	r.Compensations[0].ApprovedBy = "manager-wu"
	var err error
	if rec, err = a.Complaints.Resolve(ctx, tenant, agency.ComplaintResolution{ID: "K1", Version: rec.Version, Resolution: r, By: "li"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Complaints.Act(ctx, tenant, agency.ComplaintAction{ID: "K1", Version: rec.Version - 1, Action: feedback.Respond, By: "li"}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
	step(feedback.Respond, 15*time.Minute)
	step(feedback.Close, 45*time.Minute)
	if rec, err = a.Complaints.Rate(ctx, tenant, agency.ComplaintRating{ID: "K1", Version: rec.Version, Score: 5, By: "li"}); err != nil {
		t.Fatal(err)
	}
	sla, _ := rec.Complaint.SLA(clock.Now())
	if sla.FirstResponse.State != feedback.Met || sla.Resolution.State != feedback.Met || rec.NextCheck != nil {
		t.Errorf("SLA %+v, next check %v", sla, rec.NextCheck)
	}
	// The close planned the follow-up 7 days later.
	fs, err := a.Feedback.ListFollowUps(ctx, tenant, agency.FollowUpQuery{From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)})
	if err != nil || len(fs.Items) != 1 || fs.Items[0].FollowUp.Due != date.New(2027, 5, 10) || fs.Items[0].FollowUp.Kind != feedback.AfterComplaint {
		t.Fatalf("follow-ups %+v, %v", fs.Items, err)
	}
	if _, err := a.Feedback.CompleteFollowUp(ctx, tenant, agency.FollowUpDone{ID: fs.Items[0].FollowUp.ID, Version: fs.Items[0].Version,
		Notes: "customer happy, booked again"}); err != nil {
		t.Fatal(err)
	}
	if f, err := a.Feedback.GetFollowUp(ctx, tenant, fs.Items[0].FollowUp.ID); err != nil || f.FollowUp.DoneAt == nil ||
		f.FollowUp.Notes != "customer happy, booked again" {
		t.Errorf("the follow-up done: %+v, %v", f, err)
	}
	nps := 10
	sv, err := a.Feedback.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: "c1", RespondedAt: clock.Now(), CSAT: 5, NPS: &nps,
		Ratings: map[feedback.Aspect]int{feedback.AspectConsultant: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.Feedback.GetSurvey(ctx, tenant, sv.ID); err != nil || got.CSAT != 5 || got.NPS == nil || *got.NPS != 10 {
		t.Errorf("survey %s: %+v, %v", sv.ID, got, err)
	}
	if _, err := a.Feedback.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: "c1", RespondedAt: clock.Now(), CSAT: 9}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("bad survey: %v", err)
	}
	rep, err := a.Feedback.Report(ctx, tenant, agency.ReportRequest{From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complaints != 1 || rep.SLA.Percent() != "100.0 %" || rep.CSAT.Percent() != "100.0 %" || rep.NPS.Score() != "100.0" ||
		rep.Compensation[0].String() != "800.00 CNY" || rep.FollowUpsOK != 1 {
		t.Errorf("report %+v", rep)
	}
}

// The SLA sweep raises each alert once, however many sweeps run at once,
// to the complaint's handler in their language, and never moves the
// complaint's version: the handler acts on what they read.
func TestSweepRaisesEachAlertOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := complaintAgency(t, memory.New(), time.Date(2027, 5, 2, 20, 0, 0, 0, time.UTC))
	rec := newComplaint(t, a, clock, "K1")
	// First response due in 1 h: at risk from 45 min.
	if want := clock.Now().Add(45 * time.Minute); rec.NextCheck == nil || !rec.NextCheck.Equal(want) {
		t.Fatalf("next check %v, want %v", rec.NextCheck, want)
	}
	sweep := func() int {
		t.Helper()
		n, err := a.Sweeps.SLA(ctx, agency.SweepRequest{})
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
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := a.Sweeps.SLA(ctx, agency.SweepRequest{})
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
	got, _ := a.Complaints.Get(ctx, tenant, "K1")
	if got.NextCheck != nil || got.Alerts != agency.AlertFirstResponseAtRisk|agency.AlertFirstResponseBreached|agency.AlertResolutionAtRisk|agency.AlertResolutionBreached {
		t.Errorf("record %+v", got)
	}
	if got.Version != rec.Version {
		t.Errorf("the sweeps moved the complaint from version %d to %d", rec.Version, got.Version)
	}
	if _, err := a.Complaints.Act(ctx, tenant, agency.ComplaintAction{ID: "K1", Version: rec.Version, Action: feedback.Acknowledge, By: "li"}); err != nil {
		t.Errorf("acting on the version read before the sweeps: %v", err)
	}
	var kinds []string
	var alerts []agency.Notification
	for _, n := range deliverAll(t, a) {
		kinds = append(kinds, n.Type)
		if strings.HasPrefix(n.Type, "sla.") {
			alerts = append(alerts, n)
		}
	}
	if want := "customer.saved complaint.opened sla.at_risk sla.breached sla.at_risk sla.breached complaint.changed"; strings.Join(kinds, " ") != want {
		t.Errorf("events %v", kinds)
	}
	// Li received it and reads English; the alert says when, in the
	// agency's time.
	if b := alerts[1].Body; alerts[1].Recipient != "li.na@agency.example" || alerts[1].Language != agency.English ||
		!strings.Contains(b, "first response") || !strings.Contains(b, "Mon 3 May 2027 05:00 (Beijing time, UTC+8)") {
		t.Errorf("breach message to %s in %s: %q", alerts[1].Recipient, alerts[1].Language, b)
	}
}

// Every error a use case returns matches an agency sentinel and the domain
// sentinel beneath it.
func TestUseCaseErrorsMatchAgencyAndDomainSentinels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := complaintAgency(t, memory.New(), time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC))
	rec := newComplaint(t, a, clock, "K1")
	act := func(v int, action feedback.Action) (agency.ComplaintRecord, error) {
		return a.Complaints.Act(ctx, tenant, agency.ComplaintAction{ID: "K1", Version: v, Action: action, By: "li"})
	}
	for _, x := range []feedback.Action{feedback.Acknowledge, feedback.Assess, feedback.Investigate} {
		var err error
		if rec, err = act(rec.Version, x); err != nil {
			t.Fatal(err)
		}
	}
	_, err := act(rec.Version, feedback.Close)
	if !errors.Is(err, agency.ErrInvalidTransition) || !errors.Is(err, feedback.ErrInvalidTransition) || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("closing an investigating complaint: %v", err)
	}
	// An unknown action is invalid input, not a transition.
	_, err = act(rec.Version, feedback.Action("teleport"))
	var ve *agency.ValidationError
	if !errors.Is(err, agency.ErrInvalid) || !errors.Is(err, feedback.ErrInvalid) || errors.Is(err, agency.ErrInvalidTransition) ||
		!errors.As(err, &ve) || ve.Problems[0].Code != "unknown_action" || ve.Problems[0].Detail["action"] != "teleport" {
		t.Errorf("unknown action: %v", err)
	}
}

func TestQuoteMissingRateMatchesPricingSentinel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAgency(t, memory.New())
	createCustomer(t, a)
	trip := case1Trip(t, false)
	if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: trip}); err != nil {
		t.Fatal(err)
	}
	o := quoteOptions(t)
	usd, _ := pricing.ParseCurrency("USD")
	o.FX, _ = pricing.NewRateTable(usd) // no EUR→CNY anywhere
	_, err := a.Trips.Price(ctx, tenant, agency.Pricing{TripID: trip.ID, TripVersion: 1, QuoteOptions: o})
	if !errors.Is(err, pricing.ErrMissingRate) || !errors.Is(err, pricing.ErrInvalid) || !errors.Is(err, agency.ErrInvalid) {
		t.Fatalf("missing rate: %v", err)
	}
	if msg := err.Error(); strings.Count(msg, "pricing: invalid input") != 1 || strings.Contains(msg, "invalid: invalid") {
		t.Errorf("prefix repeated: %q", msg)
	}
	broken := trip.Clone()
	broken.Title = ""
	_, err = a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: broken, Version: 1})
	if !errors.Is(err, agency.ErrInvalid) || strings.Count(err.Error(), "itinerary: invalid") != 1 {
		t.Errorf("broken trip: %v", err)
	}
}

func TestFutureInstantsAndUnknownSurveyCustomerAreRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := complaintAgency(t, memory.New(), time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC))
	c := feedback.Complaint{ID: "K9", CustomerID: "c1", Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat,
		Summary: "noise", ReceivedAt: clock.Now().Add(agency.DefaultClockSkew + time.Second)}
	_, err := a.Complaints.Open(ctx, tenant, agency.NewComplaint{Complaint: c, By: "li"})
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Code != "in_future" {
		t.Fatalf("complaint from the future: %v", err)
	}
	if _, err := a.Complaints.Get(ctx, tenant, "K9"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("refused complaint was stored: %v", err)
	}
	c.ReceivedAt = clock.Now().Add(agency.DefaultClockSkew) // within the allowance
	if _, err := a.Complaints.Open(ctx, tenant, agency.NewComplaint{Complaint: c, By: "li"}); err != nil {
		t.Fatalf("complaint within the skew allowance: %v", err)
	}
	s := feedback.Survey{ID: "S1", CustomerID: "ghost", RespondedAt: clock.Now(), CSAT: 4}
	if _, err := a.Feedback.RecordSurvey(ctx, tenant, s); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("survey of an unknown customer: %v", err)
	}
	s.CustomerID, s.RespondedAt = "c1", clock.Now().Add(time.Hour)
	if _, err := a.Feedback.RecordSurvey(ctx, tenant, s); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("survey from the future: %v", err)
	}
	s.RespondedAt = clock.Now()
	if _, err := a.Feedback.RecordSurvey(ctx, tenant, s); err != nil {
		t.Errorf("good survey: %v", err)
	}
}

func TestTripCalendarSequenceRisesWithVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, _ := newAgency(t, memory.New())
	createCustomer(t, a)
	trip := case1Trip(t, false)
	for v := range 2 {
		next := trip.Clone()
		next.Title = trip.Title + strings.Repeat(" ", v)
		if _, err := a.Trips.Propose(ctx, tenant, agency.TripProposal{CustomerID: "c1", Trip: next, Version: v}); err != nil {
			t.Fatal(err)
		}
	}
	for v, want := range map[int]string{1: "SEQUENCE:0", 2: "SEQUENCE:1"} {
		cal, err := a.Trips.Calendar(ctx, tenant, agency.CalendarRequest{TripID: trip.ID, Version: v, Organizer: "li@agency.example"})
		if err != nil || !strings.Contains(string(cal), want) || !strings.Contains(string(cal), "."+string(tenant)+"@travelkit") {
			t.Errorf("v%d: %v", v, err)
		}
	}
	if _, err := a.Trips.Calendar(ctx, tenant, agency.CalendarRequest{TripID: trip.ID, Version: 3}); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
}
