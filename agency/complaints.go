package agency

import (
	"context"
	"fmt"
	"time"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
)

// Complaints carries complaints through their ISO 10002 lifecycle under
// the SLA policy and business calendar copied onto each: received,
// acknowledged, investigated (the clock paused while waiting on the
// customer or the supplier), resolved with compensation under approval
// limits and charged back to the supplier at fault, responded and closed,
// with the follow-up visit planned on close. The SLA sweep's alerts never
// change a complaint's version.
type Complaints struct{ c *core }

// NewComplaint is a complaint received from a customer, recorded by By.
type NewComplaint struct {
	Complaint feedback.Complaint `json:"complaint"`
	By        string             `json:"by"`
}

// ComplaintAction applies a lifecycle action (acknowledge, wait on
// supplier, close, reopen, escalate…) to a complaint at Version.
type ComplaintAction struct {
	ID      string          `json:"id"`
	Version int             `json:"version"`
	Action  feedback.Action `json:"action"`
	By      string          `json:"by"`
	Note    string          `json:"note,omitempty"`
}

// ComplaintResolution records root cause, remedy and compensation.
type ComplaintResolution struct {
	ID         string              `json:"id"`
	Version    int                 `json:"version"`
	Resolution feedback.Resolution `json:"resolution"`
	By         string              `json:"by"`
}

// ComplaintRating records the customer's 1–5 satisfaction with the
// resolution.
type ComplaintRating struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Score   int    `json:"score"`
	By      string `json:"by"`
}

// ComplaintQuery selects complaints; zero fields select all. With a due
// window [DueFrom, DueTo) complaints come by resolution due instant then ID
// (those with no running resolution clock are left out); otherwise by
// received instant then ID.
type ComplaintQuery struct {
	Status   feedback.Status `json:"status,omitempty"`
	Assignee string          `json:"assignee,omitempty"`
	DueFrom  time.Time       `json:"due_from,omitzero"`
	DueTo    time.Time       `json:"due_to,omitzero"`
	Page     PageRequest     `json:"page"`
}

// Open records a complaint received from a customer, with copies of the
// SLA policy and calendar in force, and records complaint.opened for the
// customer. The receipt instant may not lie in the future beyond the
// clock-skew allowance. Opening the same complaint (ID) again returns it.
func (s Complaints) Open(ctx context.Context, tenant TenantID, n NewComplaint) (ComplaintRecord, error) {
	if s.c == nil {
		return ComplaintRecord{}, errNotBuilt
	}
	if err := s.c.notFuture("complaint.received_at", n.Complaint.ReceivedAt); err != nil {
		return ComplaintRecord{}, err
	}
	cal, err := feedback.NewCalendar(s.c.calendar)
	if err != nil {
		return ComplaintRecord{}, fmt.Errorf("service calendar: %w", err)
	}
	c := n.Complaint
	if c.ID == "" {
		c.ID = s.c.ids.NewID()
	}
	opened, err := feedback.Open(c, s.c.policy, cal, n.By)
	if err != nil {
		return ComplaintRecord{}, err
	}
	var out ComplaintRecord
	err = s.c.change(ctx, tenant, func(u *unit) error {
		cust, err := u.customer(c.CustomerID)
		if err != nil {
			return err
		}
		rec := ComplaintRecord{Tenant: tenant, Complaint: *opened}
		if err := schedule(&rec, u.now); err != nil {
			return err
		}
		rec, created, err := create(u, storage.Complaints(), []any{c.ID}, rec, func(st ComplaintRecord) bool {
			x := st.Complaint
			return x.CustomerID == c.CustomerID && x.Summary == c.Summary && x.ReceivedAt.Equal(c.ReceivedAt) && x.Category == c.Category &&
				x.Priority == c.Priority && x.Channel == c.Channel
		})
		out = rec
		if err != nil || !created {
			return err
		}
		return u.emit(c.ID, events.ComplaintOpened{ComplaintID: c.ID, CustomerID: cust.ID, CustomerName: cust.Name, Summary: c.Summary},
			toCustomer(cust))
	})
	return out, err
}

