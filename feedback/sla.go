package feedback

import (
	"maps"
	"slices"
	"time"
)

// ClockKind says how SLA time is counted.
type ClockKind string

// Clock kinds.
const (
	CalendarClock ClockKind = "calendar" // every hour counts
	BusinessClock ClockKind = "business" // only the calendar's working time
)

// Target is the time allowed for the first response and for resolution.
type Target struct {
	FirstResponse time.Duration `json:"first_response"`
	Resolution    time.Duration `json:"resolution"`
}

// Policy is an SLA: targets per priority, how time is counted, which
// statuses pause the clock, and when a complaint is at risk.
type Policy struct {
	Name    string              `json:"name"`
	Targets map[Priority]Target `json:"targets"`
	Clock   ClockKind           `json:"clock"`
	// Paused lists statuses that stop the clock; default waiting on
	// customer and waiting on supplier.
	Paused []Status `json:"paused,omitempty"`
	// AtRiskPct is the share of a target used that makes it at risk
	// (default 75).
	AtRiskPct int `json:"at_risk_pct,omitempty"`
}

// DefaultPolicy is the job's measure: respond within 1 business hour and
// resolve within 24 business hours for most complaints.
func DefaultPolicy() Policy {
	return Policy{
		Name: "standard",
		Targets: map[Priority]Target{
			Urgent: {FirstResponse: 30 * time.Minute, Resolution: 8 * time.Hour},
			High:   {FirstResponse: time.Hour, Resolution: 24 * time.Hour},
			Medium: {FirstResponse: time.Hour, Resolution: 24 * time.Hour},
			Low:    {FirstResponse: 4 * time.Hour, Resolution: 72 * time.Hour},
		},
		Clock:     BusinessClock,
		Paused:    []Status{WaitingCustomer, WaitingSupplier},
		AtRiskPct: 75,
	}
}

func (p Policy) check() problems {
	var ps problems
	if p.Clock != CalendarClock && p.Clock != BusinessClock {
		ps.add("Policy.Clock", "invalid_value", "the clock is calendar or business")
	}
	for pr, t := range p.Targets {
		if t.FirstResponse <= 0 || t.Resolution <= 0 {
			ps.add("Policy.Targets["+string(pr)+"]", "invalid_value", "targets must be positive")
		}
	}
	if p.AtRiskPct < 0 || p.AtRiskPct > 100 {
		ps.add("Policy.AtRiskPct", "out_of_range", "at-risk threshold is 0 to 100 %")
	}
	return ps
}

func (p Policy) clone() Policy {
	p.Targets = maps.Clone(p.Targets)
	p.Paused = slices.Clone(p.Paused)
	return p
}

func (p Policy) pauses(s Status) bool {
	if p.Paused == nil {
		return s == WaitingCustomer || s == WaitingSupplier
	}
	return slices.Contains(p.Paused, s)
}

// State is where an SLA target stands.
type State string

// SLA states.
const (
	Running  State = "running"
	Paused   State = "paused"
	Met      State = "met"
	Breached State = "breached"
)

// Clock is the status of one SLA target at an instant.
type Clock struct {
	Target time.Duration `json:"target"`
	// Used is the clock time counted so far; Paused the time in paused
	// statuses (wall time), neither counting time while closed.
	Used   time.Duration `json:"used"`
	Paused time.Duration `json:"paused"`
	// Due is when the target runs out; while paused it is projected as if
	// the clock resumed now.
	Due   time.Time `json:"due"`
	State State     `json:"state"`
	// AtRisk is set while running or paused with at least the policy's
	// share of the target used.
	AtRisk bool `json:"at_risk,omitempty"`
	// DoneAt is when the target's event happened (acknowledgement, close).
	DoneAt *time.Time `json:"done_at,omitempty"`
	// BreachedAt is when the target ran out, if it did: a breach is sticky.
	BreachedAt *time.Time `json:"breached_at,omitempty"`
}

// SLAStatus is a complaint's SLA at an instant.
type SLAStatus struct {
	At            time.Time `json:"at"`
	FirstResponse Clock     `json:"first_response"`
	Resolution    Clock     `json:"resolution"`
}

// interval is a stretch of the timeline in one status.
type interval struct {
	from, to time.Time
	status   Status
}

// intervals cuts the timeline into status stretches up to now.
func (c *Complaint) intervals(now time.Time) []interval {
	var out []interval
	for i, e := range c.Timeline {
		if e.At.After(now) {
			break
		}
		end := now
		if i+1 < len(c.Timeline) && c.Timeline[i+1].At.Before(now) {
			end = c.Timeline[i+1].At
		}
		if end.After(e.At) {
			out = append(out, interval{from: e.At, to: end, status: e.To})
		}
	}
	return out
}

