package agency

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
)

// InquiryRecord is an inquiry as stored.
type InquiryRecord struct {
	Tenant    TenantID        `json:"tenant"`
	Inquiry   inquiry.Inquiry `json:"inquiry"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Proposed reports whether the inquiry ever reached a proposal.
func (r InquiryRecord) Proposed() bool {
	for _, c := range r.Inquiry.History {
		if c.To == inquiry.Proposed {
			return true
		}
	}
	return false
}

// Conversion counts inquiries received in a period that reached a
// proposal and a booking, for one consultant, channel and lead source.
type Conversion struct {
	Consultant string          `json:"consultant"`
	Channel    inquiry.Channel `json:"channel"`
	LeadSource string          `json:"lead_source"`
	Inquiries  int             `json:"inquiries"`
	Proposed   int             `json:"proposed"`
	Won        int             `json:"won"`
}

// ProductRecord is a catalogue product as stored.
type ProductRecord struct {
	Tenant    TenantID        `json:"tenant"`
	Product   inquiry.Product `json:"product"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// InquiryRepo keeps inquiries and the catalogue.
type InquiryRepo interface {
	// Get returns an inquiry; ErrNotFound when there is none.
	Get(ctx context.Context, tenant TenantID, id string) (InquiryRecord, error)
	// Save inserts (Version 0) or updates (Version = the stored version)
	// an inquiry; stale or duplicate is ErrConflict.
	Save(ctx context.Context, r InquiryRecord) (InquiryRecord, error)
	// ForCustomer lists a customer's inquiries by receipt, then ID.
	ForCustomer(ctx context.Context, tenant TenantID, customerID string) ([]InquiryRecord, error)
	// Period lists the inquiries received in [from, to), of one
	// consultant when consultant is not empty, by receipt, then ID.
	Period(ctx context.Context, tenant TenantID, consultant string, from, to time.Time) ([]InquiryRecord, error)
	// Conversion counts, in the store's query, the inquiries received in
	// [from, to) that reached a proposal and a booking, per consultant,
	// channel and lead source, in that order.
	Conversion(ctx context.Context, tenant TenantID, from, to time.Time) ([]Conversion, error)
	// MoveCustomer gives every inquiry of customer from to customer into
	// and returns how many moved.
	MoveCustomer(ctx context.Context, tenant TenantID, from, into string) (int, error)
	// SaveProduct inserts (Version 0) or updates a catalogue product.
	SaveProduct(ctx context.Context, r ProductRecord) (ProductRecord, error)
	// Products lists the tenant's catalogue by product ID.
	Products(ctx context.Context, tenant TenantID) ([]ProductRecord, error)
	// Product returns one catalogue product; ErrNotFound when none.
	Product(ctx context.Context, tenant TenantID, id string) (ProductRecord, error)
}

// Inquiry events.
const (
	EventInquiryLogged   = "inquiry.logged"
	EventInquiryChanged  = "inquiry.changed"
	EventInquiryProposed = "inquiry.proposed"
	EventCustomersMerged = "customer.merged"
)

type inquiryPayload struct {
	ID         string         `json:"id"`
	CustomerID string         `json:"customer_id"`
	Status     inquiry.Status `json:"status"`
	Consultant string         `json:"consultant"`
	TripID     string         `json:"trip_id,omitempty"`
	QuoteID    string         `json:"quote_id,omitempty"`
	Into       string         `json:"into,omitempty"`
	Moved      int            `json:"moved,omitempty"`
}

func (s *Service) addInquiryEvent(ctx context.Context, tx Store, tenant TenantID, typ string, q *inquiry.Inquiry, p inquiryPayload) error {
	p.ID, p.CustomerID, p.Status, p.Consultant = q.ID, q.CustomerID, q.Status, q.Consultant
	e, err := s.newEventOf(tenant, typ, q.ID, Chinese, p)
	if err != nil {
		return err
	}
	return tx.Outbox().Add(ctx, e)
}

// LogInquiry records a new inquiry for a customer and records
// inquiry.logged. A customer not yet stored (c.Version 0) is first matched
// by e-mail address, then by phone number, against the tenant's
// customers; without a match it is created and the inquiry marked as
// from a new customer. The receipt instant may not lie in the future.
func (s *Service) LogInquiry(ctx context.Context, tenant TenantID, q inquiry.Inquiry, c Customer) (InquiryRecord, error) {
	if err := s.ready(); err != nil {
		return InquiryRecord{}, err
	}
	if c.Version == 0 {
		matched, ok, err := s.matchCustomer(ctx, tenant, c)
		if err != nil {
			return InquiryRecord{}, err
		}
		if ok {
			c = matched
			q.CustomerID = c.ID
		} else {
			if c.ID == "" {
				c.ID = s.ids.NewID()
			}
			q.CustomerID, q.NewCustomer = c.ID, true
		}
	}
	q.Status = inquiry.New
	if err := q.Validate(); err != nil {
		return InquiryRecord{}, err
	}
	if err := s.notFuture("received_at", q.ReceivedAt); err != nil {
		return InquiryRecord{}, err
	}
	now := s.clock.Now()
	var out InquiryRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		if c.Version == 0 {
			c.Tenant, c.CreatedAt, c.UpdatedAt = tenant, now, now
			if _, err := tx.Customers().Save(ctx, c); err != nil {
				return err
			}
		} else if _, err := tx.Customers().Get(ctx, tenant, q.CustomerID); err != nil {
			return err
		}
		var err error
		if out, err = tx.Inquiries().Save(ctx, InquiryRecord{Tenant: tenant, Inquiry: q, UpdatedAt: now}); err != nil {
			return err
		}
		return s.addInquiryEvent(ctx, tx, tenant, EventInquiryLogged, &out.Inquiry, inquiryPayload{})
	})
	return out, err
}

