package agency

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Service is what an embedding program calls: the consultant's use cases
// over a Store. Every change and the events it causes commit in one
// transaction. A Service is safe for concurrent use.
type Service struct {
	store     Store
	clock     Clock
	ids       IDGenerator
	rates     RateSource
	rules     itinerary.Rules
	engine    *pricing.Engine
	policy    feedback.Policy
	calendar  feedback.CalendarSpec
	limits    feedback.ApprovalLimits
	followUps feedback.FollowUpPolicy
	skew      time.Duration
	zone      string
	place     string
	zones     sync.Map // zone name → *time.Location, loaded once
	specs     sync.Map // tenant and allotment ID → supplier.AllotmentSpec (never changed once stored)
	catalogue *contract.Catalogue
	validator *contract.Validator
}

// WithContracts sets the travel-contract templates and validation options
// (default: contract.DefaultCatalogue, documents valid 6 months after
// return).
func WithContracts(o contract.Options) Option {
	return func(s *Service) {
		s.validator = contract.NewValidator(o)
		s.catalogue = o.Catalogue
		if s.catalogue == nil {
			s.catalogue = contract.DefaultCatalogue()
		}
	}
}

// WithDisplayZone sets where people read the instants in messages (a
// quote's validity, an SLA's due time): an IANA zone and a place people
// know it by (default "Asia/Shanghai", "Beijing").
func WithDisplayZone(zone, place string) Option {
	return func(s *Service) { s.zone, s.place = zone, place }
}

// DefaultClockSkew is how far in the future a reported instant (a complaint
// received, a survey answered) may lie before it is refused: clocks of the
// channels that report them are not the agency's.
const DefaultClockSkew = 5 * time.Minute

// WithClockSkew sets the allowance for instants reported in the future
// (default DefaultClockSkew; negative means none).
func WithClockSkew(d time.Duration) Option { return func(s *Service) { s.skew = max(d, 0) } }

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (default SystemClock).
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithIDs sets the ID generator (default RandomIDs).
func WithIDs(g IDGenerator) Option { return func(s *Service) { s.ids = g } }

// WithRates sets where net rates come from (default: none, so only extra
// lines are priced).
func WithRates(r RateSource) Option { return func(s *Service) { s.rates = r } }

// WithItineraryRules sets the thresholds trip validation uses (default
// itinerary.DefaultRules()).
func WithItineraryRules(r itinerary.Rules) Option { return func(s *Service) { s.rules = r } }

// New returns a Service over store.
func New(store Store, opts ...Option) *Service {
	s := &Service{store: store, clock: SystemClock{}, ids: RandomIDs{}, rules: itinerary.DefaultRules(), engine: pricing.NewEngine(),
		policy: feedback.DefaultPolicy(), calendar: feedback.CalendarSpec{Zone: "Asia/Shanghai", AlwaysOpen: true}, skew: DefaultClockSkew,
		zone: "Asia/Shanghai", place: "Beijing"}
	WithContracts(contract.Options{})(s)
	for _, o := range opts {
		o(s)
	}
	return s
}

// ready refuses a Service not built with New.
func (s *Service) ready() error {
	if s == nil || s.store == nil || s.clock == nil || s.ids == nil || s.engine == nil {
		return fmt.Errorf("%w: build the Service with agency.New", ErrInvalid)
	}
	return nil
}

// newEvent builds an outbox event with its payload.
func (s *Service) newEvent(tenant TenantID, typ, aggregate string, lang Language, p eventPayload) (Event, error) {
	p.Zone, p.Place = s.zone, s.place
	return s.newEventOf(tenant, typ, aggregate, lang, p)
}

// newEventOf makes an event with any payload.
func (s *Service) newEventOf(tenant TenantID, typ, aggregate string, lang Language, p any) (Event, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return Event{}, err
	}
	now := s.clock.Now()
	return Event{ID: s.ids.NewID(), Tenant: tenant, Type: typ, AggregateID: aggregate, Language: lang,
		Payload: body, CreatedAt: now, NextAttemptAt: now}, nil
}

