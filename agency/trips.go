package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Trips proposes trips to customers as immutable versions, prices a
// version into a stored quote (net rates from the supplier contracts the
// items name, or the RateSource), accepts quotes, and writes a trip's
// calendar.
type Trips struct{ c *core }

// TripProposal is a trip proposed to a customer. Version is the version it
// replaces, 0 for a new trip: the proposal is stored as Version+1.
type TripProposal struct {
	CustomerID string          `json:"customer_id"`
	Trip       *itinerary.Trip `json:"trip"`
	Version    int             `json:"version"`
}

// TripRef names a trip version; Version 0 means the latest.
type TripRef struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
}

// QuoteRef names a quote version; Version 0 means the latest.
type QuoteRef struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
}

// TripQuery lists a customer's trips or quotes.
type TripQuery struct {
	CustomerID string      `json:"customer_id"`
	Page       PageRequest `json:"page"`
}

// TripSummary is one trip version as a list shows it.
type TripSummary struct {
	TripID    string    `json:"trip_id"`
	Version   int       `json:"version"`
	Title     string    `json:"title"`
	Start     date.Date `json:"start"`
	End       date.Date `json:"end"`
	CreatedAt time.Time `json:"created_at"`
}

// QuoteSummary is one quote version as a list shows it.
type QuoteSummary struct {
	QuoteID     string        `json:"quote_id"`
	Version     int           `json:"version"`
	TripID      string        `json:"trip_id"`
	TripVersion int           `json:"trip_version"`
	Total       pricing.Money `json:"total"`
	CreatedAt   time.Time     `json:"created_at"`
	AcceptedAt  *time.Time    `json:"accepted_at,omitempty"`
}

// QuoteOptions say how a trip is priced.
type QuoteOptions struct {
	Currency    pricing.Currency    `json:"currency"`
	Rules       []pricing.Rule      `json:"rules,omitempty"`
	FX          pricing.FXSource    `json:"-"`
	FXBufferPct decimal.Decimal     `json:"fx_buffer_pct"`
	Rounding    pricing.Rounding    `json:"rounding"`
	ValidFor    time.Duration       `json:"valid_for"`
	Extras      []pricing.LineInput `json:"extras,omitempty"` // lines that are no itinerary item: visas, insurance, passes
}

// Pricing asks for a trip version to be priced into a quote: the next
// version of QuoteID, or a new quote when QuoteID is empty.
type Pricing struct {
	TripID      string `json:"trip_id"`
	TripVersion int    `json:"trip_version"`
	QuoteID     string `json:"quote_id,omitempty"`
	QuoteOptions
}

// CalendarRequest asks for a trip version's calendar; Organizer, when
// set, makes it a METHOD:PUBLISH invitation from that address.
type CalendarRequest struct {
	TripID    string `json:"trip_id"`
	Version   int    `json:"version"`
	Organizer string `json:"organizer,omitempty"`
}

// Propose validates a trip with the itinerary rules and stores it as the
// next version for the customer, recording trip.proposed. A trip with
// blocking problems is refused with an *itinerary.ValidationError;
// warnings pass. Proposing the same trip again returns the stored version.
func (s Trips) Propose(ctx context.Context, tenant TenantID, p TripProposal) (TripVersion, error) {
	var out TripVersion
	err := s.c.change(ctx, tenant, func(u *unit) error {
		tv, _, err := u.proposeTrip(p)
		out = tv
		return err
	})
	return out, err
}

// proposeTrip stores a trip proposal in the unit; created is false for a
// repeat of a stored version.
func (u *unit) proposeTrip(p TripProposal) (TripVersion, bool, error) {
	if p.Trip == nil || p.Trip.ID == "" || p.Version < 0 {
		return TripVersion{}, false, problem.One(ErrInvalid, "trip", "required", "a trip with an ID is required")
	}
	if err := itinerary.Validate(p.Trip, u.c.rules).Err(); err != nil {
		return TripVersion{}, false, err
	}
	c, err := u.customer(p.CustomerID)
	if err != nil {
		return TripVersion{}, false, err
	}
	v := TripVersion{Tenant: u.tenant, TripID: p.Trip.ID, Version: p.Version + 1, CustomerID: p.CustomerID, Trip: *p.Trip.Clone(), CreatedAt: u.now}
	out, created, err := create(u, storage.Trips(u.c.trips), []any{v.TripID, int64(v.Version)}, v, func(st TripVersion) bool {
		return st.CustomerID == v.CustomerID && sameJSON(st.Trip, v.Trip)
	})
	if err != nil || !created {
		return out, false, err
	}
	return out, true, u.emit(v.TripID, events.TripProposed{CustomerID: c.ID, CustomerName: c.Name, TripID: v.TripID, Title: v.Trip.Title,
		Version: v.Version, Start: v.Trip.Start, End: v.Trip.End}, toCustomer(c))
}

