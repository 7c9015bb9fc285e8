package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
)

// WithSLA sets the SLA policy and business calendar copied onto every new
// complaint (default: feedback.DefaultPolicy and a 24×7 calendar in
// Asia/Shanghai).
func WithSLA(policy feedback.Policy, calendar feedback.CalendarSpec) Option {
	return func(s *Service) { s.policy, s.calendar = policy, calendar }
}

// WithApprovalLimits sets what a handler may grant alone (default: nothing).
func WithApprovalLimits(l feedback.ApprovalLimits) Option { return func(s *Service) { s.limits = l } }

// WithFollowUps sets when customers are followed up (default 3 days after
// a trip, 7 after a complaint).
func WithFollowUps(p feedback.FollowUpPolicy) Option { return func(s *Service) { s.followUps = p } }

// OpenComplaint records a complaint received from a customer, with copies
// of the SLA policy and calendar in force, and raises complaint.opened.
func (s *Service) OpenComplaint(ctx context.Context, tenant TenantID, c feedback.Complaint, by string) (ComplaintRecord, error) {
	if err := s.ready(); err != nil {
		return ComplaintRecord{}, err
	}
	if err := s.notFuture("ReceivedAt", c.ReceivedAt); err != nil {
		return ComplaintRecord{}, err
	}
	cal, err := feedback.NewCalendar(s.calendar)
	if err != nil {
		return ComplaintRecord{}, fmt.Errorf("service calendar: %w", err)
	}
	if c.ID == "" {
		c.ID = s.ids.NewID()
	}
	opened, err := feedback.Open(c, s.policy, cal, by)
	if err != nil {
		return ComplaintRecord{}, err
	}
	rec := ComplaintRecord{Tenant: tenant, Complaint: *opened}
	if err := schedule(&rec, s.clock.Now()); err != nil {
		return ComplaintRecord{}, err
	}
	err = s.store.InTx(ctx, func(tx Store) error {
		cust, err := tx.Customers().Get(ctx, tenant, c.CustomerID)
		if err != nil {
			return err
		}
		if rec, err = tx.Complaints().Save(ctx, rec); err != nil {
			return err
		}
		e, err := s.newEvent(tenant, EventComplaintOpened, c.ID, cust.Language, eventPayload{CustomerID: cust.ID,
			CustomerName: cust.Name, Email: cust.Email, ComplaintID: c.ID, Summary: c.Summary})
		if err != nil {
			return err
		}
		return tx.Outbox().Add(ctx, e)
	})
	return rec, err
}

// changeComplaint loads a complaint at the expected version, changes it,
// reschedules its SLA check and saves it, all in one transaction.
func (s *Service) changeComplaint(ctx context.Context, tenant TenantID, id string, version int, change func(tx Store, c *feedback.Complaint, now time.Time) error) (ComplaintRecord, error) {
	var out ComplaintRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		rec, err := tx.Complaints().Get(ctx, tenant, id)
		if err != nil {
			return err
		}
		if rec.Version != version {
			return fmt.Errorf("%w: complaint %s is at version %d, not %d", ErrConflict, id, rec.Version, version)
		}
		now := s.clock.Now()
		if err := change(tx, &rec.Complaint, now); err != nil {
			return err
		}
		if err := schedule(&rec, now); err != nil {
			return err
		}
		out, err = tx.Complaints().Save(ctx, rec)
		return err
	})
	return out, err
}

// ActOnComplaint applies a lifecycle action (acknowledge, wait on supplier,
// close, reopen, escalate…) to the complaint at the expected version. An
// action its status does not allow is ErrInvalidTransition (and
// feedback.ErrInvalidTransition); an unknown action is ErrInvalid. On
// close, the follow-up visit is scheduled.
func (s *Service) ActOnComplaint(ctx context.Context, tenant TenantID, id string, version int, a feedback.Action, by, note string) (ComplaintRecord, error) {
	if err := s.ready(); err != nil {
		return ComplaintRecord{}, err
	}
	return s.changeComplaint(ctx, tenant, id, version, func(tx Store, c *feedback.Complaint, now time.Time) error {
		if err := c.Apply(a, now, by, note); err != nil {
			return err
		}
		if a != feedback.Close {
			return nil
		}
		f, err := s.followUps.ForComplaint("followup-"+c.ID+"-"+fmt.Sprint(len(c.Timeline)), c)
		if err != nil {
			return err
		}
		return tx.FollowUps().Save(ctx, tenant, f)
	})
}

// ResolveComplaint records root cause, remedy and compensation; above the
// approval limits it is ErrApprovalRequired (and
// feedback.ErrApprovalRequired).
func (s *Service) ResolveComplaint(ctx context.Context, tenant TenantID, id string, version int, r feedback.Resolution, by string) (ComplaintRecord, error) {
	if err := s.ready(); err != nil {
		return ComplaintRecord{}, err
	}
	return s.changeComplaint(ctx, tenant, id, version, func(_ Store, c *feedback.Complaint, now time.Time) error {
		return c.Resolve(r, now, by, s.limits)
	})
}

