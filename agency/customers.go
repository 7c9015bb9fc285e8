package agency

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/internal/problem"
)

// Customers keeps the agency's customers: create and change them, find
// them by name, e-mail or phone, read their preference profile, and find
// and merge duplicates.
type Customers struct{ c *core }

// NewCustomer is a customer to create.
type NewCustomer struct {
	// ID names the customer; empty makes a new ID. Creating an ID again
	// with the same details returns the stored customer; other details
	// are ErrConflict.
	ID       string   `json:"id,omitempty"`
	Name     string   `json:"name"`
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	WeChat   string   `json:"wechat,omitempty"`
	Language Language `json:"language"`
}

// CustomerChange replaces a customer's details; Version is the version the
// change was made on.
type CustomerChange struct {
	ID       string   `json:"id"`
	Version  int      `json:"version"`
	Name     string   `json:"name"`
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	WeChat   string   `json:"wechat,omitempty"`
	Language Language `json:"language"`
}

// CustomerQuery lists customers by one of a name prefix (ignoring case), an
// e-mail address (case and a "+tag" ignored) or the ending of a phone
// number (at least MinPhoneDigits digits), or all of them by name.
type CustomerQuery struct {
	NamePrefix string      `json:"name_prefix,omitempty"`
	Email      string      `json:"email,omitempty"`
	Phone      string      `json:"phone,omitempty"`
	Page       PageRequest `json:"page"`
}

// MinPhoneDigits is the fewest digits a phone search takes.
const MinPhoneDigits = 6

// CustomerMerge merges customer From into customer Into.
type CustomerMerge struct {
	Into string `json:"into"`
	From string `json:"from"`
}

// MergeResult is the surviving customer and how many inquiries moved to
// it.
type MergeResult struct {
	Customer Customer `json:"customer"`
	Moved    int      `json:"moved"`
}

// maxScan bounds the records a use case that needs a whole set (all
// customers for duplicates, a customer's inquiries) reads.
const maxScan = 100_000

// checkCustomer reports every problem of a customer's details.
func checkCustomer(ps *problem.List, name, email string, lang Language) {
	if strings.TrimSpace(name) == "" {
		ps.Add("name", "required", "a customer has a name")
	}
	if !slices.Contains(Languages(), lang) {
		ps.Add("language", "invalid_value", "language is zh-CN, zh-Hant or en")
	}
	if email != "" && !strings.Contains(email, "@") {
		ps.Add("email", "invalid_value", "not an e-mail address")
	}
}

// Create stores a new customer and records customer.saved.
func (s Customers) Create(ctx context.Context, tenant TenantID, n NewCustomer) (Customer, error) {
	var ps problem.List
	checkCustomer(&ps, n.Name, n.Email, n.Language)
	if err := ps.Err(ErrInvalid); err != nil {
		return Customer{}, err
	}
	var out Customer
	err := s.c.change(ctx, tenant, func(u *unit) error {
		c, err := u.createCustomer(n)
		out = c
		return err
	})
	return out, err
}

// createCustomer stores a new customer in the unit, or returns the stored
// one the same details name.
func (u *unit) createCustomer(n NewCustomer) (Customer, error) {
	c := Customer{Tenant: u.tenant, ID: cmp.Or(n.ID, u.c.ids.NewID()), Name: n.Name, Email: n.Email, Phone: n.Phone, WeChat: n.WeChat,
		Language: n.Language, CreatedAt: u.now, UpdatedAt: u.now}
	out, created, err := create(u, storage.Customers(), []any{c.ID}, c, func(st Customer) bool {
		return st.Name == c.Name && st.Email == c.Email && st.Phone == c.Phone && st.WeChat == c.WeChat && st.Language == c.Language
	})
	if err != nil || !created {
		return out, err
	}
	return out, u.internal(out.ID, events.CustomerSaved{CustomerID: out.ID, Version: out.Version, Created: true})
}

// Update changes a customer's details at the version they were read at
// and records customer.saved.
func (s Customers) Update(ctx context.Context, tenant TenantID, ch CustomerChange) (Customer, error) {
	var ps problem.List
	checkCustomer(&ps, ch.Name, ch.Email, ch.Language)
	if ch.ID == "" || ch.Version < 1 {
		ps.Add("version", "required", "name the customer and the version changed")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return Customer{}, err
	}
	var out Customer
	err := s.c.change(ctx, tenant, func(u *unit) error {
		c, err := storage.Customers().Get(u.ctx, u.tx, tenant, ch.ID)
		if err != nil {
			return err
		}
		if err := expect("customer "+problem.Clip(ch.ID), c.Version, ch.Version); err != nil {
			return err
		}
		c.Name, c.Email, c.Phone, c.WeChat, c.Language, c.UpdatedAt = ch.Name, ch.Email, ch.Phone, ch.WeChat, ch.Language, u.now
		if out, err = storage.Customers().Put(u.ctx, u.tx, tenant, c); err != nil {
			return err
		}
		return u.internal(out.ID, events.CustomerSaved{CustomerID: out.ID, Version: out.Version})
	})
	return out, err
}

// Get returns a customer; ErrNotFound when the tenant has none with id.
func (s Customers) Get(ctx context.Context, tenant TenantID, id string) (Customer, error) {
	return read(s.c, ctx, tenant, storage.Customers(), id)
}

