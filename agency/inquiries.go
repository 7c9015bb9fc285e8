package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
)

// Inquiries keeps the consultation record (客户咨询记录表): inquiries logged
// with the customer matched or created, exchanges and next actions, the
// lifecycle new → qualified → proposed → won or lost, proposals from the
// catalogue or designed for the customer (linked to their trip and
// quote), recommendations with their reasons (产品推荐清单), and the
// conversion figures.
type Inquiries struct{ c *core }

// NewInquiry is an inquiry to log. Without Inquiry.CustomerID, Customer is
// matched against the tenant's customers — by e-mail address (case and a
// "+tag" ignored), then by the full phone number — and created when none
// matches.
type NewInquiry struct {
	Inquiry  inquiry.Inquiry `json:"inquiry"`
	Customer NewCustomer     `json:"customer"`
}

// InquiryQuery lists inquiries received in [From, To): a customer's, a
// consultant's, or all, by receipt then ID.
type InquiryQuery struct {
	CustomerID string      `json:"customer_id,omitempty"`
	Consultant string      `json:"consultant,omitempty"`
	From       time.Time   `json:"from,omitzero"`
	To         time.Time   `json:"to,omitzero"`
	Page       PageRequest `json:"page"`
}

// InquiryExchange records an exchange with the customer (the first is the
// first response) and, when Next is set, the next action.
type InquiryExchange struct {
	ID       string           `json:"id"`
	Version  int              `json:"version,omitempty"`
	Exchange inquiry.Exchange `json:"exchange"`
	Next     *inquiry.Action  `json:"next,omitempty"`
}

// InquiryMove applies qualify, win (with the booking made) or lose (with
// its reason); proposals go through Propose or ProposeProduct.
type InquiryMove struct {
	ID         string             `json:"id"`
	Version    int                `json:"version,omitempty"`
	Event      inquiry.Event      `json:"event"`
	By         string             `json:"by,omitempty"`
	BookingRef string             `json:"booking_ref,omitempty"`
	Reason     inquiry.LostReason `json:"reason,omitempty"`
	Note       string             `json:"note,omitempty"`
}

// InquiryProposal proposes a trip designed for the customer, priced as
// QuoteID's latest version (or a trip version alone when QuoteID is
// empty), moving the inquiry to proposed.
type InquiryProposal struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
	TripID  string `json:"trip_id"`
	QuoteID string `json:"quote_id,omitempty"`
	By      string `json:"by,omitempty"`
}

// ProductProposal turns a catalogue product into a proposal: the product's
// template instantiated for the travellers on Departure, proposed and
// priced.
type ProductProposal struct {
	ID         string                `json:"id"`
	Version    int                   `json:"version,omitempty"`
	ProductID  string                `json:"product_id"`
	Departure  date.Date             `json:"departure"`
	Travellers []itinerary.Traveller `json:"travellers"`
	Quote      QuoteOptions          `json:"quote"`
}

// ProposalResult is what a proposal made: the inquiry, the trip version
// and the quote version.
type ProposalResult struct {
	Inquiry InquiryRecord `json:"inquiry"`
	Trip    TripVersion   `json:"trip"`
	Quote   QuoteVersion  `json:"quote"`
}

// RecommendRequest asks for an inquiry's recommendation list, the best
// Limit products (0: all).
type RecommendRequest struct {
	ID    string `json:"id"`
	Limit int    `json:"limit,omitempty"`
}

// Period is the dates From to To inclusive, in the agency's zone.
type Period struct {
	From       date.Date `json:"from"`
	To         date.Date `json:"to"`
	Consultant string    `json:"consultant,omitempty"`
}

