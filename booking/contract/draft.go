package contract

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// ItemDetails are what an itinerary item does not say but the contract
// must: a hotel's address and grade, a leg's class, a meal's standard,
// and whether an activity is a shopping stop or an optional paid item.
type ItemDetails struct {
	Address       string
	Grade         string
	Class         string
	Standard      string
	Shopping      bool
	OptionalPrice *pricing.Money
}

// DraftInput is what a contract is drafted from: a booking revision with
// its payment schedule, the accepted quote and the trip version it came
// from, and the agency's terms.
type DraftInput struct {
	Number   string
	Template string
	Booking  booking.Booking
	Schedule pricing.PaymentSchedule
	Quote    *pricing.Quote
	Trip     *itinerary.Trip
	Agency   Agency
	Staff    Staff
	// LocalOperator, when set, is the 地接社 handling is delegated to.
	LocalOperator *Operator
	// Details by itinerary item ID.
	Details map[string]ItemDetails
	Group   Group
	// GuideFeePerPerson, when set, states that a guide is arranged.
	GuideFeePerPerson pricing.Money
	Insurance         Insurance
	Dispute           Dispute
	PaymentMethod     string
	SignPlace         string
	SignDate          date.Date
	// Lang is the language the drafted itinerary sheet names places in
	// (the customer's); und keeps the places' own names.
	Lang           language.Tag
	ComplaintPhone string
	Supervisor     string
	ShoppingAnnex  bool
	OptionalAnnex  bool
	EU             *EUTerms
}

// Draft builds a contract from a booking revision. Missing terms are not
// errors here — Validate reports them as findings; only what makes no
// contract at all is refused: an unknown template, no quote or trip, or a
// quote, trip or booking that are not the ones the booking came from.
func (cat *Catalogue) Draft(in DraftInput) (Contract, error) {
	var ps problem.List
	t, ok := cat.Template(in.Template)
	if !ok {
		ps.Add("template", "unknown", "the catalogue has no template "+problem.Clip(in.Template))
	}
	if in.Number == "" {
		ps.Add("number", "required", "a contract has a number")
	}
	if in.Quote == nil || in.Trip == nil {
		ps.Add("quote", "required", "a contract is drafted from the accepted quote and its trip")
	} else if in.Quote.ID != in.Booking.QuoteID || in.Quote.Version != in.Booking.QuoteVersion || in.Trip.ID != in.Booking.TripID {
		ps.Add("quote", "mismatch", fmt.Sprintf("booking %s came from quote %s v%d and trip %s, not quote %s v%d and trip %s",
			problem.Clip(in.Booking.Reference), problem.Clip(in.Booking.QuoteID), in.Booking.QuoteVersion, problem.Clip(in.Booking.TripID),
			problem.Clip(in.Quote.ID), in.Quote.Version, problem.Clip(in.Trip.ID)))
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return Contract{}, err
	}
	b := &in.Booking
	c := Contract{Number: in.Number, Template: t.Code, Edition: t.Edition, Booking: b.Reference, Revision: b.Revision,
		QuoteID: b.QuoteID, QuoteVersion: b.QuoteVersion, TripID: b.TripID, TripVersion: b.TripVersion,
		Agency: in.Agency, Staff: in.Staff, Delegated: in.LocalOperator != nil, LocalOperator: in.LocalOperator,
		Schedule: in.Schedule, Group: in.Group, Insurance: in.Insurance, Dispute: in.Dispute,
		TravellerScale: t.TravellerScale, AgencyScale: t.AgencyScale, NotFormedNoticeDays: t.NotFormedNoticeDays,
		ShoppingAnnex: in.ShoppingAnnex, OptionalAnnex: in.OptionalAnnex, SignPlace: in.SignPlace, SignDate: in.SignDate,
		ComplaintPhone: in.ComplaintPhone, Supervisor: in.Supervisor, EU: in.EU, Services: slices.Clone(b.Services)}
	c.Agency.Scopes = slices.Clone(in.Agency.Scopes)
	c.Sheet = sheetOf(in.Trip, in.Details, in.Lang)
	c.Price, c.Travellers = priceOf(in.Quote, b)
	c.Price.Method = in.PaymentMethod
	if in.GuideFeePerPerson.IsValid() {
		c.GuideArranged = true
		c.Price.GuideFeePerPerson = in.GuideFeePerPerson
		c.Price.GuideFeeTotal = in.GuideFeePerPerson.MulInt(int64(len(c.Travellers)))
	}
	return c, nil
}