// changeComplaint loads a complaint at the expected version, changes it,
// reschedules its SLA check and saves it, recording complaint.changed.
func (s Complaints) changeComplaint(ctx context.Context, tenant TenantID, id string, version int, action, by string,
	change func(u *unit, c *feedback.Complaint) error) (ComplaintRecord, error) {
	if version < 1 {
		return ComplaintRecord{}, problem.One(ErrInvalid, "version", "required", "name the version of the complaint acted on")
	}
	var out ComplaintRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, err := storage.Complaints().Get(u.ctx, u.tx, tenant, id)
		if err != nil {
			return err
		}
		if err := expect("complaint "+problem.Clip(id), rec.Version, version); err != nil {
			return err
		}
		if err := change(u, &rec.Complaint); err != nil {
			return err
		}
		if err := schedule(&rec, u.now); err != nil {
			return err
		}
		if out, err = storage.Complaints().Put(u.ctx, u.tx, tenant, rec); err != nil {
			return err
		}
		return u.internal(id, events.ComplaintChanged{ComplaintID: id, Action: action, Status: out.Complaint.Status, By: by})
	})
	return out, err
}

// Act applies a lifecycle action to the complaint at the expected version.
// An action its status does not allow is ErrInvalidTransition (and
// feedback.ErrInvalidTransition); an unknown action is ErrInvalid. On
// close, the follow-up visit is scheduled and its consultant told.
func (s Complaints) Act(ctx context.Context, tenant TenantID, a ComplaintAction) (ComplaintRecord, error) {
	return s.changeComplaint(ctx, tenant, a.ID, a.Version, string(a.Action), a.By, func(u *unit, c *feedback.Complaint) error {
		if err := c.Apply(a.Action, u.now, a.By, a.Note); err != nil {
			return err
		}
		if a.Action != feedback.Close {
			return nil
		}
		f, err := u.c.followUps.ForComplaint("followup-"+c.ID+"-"+fmt.Sprint(len(c.Timeline)), c)
		if err != nil {
			return err
		}
		return u.scheduleFollowUp(f)
	})
}

// Resolve records root cause, remedy and compensation; above the approval
// limits it is ErrApprovalRequired (and feedback.ErrApprovalRequired).
func (s Complaints) Resolve(ctx context.Context, tenant TenantID, r ComplaintResolution) (ComplaintRecord, error) {
	return s.changeComplaint(ctx, tenant, r.ID, r.Version, "resolve", r.By, func(u *unit, c *feedback.Complaint) error {
		return c.Resolve(r.Resolution, u.now, r.By, u.c.limits)
	})
}

// Rate records the customer's 1–5 satisfaction with the resolution.
func (s Complaints) Rate(ctx context.Context, tenant TenantID, r ComplaintRating) (ComplaintRecord, error) {
	return s.changeComplaint(ctx, tenant, r.ID, r.Version, "rate", r.By, func(u *unit, c *feedback.Complaint) error {
		return c.RecordSatisfaction(r.Score, u.now, r.By)
	})
}

// Get returns a complaint.
func (s Complaints) Get(ctx context.Context, tenant TenantID, id string) (ComplaintRecord, error) {
	return read(s.c, ctx, tenant, storage.Complaints(), id)
}

// List returns one page of the tenant's complaints the query selects.
func (s Complaints) List(ctx context.Context, tenant TenantID, q ComplaintQuery) (Page[ComplaintRecord], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[ComplaintRecord]{}, err
	}
	window := !q.DueFrom.IsZero() || !q.DueTo.IsZero()
	if window && (q.DueFrom.IsZero() || q.DueTo.IsZero() || !q.DueFrom.Before(q.DueTo)) {
		return Page[ComplaintRecord]{}, problem.One(ErrInvalid, "due_to", "order", "a due window needs due_from before due_to")
	}
	sq := storage.Query{Page: q.Page}
	status, assignee := q.Status != "", q.Assignee != ""
	switch {
	case window:
		sq.Index, sq.From, sq.To = "due", storage.Nanos(q.DueFrom), storage.Nanos(q.DueTo)
	case status:
		sq.Index, sq.Equal, status = "status", []any{string(q.Status)}, false
	case assignee:
		sq.Index, sq.Equal, assignee = "assignee", []any{q.Assignee}, false
	default:
		sq.Index = "received"
	}
	if status {
		sq.Where = append(sq.Where, storage.Cond{Field: "status", Value: string(q.Status)})
	}
	if assignee {
		sq.Where = append(sq.Where, storage.Cond{Field: "assignee", Value: q.Assignee})
	}
	return storage.Complaints().List(ctx, s.c.store, tenant, sq)
}

// schedule sets when the sweep must next look at a complaint: the earliest
// instant one of its running targets becomes at risk or breached and has
// not yet raised that alert; none while every target is done or paused.
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
		atRisk, breached storage.Alerts
	}{
		{sla.FirstResponse, storage.AlertFirstResponseAtRisk, storage.AlertFirstResponseBreached},
		{sla.Resolution, storage.AlertResolutionAtRisk, storage.AlertResolutionBreached},
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
