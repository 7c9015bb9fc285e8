package inquiry

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Channel is how an inquiry reached the agency.
type Channel string

// Channels.
const (
	Phone  Channel = "phone"
	Email  Channel = "email"
	WalkIn Channel = "walk_in"
	Web    Channel = "web"
	WeChat Channel = "wechat"
)

// Status is where an inquiry is in its life.
type Status string

// Statuses: new → qualified → proposed → won, or lost from any open one.
const (
	New       Status = "new"
	Qualified Status = "qualified"
	Proposed  Status = "proposed"
	Won       Status = "won"
	Lost      Status = "lost"
)

// LostReason says why an inquiry was lost; a stable code.
type LostReason string

// Reasons an inquiry is lost.
const (
	LostPrice       LostReason = "price"
	LostDates       LostReason = "dates"
	LostCompetitor  LostReason = "competitor"
	LostNoResponse  LostReason = "no_response"
	LostPlanChanged LostReason = "plans_changed"
	LostNoProduct   LostReason = "no_product"
	LostOther       LostReason = "other"
)

// Pace is how full the customer wants the days.
type Pace string

// Paces.
const (
	Relaxed  Pace = "relaxed"
	Moderate Pace = "moderate"
	Intense  Pace = "intense"
)

// Basis says what a budget is for.
type Basis string

// Budget bases.
const (
	PerPerson Basis = "per_person"
	Total     Basis = "total"
)

// Budget is what the customer means to spend, per person or in total,
// and how far above it they would go (TolerancePct, 10 means 10 %).
type Budget struct {
	Amount       pricing.Money   `json:"amount"`
	Basis        Basis           `json:"basis"`
	TolerancePct decimal.Decimal `json:"tolerance_pct,omitzero"`
}

// Weighted is an interest and how much it matters, 1 (a little) to 10
// (above all).
type Weighted struct {
	Interest itinerary.Theme `json:"interest"`
	Weight   int             `json:"weight"`
}

// Needs are what the customer asks for.
type Needs struct {
	// Destinations are cities, countries or regions, as the catalogue's
	// products name them; empty means anywhere.
	Destinations []string `json:"destinations,omitempty"`
	// Earliest and Latest bound the departure date; FlexDays widens the
	// window by that many days on either side.
	Earliest date.Date `json:"earliest"`
	Latest   date.Date `json:"latest"`
	FlexDays int       `json:"flex_days,omitempty"`
	// MinDays and MaxDays bound the trip's length (0: no bound).
	MinDays int `json:"min_days,omitempty"`
	MaxDays int `json:"max_days,omitempty"`
	// Party lists each traveller's birth date; ages are taken on the
	// travel date.
	Party      []date.Date `json:"party"`
	Budget     *Budget     `json:"budget,omitempty"`
	Interests  []Weighted  `json:"interests,omitempty"`
	Pace       Pace        `json:"pace,omitempty"`
	HotelGrade int         `json:"hotel_grade,omitempty"` // stars wanted, 0: any
	Dietary    string      `json:"dietary,omitempty"`
	Mobility   string      `json:"mobility,omitempty"`
	// Room and Occasion are the room wanted ("quiet, high floor") and an
	// occasion to mark (an anniversary): special requests that travel to
	// the booking's services and the suppliers.
	Room     string            `json:"room,omitempty"`
	Occasion string            `json:"occasion,omitempty"`
	Avoid    []itinerary.Theme `json:"avoid,omitempty"`
}

// Exchange is one question asked and the answer given.
type Exchange struct {
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Question string    `json:"question"`
	Answer   string    `json:"answer"`
}

// Action is the next thing to do and when it is due.
type Action struct {
	What string    `json:"what"`
	Due  time.Time `json:"due"`
}

// Change is one status change with who made it and when.
type Change struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	From Status    `json:"from"`
	To   Status    `json:"to"`
	Note string    `json:"note,omitempty"`
}

