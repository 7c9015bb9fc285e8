package agency

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Bookings carries bookings through their lifecycle: made from an accepted
// quote with their hotels held on allotments, the suppliers' answers for
// each service (a confirmation freezes the service's cost at the net it
// was sold at), payments and bank statements, amendments, and
// cancellation under the scale of the signed contract. An option that
// lapses, a booking moved or cancelled gives back every hold it owns.
type Bookings struct{ c *core }

// NewBooking is a booking to store as it is given, in state enquiry.
type NewBooking struct {
	Booking  booking.Booking         `json:"booking"`
	Schedule pricing.PaymentSchedule `json:"schedule"`
	// Payer is the name that appears on the customer's bank transfers.
	Payer string `json:"payer,omitempty"`
	// Consultant makes the booking; the sales KPIs count by them.
	Consultant string `json:"consultant,omitempty"`
}

// TravelDocument is a traveller's travel document as the booking records
// it: the names exactly as printed in it, its number and its expiry.
type TravelDocument struct {
	Surname    string    `json:"surname,omitempty"`
	GivenNames string    `json:"given_names,omitempty"`
	Number     string    `json:"number"`
	Expiry     date.Date `json:"expiry"`
}

// QuoteBooking says how an accepted quote becomes a booking.
type QuoteBooking struct {
	Reference string `json:"reference"`
	QuoteID   string `json:"quote_id"`
	Version   int    `json:"version"`
	// Policy plans the payments of the quote's total from the day the
	// quote was accepted (in the agency's zone) to the trip's departure.
	Policy     pricing.PaymentPolicy `json:"policy"`
	Payer      string                `json:"payer,omitempty"`
	Consultant string                `json:"consultant,omitempty"`
	// Documents gives travellers' documents by traveller ID; a traveller
	// without one is booked under the trip's names.
	Documents map[string]TravelDocument `json:"documents,omitempty"`
	// Allotments holds a service's units on an allotment, by itinerary
	// item ID; the service is bought under the allotment's contract.
	Allotments map[string]string `json:"allotments,omitempty"`
	// HoldFor is how long allotment holds last before they lapse unless
	// confirmed; required with Allotments.
	HoldFor time.Duration `json:"hold_for,omitempty"`
	// Requests are the customer's special requests; nil takes them from
	// the inquiry that proposed the quote's trip.
	Requests *booking.Requests `json:"requests,omitempty"`
}

// BookingQuery lists bookings of a customer, or in a state, or all, by
// reference.
type BookingQuery struct {
	CustomerID string        `json:"customer_id,omitempty"`
	State      booking.State `json:"state,omitempty"`
	Page       PageRequest   `json:"page"`
}

// BookingChange moves a booking through its lifecycle (place an option,
// confirm, pay, depart, complete, move). Version, when not 0, is the
// version the change was decided on. A move names the booking that
// supersedes this one (MovedTo), which takes over its holds.
type BookingChange struct {
	Reference   string        `json:"reference"`
	Version     int           `json:"version,omitempty"`
	Event       booking.Event `json:"event"`
	OptionUntil time.Time     `json:"option_until,omitzero"`
	Grace       time.Duration `json:"grace,omitempty"`
	MovedTo     string        `json:"moved_to,omitempty"`
}

// ServiceAnswer is a supplier's answer for one service of a booking.
type ServiceAnswer struct {
	Reference   string                `json:"reference"`
	Version     int                   `json:"version,omitempty"`
	ServiceID   string                `json:"service_id"`
	Status      booking.ServiceStatus `json:"status"`
	SupplierRef string                `json:"supplier_ref,omitempty"`
}

// PaymentEntry records a payment or a refund (negative) on a booking.
type PaymentEntry struct {
	Reference string          `json:"reference"`
	Version   int             `json:"version,omitempty"`
	Payment   booking.Payment `json:"payment"`
}

// Statement is a bank statement to import; Window is how many days a line
// may come before an instalment's due date and still match it.
type Statement struct {
	Lines  []booking.StatementLine `json:"lines"`
	Window int                     `json:"window"`
}

// CancellationTerms override what a cancellation is charged under. Without
// them (or without a Scale) the scale is the signed travel contract's —
// the traveller's for a customer's or an unpaid cancellation, the agency's
// for the agency's or a group not formed.
type CancellationTerms struct {
	Scale *booking.Scale `json:"scale,omitempty"`
	// ActualCosts are the documented costs incurred, when above the scale.
	ActualCosts pricing.Money `json:"actual_costs,omitzero"`
	// VisaFees already incurred.
	VisaFees pricing.Money `json:"visa_fees,omitzero"`
	// RefundWorkingDays is the refund deadline (0: 5, GF-2014).
	RefundWorkingDays int `json:"refund_working_days,omitempty"`
}

// Cancellation cancels a booking now for Reason.
type Cancellation struct {
	Reference string               `json:"reference"`
	Version   int                  `json:"version,omitempty"`
	Reason    booking.CancelReason `json:"reason"`
	Terms     *CancellationTerms   `json:"terms,omitempty"`
}

// CancelResult is a cancelled booking and its fee, refund and owed amount.
type CancelResult struct {
	Booking      BookingRecord        `json:"booking"`
	Cancellation booking.Cancellation `json:"cancellation"`
}