// matchCustomer finds the one stored customer with c's e-mail address,
// or else with c's phone number (compared in full, country code
// included), by the read side's indexed searches. Two or more candidates
// are no match: a person decides, through DuplicateCustomers.
func (s *Service) matchCustomer(ctx context.Context, tenant TenantID, c Customer) (Customer, bool, error) {
	if c.Email != "" {
		p, err := s.store.Customers().Find(ctx, tenant, CustomerFilter{Email: c.Email}, PageRequest{Limit: 2})
		if err != nil {
			return Customer{}, false, err
		}
		if len(p.Items) == 1 {
			return p.Items[0], true, nil
		}
	}
	phone := inquiry.NormalPhone(c.Phone)
	if len(phone) < MinPhoneDigits {
		return Customer{}, false, nil
	}
	// The last eight digits find the candidates, however the number was
	// written; the full number picks among them.
	p, err := s.store.Customers().Find(ctx, tenant, CustomerFilter{Phone: phone[max(len(phone)-8, 0):]}, PageRequest{Limit: 20})
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

// changeInquiry loads an inquiry, applies fn and saves it with its event
// in one transaction; the version check turns a concurrent change into
// ErrConflict.
func (s *Service) changeInquiry(ctx context.Context, tenant TenantID, id, typ string, fn func(tx Store, q *inquiry.Inquiry) (inquiryPayload, error)) (InquiryRecord, error) {
	if err := s.ready(); err != nil {
		return InquiryRecord{}, err
	}
	var out InquiryRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		r, err := tx.Inquiries().Get(ctx, tenant, id)
		if err != nil {
			return err
		}
		p, err := fn(tx, &r.Inquiry)
		if err != nil {
			return err
		}
		r.UpdatedAt = s.clock.Now()
		if out, err = tx.Inquiries().Save(ctx, r); err != nil {
			return err
		}
		return s.addInquiryEvent(ctx, tx, tenant, typ, &out.Inquiry, p)
	})
	return out, err
}

// FollowUpInquiry records an exchange with the customer (the first one
// is the first response) and, when next is set, the next action.
func (s *Service) FollowUpInquiry(ctx context.Context, tenant TenantID, id string, e inquiry.Exchange, next *inquiry.Action) (InquiryRecord, error) {
	return s.changeInquiry(ctx, tenant, id, EventInquiryChanged, func(_ Store, q *inquiry.Inquiry) (inquiryPayload, error) {
		if err := s.notFuture("at", e.At); err != nil {
			return inquiryPayload{}, err
		}
		if err := q.Respond(e); err != nil {
			return inquiryPayload{}, err
		}
		if next != nil {
			q.Next = next
		}
		return inquiryPayload{}, nil
	})
}

// MoveInquiry applies a lifecycle event (qualify, win, lose) at the
// clock's instant; proposals go through ProposeFromProduct.
func (s *Service) MoveInquiry(ctx context.Context, tenant TenantID, id string, ev inquiry.Event, in inquiry.Input) (InquiryRecord, error) {
	if ev == inquiry.Propose {
		return InquiryRecord{}, problem.One(ErrInvalid, "event", "propose", "a proposal is made with ProposeFromProduct")
	}
	return s.changeInquiry(ctx, tenant, id, EventInquiryChanged, func(tx Store, q *inquiry.Inquiry) (inquiryPayload, error) {
		in.At = s.clock.Now()
		if ev == inquiry.Win {
			if _, err := tx.Bookings().Get(ctx, tenant, in.BookingRef); err != nil {
				return inquiryPayload{}, err
			}
		}
		return inquiryPayload{}, q.Apply(ev, in)
	})
}

