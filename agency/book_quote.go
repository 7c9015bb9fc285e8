package agency

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// ServiceSource says where one itinerary item's service is bought.
type ServiceSource struct {
	// AllotmentID holds the service's units on that allotment for the
	// booking; the service is bought under the allotment's contract.
	AllotmentID string
	// ContractID names the supplier contract the service is bought under
	// when no allotment holds it; its cancellation tiers apply.
	ContractID string
}

// TravelDocument is a traveller's travel document as the booking records
// it: the names exactly as printed in it, its number and its expiry.
type TravelDocument struct {
	Surname    string
	GivenNames string
	Number     string
	Expiry     date.Date
}

// QuoteBooking says how an accepted quote becomes a booking.
type QuoteBooking struct {
	Reference string
	QuoteID   string
	Version   int
	// Policy plans the payments of the quote's total from the day the
	// quote was accepted (in Zone) to the trip's departure.
	Policy pricing.PaymentPolicy
	Payer  string
	// Consultant makes the booking.
	Consultant string
	// Zone is the agency's zone, in which travel dates are read.
	Zone string
	// Documents gives travellers' documents by traveller ID; a traveller
	// without one is booked under the trip's names.
	Documents map[string]TravelDocument
	// Sources says where items are bought, by itinerary item ID.
	Sources map[string]ServiceSource
	// HoldFor is how long allotment holds last before they lapse unless
	// confirmed; required when any source names an allotment.
	HoldFor time.Duration
}

// BookQuote books an accepted quote version: one service per priced
// itinerary item (its dates, rooms or travellers, the supplier and product,
// the customer price from the quote's lines and the agency's net cost), one
// per extra line (visas, insurance) on the departure date, the travellers
// with their documents, and the payment schedule of the quote's total. In
// the same transaction it holds every allotment the sources name (a
// night without units is ErrConflict and books nothing) and records
// booking.created. A quote version that is not the accepted one is
// ErrInvalidTransition.
func (s *Service) BookQuote(ctx context.Context, tenant TenantID, r QuoteBooking) (BookingRecord, error) {
	if err := s.ready(); err != nil {
		return BookingRecord{}, err
	}
	var ps problem.List
	if r.Reference == "" {
		ps.Add("reference", "required", "a booking has a reference")
	}
	if r.QuoteID == "" || r.Version < 1 {
		ps.Add("quote", "required", "name the accepted quote and its version")
	}
	loc, err := s.location(r.Zone)
	if err != nil {
		ps.Add("zone", "zone", "the booking needs the agency's zone")
	}
	needHold := false
	for _, id := range sortedKeys(r.Sources) {
		src := r.Sources[id]
		if (src.AllotmentID == "") == (src.ContractID == "") {
			ps.Add("sources["+problem.Clip(id)+"]", "source", "a source names an allotment or a contract, one of them")
		}
		needHold = needHold || src.AllotmentID != ""
	}
	if needHold && r.HoldFor <= 0 {
		ps.Add("hold_for", "required", "allotment holds last a positive time")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return BookingRecord{}, err
	}
	now := s.clock.Now()
	var out BookingRecord
	err = s.store.InTx(ctx, func(tx Store) error {
		qv, err := tx.Quotes().Get(ctx, tenant, r.QuoteID, r.Version)
		if err != nil {
			return err
		}
		if qv.AcceptedAt == nil {
			return fmt.Errorf("%w: quote %s v%d is not the accepted version", ErrInvalidTransition, problem.Clip(r.QuoteID), r.Version)
		}
		tv, err := tx.Trips().Get(ctx, tenant, qv.TripID, qv.TripVersion)
		if err != nil {
			return err
		}
		b, err := bookingFromQuote(r, &qv, &tv.Trip)
		if err != nil {
			return err
		}
		schedule, err := pricing.Schedule(qv.Quote.Totals.Total, r.Policy, date.NewAt(qv.AcceptedAt.In(loc)), tv.Trip.Start)
		if err != nil {
			return err
		}
		b.DepositDue = schedule.Instalments[0].Amount
		for i := range b.Services {
			sv := &b.Services[i]
			src, ok := r.Sources[sv.ID]
			if !ok {
				continue
			}
			sv.ContractID = src.ContractID
			if src.AllotmentID == "" {
				continue
			}
			h := supplier.Hold{ID: s.ids.NewID(), AllotmentID: src.AllotmentID, From: sv.Start, Nights: max(int(sv.End-sv.Start), 1),
				Units: sv.Units, CreatedAt: now, ExpiresAt: now.Add(r.HoldFor), IdempotencyKey: r.Reference + "/" + sv.ID}
			if err := h.Validate(); err != nil {
				return err
			}
			held, spec, err := s.holdIn(ctx, tx, tenant, h)
			if err != nil {
				return fmt.Errorf("service %s: %w", problem.Clip(sv.ID), err)
			}
			sv.HoldID, sv.ContractID = held.ID, spec.ContractID
		}
		rec := BookingRecord{Tenant: tenant, Booking: b, Ledger: booking.Ledger{Schedule: schedule}, Payer: r.Payer, Consultant: r.Consultant,
			BookedAt: now}
		if out, err = s.saveBooking(ctx, tx, rec); err != nil {
			return err
		}
		return s.addBookingEvent(ctx, tx, tenant, EventBookingCreated, bookingPayload{Reference: b.Reference, State: b.State, Revision: b.Revision})
	})
	if err != nil {
		return BookingRecord{}, err
	}
	return out, nil
}