// Amendment changes a booking into its next revision.
type Amendment struct {
	Reference string            `json:"reference"`
	Version   int               `json:"version,omitempty"`
	Change    booking.Amendment `json:"change"`
}

// AmendResult is an amended booking and what the amendment changed.
type AmendResult struct {
	Booking BookingRecord           `json:"booking"`
	Result  booking.AmendmentResult `json:"result"`
}

// Get returns a booking by reference.
func (s Bookings) Get(ctx context.Context, tenant TenantID, reference string) (BookingRecord, error) {
	return read(s.c, ctx, tenant, storage.Bookings(), reference)
}

// List returns one page of bookings by reference: a customer's, those in a
// state, or all.
func (s Bookings) List(ctx context.Context, tenant TenantID, q BookingQuery) (Page[BookingRecord], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[BookingRecord]{}, err
	}
	return storage.Bookings().List(ctx, s.c.store, tenant, q.storage())
}

// Summaries lists the bookings List would, as summaries: what a list
// screen shows, read without decoding each booking whole, and so several
// times cheaper a page.
func (s Bookings) Summaries(ctx context.Context, tenant TenantID, q BookingQuery) (Page[BookingSummary], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[BookingSummary]{}, err
	}
	return storage.BookingSummaries(ctx, s.c.store, tenant, q.storage())
}

// storage is the store's query for q.
func (q BookingQuery) storage() storage.Query {
	sq := storage.Query{Page: q.Page}
	switch {
	case q.CustomerID != "" && q.State != "":
		sq.Index, sq.Equal, sq.Where = "customer", []any{q.CustomerID}, []storage.Cond{{Field: "state", Value: string(q.State)}}
	case q.CustomerID != "":
		sq.Index, sq.Equal = "customer", []any{q.CustomerID}
	case q.State != "":
		sq.Index, sq.Equal = "state", []any{string(q.State)}
	}
	return sq
}

// Create stores a booking as given, in state enquiry, with its payment
// schedule, payer and consultant, booked now, and records booking.created.
// Creating the same booking again returns it.
func (s Bookings) Create(ctx context.Context, tenant TenantID, n NewBooking) (BookingRecord, error) {
	b := n.Booking
	var ps problem.List
	if b.Reference == "" {
		ps.Add("booking.reference", "required", "a booking has a reference")
	}
	if b.State != "" && b.State != booking.Enquiry {
		ps.Add("booking.state", "state", "a new booking starts as an enquiry")
	}
	if !b.Total.IsValid() || !n.Schedule.Total.Equal(b.Total) {
		ps.Add("schedule.total", "total", fmt.Sprintf("the schedule is for %s, the booking for %s", n.Schedule.Total, b.Total))
	}
	if b.Zone == "" {
		b.Zone = s.c.zoneName
	}
	if _, err := s.c.location(b.Zone); err != nil {
		ps.Add("booking.zone", "zone", "the booking's zone is an IANA zone")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return BookingRecord{}, err
	}
	b.State, b.Revision = booking.Enquiry, max(b.Revision, 1)
	var out BookingRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec := BookingRecord{Tenant: tenant, Booking: b, Ledger: booking.Ledger{Schedule: n.Schedule}, Payer: n.Payer, Consultant: n.Consultant,
			BookedAt: u.now}
		var err error
		out, err = u.createBooking(rec, func(st BookingRecord) bool {
			return st.Booking.State == booking.Enquiry && sameJSON(st.Booking, rec.Booking) && sameJSON(st.Ledger.Schedule, n.Schedule)
		})
		return err
	})
	return out, err
}

// createBooking stores a new booking and records booking.created; same
// tells a repeat.
func (u *unit) createBooking(rec BookingRecord, same func(BookingRecord) bool) (BookingRecord, error) {
	rec.Booking.Paid = netPaid(rec.Ledger, rec.Booking.Total.Currency())
	rec.UpdatedAt = u.now
	out, created, err := create(u, storage.Bookings(), []any{rec.Booking.Reference}, rec, same)
	if err != nil || !created {
		return out, err
	}
	c, err := u.bookingCustomer(rec.Booking.CustomerID)
	if err != nil {
		return out, err
	}
	b := &out.Booking
	return out, u.emit(b.Reference, events.BookingCreated{Reference: b.Reference, CustomerID: c.ID, CustomerName: c.Name, Total: b.Total,
		Departure: b.Departure(), Return: b.Return(), State: b.State}, toCustomer(c))
}