// List returns one page of customers: by name key then ID (a name prefix
// or none), by phone key then ID (a phone ending), or by ID (an e-mail).
func (s Customers) List(ctx context.Context, tenant TenantID, q CustomerQuery) (Page[Customer], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[Customer]{}, err
	}
	n := 0
	for _, v := range []string{q.NamePrefix, q.Email, q.Phone} {
		if v != "" {
			n++
		}
	}
	if n > 1 {
		return Page[Customer]{}, problem.One(ErrInvalid, "filter", "one_criterion", "search customers by name prefix, e-mail or phone, one at a time")
	}
	var sq storage.Query
	switch {
	case q.Email != "":
		sq = storage.Query{Index: "email", Equal: []any{storage.EmailKey(q.Email)}}
	case q.Phone != "":
		key := storage.PhoneKey(q.Phone)
		if len(key) < MinPhoneDigits {
			return Page[Customer]{}, problem.One(ErrInvalid, "phone", "invalid_value",
				fmt.Sprintf("search phone numbers by at least %d digits", MinPhoneDigits))
		}
		sq = storage.Query{Index: "phone", From: key, To: key + "\U0010FFFF"}
	default:
		// A prefix is a range of the bytewise-ordered key: [prefix, prefix+U+10FFFF).
		prefix := storage.NameKey(q.NamePrefix)
		sq = storage.Query{Index: "name", From: prefix, To: prefix + "\U0010FFFF"}
	}
	sq.Page = q.Page
	return storage.Customers().List(ctx, s.c.store, tenant, sq)
}

// Profile accumulates a customer's preferences from their inquiries
// (stated) and the themes of the catalogue products their won inquiries
// were booked from (inferred). Another tenant's customer is ErrNotFound.
func (s Customers) Profile(ctx context.Context, tenant TenantID, id string) (inquiry.Profile, error) {
	if err := s.c.ready(tenant); err != nil {
		return inquiry.Profile{}, err
	}
	if _, err := storage.Customers().Get(ctx, s.c.store, tenant, id); err != nil {
		return inquiry.Profile{}, err
	}
	return s.c.profile(ctx, s.c.store, tenant, id)
}

func (c *core) profile(ctx context.Context, st storage.Store, tenant TenantID, customerID string) (inquiry.Profile, error) {
	recs, err := storage.Inquiries().All(ctx, st, tenant, storage.Query{Index: "customer", Equal: []any{customerID}}, maxScan)
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
		p, err := storage.Products().Get(ctx, st, tenant, r.Inquiry.ProductID)
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

// Duplicates finds the tenant's customers that look like one by normalised
// e-mail, phone and name.
func (s Customers) Duplicates(ctx context.Context, tenant TenantID) ([]inquiry.Duplicate, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	cs, err := storage.Customers().All(ctx, s.c.store, tenant, storage.Query{}, maxScan)
	if err != nil {
		return nil, err
	}
	contacts := make([]inquiry.Contact, len(cs))
	for i, c := range cs {
		contacts[i] = inquiry.Contact{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone}
	}
	return inquiry.Duplicates(contacts), nil
}

// Merge merges customer From into customer Into: Into keeps its record and
// takes the e-mail, phone or WeChat it lacks from From, every inquiry of
// From moves to Into, and customer.merged records the merge; From's own
// record, trips, quotes and bookings stay as they were, so no history is
// lost.
func (s Customers) Merge(ctx context.Context, tenant TenantID, m CustomerMerge) (MergeResult, error) {
	if m.Into == m.From {
		return MergeResult{}, problem.One(ErrInvalid, "from", "same", "a customer is not merged into itself")
	}
	var out MergeResult
	err := s.c.change(ctx, tenant, func(u *unit) error {
		keep, err := storage.Customers().Get(u.ctx, u.tx, tenant, m.Into)
		if err != nil {
			return err
		}
		gone, err := storage.Customers().Get(u.ctx, u.tx, tenant, m.From)
		if err != nil {
			return err
		}
		keep.Email, keep.Phone, keep.WeChat = cmp.Or(keep.Email, gone.Email), cmp.Or(keep.Phone, gone.Phone), cmp.Or(keep.WeChat, gone.WeChat)
		keep.UpdatedAt = u.now
		if out.Customer, err = storage.Customers().Put(u.ctx, u.tx, tenant, keep); err != nil {
			return err
		}
		recs, err := storage.Inquiries().All(u.ctx, u.tx, tenant, storage.Query{Index: "customer", Equal: []any{m.From}}, maxScan)
		if err != nil {
			return err
		}
		for _, r := range recs {
			r.Inquiry.CustomerID, r.UpdatedAt = m.Into, u.now
			if _, err := storage.Inquiries().Put(u.ctx, u.tx, tenant, r); err != nil {
				return err
			}
		}
		out.Moved = len(recs)
		if err := u.internal(keep.ID, events.CustomerSaved{CustomerID: keep.ID, Version: out.Customer.Version}); err != nil {
			return err
		}
		return u.internal(m.Into, events.CustomersMerged{Into: m.Into, From: m.From, Moved: out.Moved})
	})
	return out, err
}