// Inquiry is one consultation: a row of the consultation record
// (客户咨询记录表).
type Inquiry struct {
	ID         string    `json:"id"`
	Channel    Channel   `json:"channel"`
	ReceivedAt time.Time `json:"received_at"`
	Consultant string    `json:"consultant"`
	CustomerID string    `json:"customer_id"`
	// NewCustomer is set when the inquiry created the customer.
	NewCustomer bool       `json:"new_customer,omitempty"`
	LeadSource  string     `json:"lead_source,omitempty"` // web, referral, campaign, trade…
	Needs       Needs      `json:"needs"`
	Exchanges   []Exchange `json:"exchanges,omitempty"`
	Next        *Action    `json:"next,omitempty"`
	Status      Status     `json:"status"`
	// FirstResponseAt is when the customer first got an answer.
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	// TripID is the proposal made, ProductID the catalogue product it
	// came from (if any); BookingRef the booking won.
	TripID     string     `json:"trip_id,omitempty"`
	QuoteID    string     `json:"quote_id,omitempty"`
	ProductID  string     `json:"product_id,omitempty"`
	BookingRef string     `json:"booking_ref,omitempty"`
	LostReason LostReason `json:"lost_reason,omitempty"`
	History    []Change   `json:"history,omitempty"`
}

// Validate reports every problem of a new inquiry at once.
func (q *Inquiry) Validate() error {
	var ps problem.List
	if q.ID == "" {
		ps.Add("id", "required", "an inquiry has an ID")
	}
	switch q.Channel {
	case Phone, Email, WalkIn, Web, WeChat:
	default:
		ps.Add("channel", "unknown", fmt.Sprintf("channel %q is phone, email, walk_in, web or wechat", problem.Clip(string(q.Channel))))
	}
	if q.ReceivedAt.IsZero() {
		ps.Add("received_at", "required", "an inquiry has the instant it was received")
	}
	if q.Consultant == "" {
		ps.Add("consultant", "required", "an inquiry has its consultant")
	}
	if q.CustomerID == "" {
		ps.Add("customer_id", "required", "an inquiry belongs to a customer, new or matched")
	}
	n := &q.Needs
	if n.Earliest != 0 && n.Latest != 0 && n.Latest < n.Earliest {
		ps.Add("needs.latest", "range", "the latest departure is on or after the earliest")
	}
	if n.FlexDays < 0 || n.MinDays < 0 || n.MaxDays < 0 || (n.MaxDays > 0 && n.MaxDays < n.MinDays) {
		ps.Add("needs.days", "range", "flexibility and lengths are not negative, and the longest is not shorter than the shortest")
	}
	if b := n.Budget; b != nil {
		if !b.Amount.IsValid() || b.Amount.Sign() <= 0 {
			ps.Add("needs.budget.amount", "amount", "a budget is a positive amount with its currency")
		}
		if b.Basis != PerPerson && b.Basis != Total {
			ps.Add("needs.budget.basis", "unknown", "a budget is per_person or total")
		}
		if b.TolerancePct.Sign() < 0 || b.TolerancePct.GreaterThan(decimal.NewFromInt(100)) {
			ps.Add("needs.budget.tolerance_pct", "range", "a tolerance is 0 to 100 %")
		}
	}
	for i, w := range n.Interests {
		if w.Weight < 1 || w.Weight > 10 || w.Interest == "" {
			ps.Add("needs.interests["+strconv.Itoa(i)+"]", "weight", "an interest has a name and a weight from 1 to 10")
		}
	}
	switch n.Pace {
	case "", Relaxed, Moderate, Intense:
	default:
		ps.Add("needs.pace", "unknown", "pace is relaxed, moderate or intense")
	}
	if n.HotelGrade < 0 || n.HotelGrade > 5 {
		ps.Add("needs.hotel_grade", "range", "a hotel grade is 0 (any) to 5 stars")
	}
	if q.Status != "" && q.Status != New {
		ps.Add("status", "state", "a new inquiry starts as new")
	}
	return ps.Err(ErrInvalid)
}

// Event is what happens to an inquiry.
type Event string

// Events.
const (
	Qualify Event = "qualify"
	Propose Event = "propose"
	Win     Event = "win"
	Lose    Event = "lose"
)