// SaveCustomer creates (Version 0) or updates (Version = stored version) a
// customer and records customer.saved.
func (s *Service) SaveCustomer(ctx context.Context, c Customer) (Customer, error) {
	if err := s.ready(); err != nil {
		return Customer{}, err
	}
	var ps []Problem
	if c.Tenant == "" {
		ps = append(ps, Problem{Field: "Tenant", Code: "required", Message: "a tenant is required"})
	}
	if strings.TrimSpace(c.Name) == "" {
		ps = append(ps, Problem{Field: "Name", Code: "required", Message: "a name is required"})
	}
	if c.Language != Chinese && c.Language != English {
		ps = append(ps, Problem{Field: "Language", Code: "invalid_value", Message: "language must be zh-CN or en"})
	}
	if c.Email != "" && !strings.Contains(c.Email, "@") {
		ps = append(ps, Problem{Field: "Email", Code: "invalid_value", Message: "not an e-mail address"})
	}
	if len(ps) > 0 {
		return Customer{}, &ValidationError{Problems: ps}
	}
	now := s.clock.Now()
	if c.Version == 0 {
		if c.ID == "" {
			c.ID = s.ids.NewID()
		}
		c.CreatedAt = now
	}
	c.UpdatedAt = now
	var saved Customer
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		if saved, err = tx.Customers().Save(ctx, c); err != nil {
			return err
		}
		e, err := s.newEvent(c.Tenant, EventCustomerSaved, c.ID, c.Language,
			eventPayload{CustomerID: c.ID, CustomerName: c.Name, Email: c.Email})
		if err != nil {
			return err
		}
		return tx.Outbox().Add(ctx, e)
	})
	return saved, err
}

// ProposeTrip validates a trip with the itinerary rules and saves it as the
// next version of trip.ID for the customer (expected: the version it
// replaces, 0 for a new trip), recording trip.proposed. A trip with blocking
// problems is refused with an *itinerary.ValidationError; warnings pass.
func (s *Service) ProposeTrip(ctx context.Context, tenant TenantID, customerID string, trip *itinerary.Trip, expected int) (TripVersion, error) {
	if err := s.ready(); err != nil {
		return TripVersion{}, err
	}
	if trip == nil || trip.ID == "" {
		return TripVersion{}, &ValidationError{Problems: []Problem{{Field: "Trip.ID", Code: "required", Message: "a trip with an ID is required"}}}
	}
	if err := itinerary.Validate(trip, s.rules).Err(); err != nil {
		return TripVersion{}, err
	}
	v := TripVersion{Tenant: tenant, TripID: trip.ID, Version: expected + 1, CustomerID: customerID, Trip: *trip.Clone(), CreatedAt: s.clock.Now()}
	err := s.store.InTx(ctx, func(tx Store) error {
		c, err := tx.Customers().Get(ctx, tenant, customerID)
		if err != nil {
			return err
		}
		if err := tx.Trips().Add(ctx, v); err != nil {
			return err
		}
		e, err := s.newEvent(tenant, EventTripProposed, trip.ID, c.Language,
			eventPayload{CustomerID: c.ID, CustomerName: c.Name, Email: c.Email, TripID: trip.ID, TripTitle: trip.Title, Version: v.Version})
		if err != nil {
			return err
		}
		return tx.Outbox().Add(ctx, e)
	})
	if err != nil {
		return TripVersion{}, err
	}
	return v, nil
}

// QuoteOptions say how to price a trip.
type QuoteOptions struct {
	// QuoteID names the quote; empty starts a new quote. A new version of an
	// existing quote follows its latest version.
	QuoteID     string
	Currency    pricing.Currency
	Rules       []pricing.Rule
	FX          pricing.FXSource
	FXBufferPct decimal.Decimal
	Rounding    pricing.Rounding
	ValidFor    time.Duration
	// Extras are lines that are no itinerary item: visas, insurance, passes.
	Extras []pricing.LineInput
}