// Supplement drafts supplement N+1 (补充协议) of prev from a later revision
// of the same booking.
func (cat *Catalogue) Supplement(prev *Contract, in DraftInput) (Contract, error) {
	if prev == nil || prev.Booking != in.Booking.Reference || in.Booking.Revision <= prev.Revision {
		var rev int
		if prev != nil {
			rev = prev.Revision
		}
		return Contract{}, problem.One(ErrInvalid, "booking.revision", "stale",
			fmt.Sprintf("a supplement follows a later revision of the contract's booking (the contract is at revision %d)", rev))
	}
	in.Number, in.Template = prev.Number, prev.Template
	c, err := cat.Draft(in)
	if err != nil {
		return Contract{}, err
	}
	c.Supplement = prev.Supplement + 1
	return c, nil
}

// place renders a place as "Paris CDG" or "Paris", in lang.
func place(p itinerary.Place, lang language.Tag) string {
	return strings.TrimSpace(p.Name(lang) + " " + p.Code)
}

// sheetOf lays out the itinerary sheet of a trip: legs and cities,
// calendar days and hotel nights, every leg, hotel, meal, sight, free
// time, shopping stop and optional item with its date.
func sheetOf(t *itinerary.Trip, details map[string]ItemDetails, lang language.Tag) Sheet {
	s := Sheet{Start: t.Start, End: t.End, Days: t.Days()}
	var legs []itinerary.Transport
	for _, it := range t.Items {
		d := details[it.ID]
		switch {
		case it.Transport != nil:
			tr := it.Transport
			legs = append(legs, *tr)
			number := strings.TrimSpace(tr.Carrier + " " + tr.Number)
			if number == "" {
				number = it.TitleIn(lang)
			}
			s.Transport = append(s.Transport, Transport{Mode: string(tr.Mode), Number: number, Class: d.Class, From: place(tr.From, lang), FromCity: tr.From.Name(lang), ToCity: tr.To.Name(lang),
				To: place(tr.To, lang), Depart: inZone(tr.Depart, tr.From.Zone), Arrive: inZone(tr.Arrive, tr.To.Zone), ServiceID: it.ID})
		case it.Stay != nil:
			st := it.Stay
			rooms := 0
			for _, r := range st.Rooms {
				rooms += r.Count
			}
			s.Hotels = append(s.Hotels, Hotel{Name: st.Property, Address: d.Address, Grade: d.Grade, CheckIn: st.CheckIn,
				CheckOut: st.CheckOut, Rooms: rooms, ServiceID: it.ID})
			s.Nights += st.Nights()
		case it.Meal != nil:
			m := it.Meal
			s.Meals = append(s.Meals, Meal{Date: m.Date, Kind: string(m.Type), Place: strings.TrimSpace(strings.Join([]string{m.Venue, m.Place.Name(lang)}, ", ")),
				Standard: d.Standard})
		case it.Activity != nil:
			a := it.Activity
			switch {
			case d.Shopping:
				s.Shopping = append(s.Shopping, Shop{Date: a.Date, Name: it.Title, Minutes: a.Minutes})
			case d.OptionalPrice != nil:
				s.Optional = append(s.Optional, OptionalItem{Date: a.Date, Name: it.Title, Price: *d.OptionalPrice})
			default:
				s.Sights = append(s.Sights, Sight{Date: a.Date, Name: it.Title, MinMinutes: a.Minutes})
			}
		case it.FreeTime != nil:
			f := it.FreeTime
			s.FreeTime = append(s.FreeTime, FreeTime{Date: f.Date, Place: f.Place.Name(lang), Minutes: f.Minutes})
		case it.Note != nil:
			s.Notes = append(s.Notes, it.Note.Text)
		}
	}
	slices.SortStableFunc(legs, func(a, b itinerary.Transport) int { return a.Depart.Compare(b.Depart) })
	if len(legs) > 0 {
		s.Departure, s.Return = legs[0].From.Name(lang), legs[len(legs)-1].To.Name(lang)
	}
	for _, l := range t.Legs() {
		if n := len(s.Stops); n == 0 || s.Stops[n-1] != l.Place.Name(lang) {
			s.Stops = append(s.Stops, l.Place.Name(lang))
		}
	}
	if n := len(s.Stops); n > 0 {
		s.Destination, s.Stops = s.Stops[n-1], s.Stops[:n-1]
	}
	return s
}