// SLA computes the complaint's SLA at now from its timeline: time counted
// excludes paused statuses and time closed; a target is met when its event
// (acknowledgement; close) came within it, and breached — for good — from
// the instant the counted time exceeded it, even while the complaint is
// still open. Reopening resumes the resolution clock where it stopped.
func (c *Complaint) SLA(now time.Time) (SLAStatus, error) {
	cal, err := NewCalendar(c.Calendar)
	if err != nil {
		return SLAStatus{}, err
	}
	return c.SLAOn(cal, now), nil
}

// SLAOn is SLA with the complaint's calendar already built (from
// c.Calendar), for callers that compute several things with it.
func (c *Complaint) SLAOn(cal *Calendar, now time.Time) SLAStatus {
	target := c.Policy.Targets[c.Priority]
	ivs := c.intervals(now)
	first := c.clock(cal, ivs, now, target.FirstResponse, func(e Entry) bool { return e.Action == Acknowledge })
	res := c.clock(cal, ivs, now, target.Resolution, func(e Entry) bool { return e.To == Closed })
	// The resolution is done only while the complaint stays closed.
	if c.statusAt(now) != Closed {
		res = c.clock(cal, ivs, now, target.Resolution, func(Entry) bool { return false })
	}
	return SLAStatus{At: now, FirstResponse: first, Resolution: res}
}

// statusAt is the status at instant now.
func (c *Complaint) statusAt(now time.Time) Status {
	s := Received
	for _, e := range c.Timeline {
		if e.At.After(now) {
			break
		}
		s = e.To
	}
	return s
}

// clock computes one target. done picks the entry that completes it; the
// last such entry at or before now counts.
func (c *Complaint) clock(cal *Calendar, ivs []interval, now time.Time, target time.Duration, done func(Entry) bool) Clock {
	out := Clock{Target: target}
	var doneAt *time.Time
	for _, e := range c.Timeline {
		if !e.At.After(now) && done(e) {
			at := e.At
			doneAt = &at
		}
	}
	stop := now
	if doneAt != nil {
		stop = *doneAt
		out.DoneAt = doneAt
	}
	counted := func(a, b time.Time) time.Duration {
		if c.Policy.Clock == CalendarClock {
			return b.Sub(a)
		}
		return cal.Between(a, b)
	}
	addTime := func(a time.Time, d time.Duration) time.Time {
		if c.Policy.Clock == CalendarClock {
			return a.Add(d)
		}
		t, err := cal.Add(a, d)
		if err != nil {
			return time.Time{}
		}
		return t
	}
	remaining := target
	// The clock runs if, at the stop instant, the complaint is in a status
	// that counts.
	cur := c.statusAt(stop)
	running := cur != Closed && !c.Policy.pauses(cur)
	for _, iv := range ivs {
		if !iv.from.Before(stop) {
			break
		}
		to := iv.to
		if to.After(stop) {
			to = stop
		}
		switch {
		case iv.status == Closed:
			continue
		case c.Policy.pauses(iv.status):
			out.Paused += to.Sub(iv.from)
			continue
		}
		used := counted(iv.from, to)
		if out.BreachedAt == nil && used > remaining {
			at := addTime(iv.from, remaining)
			out.BreachedAt = &at
			out.Due = at
		}
		if out.Due.IsZero() && used <= remaining && to.Equal(stop) {
			out.Due = addTime(iv.from, remaining)
		}
		remaining -= used
		out.Used += used
	}
	if out.Due.IsZero() { // paused (or not started): project from now
		out.Due = addTime(now, max(remaining, 0))
	}
	// A running target past its due instant is breached at once, also when
	// now falls outside working hours (no working time has been counted
	// since, so used equals the target); the breach instant is the due one.
	if out.BreachedAt == nil && doneAt == nil && running && !out.Due.IsZero() && now.After(out.Due) {
		at := out.Due
		out.BreachedAt = &at
	}
	switch {
	case out.BreachedAt != nil || out.Used > target:
		out.State = Breached
	case doneAt != nil:
		out.State = Met
	case running:
		out.State = Running
	default:
		out.State = Paused
	}
	if (out.State == Running || out.State == Paused) && c.Policy.AtRiskPct > 0 &&
		100*int64(out.Used) >= int64(c.Policy.AtRiskPct)*int64(target) {
		out.AtRisk = true
	}
	return out
}