// RateComplaint records the customer's 1–5 satisfaction with the resolution.
func (s *Service) RateComplaint(ctx context.Context, tenant TenantID, id string, version, score int, by string) (ComplaintRecord, error) {
	if err := s.ready(); err != nil {
		return ComplaintRecord{}, err
	}
	return s.changeComplaint(ctx, tenant, id, version, func(_ Store, c *feedback.Complaint, now time.Time) error {
		return c.RecordSatisfaction(score, now, by)
	})
}

// SweepSLA raises the at-risk and breached events of every complaint whose
// SLA check is due, exactly once per complaint and target: the alert flags
// and the events commit together. It is safe to run repeatedly and from
// several processes at once, and finds due complaints by an indexed query.
// It returns how many events it raised.
func (s *Service) SweepSLA(ctx context.Context) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	const batch = 200
	now := s.clock.Now()
	raised := 0
	for {
		n, saved, more := 0, 0, false
		err := s.store.InTx(ctx, func(tx Store) error {
			due, err := tx.Complaints().Due(ctx, now, batch)
			if err != nil {
				return err
			}
			more = len(due) == batch
			for _, rec := range due {
				cal, err := feedback.NewCalendar(rec.Complaint.Calendar)
				if err != nil {
					return err
				}
				sla := rec.Complaint.SLAOn(cal, now)
				events, err := s.alerts(ctx, tx, &rec, sla)
				if err != nil {
					return err
				}
				scheduleWith(&rec, cal, sla, now)
				if rec.NextCheck != nil && !rec.NextCheck.After(now) {
					later := now.Add(time.Second) // never hand the same record back to this sweep
					rec.NextCheck = &later
				}
				if _, err := tx.Complaints().Save(ctx, rec); errors.Is(err, ErrConflict) {
					continue // changed meanwhile: its new schedule stands
				} else if err != nil {
					return err
				}
				for _, e := range events {
					if err := tx.Outbox().Add(ctx, e); err != nil {
						return err
					}
				}
				n += len(events)
				saved++
			}
			return nil
		})
		if err != nil {
			return raised, err
		}
		raised += n
		if !more || saved == 0 {
			return raised, nil
		}
	}
}

// alerts works out the events a complaint owes at now and marks them raised.
func (s *Service) alerts(ctx context.Context, tx Store, rec *ComplaintRecord, sla feedback.SLAStatus) ([]Event, error) {
	var out []Event
	raise := func(typ, target string, clock feedback.Clock) error {
		cust, err := tx.Customers().Get(ctx, rec.Tenant, rec.Complaint.CustomerID)
		lang := Chinese
		if err == nil {
			lang = cust.Language
		}
		e, err := s.newEvent(rec.Tenant, typ, rec.Complaint.ID, lang, eventPayload{CustomerID: rec.Complaint.CustomerID,
			CustomerName: cust.Name, ComplaintID: rec.Complaint.ID, Target: target, Due: clock.Due.Format(time.RFC3339)})
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}
	for _, t := range []struct {
		name             string
		clock            feedback.Clock
		atRisk, breached Alerts
	}{
		{"first_response", sla.FirstResponse, AlertFirstResponseAtRisk, AlertFirstResponseBreached},
		{"resolution", sla.Resolution, AlertResolutionAtRisk, AlertResolutionBreached},
	} {
		switch {
		case t.clock.State == feedback.Breached && rec.Alerts&t.breached == 0:
			if err := raise(EventSLABreached, t.name, t.clock); err != nil {
				return nil, err
			}
			rec.Alerts |= t.breached | t.atRisk // a breach makes the warning moot
		case t.clock.AtRisk && rec.Alerts&(t.atRisk|t.breached) == 0:
			if err := raise(EventSLAAtRisk, t.name, t.clock); err != nil {
				return nil, err
			}
			rec.Alerts |= t.atRisk
		}
	}
	return out, nil
}

// schedule sets when the sweep must next look at a complaint: the earliest
// instant one of its running targets becomes at risk or breached and has not
// yet raised that alert; none while every target is done or paused.
func schedule(rec *ComplaintRecord, now time.Time) error {
	cal, err := feedback.NewCalendar(rec.Complaint.Calendar)
	if err != nil {
		return err
	}
	scheduleWith(rec, cal, rec.Complaint.SLAOn(cal, now), now)
	return nil
}