// Recommend ranks the tenant's catalogue for an inquiry's needs and the
// customer's profile (accumulated from their inquiries and the products
// of their bookings), keeping the best limit (0: all).
func (s *Service) Recommend(ctx context.Context, tenant TenantID, id string, limit int) (inquiry.List, error) {
	if err := s.ready(); err != nil {
		return inquiry.List{}, err
	}
	r, err := s.store.Inquiries().Get(ctx, tenant, id)
	if err != nil {
		return inquiry.List{}, err
	}
	profile, err := s.CustomerProfile(ctx, tenant, r.Inquiry.CustomerID)
	if err != nil {
		return inquiry.List{}, err
	}
	recs, err := s.store.Inquiries().Products(ctx, tenant)
	if err != nil {
		return inquiry.List{}, err
	}
	products := make([]inquiry.Product, len(recs))
	for i, p := range recs {
		products[i] = p.Product
	}
	return inquiry.Recommend(r.Inquiry.Needs, &profile, products, limit)
}

// CustomerProfile accumulates a customer's preferences from their
// inquiries (stated) and the themes of the catalogue products their won
// inquiries were booked from (inferred).
func (s *Service) CustomerProfile(ctx context.Context, tenant TenantID, customerID string) (inquiry.Profile, error) {
	recs, err := s.store.Inquiries().ForCustomer(ctx, tenant, customerID)
	if err != nil {
		return inquiry.Profile{}, err
	}
	var inqs []inquiry.Inquiry
	var trips []inquiry.PastTrip
	for _, r := range recs {
		inqs = append(inqs, r.Inquiry)
		if r.Inquiry.Status != inquiry.Won || r.Inquiry.ProductID == "" {
			continue
		}
		p, err := s.store.Inquiries().Product(ctx, tenant, r.Inquiry.ProductID)
		switch {
		case errors.Is(err, ErrNotFound): // withdrawn from the catalogue: nothing to infer
		case err != nil:
			return inquiry.Profile{}, err
		default:
			trips = append(trips, inquiry.PastTrip{BookingRef: r.Inquiry.BookingRef, Themes: p.Product.Template.Themes, At: r.UpdatedAt})
		}
	}
	return inquiry.BuildProfile(customerID, inqs, trips), nil
}

// ProposeFromProduct turns a recommended product into a proposal: the
// product's template instantiated for the inquiry's party on departure,
// proposed as a trip version and priced into a quote through the
// existing use cases, the inquiry moved to proposed and
// inquiry.proposed recorded. The party's names come from travellers.
func (s *Service) ProposeFromProduct(ctx context.Context, tenant TenantID, id, productID string, departure date.Date,
	travellers []itinerary.Traveller, o QuoteOptions) (InquiryRecord, QuoteVersion, error) {
	if err := s.ready(); err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	r, err := s.store.Inquiries().Get(ctx, tenant, id)
	if err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	if r.Inquiry.Status != inquiry.Qualified && r.Inquiry.Status != inquiry.Proposed {
		return InquiryRecord{}, QuoteVersion{}, fmt.Errorf("%w: an inquiry that is %s cannot %s", ErrInvalidTransition, r.Inquiry.Status, inquiry.Propose)
	}
	pr, err := s.store.Inquiries().Product(ctx, tenant, productID)
	if err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	p := &pr.Product
	if len(travellers) != len(r.Inquiry.Needs.Party) {
		return InquiryRecord{}, QuoteVersion{}, problem.One(ErrInvalid, "travellers", "count",
			fmt.Sprintf("the inquiry is for %d travellers, %d are named", len(r.Inquiry.Needs.Party), len(travellers)))
	}
	trip, err := p.Template.Instantiate(s.ids.NewID(), departure, itinerary.Party{Travellers: travellers})
	if err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	tv, err := s.ProposeTrip(ctx, tenant, r.Inquiry.CustomerID, trip, 0)
	if err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	qv, err := s.PriceTrip(ctx, tenant, tv.TripID, tv.Version, o)
	if err != nil {
		return InquiryRecord{}, QuoteVersion{}, err
	}
	rec, err := s.changeInquiry(ctx, tenant, id, EventInquiryProposed, func(_ Store, q *inquiry.Inquiry) (inquiryPayload, error) {
		err := q.Apply(inquiry.Propose, inquiry.Input{At: s.clock.Now(), By: q.Consultant, TripID: tv.TripID, ProductID: p.ID})
		return inquiryPayload{TripID: tv.TripID, QuoteID: qv.QuoteID}, err
	})
	return rec, qv, err
}