// CreateFromQuote books an accepted quote version: one service per priced
// itinerary item (its dates, rooms or travellers, the supplier, the
// contract version it was priced from, the customer price from the
// quote's lines and the agency's net cost, the special requests it must
// meet), one per extra line (visas, insurance) on the departure date, the
// travellers with their documents, and the payment schedule of the
// quote's total. In the same unit of work it holds every allotment named
// (a night without units is ErrConflict and books nothing) and records
// booking.created. A quote version that is not the accepted one is
// ErrInvalidTransition. Booking the same quote under the same reference
// again returns the booking.
func (s Bookings) CreateFromQuote(ctx context.Context, tenant TenantID, r QuoteBooking) (BookingRecord, error) {
	var ps problem.List
	if r.Reference == "" {
		ps.Add("reference", "required", "a booking has a reference")
	}
	if r.QuoteID == "" || r.Version < 1 {
		ps.Add("quote", "required", "name the accepted quote and its version")
	}
	if len(r.Allotments) > 0 && r.HoldFor <= 0 {
		ps.Add("hold_for", "required", "allotment holds last a positive time")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return BookingRecord{}, err
	}
	var out BookingRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		if cur, err := storage.Bookings().Get(u.ctx, u.tx, tenant, r.Reference); err == nil {
			if cur.Booking.QuoteID == r.QuoteID && cur.Booking.QuoteVersion == r.Version {
				out = cur
				return nil
			}
			return fmt.Errorf("%w: booking %s exists already for another quote", ErrConflict, problem.Clip(r.Reference))
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		qv, err := u.c.quote(u.ctx, u.tx, tenant, QuoteRef{ID: r.QuoteID, Version: r.Version})
		if err != nil {
			return err
		}
		if qv.AcceptedAt == nil {
			return fmt.Errorf("%w: quote %s v%d is not the accepted version", ErrInvalidTransition, problem.Clip(r.QuoteID), r.Version)
		}
		tv, err := u.c.trip(u.ctx, u.tx, tenant, TripRef{ID: qv.TripID, Version: qv.TripVersion})
		if err != nil {
			return err
		}
		b, err := bookingFromQuote(r, &qv, &tv.Trip, u.c.zoneName)
		if err != nil {
			return err
		}
		if r.Requests != nil {
			b.Requests = *r.Requests
		} else if b.Requests, err = u.requestsFor(qv.CustomerID, qv.TripID); err != nil {
			return err
		}
		shareRequests(&b, &tv.Trip)
		schedule, err := pricing.Schedule(qv.Quote.Totals.Total, r.Policy, date.NewAt(qv.AcceptedAt.In(u.c.zone)), tv.Trip.Start)
		if err != nil {
			return err
		}
		b.DepositDue = schedule.Instalments[0].Amount
		for _, id := range slices.Sorted(maps.Keys(r.Allotments)) {
			i := slices.IndexFunc(b.Services, func(sv booking.Service) bool { return sv.ID == id })
			sv := &b.Services[i]
			h := supplier.Hold{ID: u.c.ids.NewID(), AllotmentID: r.Allotments[id], From: sv.Start, Nights: max(int(sv.End-sv.Start), 1),
				Units: sv.Units, CreatedAt: u.now, ExpiresAt: u.now.Add(r.HoldFor), IdempotencyKey: holdKey(r.Reference, sv.ID)}
			if err := h.Validate(); err != nil {
				return err
			}
			held, spec, err := u.hold(h, r.Reference, sv.ID)
			if err != nil {
				return fmt.Errorf("service %s: %w", problem.Clip(sv.ID), err)
			}
			sv.HoldID = held.ID
			if sv.SupplierID == "" {
				sv.SupplierID = spec.SupplierID
			}
			if spec.ContractID != "" && sv.ContractID != spec.ContractID {
				cv, err := storage.SupplierContracts().Latest(u.ctx, u.tx, tenant, spec.ContractID)
				if err != nil {
					return fmt.Errorf("service %s: %w", problem.Clip(sv.ID), err)
				}
				sv.ContractID, sv.ContractVersion = spec.ContractID, cv.Contract.Version
			}
		}
		rec := BookingRecord{Tenant: tenant, Booking: b, Ledger: booking.Ledger{Schedule: schedule}, Payer: r.Payer, Consultant: r.Consultant,
			BookedAt: u.now}
		out, err = u.createBooking(rec, func(BookingRecord) bool { return true })
		return err
	})
	return out, err
}

