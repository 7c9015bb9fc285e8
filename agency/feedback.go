package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
)

// Feedback keeps what customers say after a trip: survey responses (CSAT,
// NPS, aspect ratings), follow-up visits (回访), and the feedback report
// with its improvement actions (客户反馈报告及改进措施).
type Feedback struct{ c *core }

// SurveyQuery lists the surveys answered in [From, To).
type SurveyQuery struct {
	From time.Time   `json:"from"`
	To   time.Time   `json:"to"`
	Page PageRequest `json:"page"`
}

// TripFollowUp plans the follow-up visit after a trip ends.
type TripFollowUp struct {
	CustomerID string    `json:"customer_id"`
	TripID     string    `json:"trip_id"`
	Consultant string    `json:"consultant"`
	End        date.Date `json:"end"`
}

// FollowUpDone records a follow-up visit as done now, at Version.
type FollowUpDone struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Notes   string `json:"notes,omitempty"`
}

// FollowUpQuery lists the follow-ups due from From to To (dates
// inclusive).
type FollowUpQuery struct {
	From date.Date   `json:"from"`
	To   date.Date   `json:"to"`
	Page PageRequest `json:"page"`
}

// ReportRequest asks for the feedback report of the dates From to To (in
// the agency's zone), for one consultant and team or everyone, with the
// improvement actions decided.
type ReportRequest struct {
	From       date.Date                    `json:"from"`
	To         date.Date                    `json:"to"`
	Consultant string                       `json:"consultant,omitempty"`
	Team       string                       `json:"team,omitempty"`
	Actions    []feedback.ImprovementAction `json:"actions,omitempty"`
}

// RecordSurvey stores a validated survey response of a known customer,
// answered no later than now plus the clock-skew allowance, and records
// survey.recorded. Recording the same response again returns it.
func (s Feedback) RecordSurvey(ctx context.Context, tenant TenantID, v feedback.Survey) (feedback.Survey, error) {
	if s.c == nil {
		return feedback.Survey{}, errNotBuilt
	}
	if v.ID == "" {
		v.ID = s.c.ids.NewID()
	}
	if err := v.Validate(); err != nil {
		return feedback.Survey{}, err
	}
	if err := s.c.notFuture("responded_at", v.RespondedAt); err != nil {
		return feedback.Survey{}, err
	}
	var out feedback.Survey
	err := s.c.change(ctx, tenant, func(u *unit) error {
		if _, err := u.customer(v.CustomerID); err != nil {
			return fmt.Errorf("survey %s: %w", problem.Clip(v.ID), err)
		}
		stored, created, err := create(u, storage.Surveys(), []any{v.ID}, v, func(st feedback.Survey) bool {
			return st.CustomerID == v.CustomerID && st.RespondedAt.Equal(v.RespondedAt) && st.CSAT == v.CSAT && st.Comment == v.Comment
		})
		out = stored
		if err != nil || !created {
			return err
		}
		return u.internal(v.ID, events.SurveyRecorded{SurveyID: v.ID, CustomerID: v.CustomerID, CSAT: v.CSAT, NPS: v.NPS})
	})
	return out, err
}

// GetSurvey returns a survey response.
func (s Feedback) GetSurvey(ctx context.Context, tenant TenantID, id string) (feedback.Survey, error) {
	return read(s.c, ctx, tenant, storage.Surveys(), id)
}

// GetFollowUp returns a follow-up visit.
func (s Feedback) GetFollowUp(ctx context.Context, tenant TenantID, id string) (FollowUpRecord, error) {
	return read(s.c, ctx, tenant, storage.FollowUps(), id)
}

// ListSurveys returns one page of the responses given in [From, To), oldest
// first.
func (s Feedback) ListSurveys(ctx context.Context, tenant TenantID, q SurveyQuery) (Page[feedback.Survey], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[feedback.Survey]{}, err
	}
	return storage.Surveys().List(ctx, s.c.store, tenant, storage.Query{Index: "responded", From: storage.Nanos(q.From),
		To: storage.Nanos(q.To), Page: q.Page})
}

// ScheduleFollowUp plans the follow-up visit after a trip ends and tells
// its consultant; planning it again returns it.
func (s Feedback) ScheduleFollowUp(ctx context.Context, tenant TenantID, t TripFollowUp) (FollowUpRecord, error) {
	var out FollowUpRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		out, err = u.tripFollowUp(t)
		return err
	})
	return out, err
}