// SaveProduct adds a product to the catalogue (Version 0) or updates it.
func (s *Service) SaveProduct(ctx context.Context, tenant TenantID, p inquiry.Product, version int) (ProductRecord, error) {
	if err := s.ready(); err != nil {
		return ProductRecord{}, err
	}
	if err := p.Validate(); err != nil {
		return ProductRecord{}, err
	}
	return s.store.Inquiries().SaveProduct(ctx, ProductRecord{Tenant: tenant, Product: p, Version: version, UpdatedAt: s.clock.Now()})
}

// DuplicateCustomers finds the tenant's customers that look like one by
// normalised e-mail, phone and name.
func (s *Service) DuplicateCustomers(ctx context.Context, tenant TenantID) ([]inquiry.Duplicate, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	cs, err := s.store.Customers().List(ctx, tenant)
	if err != nil {
		return nil, err
	}
	contacts := make([]inquiry.Contact, len(cs))
	for i, c := range cs {
		contacts[i] = inquiry.Contact{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone}
	}
	return inquiry.Duplicates(contacts), nil
}

// MergeCustomers merges customer from into customer into: into keeps its
// record and takes the e-mail, phone or WeChat it lacks from from, every
// inquiry of from moves to into, and customer.merged records the merge;
// from's own record, trips, quotes and bookings stay as they were, so no
// history is lost.
func (s *Service) MergeCustomers(ctx context.Context, tenant TenantID, into, from string) (Customer, int, error) {
	if err := s.ready(); err != nil {
		return Customer{}, 0, err
	}
	if into == from {
		return Customer{}, 0, problem.One(ErrInvalid, "from", "same", "a customer is not merged into itself")
	}
	var out Customer
	moved := 0
	err := s.store.InTx(ctx, func(tx Store) error {
		keep, err := tx.Customers().Get(ctx, tenant, into)
		if err != nil {
			return err
		}
		gone, err := tx.Customers().Get(ctx, tenant, from)
		if err != nil {
			return err
		}
		keep.Email, keep.Phone, keep.WeChat = cmp.Or(keep.Email, gone.Email), cmp.Or(keep.Phone, gone.Phone), cmp.Or(keep.WeChat, gone.WeChat)
		keep.UpdatedAt = s.clock.Now()
		if out, err = tx.Customers().Save(ctx, keep); err != nil {
			return err
		}
		if moved, err = tx.Inquiries().MoveCustomer(ctx, tenant, from, into); err != nil {
			return err
		}
		e, err := s.newEventOf(tenant, EventCustomersMerged, into, Chinese, inquiryPayload{CustomerID: from, Into: into, Moved: moved})
		if err != nil {
			return err
		}
		return tx.Outbox().Add(ctx, e)
	})
	return out, moved, err
}

// ConsultationRecord returns the inquiries received from from to to
// (dates inclusive in zone) of one consultant (all when empty), ready for
// inquiry.WriteRecordCSV, RenderRecordText or the xlsx package.
func (s *Service) ConsultationRecord(ctx context.Context, tenant TenantID, consultant string, from, to date.Date, zone *time.Location) ([]inquiry.Inquiry, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if zone == nil || to < from {
		return nil, problem.One(ErrInvalid, "period", "range", "a period runs forward in a zone")
	}
	recs, err := s.store.Inquiries().Period(ctx, tenant, consultant, from.MidnightIn(zone), (to + 1).MidnightIn(zone))
	if err != nil {
		return nil, err
	}
	out := make([]inquiry.Inquiry, len(recs))
	for i, r := range recs {
		out[i] = r.Inquiry
	}
	return out, nil
}

// ConversionFigures counts inquiries → proposals → bookings received from
// from to to (dates inclusive in zone), per consultant, channel and lead
// source, in the store's query.
func (s *Service) ConversionFigures(ctx context.Context, tenant TenantID, from, to date.Date, zone *time.Location) ([]Conversion, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if zone == nil || to < from {
		return nil, problem.One(ErrInvalid, "period", "range", "a period runs forward in a zone")
	}
	return s.store.Inquiries().Conversion(ctx, tenant, from.MidnightIn(zone), (to + 1).MidnightIn(zone))
}