// Log records a new inquiry, matching or creating its customer, and
// records inquiry.logged for its consultant. The receipt instant may not
// lie in the future. Logging the same inquiry (ID) again returns it.
func (s Inquiries) Log(ctx context.Context, tenant TenantID, n NewInquiry) (InquiryRecord, error) {
	if s.c == nil {
		return InquiryRecord{}, errNotBuilt
	}
	q := n.Inquiry
	q.Status = inquiry.New
	if q.ID == "" {
		q.ID = s.c.ids.NewID()
	}
	if q.CustomerID == "" {
		q.CustomerID = "-" // stands in for the customer matched or created below
	}
	if err := q.Validate(); err != nil {
		return InquiryRecord{}, err
	}
	if err := s.c.notFuture("received_at", q.ReceivedAt); err != nil {
		return InquiryRecord{}, err
	}
	if n.Inquiry.CustomerID == "" {
		var ps problem.List
		checkCustomer(&ps, n.Customer.Name, n.Customer.Email, n.Customer.Language)
		if err := ps.Err(ErrInvalid); err != nil {
			return InquiryRecord{}, err
		}
	}
	var out InquiryRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		if cur, err := storage.Inquiries().Get(u.ctx, u.tx, tenant, q.ID); err == nil {
			if cur.Inquiry.ReceivedAt.Equal(q.ReceivedAt) && cur.Inquiry.Channel == q.Channel && cur.Inquiry.Consultant == q.Consultant {
				out = cur
				return nil
			}
			return fmt.Errorf("%w: inquiry %s exists already with other content", ErrConflict, problem.Clip(q.ID))
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var c Customer
		var err error
		switch {
		case n.Inquiry.CustomerID != "":
			c, err = u.customer(n.Inquiry.CustomerID)
		default:
			var ok bool
			if c, ok, err = u.matchCustomer(n.Customer); err == nil && !ok {
				c, err = u.createCustomer(n.Customer)
				q.NewCustomer = true
			}
		}
		if err != nil {
			return err
		}
		q.CustomerID = c.ID
		if out, err = storage.Inquiries().Put(u.ctx, u.tx, tenant, InquiryRecord{Tenant: tenant, Inquiry: q, UpdatedAt: u.now}); err != nil {
			return err
		}
		to, err := u.toStaff(q.Consultant)
		if err != nil {
			return err
		}
		return u.emit(q.ID, events.InquiryLogged{InquiryID: q.ID, CustomerID: c.ID, CustomerName: c.Name, Consultant: q.Consultant,
			Channel: q.Channel, NewCustomer: q.NewCustomer, ReceivedAt: q.ReceivedAt, Local: u.c.local(to.lang)}, to)
	})
	return out, err
}

// matchCustomer finds the one stored customer with n's e-mail address, or
// else with n's phone number (compared in full, country code included),
// by the indexed searches. Two or more candidates are no match: a person
// decides, through Customers.Duplicates.
func (u *unit) matchCustomer(n NewCustomer) (Customer, bool, error) {
	if n.Email != "" {
		p, err := storage.Customers().List(u.ctx, u.tx, u.tenant, storage.Query{Index: "email", Equal: []any{storage.EmailKey(n.Email)},
			Page: PageRequest{Limit: 2}})
		if err != nil {
			return Customer{}, false, err
		}
		if len(p.Items) == 1 {
			return p.Items[0], true, nil
		}
	}
	phone := inquiry.NormalPhone(n.Phone)
	if len(phone) < MinPhoneDigits {
		return Customer{}, false, nil
	}
	// The last eight digits find the candidates, however the number was
	// written; the full number picks among them.
	key := storage.PhoneKey(phone[max(len(phone)-8, 0):])
	p, err := storage.Customers().List(u.ctx, u.tx, u.tenant, storage.Query{Index: "phone", From: key, To: key + "\U0010FFFF",
		Page: PageRequest{Limit: 20}})
	if err != nil {
		return Customer{}, false, err
	}
	var found []Customer
	for _, x := range p.Items {
		if inquiry.NormalPhone(x.Phone) == phone {
			found = append(found, x)
		}
	}
	if len(found) == 1 {
		return found[0], true, nil
	}
	return Customer{}, false, nil
}

// Get returns an inquiry.
func (s Inquiries) Get(ctx context.Context, tenant TenantID, id string) (InquiryRecord, error) {
	return read(s.c, ctx, tenant, storage.Inquiries(), id)
}

// List returns one page of inquiries received in the query's window.
func (s Inquiries) List(ctx context.Context, tenant TenantID, q InquiryQuery) (Page[InquiryRecord], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[InquiryRecord]{}, err
	}
	sq := storage.Query{Index: "received", Page: q.Page}
	switch {
	case q.CustomerID != "":
		sq.Index, sq.Equal = "customer", []any{q.CustomerID}
	case q.Consultant != "":
		sq.Index, sq.Equal = "consultant", []any{q.Consultant}
	}
	if !q.From.IsZero() {
		sq.From = storage.Nanos(q.From)
	}
	if !q.To.IsZero() {
		sq.To = storage.Nanos(q.To)
	}
	if q.CustomerID != "" && q.Consultant != "" {
		sq.Where = []storage.Cond{{Field: "consultant", Value: q.Consultant}}
	}
	return storage.Inquiries().List(ctx, s.c.store, tenant, sq)
}

