package feedback_test

import (
	"testing"
	"time"

	"github.com/travelkit/travelkit/feedback"
)

// slaCase applies steps to a fresh complaint and checks the SLA at an
// instant. Office hours are 09–12 and 13–18, Monday to Friday; the medium
// targets are 1 business hour to respond and 24 to resolve.
func TestSLA(t *testing.T) {
	t.Parallel()
	type want struct {
		state        feedback.State
		used, paused time.Duration
		due          time.Time
		breached     *time.Time
		atRisk       bool
	}
	at := func(day, hh, mm int) time.Time { return shAt(t, day, hh, mm) }
	ptr := func(x time.Time) *time.Time { return &x }
	resolved := func(c *feedback.Complaint, when time.Time) {
		if err := c.Resolve(resolution(t), when, "consultant-li", limits); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		steps func(c *feedback.Complaint)
		now   time.Time
		first *want
		res   want
	}{
		{
			// At the instant it arrives the clocks run, nothing used yet.
			name: "at receipt", steps: func(*feedback.Complaint) {}, now: at(23, 10, 0),
			first: &want{state: feedback.Running, due: at(23, 11, 0)},
			res:   want{state: feedback.Running, due: at(26, 10, 0)},
		},
		{
			// Nothing done by 11:00: exactly the hour used — at risk, not breached.
			name: "first response running at the limit", steps: func(*feedback.Complaint) {}, now: at(23, 11, 0),
			first: &want{state: feedback.Running, used: time.Hour, due: at(23, 11, 0), atRisk: true},
			res:   want{state: feedback.Running, used: time.Hour, due: at(26, 10, 0)},
		},
		{
			// One minute later it is breached, as of 11:00, without any job running.
			name: "first response breached while open", steps: func(*feedback.Complaint) {}, now: at(23, 11, 1),
			first: &want{state: feedback.Breached, used: time.Hour + time.Minute, due: at(23, 11, 0), breached: ptr(at(23, 11, 0))},
			res:   want{state: feedback.Running, used: time.Hour + time.Minute, due: at(26, 10, 0)},
		},
		{
			// Acknowledged at 10:30; waiting on the hotel Mon 14:00 – Tue 10:00
			// (4 + 1 business hours paused), closed Tue 16:00 after 3 h Monday
			// and 5 h Tuesday: met with 8 h used; due Thu 16:00 (Thu 10:00
			// plus the 5 paused hours).
			name: "met with a pause", now: at(24, 16, 0),
			steps: func(c *feedback.Complaint) {
				apply(t, c, feedback.Acknowledge, at(23, 10, 30), feedback.Assess, at(23, 11, 0), feedback.Investigate, at(23, 11, 30),
					feedback.WaitSupplier, at(23, 14, 0), feedback.Resume, at(24, 10, 0))
				resolved(c, at(24, 14, 0))
				apply(t, c, feedback.Respond, at(24, 15, 0), feedback.Close, at(24, 16, 0))
			},
			first: &want{state: feedback.Met, used: 30 * time.Minute, due: at(23, 11, 0)},
			res:   want{state: feedback.Met, used: 8 * time.Hour, paused: 20 * time.Hour, due: at(26, 16, 0)},
		},
		{
			// Paused now: the due time is projected as if the clock resumed
			// now: 21 h left from Mon 16:00 runs to Thu 12:00.
			name: "paused", now: at(23, 16, 0),
			steps: func(c *feedback.Complaint) {
				apply(t, c, feedback.Acknowledge, at(23, 10, 30), feedback.Assess, at(23, 11, 0), feedback.Investigate, at(23, 11, 30),
					feedback.WaitCustomer, at(23, 14, 0))
			},
			res: want{state: feedback.Paused, used: 3 * time.Hour, paused: 2 * time.Hour, due: at(26, 12, 0)},
		},
		{
			// Still open on Thursday 11:00, past its Thursday 10:00 due time:
			// breached now, as of 10:00.
			name: "open past due", now: at(26, 11, 0),
			steps: func(c *feedback.Complaint) {
				apply(t, c, feedback.Acknowledge, at(23, 10, 30), feedback.Assess, at(23, 11, 0), feedback.Investigate, at(23, 11, 30))
			},
			res: want{state: feedback.Breached, used: 25 * time.Hour, due: at(26, 10, 0), breached: ptr(at(26, 10, 0))},
		},
		{
			// Closed Tue 16:00, reopened Wed 10:00, closed again Wed 12:00: the
			// closed night (Tue 16–18, Wed 9–10) does not count: 8 + 2 h used,
			// and the due time moves on by those 3 business hours to Fri 10:00.
			name: "reopen does not count the closed interval", now: at(25, 12, 0),
			steps: func(c *feedback.Complaint) {
				apply(t, c, feedback.Acknowledge, at(23, 10, 30), feedback.Assess, at(23, 11, 0), feedback.Investigate, at(23, 11, 30),
					feedback.WaitSupplier, at(23, 14, 0), feedback.Resume, at(24, 10, 0))
				resolved(c, at(24, 14, 0))
				apply(t, c, feedback.Respond, at(24, 15, 0), feedback.Close, at(24, 16, 0), feedback.Reopen, at(25, 10, 0),
					feedback.Respond, at(25, 11, 0), feedback.Close, at(25, 12, 0))
			},
			res: want{state: feedback.Met, used: 10 * time.Hour, paused: 20 * time.Hour, due: at(27, 10, 0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := open(t)
			tt.steps(c)
			s, err := c.SLA(tt.now)
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string, got feedback.Clock, w want) {
				t.Helper()
				if got.State != w.state || got.Used != w.used || got.Paused != w.paused || !got.Due.Equal(w.due) || got.AtRisk != w.atRisk {
					t.Errorf("%s: got %s used %v paused %v due %v risk %v; want %s used %v paused %v due %v risk %v", what,
						got.State, got.Used, got.Paused, got.Due, got.AtRisk, w.state, w.used, w.paused, w.due, w.atRisk)
				}
				if (got.BreachedAt == nil) != (w.breached == nil) || (w.breached != nil && !got.BreachedAt.Equal(*w.breached)) {
					t.Errorf("%s: breached at %v, want %v", what, got.BreachedAt, w.breached)
				}
			}
			if tt.first != nil {
				check("first response", s.FirstResponse, *tt.first)
			}
			check("resolution", s.Resolution, tt.res)
		})
	}
}