// tripFollowUp plans a trip's follow-up once: planning it again returns
// the one planned.
func (u *unit) tripFollowUp(t TripFollowUp) (FollowUpRecord, error) {
	f := u.c.followUps.ForTrip("followup-"+t.TripID, t.CustomerID, t.TripID, t.Consultant, t.End)
	rec, err := storage.FollowUps().Get(u.ctx, u.tx, u.tenant, f.ID)
	if !errors.Is(err, ErrNotFound) {
		return rec, err
	}
	if err := u.scheduleFollowUp(f); err != nil {
		return FollowUpRecord{}, err
	}
	return storage.FollowUps().Get(u.ctx, u.tx, u.tenant, f.ID)
}

// scheduleFollowUp stores a follow-up and tells its consultant.
func (u *unit) scheduleFollowUp(f feedback.FollowUp) error {
	if _, err := storage.FollowUps().Put(u.ctx, u.tx, u.tenant, FollowUpRecord{Tenant: u.tenant, FollowUp: f}); err != nil {
		return err
	}
	c, err := u.customer(f.CustomerID)
	if err != nil {
		return err
	}
	to, err := u.toStaff(f.Consultant)
	if err != nil {
		return err
	}
	return u.emit(f.ID, events.FollowUpScheduled{FollowUpID: f.ID, CustomerID: c.ID, CustomerName: c.Name, Kind: f.Kind, Ref: f.Ref, Due: f.Due}, to)
}

// CompleteFollowUp records a follow-up as done now, with notes.
func (s Feedback) CompleteFollowUp(ctx context.Context, tenant TenantID, d FollowUpDone) (FollowUpRecord, error) {
	var out FollowUpRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, err := storage.FollowUps().Get(u.ctx, u.tx, tenant, d.ID)
		if err != nil {
			return err
		}
		if err := expect("follow-up "+problem.Clip(d.ID), rec.Version, d.Version); err != nil {
			return err
		}
		now := u.now
		rec.FollowUp.DoneAt, rec.FollowUp.Notes = &now, d.Notes
		out, err = storage.FollowUps().Put(u.ctx, u.tx, tenant, rec)
		return err
	})
	return out, err
}

// ListFollowUps returns one page of the follow-ups due from From to To, by due
// date then ID.
func (s Feedback) ListFollowUps(ctx context.Context, tenant TenantID, q FollowUpQuery) (Page[FollowUpRecord], error) {
	return list(s.c, ctx, tenant, storage.FollowUps(), storage.Query{Index: "due", From: int64(q.From), To: int64(q.To + 1), Page: q.Page})
}

// Report builds the feedback report of a period in the agency's zone: the
// survey counts aggregated by the store's query, the complaints (received
// up to 31 days before the period, so that complaints due in it count) and
// the follow-ups, with the improvement actions given.
func (s Feedback) Report(ctx context.Context, tenant TenantID, r ReportRequest) (feedback.Report, error) {
	if err := s.c.ready(tenant); err != nil {
		return feedback.Report{}, err
	}
	if r.To < r.From {
		return feedback.Report{}, problem.One(ErrInvalid, "to", "order", "a report covers a forward period")
	}
	zone := s.c.zone
	start, end := r.From.MidnightIn(zone), (r.To + 1).MidnightIn(zone)
	surveys, err := s.c.store.Figures().SurveySummary(ctx, tenant, start, end, r.Consultant, r.Team)
	if err != nil {
		return feedback.Report{}, err
	}
	recs, err := storage.Complaints().All(ctx, s.c.store, tenant, storage.Query{Index: "received",
		From: storage.Nanos((r.From - 31).MidnightIn(zone)), To: storage.Nanos(end)}, maxScan)
	if err != nil {
		return feedback.Report{}, err
	}
	complaints := make([]*feedback.Complaint, len(recs))
	for i := range recs {
		complaints[i] = &recs[i].Complaint
	}
	fs, err := storage.FollowUps().All(ctx, s.c.store, tenant, storage.Query{Index: "due", From: int64(r.From), To: int64(r.To + 1)}, maxScan)
	if err != nil {
		return feedback.Report{}, err
	}
	follow := make([]feedback.FollowUp, len(fs))
	for i, f := range fs {
		follow[i] = f.FollowUp
	}
	return feedback.BuildReport(feedback.ReportInput{From: r.From, To: r.To, Zone: zone, Consultant: r.Consultant, Team: r.Team,
		Now: s.c.clock.Now(), SurveySummary: &surveys, Complaints: complaints, FollowUps: follow, Actions: r.Actions})
}