// changeInquiry loads an inquiry, applies fn and saves it, in one unit of
// work; fn runs before the version is checked.
func (s Inquiries) changeInquiry(ctx context.Context, tenant TenantID, id string, version int, fn func(u *unit, q *inquiry.Inquiry) error) (InquiryRecord, error) {
	var out InquiryRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		r, err := storage.Inquiries().Get(u.ctx, u.tx, tenant, id)
		if err != nil {
			return err
		}
		stored := r.Version
		if err := fn(u, &r.Inquiry); err != nil {
			return err
		}
		if err := expect("inquiry "+problem.Clip(id), stored, version); err != nil {
			return err
		}
		r.UpdatedAt = u.now
		out, err = storage.Inquiries().Put(u.ctx, u.tx, tenant, r)
		return err
	})
	return out, err
}

// Respond records an exchange with the customer (the first is the first
// response) and, when Next is set, the next action.
func (s Inquiries) Respond(ctx context.Context, tenant TenantID, e InquiryExchange) (InquiryRecord, error) {
	if s.c == nil {
		return InquiryRecord{}, errNotBuilt
	}
	if err := s.c.notFuture("exchange.at", e.Exchange.At); err != nil {
		return InquiryRecord{}, err
	}
	return s.changeInquiry(ctx, tenant, e.ID, e.Version, func(u *unit, q *inquiry.Inquiry) error {
		if err := q.Respond(e.Exchange); err != nil {
			return err
		}
		if e.Next != nil {
			q.Next = e.Next
		}
		return u.internal(q.ID, events.InquiryChanged{InquiryID: q.ID, CustomerID: q.CustomerID, Consultant: q.Consultant, Event: "respond",
			Status: q.Status})
	})
}

// Move qualifies, wins (naming a booking of the inquiry's customer) or
// loses (with a reason code) an inquiry at the clock's instant.
func (s Inquiries) Move(ctx context.Context, tenant TenantID, m InquiryMove) (InquiryRecord, error) {
	if m.Event == inquiry.Propose {
		return InquiryRecord{}, problem.One(ErrInvalid, "event", "propose", "a proposal is made with Propose or ProposeProduct")
	}
	return s.changeInquiry(ctx, tenant, m.ID, m.Version, func(u *unit, q *inquiry.Inquiry) error {
		if m.Event == inquiry.Win {
			b, err := storage.Bookings().Get(u.ctx, u.tx, tenant, m.BookingRef)
			if err != nil {
				return err
			}
			if b.Booking.CustomerID != q.CustomerID {
				return problem.One(ErrInvalid, "booking_ref", "customer", "the booking won is the inquiry's customer's")
			}
		}
		if err := q.Apply(m.Event, inquiry.Input{At: u.now, By: m.By, BookingRef: m.BookingRef, Reason: m.Reason, Note: m.Note}); err != nil {
			return err
		}
		return u.internal(q.ID, events.InquiryChanged{InquiryID: q.ID, CustomerID: q.CustomerID, Consultant: q.Consultant,
			Event: string(m.Event), Status: q.Status, BookingRef: q.BookingRef})
	})
}

// Propose records a trip designed for the customer (and its quote) as the
// inquiry's proposal, moving it to proposed and recording
// inquiry.proposed. The trip and the quote are the inquiry's customer's.
func (s Inquiries) Propose(ctx context.Context, tenant TenantID, p InquiryProposal) (InquiryRecord, error) {
	return s.changeInquiry(ctx, tenant, p.ID, p.Version, func(u *unit, q *inquiry.Inquiry) error {
		tv, err := u.c.trip(u.ctx, u.tx, tenant, TripRef{ID: p.TripID})
		if err != nil {
			return err
		}
		if tv.CustomerID != q.CustomerID {
			return problem.One(ErrInvalid, "trip_id", "customer", "the trip proposed is the inquiry's customer's")
		}
		var qv QuoteVersion
		if p.QuoteID != "" {
			if qv, err = u.c.quote(u.ctx, u.tx, tenant, QuoteRef{ID: p.QuoteID}); err != nil {
				return err
			}
			if qv.TripID != tv.TripID {
				return problem.One(ErrInvalid, "quote_id", "trip", "the quote proposed prices the trip proposed")
			}
		}
		return u.propose(q, tv, qv, "", p.By)
	})
}

// propose moves an inquiry to proposed with its trip and quote.
func (u *unit) propose(q *inquiry.Inquiry, tv TripVersion, qv QuoteVersion, productID, by string) error {
	if by == "" {
		by = q.Consultant
	}
	if err := q.Apply(inquiry.Propose, inquiry.Input{At: u.now, By: by, TripID: tv.TripID, QuoteID: qv.QuoteID, ProductID: productID}); err != nil {
		return err
	}
	return u.internal(q.ID, events.InquiryProposed{InquiryID: q.ID, CustomerID: q.CustomerID, Consultant: q.Consultant, TripID: tv.TripID,
		TripVersion: tv.Version, QuoteID: qv.QuoteID, QuoteVersion: qv.Version, ProductID: productID})
}