// scheduleWith is schedule with the calendar and SLA status already known.
func scheduleWith(rec *ComplaintRecord, cal *feedback.Calendar, sla feedback.SLAStatus, now time.Time) {
	c := &rec.Complaint
	rec.DueAt = nil
	rec.FirstResponseAt, rec.ResolvedAt = sla.FirstResponse.DoneAt, sla.Resolution.DoneAt
	if due := sla.Resolution.Due; !due.IsZero() {
		rec.ResolveDue = &due
	}
	if sla.Resolution.DoneAt == nil && !sla.Resolution.Due.IsZero() {
		due := sla.Resolution.Due
		rec.DueAt = &due
	}
	after := func(d time.Duration) time.Time {
		if c.Policy.Clock == feedback.CalendarClock {
			return now.Add(d)
		}
		t, err := cal.Add(now, d)
		if err != nil {
			return time.Time{}
		}
		return t
	}
	var next *time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next == nil || t.Before(*next)) {
			next = &t
		}
	}
	pct := int64(c.Policy.AtRiskPct)
	for _, t := range []struct {
		clock            feedback.Clock
		atRisk, breached Alerts
	}{
		{sla.FirstResponse, AlertFirstResponseAtRisk, AlertFirstResponseBreached},
		{sla.Resolution, AlertResolutionAtRisk, AlertResolutionBreached},
	} {
		if t.clock.State != feedback.Running || rec.Alerts&t.breached != 0 {
			continue
		}
		if pct > 0 && rec.Alerts&t.atRisk == 0 {
			threshold := time.Duration((int64(t.clock.Target)*pct + 99) / 100)
			if t.clock.Used >= threshold {
				consider(now) // owed already: the next sweep raises it
			} else {
				consider(after(threshold - t.clock.Used))
			}
		}
		// Past the due instant the target is breached, working hours or not.
		consider(t.clock.Due.Add(time.Second))
	}
	rec.NextCheck = next
}

// RecordSurvey stores a validated survey response of a known customer
// (ErrNotFound otherwise), answered no later than now plus the clock-skew
// allowance.
func (s *Service) RecordSurvey(ctx context.Context, tenant TenantID, v feedback.Survey) error {
	if err := s.ready(); err != nil {
		return err
	}
	if v.ID == "" {
		v.ID = s.ids.NewID()
	}
	if err := v.Validate(); err != nil {
		return err
	}
	if err := s.notFuture("RespondedAt", v.RespondedAt); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Store) error {
		if _, err := tx.Customers().Get(ctx, tenant, v.CustomerID); err != nil {
			return fmt.Errorf("survey %s: %w", v.ID, err)
		}
		return tx.Surveys().Add(ctx, tenant, v)
	})
}

// ScheduleTripFollowUp plans the follow-up visit after a trip ends.
func (s *Service) ScheduleTripFollowUp(ctx context.Context, tenant TenantID, customerID, tripID, consultant string, end date.Date) (feedback.FollowUp, error) {
	if err := s.ready(); err != nil {
		return feedback.FollowUp{}, err
	}
	f := s.followUps.ForTrip("followup-"+tripID, customerID, tripID, consultant, end)
	return f, s.store.FollowUps().Save(ctx, tenant, f)
}

// CompleteFollowUp records a follow-up as done now, with notes.
func (s *Service) CompleteFollowUp(ctx context.Context, tenant TenantID, f feedback.FollowUp, notes string) (feedback.FollowUp, error) {
	if err := s.ready(); err != nil {
		return feedback.FollowUp{}, err
	}
	now := s.clock.Now()
	f.DoneAt, f.Notes = &now, notes
	return f, s.store.FollowUps().Save(ctx, tenant, f)
}

// FeedbackReport builds the feedback report of a tenant for the dates
// [from, to] in zone, for one consultant and team or everyone, from the
// survey counts aggregated by the store's query, the complaints (received up to 31 days before the period, so
// that complaints due in it count) and follow-ups, with the improvement
// actions given.
func (s *Service) FeedbackReport(ctx context.Context, tenant TenantID, from, to date.Date, zone *time.Location, consultant, team string, actions []feedback.ImprovementAction) (feedback.Report, error) {
	if err := s.ready(); err != nil {
		return feedback.Report{}, err
	}
	if zone == nil {
		return feedback.Report{}, &ValidationError{Problems: []Problem{{Field: "Zone", Code: "required", Message: "a time zone is required"}}}
	}
	start, end := from.MidnightIn(zone), (to + 1).MidnightIn(zone)
	surveys, err := s.store.Surveys().Summary(ctx, tenant, start, end, consultant, team)
	if err != nil {
		return feedback.Report{}, err
	}
	recs, err := s.store.Complaints().List(ctx, tenant, (from - 31).MidnightIn(zone), end)
	if err != nil {
		return feedback.Report{}, err
	}
	complaints := make([]*feedback.Complaint, len(recs))
	for i := range recs {
		complaints[i] = &recs[i].Complaint
	}
	follow, err := s.store.FollowUps().List(ctx, tenant, from, to)
	if err != nil {
		return feedback.Report{}, err
	}
	return feedback.BuildReport(feedback.ReportInput{From: from, To: to, Zone: zone, Consultant: consultant, Team: team,
		Now: s.clock.Now(), SurveySummary: &surveys, Complaints: complaints, FollowUps: follow, Actions: actions})
}