// bookingFromQuote lays a booking out from an accepted quote and its trip.
// Quote lines belong to the item whose ID they carry (an item priced in
// segments has lines "item/1", "item/2"); lines of no item are extras.
func bookingFromQuote(r QuoteBooking, qv *QuoteVersion, trip *itinerary.Trip) (booking.Booking, error) {
	q := &qv.Quote
	b := booking.Booking{Reference: r.Reference, CustomerID: qv.CustomerID, QuoteID: qv.QuoteID, QuoteVersion: qv.Version,
		TripID: qv.TripID, TripVersion: qv.TripVersion, State: booking.Enquiry, Total: q.Totals.Total, Zone: r.Zone, Revision: 1}
	types := map[string]pricing.TravellerType{}
	for _, t := range q.Travellers {
		types[t.ID] = t.Type
	}
	var ps problem.List
	for _, id := range sortedKeys(r.Documents) {
		if !slices.ContainsFunc(trip.Party.Travellers, func(t itinerary.Traveller) bool { return t.ID == id }) {
			ps.Add("documents["+problem.Clip(id)+"]", "unknown", "the trip has no traveller "+problem.Clip(id))
		}
	}
	for _, t := range trip.Party.Travellers {
		bt := booking.Traveller{ID: t.ID, Surname: t.Surname, GivenNames: t.GivenNames, Birth: t.BirthDate}
		if d, ok := r.Documents[t.ID]; ok {
			bt.DocumentNumber, bt.DocumentExpiry = d.Number, d.Expiry
			if d.Surname != "" || d.GivenNames != "" {
				bt.Surname, bt.GivenNames = d.Surname, d.GivenNames
			}
		}
		b.Travellers = append(b.Travellers, bt)
	}
	used := make([]bool, len(q.Lines))
	for _, it := range trip.Items {
		sv, ok, err := serviceOf(it, q, used, types, len(trip.Party.Travellers))
		if err != nil {
			ps.Add("items["+problem.Clip(it.ID)+"]", "dates", err.Error())
			continue
		}
		if ok {
			b.Services = append(b.Services, sv)
		}
	}
	for i, l := range q.Lines {
		if used[i] {
			continue
		}
		sv := booking.Service{ID: l.ID, SupplierID: l.Supplier, Product: l.Product, Start: q.TravelDate, End: q.TravelDate,
			Units: max(l.Units, 1), Status: booking.Requested, Price: l.Total, Net: l.LineNet}
		sv.Persons, sv.Infants = persons(l.Travellers, types)
		b.Services = append(b.Services, sv)
	}
	for _, id := range sortedKeys(r.Sources) {
		if !slices.ContainsFunc(b.Services, func(sv booking.Service) bool { return sv.ID == id }) {
			ps.Add("sources["+problem.Clip(id)+"]", "unknown", "the quote prices no item "+problem.Clip(id))
		}
	}
	return b, ps.Err(ErrInvalid)
}

// serviceOf makes the service of one itinerary item from its quote lines,
// marking them used; an item the quote does not price is no service.
func serviceOf(it itinerary.Item, q *pricing.Quote, used []bool, types map[string]pricing.TravellerType, party int) (booking.Service, bool, error) {
	sv := booking.Service{ID: it.ID, SupplierID: it.Supplier, Product: it.Product, Status: booking.Requested}
	found := false
	for i, l := range q.Lines {
		if l.ID != it.ID && !strings.HasPrefix(l.ID, it.ID+"/") {
			continue
		}
		used[i] = true
		if !found {
			sv.Price, sv.Net = l.Total, l.LineNet
			sv.Persons, sv.Infants = persons(l.Travellers, types)
			found = true
			continue
		}
		var err error
		if sv.Price, err = sv.Price.Add(l.Total); err != nil {
			return sv, false, err
		}
		if net, err := sv.Net.Add(l.LineNet); err == nil {
			sv.Net = net
		} else {
			sv.Net = pricing.Money{} // segments bought in different currencies: no single net
		}
	}
	if !found {
		return sv, false, nil
	}
	first, last, err := it.Dates()
	if err != nil {
		return sv, false, err
	}
	sv.Start, sv.End = first, last
	sv.Units = len(it.Travellers)
	if sv.Units == 0 {
		sv.Units = party
	}
	if it.Stay != nil && len(it.Stay.Rooms) > 0 {
		sv.Units = 0
		for _, room := range it.Stay.Rooms {
			sv.Units += room.Count
		}
	}
	sv.Units = max(sv.Units, 1)
	return sv, true, nil
}

// persons counts a line's travellers and the infants among them.
func persons(ids []string, types map[string]pricing.TravellerType) (n, infants int) {
	for _, id := range ids {
		if types[id] == pricing.Infant {
			infants++
		}
	}
	return len(ids), infants
}

// sortedKeys lists a map's keys in order, so problems come out the same
// way every time.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
