package inquiry

import (
	"cmp"
	"slices"
	"time"

	"github.com/travelkit/travelkit/itinerary"
)

// Source says where a preference comes from.
type Source string

// Sources.
const (
	Stated   Source = "stated"   // the customer said so in an inquiry
	Inferred Source = "inferred" // read from the products they booked
)

// Preference is one interest in a customer's profile with its weight
// (1–10) and provenance.
type Preference struct {
	Interest itinerary.Theme `json:"interest"`
	Weight   int             `json:"weight"`
	Source   Source          `json:"source"`
	// From is the inquiry ID or booking reference it was read from.
	From string    `json:"from"`
	At   time.Time `json:"at"`
}

// PastTrip is a booking the customer travelled on, with the themes of
// what they booked.
type PastTrip struct {
	BookingRef string            `json:"booking_ref"`
	Themes     []itinerary.Theme `json:"themes"`
	At         time.Time         `json:"at"`
}

// Profile is what the agency knows a customer likes, accumulated across
// inquiries and trips. Dietary and mobility needs are what the customer
// last told; they are confirmed with the customer before each booking.
type Profile struct {
	CustomerID  string       `json:"customer_id"`
	Preferences []Preference `json:"preferences"`
	Dietary     string       `json:"dietary,omitempty"`
	Mobility    string       `json:"mobility,omitempty"`
}

// BuildProfile accumulates a profile: for each interest, the latest
// stated weight wins; an interest never stated is inferred from past
// trips, weighing 3 per trip that featured it, at most 10. Stated
// preferences come first, then inferred, each by interest.
func BuildProfile(customerID string, inquiries []Inquiry, trips []PastTrip) Profile {
	p := Profile{CustomerID: customerID}
	stated := map[itinerary.Theme]Preference{}
	ordered := slices.Clone(inquiries)
	slices.SortStableFunc(ordered, func(a, b Inquiry) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	for _, q := range ordered {
		for _, w := range q.Needs.Interests {
			stated[w.Interest] = Preference{Interest: w.Interest, Weight: w.Weight, Source: Stated, From: q.ID, At: q.ReceivedAt}
		}
		if q.Needs.Dietary != "" {
			p.Dietary = q.Needs.Dietary
		}
		if q.Needs.Mobility != "" {
			p.Mobility = q.Needs.Mobility
		}
	}
	inferred := map[itinerary.Theme]Preference{}
	for _, t := range trips {
		for _, th := range t.Themes {
			if _, ok := stated[th]; ok {
				continue
			}
			pr := inferred[th]
			pr.Interest, pr.Source = th, Inferred
			pr.Weight = min(pr.Weight+3, 10)
			if t.At.After(pr.At) || pr.From == "" {
				pr.From, pr.At = t.BookingRef, t.At
			}
			inferred[th] = pr
		}
	}
	for _, m := range []map[itinerary.Theme]Preference{stated, inferred} {
		var part []Preference
		for _, pr := range m {
			part = append(part, pr)
		}
		slices.SortFunc(part, func(a, b Preference) int { return cmp.Compare(a.Interest, b.Interest) })
		p.Preferences = append(p.Preferences, part...)
	}
	return p
}

// Weight returns the profile's weight for an interest and its source.
func (p *Profile) Weight(th itinerary.Theme) (int, Source) {
	if p == nil {
		return 0, ""
	}
	for _, pr := range p.Preferences {
		if pr.Interest == th {
			return pr.Weight, pr.Source
		}
	}
	return 0, ""
}