// bookingFromQuote lays a booking out from an accepted quote and its trip.
// Quote lines belong to the item whose ID they carry (an item priced in
// segments has lines "item/1", "item/2"); lines of no item are extras.
func bookingFromQuote(r QuoteBooking, qv *QuoteVersion, trip *itinerary.Trip, zone string) (booking.Booking, error) {
	q := &qv.Quote
	b := booking.Booking{Reference: r.Reference, CustomerID: qv.CustomerID, QuoteID: qv.QuoteID, QuoteVersion: qv.Version,
		TripID: qv.TripID, TripVersion: qv.TripVersion, State: booking.Enquiry, Total: q.Totals.Total, Zone: zone, Revision: 1}
	types := map[string]pricing.TravellerType{}
	for _, t := range q.Travellers {
		types[t.ID] = t.Type
	}
	var ps problem.List
	for _, id := range slices.Sorted(maps.Keys(r.Documents)) {
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
			Units: max(l.Units, 1), Status: booking.Requested, Price: l.Total, Net: l.LineNet, ContractID: l.Contract, ContractVersion: l.ContractVersion}
		sv.Persons, sv.Infants = persons(l.Travellers, types)
		b.Services = append(b.Services, sv)
	}
	for _, id := range slices.Sorted(maps.Keys(r.Allotments)) {
		if !slices.ContainsFunc(b.Services, func(sv booking.Service) bool { return sv.ID == id }) {
			ps.Add("allotments["+problem.Clip(id)+"]", "unknown", "the quote prices no item "+problem.Clip(id))
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
			sv.SupplierID = cmpOr(l.Supplier, sv.SupplierID)
			sv.ContractID, sv.ContractVersion = l.Contract, l.ContractVersion
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

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
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

// requestsFor takes the special requests of the customer's inquiry that
// proposed a trip, if any.
func (u *unit) requestsFor(customerID, tripID string) (booking.Requests, error) {
	recs, err := storage.Inquiries().All(u.ctx, u.tx, u.tenant, storage.Query{Index: "customer", Equal: []any{customerID}}, maxScan)
	if err != nil {
		return booking.Requests{}, err
	}
	for i := len(recs) - 1; i >= 0; i-- {
		if q := recs[i].Inquiry; q.TripID == tripID {
			return booking.Requests{Dietary: q.Needs.Dietary, Mobility: q.Needs.Mobility, Room: q.Needs.Room, Occasion: q.Needs.Occasion}, nil
		}
	}
	return booking.Requests{}, nil
}

// shareRequests gives each service the requests it must meet: a stay all
// of them, a meal the diet and the occasion, transport the diet and
// mobility, an activity mobility.
func shareRequests(b *booking.Booking, trip *itinerary.Trip) {
	r := b.Requests
	for i := range b.Services {
		sv := &b.Services[i]
		it, ok := trip.Item(sv.ID)
		if !ok {
			continue
		}
		var take []string
		switch it.Kind {
		case itinerary.KindStay:
			take = []string{r.Dietary, r.Mobility, r.Room, r.Occasion}
		case itinerary.KindMeal:
			take = []string{r.Dietary, r.Occasion}
		case itinerary.KindTransport:
			take = []string{r.Dietary, r.Mobility}
		case itinerary.KindActivity:
			take = []string{r.Mobility}
		}
		sv.Requests = nil
		for _, t := range take {
			if t != "" {
				sv.Requests = append(sv.Requests, t)
			}
		}
	}
}

// changeBooking loads a booking, applies fn and saves it, in one unit of
// work. fn runs before the version is checked, so that a booking a sweep
// has moved on answers ErrInvalidTransition, not a stale version.
func (s Bookings) changeBooking(ctx context.Context, tenant TenantID, ref string, version int,
	fn func(u *unit, r *BookingRecord) error) (BookingRecord, error) {
	var out BookingRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		r, err := storage.Bookings().Get(u.ctx, u.tx, tenant, ref)
		if err != nil {
			return err
		}
		r.Booking.Paid = netPaid(r.Ledger, r.Booking.Total.Currency()) // the guards read it
		stored := r.Version
		if err := fn(u, &r); err != nil {
			return err
		}
		if err := expect("booking "+problem.Clip(ref), stored, version); err != nil {
			return err
		}
		out, err = u.saveBooking(r)
		return err
	})
	return out, err
}

// saveBooking stores r with the instant of the change and Booking.Paid
// derived from its ledger, the one place that copy is kept in step.
func (u *unit) saveBooking(r BookingRecord) (BookingRecord, error) {
	r.Booking.Paid = netPaid(r.Ledger, r.Booking.Total.Currency())
	r.UpdatedAt = u.now
	return storage.Bookings().Put(u.ctx, u.tx, u.tenant, r)
}

// netPaid is the ledger's net payments; a ledger without a schedule has
// none, in the booking's currency.
func netPaid(l booking.Ledger, cur pricing.Currency) pricing.Money {
	if !l.Schedule.Total.IsValid() {
		return pricing.Zero(cur)
	}
	return l.NetPaid()
}