// inZone shows an instant in a place's zone; an unknown zone keeps the
// instant as it is (the itinerary's own validation reports it).
func inZone(t time.Time, zone string) time.Time {
	if loc, err := time.LoadLocation(zone); err == nil {
		return t.In(loc)
	}
	return t
}

// priceOf reads the adult and child prices from the quote's shares (the
// first adult's and the first child's), the counts, the total, and the
// roster from the booking, children marked by the quote's types.
func priceOf(q *pricing.Quote, b *booking.Booking) (Price, []Traveller) {
	p := Price{Total: b.Total}
	types := map[string]pricing.TravellerType{}
	for _, t := range q.Travellers {
		types[t.ID] = t.Type
	}
	share := map[string]pricing.Money{}
	for _, s := range q.PerTraveller {
		share[s.Traveller] = s.Total
	}
	for _, t := range q.Travellers {
		if t.Type == pricing.Adult {
			p.Adults++
			if !p.Adult.IsValid() {
				p.Adult = share[t.ID]
			}
			continue
		}
		p.Kids++
		if !p.Child.IsValid() {
			p.Child = share[t.ID]
		}
	}
	out := make([]Traveller, len(b.Travellers))
	for i, t := range b.Travellers {
		out[i] = Traveller{ID: t.ID, Surname: t.Surname, GivenNames: t.GivenNames, Birth: t.Birth, Child: types[t.ID] != pricing.Adult && types[t.ID] != "",
			DocumentNumber: t.DocumentNumber, DocumentExpiry: t.DocumentExpiry}
	}
	return p, out
}

// Sign validates the contract against src and marks it signed at at —
// unless a finding blocks it, when it is ErrInvalidTransition naming the
// codes and the contract is left unsigned. The result is returned either
// way, to be stored with the contract.
func (v *Validator) Sign(c *Contract, src Sources, at time.Time) (Result, error) {
	if c == nil {
		return Result{}, problem.One(ErrInvalid, "contract", "required", "there is no contract to sign")
	}
	if c.SignedAt != nil {
		return Result{}, fmt.Errorf("%w: contract %s (supplement %d) was signed at %s", ErrInvalidTransition, problem.Clip(c.Number),
			c.Supplement, c.SignedAt.Format(time.RFC3339))
	}
	r := v.Validate(c, src)
	if r.Blocks() {
		var codes []string
		for _, f := range r.Findings {
			if f.Severity == Blocking {
				codes = append(codes, string(f.Code)+" "+f.Field)
			}
		}
		return r, fmt.Errorf("%w: contract %s has %d blocking findings: %s", ErrInvalidTransition, problem.Clip(c.Number), len(codes),
			strings.Join(codes, "; "))
	}
	c.SignedAt = &at
	return r, nil
}