func TestSLACalendarClock(t *testing.T) {
	t.Parallel()
	policy := feedback.DefaultPolicy()
	policy.Clock = feedback.CalendarClock
	cal, _ := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true})
	c, err := feedback.Open(feedback.Complaint{ID: "K2", CustomerID: "c1", Category: "hotel_service", Priority: feedback.High,
		Channel: feedback.WeChat, Summary: "noisy room", ReceivedAt: time.Date(2027, 5, 2, 22, 0, 0, 0, load(t, "Europe/Paris"))},
		policy, cal, "x")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.SLA(time.Date(2027, 5, 3, 23, 0, 0, 0, load(t, "Europe/Paris")))
	if s.Resolution.State != feedback.Breached || !s.Resolution.BreachedAt.Equal(time.Date(2027, 5, 3, 22, 0, 0, 0, load(t, "Europe/Paris"))) {
		t.Errorf("24 calendar hours: %+v", s.Resolution)
	}
}

// A complaint received Monday 17:00 owes its first response by 18:00. At
// 18:00 the clock still runs; past it — in the evening, at night, over the
// weekend, when no working time is counted — it reads as breached, as of
// 18:00, with only the hour used until the next working day begins.
func TestSLABreachedPastDueOutsideWorkingHours(t *testing.T) {
	t.Parallel()
	c, err := feedback.Open(feedback.Complaint{ID: "K4", CustomerID: "c1", Category: "hotel_service", Priority: feedback.Medium,
		Channel: feedback.Phone, Summary: "no hot water", ReceivedAt: shAt(t, 23, 17, 0)}, feedback.DefaultPolicy(), shanghaiOffice(t), "li")
	if err != nil {
		t.Fatal(err)
	}
	due := shAt(t, 23, 18, 0)
	for _, tc := range []struct {
		now   time.Time
		state feedback.State
	}{
		{shAt(t, 23, 17, 59), feedback.Running},
		{due, feedback.Running},
		{due.Add(time.Second), feedback.Breached},
		{shAt(t, 23, 20, 0), feedback.Breached},
		{shAt(t, 24, 3, 0), feedback.Breached},
	} {
		s, err := c.SLA(tc.now)
		if err != nil {
			t.Fatal(err)
		}
		f := s.FirstResponse
		if f.State != tc.state || !f.Due.Equal(due) {
			t.Errorf("at %s: %s due %s", tc.now.Format("Mon 15:04"), f.State, f.Due.Format("Mon 15:04"))
		}
		if tc.state == feedback.Breached && (f.BreachedAt == nil || !f.BreachedAt.Equal(due) || f.Used != time.Hour) {
			t.Errorf("at %s: breached at %v, used %v", tc.now.Format("Mon 15:04"), f.BreachedAt, f.Used)
		}
	}
}