// Get returns a trip version (the latest for Version 0).
func (s Trips) Get(ctx context.Context, tenant TenantID, r TripRef) (TripVersion, error) {
	if err := s.c.ready(tenant); err != nil {
		return TripVersion{}, err
	}
	return s.c.trip(ctx, s.c.store, tenant, r)
}

func (c *core) trip(ctx context.Context, st storage.Store, tenant TenantID, r TripRef) (TripVersion, error) {
	if r.Version == 0 {
		return storage.Trips(c.trips).Latest(ctx, st, tenant, r.ID)
	}
	return storage.Trips(c.trips).Get(ctx, st, tenant, r.ID, int64(r.Version))
}

// List returns one page of a customer's trip versions, by trip ID then
// version.
func (s Trips) List(ctx context.Context, tenant TenantID, q TripQuery) (Page[TripSummary], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[TripSummary]{}, err
	}
	p, err := storage.Trips(s.c.trips).List(ctx, s.c.store, tenant, storage.Query{Index: "customer", Equal: []any{q.CustomerID}, Page: q.Page})
	if err != nil {
		return Page[TripSummary]{}, err
	}
	out := Page[TripSummary]{Items: make([]TripSummary, len(p.Items)), Next: p.Next}
	for i, v := range p.Items {
		out.Items[i] = TripSummary{TripID: v.TripID, Version: v.Version, Title: v.Trip.Title, Start: v.Trip.Start, End: v.Trip.End, CreatedAt: v.CreatedAt}
	}
	return out, nil
}

// Price prices a trip version into the next version of a stored quote and
// records quote.issued. Contracted items are priced from the latest
// version of their contract as of today, and each line names that version.
func (s Trips) Price(ctx context.Context, tenant TenantID, p Pricing) (QuoteVersion, error) {
	var out QuoteVersion
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		out, err = u.price(p)
		return err
	})
	return out, err
}

func (u *unit) price(p Pricing) (QuoteVersion, error) {
	tv, err := u.c.trip(u.ctx, u.tx, u.tenant, TripRef{ID: p.TripID, Version: p.TripVersion})
	if err != nil {
		return QuoteVersion{}, err
	}
	// The lines the agency words itself (a stay priced across seasons)
	// are in the customer's language.
	lang, err := u.c.documentLanguage(u.ctx, u.tx, u.tenant, "", tv.CustomerID)
	if err != nil {
		return QuoteVersion{}, err
	}
	lines, err := u.lines(&tv.Trip, date.NewAt(u.now.In(u.c.zone)), lang)
	if err != nil {
		return QuoteVersion{}, err
	}
	lines = append(lines, p.Extras...)
	quoteID, version := p.QuoteID, 1
	if quoteID == "" {
		quoteID = u.c.ids.NewID()
	} else if latest, err := storage.Quotes().Latest(u.ctx, u.tx, u.tenant, quoteID); err == nil {
		version = latest.Version + 1
	} else if !errors.Is(err, ErrNotFound) {
		return QuoteVersion{}, err
	}
	travellers := make([]pricing.Traveller, len(tv.Trip.Party.Travellers))
	for i, t := range tv.Trip.Party.Travellers {
		travellers[i] = pricing.Traveller{ID: t.ID, Name: t.DocumentName(), BirthDate: t.BirthDate}
	}
	q, err := u.c.engine.Price(pricing.QuoteRequest{
		QuoteID: quoteID, Version: version, Currency: p.Currency, TravelDate: tv.Trip.Start,
		Travellers: travellers, Lines: lines, Rules: p.Rules, FX: p.FX, FXBufferPct: p.FXBufferPct,
		Rounding: p.Rounding, IssuedAt: u.now, ValidFor: p.ValidFor,
	})
	if err != nil {
		return QuoteVersion{}, err
	}
	qv := QuoteVersion{Tenant: u.tenant, QuoteID: quoteID, Version: version, TripID: tv.TripID, TripVersion: tv.Version,
		CustomerID: tv.CustomerID, Quote: *q, CreatedAt: u.now}
	c, err := u.customer(tv.CustomerID)
	if err != nil {
		return QuoteVersion{}, err
	}
	if qv, err = storage.Quotes().Put(u.ctx, u.tx, u.tenant, qv); err != nil {
		return QuoteVersion{}, err
	}
	return qv, u.emit(quoteID, events.QuoteIssued{CustomerID: c.ID, CustomerName: c.Name, QuoteID: quoteID, Version: version, TripID: tv.TripID,
		Total: q.Totals.Total, ValidUntil: q.ExpiresAt, Local: u.c.local(c.Language)}, toCustomer(c))
}

// quote reads a quote version (the latest for version 0) with its
// acceptance.
func (c *core) quote(ctx context.Context, st storage.Store, tenant TenantID, r QuoteRef) (QuoteVersion, error) {
	var qv QuoteVersion
	var err error
	if r.Version == 0 {
		qv, err = storage.Quotes().Latest(ctx, st, tenant, r.ID)
	} else {
		qv, err = storage.Quotes().Get(ctx, st, tenant, r.ID, int64(r.Version))
	}
	if err != nil {
		return QuoteVersion{}, err
	}
	a, err := storage.QuoteAcceptances().Get(ctx, st, tenant, r.ID)
	switch {
	case err == nil && a.Version == qv.Version:
		at := a.At
		qv.AcceptedAt = &at
	case err != nil && !errors.Is(err, ErrNotFound):
		return QuoteVersion{}, err
	}
	return qv, nil
}