// Apply moves a booking through its lifecycle at the clock's instant;
// refused moves are ErrInvalidTransition and change nothing. A move hands
// the booking's holds to the booking that supersedes it (to its service
// of the same item, when that has no hold of its own) and gives the others
// back. Completing a trip plans its follow-up visit (as
// Feedback.ScheduleFollowUp does). Cancellations go through Cancel, which
// computes the fee; options expire through Sweeps.Options.
func (s Bookings) Apply(ctx context.Context, tenant TenantID, ch BookingChange) (BookingRecord, error) {
	switch ch.Event {
	case booking.Cancel:
		return BookingRecord{}, problem.One(ErrInvalid, "event", "cancel", "cancel a booking with Cancel")
	case booking.Expire:
		return BookingRecord{}, problem.One(ErrInvalid, "event", "expire", "options expire through Sweeps.Options")
	}
	return s.changeBooking(ctx, tenant, ch.Reference, ch.Version, func(u *unit, r *BookingRecord) error {
		if err := r.Booking.Apply(ch.Event, booking.Input{Now: u.now, OptionUntil: ch.OptionUntil, Grace: ch.Grace, MovedTo: ch.MovedTo}); err != nil {
			return err
		}
		b := &r.Booking
		switch ch.Event {
		case booking.Move:
			return u.handOver(r, ch.MovedTo)
		case booking.Complete:
			// The trip is over: plan the consultant's follow-up visit.
			if _, err := u.customer(b.CustomerID); err == nil && b.TripID != "" {
				if _, err := u.tripFollowUp(TripFollowUp{CustomerID: b.CustomerID, TripID: b.TripID, Consultant: r.Consultant, End: b.Return()}); err != nil {
					return err
				}
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		case booking.Confirm:
			c, err := u.bookingCustomer(b.CustomerID)
			if err != nil {
				return err
			}
			return u.emit(b.Reference, events.BookingConfirmed{Reference: b.Reference, CustomerName: c.Name, Departure: b.Departure(),
				Total: b.Total, Paid: b.Paid}, toCustomer(c))
		}
		return u.internal(b.Reference, events.BookingChanged{Reference: b.Reference, Event: ch.Event, State: b.State, Revision: b.Revision})
	})
}

// handOver gives a moved booking's live holds to the booking that
// supersedes it, service by service, and cancels the rest.
func (u *unit) handOver(r *BookingRecord, to string) error {
	if to == r.Booking.Reference {
		return problem.One(ErrInvalid, "moved_to", "same", "a booking is not moved onto itself")
	}
	next, err := storage.Bookings().Get(u.ctx, u.tx, u.tenant, to)
	if err != nil {
		return fmt.Errorf("moved to: %w", err)
	}
	switch next.Booking.State {
	case booking.Cancelled, booking.Expired, booking.Moved, booking.Completed:
		return fmt.Errorf("%w: booking %s is %s and takes nothing over", ErrInvalidTransition, problem.Clip(to), next.Booking.State)
	}
	p := events.BookingMoved{Reference: r.Booking.Reference, To: to}
	for i := range r.Booking.Services {
		sv := &r.Booking.Services[i]
		if sv.HoldID == "" {
			continue
		}
		h, err := u.tx.Ledger().GetHold(u.ctx, u.tenant, sv.HoldID)
		if err != nil {
			return err
		}
		if h.State != supplier.HoldActive && h.State != supplier.HoldConfirmed {
			continue
		}
		j := slices.IndexFunc(next.Booking.Services, func(x booking.Service) bool { return x.ID == sv.ID && x.HoldID == "" })
		if j >= 0 {
			next.Booking.Services[j].HoldID = sv.HoldID
			if h.State == supplier.HoldConfirmed {
				next.Booking.Services[j].Status = booking.ServiceConfirmed
				next.Booking.Services[j].SupplierRef = sv.SupplierRef
			}
			p.Handed = append(p.Handed, sv.HoldID)
			sv.HoldID = ""
			continue
		}
		if _, err := u.cancelHold(sv.HoldID, r.Booking.Reference, sv.ID); err != nil {
			return err
		}
		p.Released = append(p.Released, sv.HoldID)
	}
	if len(p.Handed) > 0 {
		if _, err := u.saveBooking(next); err != nil {
			return err
		}
	}
	return u.internal(r.Booking.Reference, p)
}

// AnswerService records a supplier's answer for one service (confirmed
// with its reference, declined, on request, cancelled). A confirmation
// books the service's hold (a lapsed hold is refused), tells the supplier
// the booking with the lead guest and the special requests, and freezes
// the service's expected cost at the net it was sold at under its
// contract version; a decline or cancellation gives the units back. The
// booking's own state changes only through Apply; its confirm guard reads
// these statuses.
func (s Bookings) AnswerService(ctx context.Context, tenant TenantID, a ServiceAnswer) (BookingRecord, error) {
	switch a.Status {
	case booking.Requested, booking.OnRequest, booking.ServiceConfirmed, booking.Declined, booking.ServiceCancelled:
	default:
		return BookingRecord{}, problem.One(ErrInvalid, "status", "unknown", fmt.Sprintf("service status %q is unknown", problem.Clip(string(a.Status))))
	}
	return s.changeBooking(ctx, tenant, a.Reference, a.Version, func(u *unit, r *BookingRecord) error {
		switch r.Booking.State {
		case booking.Cancelled, booking.Expired, booking.Moved, booking.Completed:
			return fmt.Errorf("%w: a booking that is %s keeps its services", ErrInvalidTransition, r.Booking.State)
		}
		i := slices.IndexFunc(r.Booking.Services, func(sv booking.Service) bool { return sv.ID == a.ServiceID })
		if i < 0 {
			return fmt.Errorf("%w: booking %s has no service %s", ErrNotFound, problem.Clip(a.Reference), problem.Clip(a.ServiceID))
		}
		sv := &r.Booking.Services[i]
		was := sv.Status
		if err := u.followHold(r, *sv, a.Status); err != nil {
			return err
		}
		sv.Status = a.Status
		if a.SupplierRef != "" {
			sv.SupplierRef = a.SupplierRef
		}
		if a.Status == booking.ServiceConfirmed && was != booking.ServiceConfirmed {
			if err := u.freezeCost(r.Booking.Reference, *sv); err != nil {
				return err
			}
		}
		return u.internal(r.Booking.Reference, events.ServiceAnswered{Reference: r.Booking.Reference, Service: sv.ID, Status: sv.Status,
			SupplierRef: sv.SupplierRef})
	})
}

// followHold keeps a held service's allotment hold in step with the
// supplier's answer: a confirmation books the hold, a decline or
// cancellation gives the units back; each tells the supplier.
func (u *unit) followHold(r *BookingRecord, sv booking.Service, status booking.ServiceStatus) error {
	if sv.HoldID == "" {
		return nil
	}
	h, err := u.tx.Ledger().GetHold(u.ctx, u.tenant, sv.HoldID)
	if err != nil {
		return err
	}
	switch {
	case status == booking.ServiceConfirmed && h.State == supplier.HoldActive:
		_, err = u.confirmHold(h.ID, r.Booking.Reference, sv.ID, leadGuest(r.Booking), sv.Requests)
	case status == booking.ServiceConfirmed && h.State != supplier.HoldConfirmed:
		return fmt.Errorf("%w: service %s: its hold %s is %s", ErrInvalidTransition, problem.Clip(sv.ID), h.ID, h.State)
	case (status == booking.Declined || status == booking.ServiceCancelled) && (h.State == supplier.HoldActive || h.State == supplier.HoldConfirmed):
		_, err = u.cancelHold(h.ID, r.Booking.Reference, sv.ID)
	}
	return err
}

// leadGuest names the booking's first traveller as the travel document
// prints the name.
func leadGuest(b booking.Booking) string {
	if len(b.Travellers) == 0 {
		return ""
	}
	t := b.Travellers[0]
	return strings.ToUpper(t.Surname) + "/" + strings.ToUpper(t.GivenNames)
}

// freezeCost stores the expected cost of a confirmed service: the net it
// was sold at, rounded to its currency, under the contract version it was
// priced from. A service with no net or no supplier costs the agency
// nothing it must match; a service already frozen keeps its line.
func (u *unit) freezeCost(ref string, sv booking.Service) error {
	if !sv.Net.IsValid() || sv.SupplierID == "" {
		return nil
	}
	lines, err := storage.CostLines().All(u.ctx, u.tx, u.tenant, storage.Query{Index: "booking", Equal: []any{ref}}, maxScan)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(lines, func(l supplier.CostLine) bool { return l.Service == sv.ID }) {
		return nil
	}
	l := supplier.CostLine{ID: "cost-" + u.c.ids.NewID(), SupplierID: sv.SupplierID, ContractID: sv.ContractID, ContractVersion: sv.ContractVersion,
		Booking: ref, Service: sv.ID, Description: cmpOr(sv.Product, sv.ID), ServiceDate: sv.Start, Expected: sv.Net.Round(pricing.Rounding{}),
		FrozenAt: u.now}
	if _, err := storage.CostLines().Put(u.ctx, u.tx, u.tenant, l); err != nil {
		return err
	}
	return u.internal(l.ID, events.CostFrozen{CostLineID: l.ID, SupplierID: l.SupplierID, ContractID: l.ContractID,
		ContractVersion: l.ContractVersion, Booking: ref, Service: sv.ID, Expected: l.Expected})
}

// Pay adds a payment or refund to the booking's ledger and records
// booking.payment for the customer. A payment received in the future
// beyond the clock-skew allowance is refused.
func (s Bookings) Pay(ctx context.Context, tenant TenantID, e PaymentEntry) (BookingRecord, error) {
	if err := s.c.notFuture("payment.received_at", e.Payment.ReceivedAt); err != nil {
		return BookingRecord{}, err
	}
	return s.changeBooking(ctx, tenant, e.Reference, e.Version, func(u *unit, r *BookingRecord) error {
		l, err := r.Ledger.Record(e.Payment)
		if err != nil {
			return err
		}
		r.Ledger = l
		return u.paid(r, e.Payment)
	})
}

// paid records booking.payment for a payment added to r's ledger.
func (u *unit) paid(r *BookingRecord, p booking.Payment) error {
	c, err := u.bookingCustomer(r.Booking.CustomerID)
	if err != nil {
		return err
	}
	out, _ := r.Ledger.Outstanding()
	return u.emit(r.Booking.Reference, events.PaymentRecorded{Reference: r.Booking.Reference, CustomerName: c.Name, Amount: p.Amount,
		Refund: p.Amount.Sign() < 0, Paid: r.Ledger.NetPaid(), Outstanding: out, BankTxID: p.BankTxID}, toCustomer(c))
}

// ImportStatement matches a statement against the tenant's open bookings
// and known bank transactions, records each new transaction ID, adds the
// matched, partial and overpaid credits to their bookings' ledgers (each a
// booking.payment for the customer), and records booking.statement_line
// for the lines a person must look at (unregistered, overpaid). Everything
// commits together.
func (s Bookings) ImportStatement(ctx context.Context, tenant TenantID, st Statement) ([]booking.Match, error) {
	if err := booking.CheckLines(st.Lines); err != nil {
		return nil, err
	}
	var out []booking.Match
	err := s.c.change(ctx, tenant, func(u *unit) error {
		exp, err := u.tx.Payments().Open(u.ctx, tenant)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(st.Lines))
		for _, l := range st.Lines {
			ids = append(ids, l.TxID)
		}
		known, err := u.tx.Payments().KnownBankTx(u.ctx, tenant, ids)
		if err != nil {
			return err
		}
		m, err := booking.NewMatcher(exp, known, st.Window)
		if err != nil {
			return err
		}
		out = m.Match(st.Lines)
		finance, err := u.toStaff(u.c.finance)
		if err != nil {
			return err
		}
		for _, mt := range out {
			if mt.State == booking.Duplicate {
				continue
			}
			if err := u.tx.Payments().AddBankTx(u.ctx, tenant, mt.Line.TxID, mt.Reference, u.now); err != nil {
				return err
			}
			switch mt.State {
			case booking.Matched, booking.Partial, booking.Overpaid:
				r, err := storage.Bookings().Get(u.ctx, u.tx, tenant, mt.Reference)
				if err != nil {
					return err
				}
				loc, err := u.c.location(r.Booking.Zone)
				if err != nil {
					return err
				}
				d := mt.Line.Date
				p := booking.Payment{ID: "bank-" + mt.Line.TxID, BankTxID: mt.Line.TxID, Kind: booking.KindPayment, Amount: mt.Line.Amount,
					ReceivedAt: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), Payer: mt.Line.Payer, Method: "bank"}
				if r.Ledger, err = r.Ledger.Record(p); err != nil {
					return err
				}
				if _, err := u.saveBooking(r); err != nil {
					return err
				}
				if err := u.paid(&r, p); err != nil {
					return err
				}
			}
			if mt.State == booking.Unregistered || mt.State == booking.Overpaid {
				if err := u.emit(mt.Line.TxID, events.StatementLine{TxID: mt.Line.TxID, Reference: mt.Reference, Match: mt.State,
					Amount: mt.Line.Amount, Payer: mt.Line.Payer}, finance); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CancellationFee shows the fee of cancelling now for reason, under the
// signed contract's scale or the terms given, before anything changes.
func (s Bookings) CancellationFee(ctx context.Context, tenant TenantID, c Cancellation) (booking.Cancellation, error) {
	if err := s.c.ready(tenant); err != nil {
		return booking.Cancellation{}, err
	}
	r, err := storage.Bookings().Get(ctx, s.c.store, tenant, c.Reference)
	if err != nil {
		return booking.Cancellation{}, err
	}
	in, err := s.c.cancellationInput(ctx, s.c.store, tenant, r, c)
	if err != nil {
		return booking.Cancellation{}, err
	}
	return booking.QuoteCancellation(in)
}

// cancellationInput is what a cancellation is charged under: the terms
// given, else the scale of the booking's signed travel contract for the
// reason.
func (c *core) cancellationInput(ctx context.Context, st storage.Store, tenant TenantID, r BookingRecord, cn Cancellation) (booking.CancellationInput, error) {
	in := booking.CancellationInput{Total: r.Booking.Total, Paid: netPaid(r.Ledger, r.Booking.Total.Currency()),
		Departure: r.Booking.Departure(), Return: r.Booking.Return(), NoticeAt: c.clock.Now()}
	if loc, err := c.location(r.Booking.Zone); err == nil {
		in.Zone = loc
	}
	if t := cn.Terms; t != nil {
		in.ActualCosts, in.VisaFees, in.RefundWorkingDays = t.ActualCosts, t.VisaFees, t.RefundWorkingDays
		if t.Scale != nil {
			in.Scale = *t.Scale
			return in, nil
		}
	}
	signed, err := c.signedContract(ctx, st, tenant, r.Booking.Reference)
	if err != nil {
		return in, err
	}
	switch cn.Reason {
	case booking.ByCustomer, booking.Unpaid:
		in.Scale = signed.Contract.TravellerScale
	case booking.ByAgency, booking.GroupNotFormed:
		in.Scale = signed.Contract.AgencyScale
	default:
		return in, problem.One(ErrInvalid, "terms.scale", "required",
			fmt.Sprintf("a cancellation for %q names the scale it is charged under", problem.Clip(string(cn.Reason))))
	}
	return in, nil
}

// signedContract is the booking's latest signed travel contract or
// supplement; without one, a cancellation must name its scale.
func (c *core) signedContract(ctx context.Context, st storage.Store, tenant TenantID, ref string) (TravelContractRecord, error) {
	recs, err := storage.TravelContracts().All(ctx, st, tenant, storage.Query{Index: "booking", Equal: []any{ref}}, maxScan)
	if err != nil {
		return TravelContractRecord{}, err
	}
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].Contract.SignedAt != nil {
			return recs[i], nil
		}
	}
	return TravelContractRecord{}, problem.One(ErrInvalid, "terms.scale", "required",
		fmt.Sprintf("booking %s has no signed travel contract: name the scale the cancellation is charged under", problem.Clip(ref)))
}

// Cancel cancels a booking for a reason at the clock's instant: the fee
// under the signed contract's scale (or the terms given), every hold the
// booking owns given back (booked ones too, each told to its supplier),
// each confirmed service charged under its contract version's
// cancellation tiers, and booking.cancelled for the customer with the fee,
// the refund and what is still owed.
func (s Bookings) Cancel(ctx context.Context, tenant TenantID, cn Cancellation) (CancelResult, error) {
	var fee booking.Cancellation
	rec, err := s.changeBooking(ctx, tenant, cn.Reference, cn.Version, func(u *unit, r *BookingRecord) error {
		in, err := u.c.cancellationInput(u.ctx, u.tx, tenant, *r, cn)
		if err != nil {
			return err
		}
		if fee, err = booking.QuoteCancellation(in); err != nil {
			return err
		}
		if err := r.Booking.Apply(booking.Cancel, booking.Input{Now: u.now, Reason: cn.Reason}); err != nil {
			return err
		}
		unpriced, err := u.releaseServices(r, true)
		if err != nil {
			return err
		}
		c, err := u.bookingCustomer(r.Booking.CustomerID)
		if err != nil {
			return err
		}
		p := events.BookingCancelled{Reference: r.Booking.Reference, CustomerName: c.Name, Reason: cn.Reason, Fee: fee.Fee, Refund: fee.Refund,
			Owed: fee.Owed, Scale: fee.ScaleName, SupplierFeeProblems: unpriced}
		for _, sv := range r.Booking.Services {
			if sv.SupplierFee.IsValid() {
				if p.SupplierFees == nil {
					p.SupplierFees = map[string]pricing.Money{}
				}
				p.SupplierFees[sv.ID] = sv.SupplierFee
			}
		}
		return u.emit(r.Booking.Reference, p, toCustomer(c))
	})
	if err != nil {
		return CancelResult{}, err
	}
	return CancelResult{Booking: rec, Cancellation: fee}, nil
}

// releaseServices cancels every service still live: it gives back the
// units of its allotment hold, booked ones too, telling the supplier, and
// (charge) charges the supplier's fee under its contract version's
// cancellation tiers for a service the supplier confirmed. A fee that
// cannot be computed from the stored records does not stop the
// cancellation: it is returned by service ID, for the event to say, so
// that someone prices it by hand.
func (u *unit) releaseServices(r *BookingRecord, charge bool) (map[string]string, error) {
	var unpriced map[string]string
	for i := range r.Booking.Services {
		sv := &r.Booking.Services[i]
		if sv.Status == booking.ServiceCancelled {
			continue
		}
		if charge && sv.ContractID != "" && sv.Status == booking.ServiceConfirmed {
			fee, err := u.supplierFee(sv)
			switch {
			case errors.Is(err, ErrInvalid) || errors.Is(err, ErrNotFound):
				if unpriced == nil {
					unpriced = map[string]string{}
				}
				unpriced[sv.ID] = err.Error()
			case err != nil:
				return nil, fmt.Errorf("service %s: %w", problem.Clip(sv.ID), err)
			default:
				sv.SupplierFee = fee
			}
		}
		if sv.HoldID != "" {
			h, err := u.tx.Ledger().GetHold(u.ctx, u.tenant, sv.HoldID)
			if err != nil {
				return nil, err
			}
			if h.State == supplier.HoldActive || h.State == supplier.HoldConfirmed {
				if _, err := u.cancelHold(h.ID, r.Booking.Reference, sv.ID); err != nil {
					return nil, err
				}
			}
		}
		sv.Status = booking.ServiceCancelled
	}
	return unpriced, nil
}

// supplierFee is what the supplier charges for cancelling sv now under the
// cancellation tiers of the contract version it was sold under (the latest
// when the service names none). The service is taken to start at the
// beginning of its first day in the supplier's zone; the agency's net cost
// is spread evenly over its nights (largest remainder), so fees on the
// first nights read it.
func (u *unit) supplierFee(sv *booking.Service) (pricing.Money, error) {
	cv, err := u.c.supplierContract(u.ctx, u.tx, u.tenant, ContractRef{ID: sv.ContractID, Version: sv.ContractVersion})
	if err != nil {
		return pricing.Money{}, err
	}
	sr, err := storage.Suppliers().Get(u.ctx, u.tx, u.tenant, cv.Contract.SupplierID)
	if err != nil {
		return pricing.Money{}, err
	}
	loc, err := u.c.location(sr.Supplier.Zone)
	if err != nil {
		return pricing.Money{}, err
	}
	if !sv.Net.IsValid() || sv.Net.Currency() != cv.Contract.Currency {
		return pricing.Money{}, problem.One(ErrInvalid, "net", "currency",
			fmt.Sprintf("the service's net cost %s is not in the contract's currency %s", sv.Net, cv.Contract.Currency))
	}
	nights, err := sv.Net.Split(max(int(sv.End-sv.Start), 1))
	if err != nil {
		return pricing.Money{}, err
	}
	fee, err := cv.Contract.Cancellation.FeeAt(supplier.Booked{Start: sv.Start.MidnightIn(loc), Nights: nights,
		Persons: sv.Persons, Infants: sv.Infants}, u.now)
	if err != nil {
		return pricing.Money{}, err
	}
	return fee.Round(pricing.Rounding{}), nil
}

// Amend applies an amendment as the next revision, with the new total and
// payment schedule, and records booking.amended for the customer.
func (s Bookings) Amend(ctx context.Context, tenant TenantID, a Amendment) (AmendResult, error) {
	var res booking.AmendmentResult
	rec, err := s.changeBooking(ctx, tenant, a.Reference, a.Version, func(u *unit, r *BookingRecord) error {
		var err error
		if res, err = booking.Amend(r.Booking, r.Ledger, a.Change); err != nil {
			return err
		}
		r.Booking = res.Booking
		r.Ledger.Schedule = res.Schedule
		c, err := u.bookingCustomer(r.Booking.CustomerID)
		if err != nil {
			return err
		}
		return u.emit(r.Booking.Reference, events.BookingAmended{Reference: r.Booking.Reference, CustomerName: c.Name, Revision: r.Booking.Revision,
			PriceDifference: res.PriceDifference, Total: r.Booking.Total}, toCustomer(c))
	})
	if err != nil {
		return AmendResult{}, err
	}
	return AmendResult{Booking: rec, Result: res}, nil
}
