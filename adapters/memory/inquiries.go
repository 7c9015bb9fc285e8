package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
)

// Inquiries returns the inquiry repository.
func (s *Store) Inquiries() agency.InquiryRepo { return inquiries{s} }

type inquiries struct{ s *Store }

func pickInquiries(st *state) map[string]agency.InquiryRecord { return st.inquiries }
func pickProducts(st *state) map[string]agency.ProductRecord  { return st.products }

func (r inquiries) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.InquiryRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.InquiryRecord{}, err
	}
	return getRecord(ctx, r.s, pickInquiries, key(string(tenant), id), "inquiry "+id)
}

func (r inquiries) Save(ctx context.Context, rec agency.InquiryRecord) (agency.InquiryRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.InquiryRecord{}, err
	}
	id := rec.Inquiry.ID
	return saveVersioned(ctx, r.s, pickInquiries, key(string(rec.Tenant), id), "inquiry "+id, rec,
		func(q *agency.InquiryRecord) *int { return &q.Version })
}

// sorted lists the tenant's inquiries that keep, by receipt then ID.
func (r inquiries) sorted(ctx context.Context, tenant agency.TenantID, keep func(agency.InquiryRecord) bool) ([]agency.InquiryRecord, error) {
	var out []agency.InquiryRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickInquiries) {
			if rec.Tenant == tenant && keep(rec) {
				out = append(out, deepCopy(rec))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.InquiryRecord) int {
		return cmp.Or(a.Inquiry.ReceivedAt.Compare(b.Inquiry.ReceivedAt), strings.Compare(a.Inquiry.ID, b.Inquiry.ID))
	})
	return out, err
}

func (r inquiries) ForCustomer(ctx context.Context, tenant agency.TenantID, customerID string) ([]agency.InquiryRecord, error) {
	if err := texts(string(tenant), customerID); err != nil {
		return nil, err
	}
	return r.sorted(ctx, tenant, func(rec agency.InquiryRecord) bool { return rec.Inquiry.CustomerID == customerID })
}

func inPeriod(rec agency.InquiryRecord, from, to time.Time) bool {
	at := rec.Inquiry.ReceivedAt
	return !at.Before(from) && at.Before(to)
}

func (r inquiries) Period(ctx context.Context, tenant agency.TenantID, consultant string, from, to time.Time) ([]agency.InquiryRecord, error) {
	if err := texts(string(tenant), consultant); err != nil {
		return nil, err
	}
	return r.sorted(ctx, tenant, func(rec agency.InquiryRecord) bool {
		return inPeriod(rec, from, to) && (consultant == "" || rec.Inquiry.Consultant == consultant)
	})
}

// Conversion aggregates in Go what the SQL store aggregates in its query.
func (r inquiries) Conversion(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]agency.Conversion, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	type group struct {
		consultant string
		channel    inquiry.Channel
		source     string
	}
	counts := map[group]*agency.Conversion{}
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickInquiries) {
			if rec.Tenant != tenant || !inPeriod(rec, from, to) {
				continue
			}
			q := &rec.Inquiry
			g := group{q.Consultant, q.Channel, q.LeadSource}
			c := counts[g]
			if c == nil {
				c = &agency.Conversion{Consultant: g.consultant, Channel: g.channel, LeadSource: g.source}
				counts[g] = c
			}
			c.Inquiries++
			if rec.Proposed() {
				c.Proposed++
			}
			if q.Status == inquiry.Won {
				c.Won++
			}
		}
		return nil
	})
	out := make([]agency.Conversion, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b agency.Conversion) int {
		return cmp.Or(strings.Compare(a.Consultant, b.Consultant), strings.Compare(string(a.Channel), string(b.Channel)),
			strings.Compare(a.LeadSource, b.LeadSource))
	})
	return out, err
}

func (r inquiries) MoveCustomer(ctx context.Context, tenant agency.TenantID, from, into string) (int, error) {
	if err := texts(string(tenant), from, into); err != nil {
		return 0, err
	}
	n := 0
	err := r.s.do(ctx, func(tx *Store) error {
		for k, rec := range merged(tx, pickInquiries) {
			if rec.Tenant == tenant && rec.Inquiry.CustomerID == from {
				rec = deepCopy(rec)
				rec.Inquiry.CustomerID = into
				rec.Version++
				tx.over.inquiries[k] = rec
				n++
			}
		}
		return nil
	})
	return n, err
}

func (r inquiries) SaveProduct(ctx context.Context, rec agency.ProductRecord) (agency.ProductRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ProductRecord{}, err
	}
	id := rec.Product.ID
	return saveVersioned(ctx, r.s, pickProducts, key(string(rec.Tenant), id), "product "+id, rec,
		func(p *agency.ProductRecord) *int { return &p.Version })
}

func (r inquiries) Products(ctx context.Context, tenant agency.TenantID) ([]agency.ProductRecord, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []agency.ProductRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickProducts) {
			if rec.Tenant == tenant {
				out = append(out, deepCopy(rec))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.ProductRecord) int { return strings.Compare(a.Product.ID, b.Product.ID) })
	return out, err
}

func (r inquiries) Product(ctx context.Context, tenant agency.TenantID, id string) (agency.ProductRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.ProductRecord{}, err
	}
	return getRecord(ctx, r.s, pickProducts, key(string(tenant), id), "product "+id)
}