// PriceTrip prices a trip version into the next version of a stored quote,
// with net rates from the RateSource, and records quote.issued.
func (s *Service) PriceTrip(ctx context.Context, tenant TenantID, tripID string, tripVersion int, o QuoteOptions) (QuoteVersion, error) {
	if err := s.ready(); err != nil {
		return QuoteVersion{}, err
	}
	tv, err := s.store.Trips().Get(ctx, tenant, tripID, tripVersion)
	if err != nil {
		return QuoteVersion{}, err
	}
	lines, err := s.lines(ctx, tenant, &tv.Trip)
	if err != nil {
		return QuoteVersion{}, err
	}
	lines = append(lines, o.Extras...)
	quoteID, version := o.QuoteID, 1
	if quoteID == "" {
		quoteID = s.ids.NewID()
	} else if latest, err := s.store.Quotes().Latest(ctx, tenant, quoteID); err == nil {
		version = latest.Version + 1
	} else if !errors.Is(err, ErrNotFound) {
		return QuoteVersion{}, err
	}
	travellers := make([]pricing.Traveller, len(tv.Trip.Party.Travellers))
	for i, t := range tv.Trip.Party.Travellers {
		travellers[i] = pricing.Traveller{ID: t.ID, Name: t.DocumentName(), BirthDate: t.BirthDate}
	}
	now := s.clock.Now()
	q, err := s.engine.Price(pricing.QuoteRequest{
		QuoteID: quoteID, Version: version, Currency: o.Currency, TravelDate: tv.Trip.Start,
		Travellers: travellers, Lines: lines, Rules: o.Rules, FX: o.FX, FXBufferPct: o.FXBufferPct,
		Rounding: o.Rounding, IssuedAt: now, ValidFor: o.ValidFor,
	})
	if err != nil {
		return QuoteVersion{}, err
	}
	qv := QuoteVersion{Tenant: tenant, QuoteID: quoteID, Version: version, TripID: tripID, TripVersion: tripVersion,
		CustomerID: tv.CustomerID, Quote: *q, CreatedAt: now}
	err = s.store.InTx(ctx, func(tx Store) error {
		c, err := tx.Customers().Get(ctx, tenant, tv.CustomerID)
		if err != nil {
			return err
		}
		if err := tx.Quotes().Add(ctx, qv); err != nil {
			return err
		}
		e, err := s.newEvent(tenant, EventQuoteIssued, quoteID, c.Language, eventPayload{CustomerID: c.ID, CustomerName: c.Name,
			Email: c.Email, TripID: tripID, QuoteID: quoteID, Version: version, Total: q.Totals.Total,
			ValidUntil: q.ExpiresAt.Format(time.RFC3339)})
		if err != nil {
			return err
		}
		return tx.Outbox().Add(ctx, e)
	})
	if err != nil {
		return QuoteVersion{}, err
	}
	return qv, nil
}