// GetQuote returns a quote version (the latest for Version 0), with
// AcceptedAt set on the accepted one.
func (s Trips) GetQuote(ctx context.Context, tenant TenantID, r QuoteRef) (QuoteVersion, error) {
	if err := s.c.ready(tenant); err != nil {
		return QuoteVersion{}, err
	}
	return s.c.quote(ctx, s.c.store, tenant, r)
}

// ListQuotes returns one page of a customer's quote versions, by quote ID
// then version.
func (s Trips) ListQuotes(ctx context.Context, tenant TenantID, q TripQuery) (Page[QuoteSummary], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[QuoteSummary]{}, err
	}
	p, err := storage.Quotes().List(ctx, s.c.store, tenant, storage.Query{Index: "customer", Equal: []any{q.CustomerID}, Page: q.Page})
	if err != nil {
		return Page[QuoteSummary]{}, err
	}
	out := Page[QuoteSummary]{Items: make([]QuoteSummary, len(p.Items)), Next: p.Next}
	accepted := map[string]*time.Time{}
	for i, v := range p.Items {
		at, seen := accepted[v.QuoteID+"/"+fmt.Sprint(v.Version)]
		if !seen {
			a, err := storage.QuoteAcceptances().Get(ctx, s.c.store, tenant, v.QuoteID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return Page[QuoteSummary]{}, err
			}
			if err == nil {
				t := a.At
				accepted[v.QuoteID+"/"+fmt.Sprint(a.Version)] = &t
				if a.Version == v.Version {
					at = &t
				}
			}
		}
		out.Items[i] = QuoteSummary{QuoteID: v.QuoteID, Version: v.Version, TripID: v.TripID, TripVersion: v.TripVersion,
			Total: v.Quote.Totals.Total, CreatedAt: v.CreatedAt, AcceptedAt: at}
	}
	return out, nil
}

// Accept accepts a quote version before it expires and records
// quote.accepted. An expired quote is ErrInvalidTransition; a quote with
// another version accepted already is ErrConflict; accepting the accepted
// version again returns it.
func (s Trips) Accept(ctx context.Context, tenant TenantID, r QuoteRef) (QuoteVersion, error) {
	if r.ID == "" || r.Version < 1 {
		return QuoteVersion{}, problem.One(ErrInvalid, "version", "required", "name the quote and the version accepted")
	}
	var out QuoteVersion
	err := s.c.change(ctx, tenant, func(u *unit) error {
		qv, err := u.c.quote(u.ctx, u.tx, tenant, r)
		if err != nil {
			return err
		}
		if qv.AcceptedAt != nil {
			out = qv
			return nil
		}
		if u.now.After(qv.Quote.ExpiresAt) {
			return fmt.Errorf("%w: quote %s v%d expired at %s", ErrInvalidTransition, problem.Clip(r.ID), r.Version,
				qv.Quote.ExpiresAt.Format(time.RFC3339))
		}
		if _, err := storage.QuoteAcceptances().Put(u.ctx, u.tx, tenant, storage.QuoteAcceptance{QuoteID: r.ID, Version: r.Version, At: u.now}); err != nil {
			if errors.Is(err, ErrConflict) {
				return fmt.Errorf("%w: another version of quote %s is accepted", ErrConflict, problem.Clip(r.ID))
			}
			return err
		}
		c, err := u.customer(qv.CustomerID)
		if err != nil {
			return err
		}
		at := u.now
		qv.AcceptedAt = &at
		out = qv
		return u.emit(r.ID, events.QuoteAccepted{CustomerID: c.ID, CustomerName: c.Name, QuoteID: r.ID, Version: r.Version, TripID: qv.TripID,
			Total: qv.Quote.Totals.Total}, toCustomer(c))
	})
	return out, err
}

// Calendar renders a trip version as an iCalendar file for the customer's
// calendar: UIDs unique to the tenant, SEQUENCE rising with the version (so
// a client replaces what an older version put there), and METHOD:PUBLISH
// with organizer when an organizer e-mail is given.
func (s Trips) Calendar(ctx context.Context, tenant TenantID, r CalendarRequest) ([]byte, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	if r.Version < 1 {
		return nil, problem.One(ErrInvalid, "version", "required", "name the trip version")
	}
	tv, err := s.c.trip(ctx, s.c.store, tenant, TripRef{ID: r.TripID, Version: r.Version})
	if err != nil {
		return nil, err
	}
	return itinerary.ICalWith(&tv.Trip, s.c.clock.Now(), itinerary.ICalOptions{Tenant: string(tenant), Sequence: r.Version - 1, Organizer: r.Organizer})
}
