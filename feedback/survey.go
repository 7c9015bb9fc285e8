package feedback

import (
	"slices"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
)

// Aspect is a part of the trip a customer rates.
type Aspect string

// Rated aspects.
const (
	AspectHotel      Aspect = "hotel"
	AspectTransport  Aspect = "transport"
	AspectGuide      Aspect = "guide"
	AspectMeals      Aspect = "meals"
	AspectItinerary  Aspect = "itinerary"
	AspectConsultant Aspect = "consultant"
)

// Aspects lists every aspect in report order.
func Aspects() []Aspect {
	return []Aspect{AspectHotel, AspectTransport, AspectGuide, AspectMeals, AspectItinerary, AspectConsultant}
}

// Survey is one customer's answers after a trip or a complaint.
type Survey struct {
	ID          string    `json:"id"`
	CustomerID  string    `json:"customer_id"`
	TripID      string    `json:"trip_id,omitempty"`
	ComplaintID string    `json:"complaint_id,omitempty"`
	Consultant  string    `json:"consultant,omitempty"`
	Team        string    `json:"team,omitempty"`
	RespondedAt time.Time `json:"responded_at"`
	// CSAT is 1–5; 0 means not answered.
	CSAT int `json:"csat,omitempty"`
	// NPS is 0–10; nil means not answered.
	NPS     *int           `json:"nps,omitempty"`
	Ratings map[Aspect]int `json:"ratings,omitempty"` // 1–5 each
	Comment string         `json:"comment,omitempty"`
}

// Validate checks ranges and required fields, reporting every problem.
func (s Survey) Validate() error {
	var ps problems
	if s.ID == "" {
		ps.add("ID", "required", "a survey needs an ID")
	}
	if s.CustomerID == "" {
		ps.add("CustomerID", "required", "a survey needs a customer")
	}
	if s.RespondedAt.IsZero() {
		ps.add("RespondedAt", "required", "when the customer answered is required")
	}
	if s.CSAT < 0 || s.CSAT > 5 {
		ps.add("CSAT", "out_of_range", "CSAT is 1 to 5 (0: not answered)")
	}
	if s.NPS != nil && (*s.NPS < 0 || *s.NPS > 10) {
		ps.add("NPS", "out_of_range", "NPS is 0 to 10")
	}
	keys := make([]Aspect, 0, len(s.Ratings))
	for a := range s.Ratings {
		keys = append(keys, a)
	}
	slices.Sort(keys)
	for _, a := range keys {
		if !slices.Contains(Aspects(), a) {
			ps.add("Ratings["+string(a)+"]", "invalid_value", "unknown aspect")
		} else if r := s.Ratings[a]; r < 1 || r > 5 {
			ps.add("Ratings["+string(a)+"]", "out_of_range", "ratings are 1 to 5, not "+strconv.Itoa(r))
		}
	}
	if s.CSAT == 0 && s.NPS == nil && len(s.Ratings) == 0 && s.Comment == "" {
		ps.add("Survey", "empty", "the survey has no answer")
	}
	return ps.err()
}

// FollowUpKind says why a customer is visited again (回访).
type FollowUpKind string

// Follow-up kinds.
const (
	AfterTrip      FollowUpKind = "after_trip"
	AfterComplaint FollowUpKind = "after_complaint"
)

// FollowUp is a planned call or visit to a customer.
type FollowUp struct {
	ID         string       `json:"id"`
	Kind       FollowUpKind `json:"kind"`
	CustomerID string       `json:"customer_id"`
	Ref        string       `json:"ref"` // the trip or complaint
	Consultant string       `json:"consultant,omitempty"`
	Due        date.Date    `json:"due"`
	DoneAt     *time.Time   `json:"done_at,omitempty"`
	Notes      string       `json:"notes,omitempty"`
}

// Overdue reports whether the follow-up is still to do after its due date.
func (f FollowUp) Overdue(today date.Date) bool { return f.DoneAt == nil && today > f.Due }

// FollowUpPolicy sets how many days after a trip ends, or a complaint is
// resolved, the customer is followed up. Zero values mean 3 and 7 days.
type FollowUpPolicy struct {
	AfterTripDays      int `json:"after_trip_days"`
	AfterComplaintDays int `json:"after_complaint_days"`
}

func (p FollowUpPolicy) days(k FollowUpKind) int {
	switch {
	case k == AfterTrip && p.AfterTripDays > 0:
		return p.AfterTripDays
	case k == AfterComplaint && p.AfterComplaintDays > 0:
		return p.AfterComplaintDays
	case k == AfterTrip:
		return 3
	}
	return 7
}

// ForTrip plans the follow-up of a trip that ends on end.
func (p FollowUpPolicy) ForTrip(id, customerID, tripID, consultant string, end date.Date) FollowUp {
	return FollowUp{ID: id, Kind: AfterTrip, CustomerID: customerID, Ref: tripID, Consultant: consultant,
		Due: end + date.Date(p.days(AfterTrip))}
}

// ForComplaint plans the follow-up of a closed complaint, counted from the
// date it closed in its calendar's zone.
func (p FollowUpPolicy) ForComplaint(id string, c *Complaint) (FollowUp, error) {
	if c.Status != Closed || len(c.Timeline) == 0 {
		return FollowUp{}, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Status", Code: "not_closed", Message: "follow a complaint up once it is closed"}}}
	}
	loc, err := time.LoadLocation(c.Calendar.Zone)
	if err != nil {
		return FollowUp{}, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Calendar.Zone", Code: "unknown_zone", Message: err.Error()}}}
	}
	closed := date.NewAt(c.Timeline[len(c.Timeline)-1].At.In(loc))
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if c.Timeline[i].To == Closed && c.Timeline[i].From != Closed {
			closed = date.NewAt(c.Timeline[i].At.In(loc))
			break
		}
	}
	return FollowUp{ID: id, Kind: AfterComplaint, CustomerID: c.CustomerID, Ref: c.ID, Consultant: c.Consultant,
		Due: closed + date.Date(p.days(AfterComplaint))}, nil
}
