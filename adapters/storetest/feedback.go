package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
)

func complaint(t *testing.T, tenant agency.TenantID, id string, received time.Time, next *time.Time) agency.ComplaintRecord {
	t.Helper()
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai",
		Week:     feedback.Weekdays(feedback.Window{From: 9 * time.Hour, To: 12 * time.Hour}, feedback.Window{From: 13 * time.Hour, To: 18 * time.Hour}),
		Holidays: []date.Date{date.New(2026, 10, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := feedback.Open(feedback.Complaint{ID: id, CustomerID: "c1", SupplierID: "hotel-lumiere", Consultant: "li", Category: "hotel_service",
		Priority: feedback.High, Channel: feedback.WeChat, Summary: "房间未打扫 room not cleaned", ReceivedAt: received}, feedback.DefaultPolicy(), cal, "li")
	if err != nil {
		t.Fatal(err)
	}
	return agency.ComplaintRecord{Tenant: tenant, Complaint: *c, NextCheck: next}
}

func complaints(t *testing.T, s agency.Store) {
	ctx := context.Background()
	t0 := at(t)
	next := t0.Add(time.Hour)
	rec, err := s.Complaints().Save(ctx, complaint(t, tenantA, "K1", t0, &next))
	if err != nil || rec.Version != 1 {
		t.Fatalf("insert: v%d, %v", rec.Version, err)
	}
	got, err := s.Complaints().Get(ctx, tenantA, "K1")
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "complaint", rec.Complaint, got.Complaint)
	if got.Version != 1 || got.NextCheck == nil || !got.NextCheck.Equal(next) {
		t.Errorf("record %+v", got)
	}
	if err := got.Complaint.Apply(feedback.Acknowledge, t0.Add(10*time.Minute), "li", "sorry"); err != nil {
		t.Fatal(err)
	}
	got.Alerts, got.NextCheck = agency.AlertFirstResponseAtRisk, nil
	updated, err := s.Complaints().Save(ctx, got)
	if err != nil || updated.Version != 2 {
		t.Fatalf("update: v%d, %v", updated.Version, err)
	}
	if _, err := s.Complaints().Save(ctx, got); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	if _, err := s.Complaints().Save(ctx, complaint(t, tenantA, "K1", t0, nil)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate insert: %v", err)
	}
	again, _ := s.Complaints().Get(ctx, tenantA, "K1")
	if again.Complaint.Status != feedback.Acknowledged || again.Alerts != agency.AlertFirstResponseAtRisk || again.NextCheck != nil {
		t.Errorf("after update %+v", again)
	}
	if _, err := s.Complaints().Get(ctx, tenantB, "K1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B reads tenant A's complaint: %v", err)
	}
	ghost := complaint(t, tenantB, "K1", t0, nil)
	ghost.Version = 1
	if _, err := s.Complaints().Save(ctx, ghost); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("tenant B updates tenant A's complaint: %v", err)
	}

	// Due: only complaints with a check at or before now, earliest first,
	// across tenants.
	for i, when := range []time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour, 5 * time.Hour} {
		n := t0.Add(when)
		tenant := tenantA
		if i%2 == 1 {
			tenant = tenantB
		}
		if _, err := s.Complaints().Save(ctx, complaint(t, tenant, fmt.Sprintf("D%d", i), t0.Add(time.Duration(i)*time.Minute), &n)); err != nil {
			t.Fatal(err)
		}
	}
	due, err := s.Complaints().Due(ctx, t0.Add(3*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range due {
		ids = append(ids, string(d.Tenant)+"/"+d.Complaint.ID)
	}
	if fmt.Sprint(ids) != "[agency-b/D1 agency-a/D2 agency-a/D0]" {
		t.Errorf("due %v", ids)
	}
	if due, _ := s.Complaints().Due(ctx, t0.Add(3*time.Hour), 2); len(due) != 2 {
		t.Errorf("limit ignored: %d", len(due))
	}
	// List: received in [from, to), per tenant.
	list, err := s.Complaints().List(ctx, tenantA, t0, t0.Add(3*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	ids = ids[:0]
	for _, l := range list {
		ids = append(ids, l.Complaint.ID)
	}
	if fmt.Sprint(ids) != "[D0 K1 D2]" { // D0 and K1 arrived together: by ID
		t.Errorf("list %v", ids)
	}
}

func surveysAndFollowUps(t *testing.T, s agency.Store) {
	ctx := context.Background()
	t0 := at(t)
	nps := 9
	for i, id := range []string{"s2", "s1", "s3"} {
		v := feedback.Survey{ID: id, CustomerID: "c1", RespondedAt: t0.Add(time.Duration(i) * time.Hour), CSAT: 5, NPS: &nps,
			Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 4}, Comment: "很好 great"}
		if err := s.Surveys().Add(ctx, tenantA, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Surveys().Add(ctx, tenantA, feedback.Survey{ID: "s1", CustomerID: "c1", RespondedAt: t0, CSAT: 1}); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate survey: %v", err)
	}
	list, err := s.Surveys().List(ctx, tenantA, t0, t0.Add(2*time.Hour))
	if err != nil || len(list) != 2 || list[0].ID != "s2" || list[1].ID != "s1" || *list[0].NPS != 9 || list[0].Ratings[feedback.AspectHotel] != 4 ||
		!list[0].RespondedAt.Equal(t0) || list[0].Comment != "很好 great" {
		t.Errorf("surveys %+v, %v", list, err)
	}
	if other, _ := s.Surveys().List(ctx, tenantB, t0, t0.Add(time.Hour)); len(other) != 0 {
		t.Errorf("tenant B sees %d surveys", len(other))
	}
	d := date.New(2026, 12, 1)
	if err := s.FollowUps().Save(ctx, tenantA, feedback.FollowUp{ID: "f1", Kind: feedback.AfterTrip, CustomerID: "c1", Ref: "T1", Due: d}); err != nil {
		t.Fatal(err)
	}
	done := t0
	if err := s.FollowUps().Save(ctx, tenantA, feedback.FollowUp{ID: "f1", Kind: feedback.AfterTrip, CustomerID: "c1", Ref: "T1", Due: d, DoneAt: &done}); err != nil {
		t.Fatal(err)
	}
	if err := s.FollowUps().Save(ctx, tenantA, feedback.FollowUp{ID: "f0", Kind: feedback.AfterComplaint, CustomerID: "c1", Ref: "K1", Due: d - 1}); err != nil {
		t.Fatal(err)
	}
	fs, err := s.FollowUps().List(ctx, tenantA, d-1, d)
	if err != nil || len(fs) != 2 || fs[0].ID != "f0" || fs[1].DoneAt == nil || !fs[1].DoneAt.Equal(done) {
		t.Errorf("follow-ups %+v, %v", fs, err)
	}
	if fs, _ := s.FollowUps().List(ctx, tenantB, d-1, d); len(fs) != 0 {
		t.Errorf("tenant B sees %d follow-ups", len(fs))
	}
}

func surveySummary(t *testing.T, s agency.Store) {
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
		if err := s.Surveys().Add(ctx, tenantA, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Surveys().Add(ctx, tenantB, feedback.Survey{ID: "x", CustomerID: "c9", RespondedAt: t0, CSAT: 1}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Surveys().Summary(ctx, tenantA, t0, t0.Add(time.Hour), "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := feedback.SurveySummary{Responses: 4, CSATScored: 3, CSATGood: 2, Promoters: 1, Passives: 1, Detractors: 1,
		RatingSum: [6]int{6, 0, 0, 0, 0, 5}, RatingN: [6]int{2, 0, 0, 0, 0, 1}}
	if all != want {
		t.Errorf("summary %+v, want %+v", all, want)
	}
	li, _ := s.Surveys().Summary(ctx, tenantA, t0, t0.Add(time.Hour), "li", "eu")
	if li.Responses != 2 || li.CSATGood != 1 || li.Promoters != 1 {
		t.Errorf("li/eu summary %+v", li)
	}
	none, _ := s.Surveys().Summary(ctx, tenantA, t0.Add(time.Hour), t0.Add(2*time.Hour), "", "")
	if none != (feedback.SurveySummary{}) {
		t.Errorf("empty period %+v", none)
	}
}