// lines turns priced itinerary items into quote lines.
func (s *Service) lines(ctx context.Context, tenant TenantID, trip *itinerary.Trip) ([]pricing.LineInput, error) {
	if s.rates == nil {
		return nil, nil
	}
	var lines []pricing.LineInput
	segmented, _ := s.rates.(SegmentedRateSource)
	bookedOn := date.NewAt(s.clock.Now())
	for _, it := range trip.Items {
		var segs []RatedSegment
		if segmented != nil {
			var ok bool
			var err error
			if segs, ok, err = segmented.RatesFor(ctx, tenant, it, bookedOn); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
		} else {
			r, ok, err := s.rates.RateFor(ctx, tenant, it)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			segs = []RatedSegment{{NetRate: r, Description: it.Title, Start: itemDate(it)}}
		}
		for _, seg := range segs {
			r := seg.NetRate
			l := pricing.LineInput{ID: it.ID, Description: seg.Description, Category: r.Category, Supplier: it.Supplier, Product: it.Product,
				Unit: r.Unit, Price: r.Price, ChildPrice: r.ChildPrice, InfantPrice: r.InfantPrice, Quantity: 1,
				Travellers: append([]string(nil), it.Travellers...), ServiceDate: seg.Start}
			if seg.Suffix != "" {
				l.ID = it.ID + "/" + seg.Suffix
			}
			if st := it.Stay; st != nil {
				l.Quantity = st.Nights()
				if seg.Quantity > 0 {
					l.Quantity = seg.Quantity
				}
				if r.Unit == pricing.PerRoomNight || r.Unit == pricing.PerUnit {
					for _, room := range st.Rooms {
						l.Units += room.Count
						l.Capacity = max(l.Capacity, room.Occupancy)
					}
				}
			}
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// itemDate is the local date an item is used on (its departure, check-in
// or visit date).
func itemDate(it itinerary.Item) date.Date {
	first, _, _ := it.Dates()
	return first
}

// AcceptQuote accepts a quote version before it expires and records
// quote.accepted. An expired quote is ErrInvalidTransition; a quote with
// an accepted version already is ErrConflict.
func (s *Service) AcceptQuote(ctx context.Context, tenant TenantID, quoteID string, version int) (QuoteVersion, error) {
	if err := s.ready(); err != nil {
		return QuoteVersion{}, err
	}
	now := s.clock.Now()
	var accepted QuoteVersion
	err := s.store.InTx(ctx, func(tx Store) error {
		qv, err := tx.Quotes().Get(ctx, tenant, quoteID, version)
		if err != nil {
			return err
		}
		if now.After(qv.Quote.ExpiresAt) {
			return fmt.Errorf("%w: quote %s v%d expired at %s", ErrInvalidTransition, quoteID, version, qv.Quote.ExpiresAt.Format(time.RFC3339))
		}
		if err := tx.Quotes().Accept(ctx, tenant, quoteID, version, now); err != nil {
			return err
		}
		c, err := tx.Customers().Get(ctx, tenant, qv.CustomerID)
		if err != nil {
			return err
		}
		e, err := s.newEvent(tenant, EventQuoteAccepted, quoteID, c.Language, eventPayload{CustomerID: c.ID, CustomerName: c.Name,
			Email: c.Email, TripID: qv.TripID, QuoteID: quoteID, Version: version, Total: qv.Quote.Totals.Total})
		if err != nil {
			return err
		}
		qv.AcceptedAt = &now
		accepted = qv
		return tx.Outbox().Add(ctx, e)
	})
	return accepted, err
}

// notFuture refuses an instant later than now plus the clock-skew allowance.
func (s *Service) notFuture(field string, at time.Time) error {
	now := s.clock.Now()
	if at.After(now.Add(s.skew)) {
		return &ValidationError{Problems: []Problem{{Field: field, Code: "in_future",
			Message: "the instant lies in the future beyond the clock-skew allowance",
			Detail:  map[string]string{"at": at.Format(time.RFC3339), "now": now.Format(time.RFC3339), "allowance": s.skew.String()}}}}
	}
	return nil
}

// FindCustomers returns one page of the tenant's customers matching f.
func (s *Service) FindCustomers(ctx context.Context, tenant TenantID, f CustomerFilter, p PageRequest) (Page[Customer], error) {
	if err := s.ready(); err != nil {
		return Page[Customer]{}, err
	}
	return s.store.Customers().Find(ctx, tenant, f, p)
}

// CustomerTrips returns one page of a customer's trip versions.
func (s *Service) CustomerTrips(ctx context.Context, tenant TenantID, customerID string, p PageRequest) (Page[TripSummary], error) {
	if err := s.ready(); err != nil {
		return Page[TripSummary]{}, err
	}
	return s.store.Trips().ListByCustomer(ctx, tenant, customerID, p)
}

// CustomerQuotes returns one page of a customer's quote versions.
func (s *Service) CustomerQuotes(ctx context.Context, tenant TenantID, customerID string, p PageRequest) (Page[QuoteSummary], error) {
	if err := s.ready(); err != nil {
		return Page[QuoteSummary]{}, err
	}
	return s.store.Quotes().ListByCustomer(ctx, tenant, customerID, p)
}

// FindComplaints returns one page of the tenant's complaints matching f.
func (s *Service) FindComplaints(ctx context.Context, tenant TenantID, f ComplaintFilter, p PageRequest) (Page[ComplaintRecord], error) {
	if err := s.ready(); err != nil {
		return Page[ComplaintRecord]{}, err
	}
	return s.store.Complaints().Find(ctx, tenant, f, p)
}

// Events returns one page of the tenant's events in a delivery state; with
// EventDead, the dead letters to inspect and requeue.
func (s *Service) Events(ctx context.Context, tenant TenantID, state EventState, p PageRequest) (Page[Event], error) {
	if err := s.ready(); err != nil {
		return Page[Event]{}, err
	}
	return s.store.Outbox().List(ctx, tenant, state, p)
}

// RequeueEvent makes a dead letter of the tenant pending again, due now,
// with its attempts reset: after the receiver is fixed.
func (s *Service) RequeueEvent(ctx context.Context, tenant TenantID, id string) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.store.Outbox().Requeue(ctx, tenant, id, s.clock.Now())
}

// TripCalendar renders a trip version as an iCalendar file for the
// customer's calendar: UIDs unique to the tenant, SEQUENCE rising with the
// version (so a client replaces what an older version put there), and
// METHOD:PUBLISH with organizer when an organizer e-mail is given.
func (s *Service) TripCalendar(ctx context.Context, tenant TenantID, tripID string, version int, organizer string) ([]byte, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	tv, err := s.store.Trips().Get(ctx, tenant, tripID, version)
	if err != nil {
		return nil, err
	}
	return itinerary.ICalWith(&tv.Trip, s.clock.Now(), itinerary.ICalOptions{Tenant: string(tenant), Sequence: version - 1, Organizer: organizer})
}