// transitions is the one table of allowed moves.
var transitions = map[Status]map[Event]Status{
	New:       {Qualify: Qualified, Lose: Lost},
	Qualified: {Propose: Proposed, Lose: Lost},
	Proposed:  {Propose: Proposed, Win: Won, Lose: Lost},
}

// Input carries what an event needs.
type Input struct {
	At         time.Time
	By         string
	TripID     string     // Propose
	QuoteID    string     // Propose: the quote of the trip, when priced
	ProductID  string     // Propose, when from the catalogue
	BookingRef string     // Win
	Reason     LostReason // Lose
	Note       string
}

// Apply moves the inquiry by ev; a move the table does not allow is
// ErrInvalidTransition naming the state and event, and a move without
// what it needs is ErrInvalid; either way nothing changes.
func (q *Inquiry) Apply(ev Event, in Input) error {
	to, ok := transitions[q.Status][ev]
	if !ok {
		return fmt.Errorf("%w: an inquiry that is %s cannot %s", ErrInvalidTransition, q.Status, ev)
	}
	var ps problem.List
	if in.At.IsZero() {
		ps.Add("at", "required", "a change has its instant")
	}
	switch ev {
	case Propose:
		if in.TripID == "" {
			ps.Add("trip_id", "required", "a proposal names its trip")
		}
	case Win:
		if in.BookingRef == "" {
			ps.Add("booking_ref", "required", "a won inquiry names its booking")
		}
	case Lose:
		if !slices.Contains([]LostReason{LostPrice, LostDates, LostCompetitor, LostNoResponse, LostPlanChanged, LostNoProduct, LostOther}, in.Reason) {
			ps.Add("reason", "unknown", fmt.Sprintf("lost reason %q is not a known code", problem.Clip(string(in.Reason))))
		}
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return err
	}
	q.History = append(q.History, Change{At: in.At, By: in.By, From: q.Status, To: to, Note: in.Note})
	q.Status = to
	switch ev {
	case Propose:
		q.TripID, q.QuoteID, q.ProductID = in.TripID, in.QuoteID, in.ProductID
	case Win:
		q.BookingRef = in.BookingRef
		q.Next = nil
	case Lose:
		q.LostReason = in.Reason
		q.Next = nil
	}
	return nil
}

// Respond records an exchange with the customer; the first one is the
// first response the SLA measures.
func (q *Inquiry) Respond(e Exchange) error {
	if e.At.IsZero() || strings.TrimSpace(e.Question+e.Answer) == "" {
		return problem.One(ErrInvalid, "exchange", "required", "an exchange has its instant and a question or an answer")
	}
	if e.At.Before(q.ReceivedAt) {
		return problem.One(ErrInvalid, "exchange.at", "range", "an answer comes after the inquiry")
	}
	q.Exchanges = append(q.Exchanges, e)
	if q.FirstResponseAt == nil {
		at := e.At
		q.FirstResponseAt = &at
	}
	return nil
}

// FirstResponse is the first-response SLA of an inquiry.
type FirstResponse struct {
	Due       time.Time `json:"due"`
	Responded bool      `json:"responded"`
	Met       bool      `json:"met"` // responded by the due instant
	Breached  bool      `json:"breached"`
}

// FirstResponseSLA measures the first-response SLA at instant now: due
// within business time on cal from receipt (the feedback package's
// calendars, so holidays and 调休 days count as they do for complaints).
func (q *Inquiry) FirstResponseSLA(cal *feedback.Calendar, within time.Duration, now time.Time) (FirstResponse, error) {
	if cal == nil || within <= 0 {
		return FirstResponse{}, problem.One(ErrInvalid, "sla", "required", "a first-response SLA has a calendar and a positive time")
	}
	due, err := cal.Add(q.ReceivedAt, within)
	if err != nil {
		return FirstResponse{}, err
	}
	r := FirstResponse{Due: due}
	if q.FirstResponseAt != nil {
		r.Responded = true
		r.Met = !q.FirstResponseAt.After(due)
		r.Breached = !r.Met
		return r, nil
	}
	r.Breached = now.After(due)
	return r, nil
}
