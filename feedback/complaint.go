package feedback

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Status is where a complaint stands (ISO 10002 handling).
type Status string

// Complaint statuses.
const (
	Received        Status = "received"
	Acknowledged    Status = "acknowledged"
	Assessed        Status = "assessed"
	Investigating   Status = "investigating"
	WaitingCustomer Status = "waiting_customer"
	WaitingSupplier Status = "waiting_supplier"
	Responded       Status = "responded"
	Closed          Status = "closed"
)

// Action is what a handler does to a complaint.
type Action string

// Actions, and the statuses they move between.
const (
	Acknowledge  Action = "acknowledge"   // received → acknowledged: the first response
	Assess       Action = "assess"        // acknowledged → assessed
	Investigate  Action = "investigate"   // assessed → investigating
	WaitCustomer Action = "wait_customer" // investigating → waiting_customer (clock paused)
	WaitSupplier Action = "wait_supplier" // investigating → waiting_supplier (clock paused)
	Resume       Action = "resume"        // waiting_* → investigating
	Respond      Action = "respond"       // investigating → responded (needs a resolution)
	Close        Action = "close"         // responded → closed: resolved
	Reopen       Action = "reopen"        // closed or responded → investigating
	Escalate     Action = "escalate"      // any open status: one escalation level up, status kept
	AddNote      Action = "note"          // any status: a line in the timeline
)

// next returns the status an action leads to from status s.
// Known reports whether a is one of the actions above.
func (a Action) Known() bool {
	switch a {
	case Acknowledge, Assess, Investigate, WaitCustomer, WaitSupplier, Resume, Respond, Close, Reopen, Escalate, AddNote:
		return true
	}
	return false
}

func next(a Action, s Status) (Status, bool) {
	switch {
	case a == Acknowledge && s == Received:
		return Acknowledged, true
	case a == Assess && s == Acknowledged:
		return Assessed, true
	case a == Investigate && s == Assessed:
		return Investigating, true
	case a == WaitCustomer && s == Investigating:
		return WaitingCustomer, true
	case a == WaitSupplier && s == Investigating:
		return WaitingSupplier, true
	case a == Resume && (s == WaitingCustomer || s == WaitingSupplier):
		return Investigating, true
	case a == Respond && s == Investigating:
		return Responded, true
	case a == Close && s == Responded:
		return Closed, true
	case a == Reopen && (s == Closed || s == Responded):
		return Investigating, true
	}
	return "", false
}

// Priority sets a complaint's SLA targets.
type Priority string

// Priorities.
const (
	Low    Priority = "low"
	Medium Priority = "medium"
	High   Priority = "high"
	Urgent Priority = "urgent"
)

// Channel is how a complaint arrived.
type Channel string

// Channels.
const (
	Phone    Channel = "phone"
	Email    Channel = "email"
	InPerson Channel = "in_person"
	Web      Channel = "web"
	WeChat   Channel = "wechat"
)

// RootCause classifies why a complaint happened.
type RootCause string

// Root causes.
const (
	SupplierFault  RootCause = "supplier_fault"
	AgencyError    RootCause = "agency_error"
	ExpectationGap RootCause = "expectation_gap"
	ForceMajeure   RootCause = "force_majeure"
	OtherCause     RootCause = "other"
)

// CompensationKind is what the customer gets.
type CompensationKind string

// Compensation kinds.
const (
	Points  CompensationKind = "points"  // loyalty or hotel points
	Voucher CompensationKind = "voucher" // money off a future trip, until Expires
	Refund  CompensationKind = "refund"  // money back
)

// Compensation is one remedy given to the customer, with why and who
// approved it; ChargeBack names the supplier at fault who pays it back.
type Compensation struct {
	Kind       CompensationKind `json:"kind"`
	Points     int              `json:"points,omitempty"`
	Amount     *pricing.Money   `json:"amount,omitempty"`
	Expires    date.Date        `json:"expires,omitzero"`
	Reason     string           `json:"reason"`
	ApprovedBy string           `json:"approved_by,omitempty"`
	ChargeBack string           `json:"charge_back,omitempty"`
}

// Resolution is how a complaint was resolved.
type Resolution struct {
	RootCause     RootCause      `json:"root_cause"`
	Remedy        string         `json:"remedy"`
	Compensations []Compensation `json:"compensations,omitempty"`
}

// ApprovalLimits say what a handler may grant alone; more needs an
// approver other than the handler. A zero limit means every compensation of
// that kind needs approval.
type ApprovalLimits struct {
	Points int             `json:"points"`
	Money  []pricing.Money `json:"money"` // one limit per currency
}

// Entry is one line of a complaint's append-only timeline.
type Entry struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Action Action    `json:"action"`
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Note   string    `json:"note,omitempty"`
}