// ProposeProduct turns a catalogue product into a proposal in one unit of
// work: the product's template instantiated for the inquiry's party on
// the departure date, proposed as a trip and priced into a quote, and the
// inquiry moved to proposed with inquiry.proposed recorded.
func (s Inquiries) ProposeProduct(ctx context.Context, tenant TenantID, p ProductProposal) (ProposalResult, error) {
	var out ProposalResult
	rec, err := s.changeInquiry(ctx, tenant, p.ID, p.Version, func(u *unit, q *inquiry.Inquiry) error {
		if q.Status != inquiry.Qualified && q.Status != inquiry.Proposed {
			return fmt.Errorf("%w: an inquiry that is %s cannot %s", ErrInvalidTransition, q.Status, inquiry.Propose)
		}
		pr, err := storage.Products().Get(u.ctx, u.tx, tenant, p.ProductID)
		if err != nil {
			return err
		}
		if len(p.Travellers) != len(q.Needs.Party) {
			return problem.One(ErrInvalid, "travellers", "count",
				fmt.Sprintf("the inquiry is for %d travellers, %d are named", len(q.Needs.Party), len(p.Travellers)))
		}
		trip, err := pr.Product.Template.Instantiate(u.c.ids.NewID(), p.Departure, itinerary.Party{Travellers: p.Travellers})
		if err != nil {
			return err
		}
		if out.Trip, _, err = u.proposeTrip(TripProposal{CustomerID: q.CustomerID, Trip: trip}); err != nil {
			return err
		}
		if out.Quote, err = u.price(Pricing{TripID: out.Trip.TripID, TripVersion: out.Trip.Version, QuoteOptions: p.Quote}); err != nil {
			return err
		}
		return u.propose(q, out.Trip, out.Quote, pr.Product.ID, "")
	})
	out.Inquiry = rec
	if err != nil {
		return ProposalResult{}, err
	}
	return out, nil
}

// Recommend ranks the tenant's catalogue for an inquiry's needs and the
// customer's profile, keeping the best Limit (0: all).
func (s Inquiries) Recommend(ctx context.Context, tenant TenantID, r RecommendRequest) (inquiry.List, error) {
	if err := s.c.ready(tenant); err != nil {
		return inquiry.List{}, err
	}
	rec, err := storage.Inquiries().Get(ctx, s.c.store, tenant, r.ID)
	if err != nil {
		return inquiry.List{}, err
	}
	profile, err := s.c.profile(ctx, s.c.store, tenant, rec.Inquiry.CustomerID)
	if err != nil {
		return inquiry.List{}, err
	}
	recs, err := storage.Products().All(ctx, s.c.store, tenant, storage.Query{}, maxScan)
	if err != nil {
		return inquiry.List{}, err
	}
	products := make([]inquiry.Product, len(recs))
	for i, p := range recs {
		products[i] = p.Product
	}
	return inquiry.Recommend(rec.Inquiry.Needs, &profile, products, r.Limit)
}

// Record returns the inquiries received in the period, of one consultant
// (all when empty): the 客户咨询记录表, ready for inquiry.WriteRecordCSV,
// RenderRecordText or the xlsx package.
func (s Inquiries) Record(ctx context.Context, tenant TenantID, p Period) ([]inquiry.Inquiry, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	if p.To < p.From {
		return nil, problem.One(ErrInvalid, "period", "range", "a period runs forward")
	}
	sq := storage.Query{Index: "received", From: storage.Nanos(p.From.MidnightIn(s.c.zone)), To: storage.Nanos((p.To + 1).MidnightIn(s.c.zone))}
	if p.Consultant != "" {
		sq.Index, sq.Equal = "consultant", []any{p.Consultant}
	}
	recs, err := storage.Inquiries().All(ctx, s.c.store, tenant, sq, maxScan)
	if err != nil {
		return nil, err
	}
	out := make([]inquiry.Inquiry, len(recs))
	for i, r := range recs {
		out[i] = r.Inquiry
	}
	return out, nil
}

// Conversion counts inquiries → proposals → bookings received in the
// period, per consultant, channel and lead source, in the store's query.
func (s Inquiries) Conversion(ctx context.Context, tenant TenantID, p Period) ([]Conversion, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	if p.To < p.From {
		return nil, problem.One(ErrInvalid, "period", "range", "a period runs forward")
	}
	return s.c.store.Figures().Conversion(ctx, tenant, p.From.MidnightIn(s.c.zone), (p.To + 1).MidnightIn(s.c.zone))
}