// Complaint is a customer's complaint and everything done about it. Create
// one with Open; change it only through Apply, Resolve and
// RecordSatisfaction, which append to the timeline.
type Complaint struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	TripID     string    `json:"trip_id,omitempty"`
	ItemID     string    `json:"item_id,omitempty"`
	SupplierID string    `json:"supplier_id,omitempty"`
	Consultant string    `json:"consultant,omitempty"`
	Team       string    `json:"team,omitempty"`
	Category   string    `json:"category"`
	Priority   Priority  `json:"priority"`
	Channel    Channel   `json:"channel"`
	Summary    string    `json:"summary"`
	Assignee   string    `json:"assignee,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
	Status     Status    `json:"status"`
	Escalation int       `json:"escalation"`
	// Policy and Calendar are copies taken when the complaint opened, so
	// that later edits to the agency's policy do not rewrite history.
	Policy       Policy       `json:"policy"`
	Calendar     CalendarSpec `json:"calendar"`
	Timeline     []Entry      `json:"timeline"`
	Resolution   *Resolution  `json:"resolution,omitempty"`
	Satisfaction int          `json:"satisfaction,omitempty"` // 1–5, the customer's view of the resolution
}

// Open creates a received complaint with copies of the SLA policy and
// calendar in force. It checks the complaint's fields and the policy.
func Open(c Complaint, policy Policy, cal *Calendar, by string) (*Complaint, error) {
	var ps problems
	if c.ID == "" {
		ps.add("ID", "required", "a complaint needs an ID")
	}
	if c.CustomerID == "" {
		ps.add("CustomerID", "required", "a complaint needs a customer")
	}
	if strings.TrimSpace(c.Summary) == "" {
		ps.add("Summary", "required", "say what the complaint is about")
	}
	if c.Category == "" {
		ps.add("Category", "required", "a category is required")
	}
	switch c.Priority {
	case Low, Medium, High, Urgent:
	default:
		ps.add("Priority", "invalid_value", "priority must be low, medium, high or urgent")
	}
	switch c.Channel {
	case Phone, Email, InPerson, Web, WeChat:
	default:
		ps.add("Channel", "invalid_value", "unknown channel "+strconv.Quote(string(c.Channel)))
	}
	if c.ReceivedAt.IsZero() {
		ps.add("ReceivedAt", "required", "when the complaint was received is required")
	}
	if cal == nil {
		ps.add("Calendar", "required", "a business calendar is required")
	}
	if _, ok := policy.Targets[c.Priority]; !ok {
		ps.add("Policy", "missing_target", "the policy has no targets for priority "+strconv.Quote(string(c.Priority)))
	}
	ps = append(ps, policy.check()...)
	if err := ps.err(); err != nil {
		return nil, err
	}
	out := c
	out.Status, out.Escalation, out.Resolution, out.Satisfaction = Received, 0, nil, 0
	out.Policy = policy.clone()
	out.Calendar = cal.Spec()
	out.Timeline = []Entry{{At: c.ReceivedAt, By: by, Action: "receive", To: Received, Note: c.Summary}}
	return &out, nil
}

// Apply performs an action at an instant. An action the status does not
// allow returns an error wrapping ErrInvalidTransition and changes nothing;
// so does an instant before the last timeline entry, or a response without
// a resolution.
func (c *Complaint) Apply(a Action, at time.Time, by, note string) error {
	if !a.Known() {
		return problem.Invalid(ErrInvalid, []Problem{{Field: "Action", Code: "unknown_action",
			Message: "unknown action " + strconv.Quote(problem.Clip(string(a))), Detail: map[string]string{"action": problem.Clip(string(a))}}})
	}
	if len(c.Timeline) == 0 {
		return fmt.Errorf("%w: the complaint was not opened with Open", ErrInvalidTransition)
	}
	last := c.Timeline[len(c.Timeline)-1].At
	if at.Before(last) {
		return fmt.Errorf("%w: %s at %s is before the last entry at %s", ErrInvalidTransition, a, at.Format(time.RFC3339), last.Format(time.RFC3339))
	}
	to := c.Status
	switch a {
	case Escalate:
		if c.Status == Closed {
			return fmt.Errorf("%w: a closed complaint cannot be escalated", ErrInvalidTransition)
		}
		c.Escalation++
	case AddNote:
	default:
		n, ok := next(a, c.Status)
		if !ok {
			return fmt.Errorf("%w: cannot %s a complaint that is %s", ErrInvalidTransition, a, c.Status)
		}
		if a == Respond && c.Resolution == nil {
			return fmt.Errorf("%w: record a resolution before responding", ErrInvalidTransition)
		}
		to = n
	}
	c.Timeline = append(c.Timeline, Entry{At: at, By: by, Action: a, From: c.Status, To: to, Note: note})
	c.Status = to
	return nil
}

// Resolve records the root cause, remedy and compensation. Compensation
// above the handler's limits must name an approver other than the handler
// (ErrApprovalRequired otherwise); amounts must be positive, vouchers need
// an expiry, points a count. Every problem is reported at once.
func (c *Complaint) Resolve(r Resolution, at time.Time, by string, limits ApprovalLimits) error {
	if len(c.Timeline) == 0 {
		return fmt.Errorf("%w: the complaint was not opened with Open", ErrInvalidTransition)
	}
	if c.Status == Closed {
		return fmt.Errorf("%w: reopen a closed complaint before resolving it again", ErrInvalidTransition)
	}
	var ps problems
	switch r.RootCause {
	case SupplierFault, AgencyError, ExpectationGap, ForceMajeure, OtherCause:
	default:
		ps.add("RootCause", "invalid_value", "unknown root cause "+strconv.Quote(string(r.RootCause)))
	}
	if strings.TrimSpace(r.Remedy) == "" {
		ps.add("Remedy", "required", "describe the remedy")
	}
	needApproval := false
	for i, comp := range r.Compensations {
		f := "Compensations[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(comp.Reason) == "" {
			ps.add(f+".Reason", "required", "every compensation needs a reason")
		}
		over := false
		switch comp.Kind {
		case Points:
			if comp.Points <= 0 || comp.Amount != nil {
				ps.add(f, "invalid_value", "points compensation needs a positive number of points and no amount")
			}
			over = comp.Points > limits.Points
		case Voucher, Refund:
			if comp.Amount == nil || !comp.Amount.IsValid() || comp.Amount.Sign() <= 0 || !comp.Amount.IsRounded() {
				ps.add(f+".Amount", "invalid_value", "a positive amount in minor units is required")
				continue
			}
			if comp.Kind == Voucher && comp.Expires == 0 {
				ps.add(f+".Expires", "required", "a voucher needs an expiry date")
			}
			over = true
			for _, l := range limits.Money {
				if cmp, err := comp.Amount.Cmp(l); err == nil {
					over = cmp > 0
					break
				}
			}
		default:
			ps.add(f+".Kind", "invalid_value", "compensation is points, voucher or refund")
			continue
		}
		if over && (comp.ApprovedBy == "" || comp.ApprovedBy == by) {
			needApproval = true
			ps.add(f+".ApprovedBy", "approval_required", "above the handler's limit: an approver other than the handler is required")
		}
		if comp.ChargeBack != "" && r.RootCause != SupplierFault {
			ps.add(f+".ChargeBack", "invalid_value", "only a supplier at fault can be charged back")
		}
	}
	if err := ps.err(); err != nil {
		if needApproval {
			return fmt.Errorf("%w: %w", ErrApprovalRequired, err)
		}
		return err
	}
	res := r
	res.Compensations = slices.Clone(r.Compensations)
	c.Resolution = &res
	c.Timeline = append(c.Timeline, Entry{At: at, By: by, Action: "resolve", From: c.Status, To: c.Status,
		Note: string(r.RootCause) + ": " + r.Remedy})
	return nil
}

// RecordSatisfaction records the customer's 1–5 rating of the resolution.
func (c *Complaint) RecordSatisfaction(score int, at time.Time, by string) error {
	if score < 1 || score > 5 {
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Satisfaction", Code: "out_of_range", Message: "satisfaction is 1 to 5"}}}
	}
	if c.Status != Responded && c.Status != Closed {
		return fmt.Errorf("%w: satisfaction is recorded after the response", ErrInvalidTransition)
	}
	c.Satisfaction = score
	c.Timeline = append(c.Timeline, Entry{At: at, By: by, Action: "rate", From: c.Status, To: c.Status, Note: strconv.Itoa(score) + "/5"})
	return nil
}

// Clone returns a deep copy.
func (c *Complaint) Clone() *Complaint {
	out := *c
	out.Timeline = slices.Clone(c.Timeline)
	out.Policy = c.Policy.clone()
	out.Calendar.Holidays = slices.Clone(c.Calendar.Holidays)
	out.Calendar.ExtraDays = slices.Clone(c.Calendar.ExtraDays)
	out.Calendar.ExtraHours = slices.Clone(c.Calendar.ExtraHours)
	for d := range out.Calendar.Week {
		out.Calendar.Week[d] = slices.Clone(c.Calendar.Week[d])
	}
	if c.Resolution != nil {
		r := *c.Resolution
		r.Compensations = slices.Clone(r.Compensations)
		out.Resolution = &r
	}
	return &out
}

// ChargedBackTo names the supplier the complaint's compensation is charged
// back to ("" when none is).
func (c *Complaint) ChargedBackTo() string {
	if c.Resolution == nil {
		return ""
	}
	for _, comp := range c.Resolution.Compensations {
		if comp.ChargeBack != "" {
			return comp.ChargeBack
		}
	}
	return ""
}
