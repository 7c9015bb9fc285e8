package memory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
)

func (r customers) Find(ctx context.Context, tenant agency.TenantID, f agency.CustomerFilter, p agency.PageRequest) (agency.Page[agency.Customer], error) {
	if err := texts(string(tenant), f.NamePrefix, f.Email, f.Phone); err != nil {
		return agency.Page[agency.Customer]{}, err
	}
	if err := f.Check(); err != nil {
		return agency.Page[agency.Customer]{}, err
	}
	prefix, email, phone := agency.NameKey(f.NamePrefix), agency.EmailKey(f.Email), agency.PhoneKey(f.Phone)
	byName := email == "" && phone == ""
	var all []agency.Customer
	err := r.s.do(ctx, func(tx *Store) error {
		for _, c := range merged(tx, func(st *state) map[string]agency.Customer { return st.customers }) {
			if c.Tenant != tenant ||
				(email != "" && agency.EmailKey(c.Email) != email) ||
				(phone != "" && !strings.HasPrefix(agency.PhoneKey(c.Phone), phone)) ||
				(byName && !strings.HasPrefix(agency.NameKey(c.Name), prefix)) {
				continue
			}
			all = append(all, c)
		}
		return nil
	})
	if err != nil {
		return agency.Page[agency.Customer]{}, err
	}
	return agency.PageOf(all, func(c agency.Customer) agency.Position {
		switch {
		case byName:
			return agency.Position{Text: agency.NameKey(c.Name), ID: c.ID}
		case phone != "":
			return agency.Position{Text: agency.PhoneKey(c.Phone), ID: c.ID}
		}
		return agency.Position{ID: c.ID}
	}, p)
}

func (r trips) ListByCustomer(ctx context.Context, tenant agency.TenantID, customerID string, p agency.PageRequest) (agency.Page[agency.TripSummary], error) {
	if err := texts(string(tenant), customerID); err != nil {
		return agency.Page[agency.TripSummary]{}, err
	}
	var all []agency.TripSummary
	err := r.s.do(ctx, func(tx *Store) error {
		for _, v := range merged(tx, func(st *state) map[string]agency.TripVersion { return st.trips }) {
			if v.Tenant == tenant && v.CustomerID == customerID {
				all = append(all, agency.TripSummary{TripID: v.TripID, Version: v.Version, Title: v.Trip.Title,
					Start: v.Trip.Start, End: v.Trip.End, CreatedAt: v.CreatedAt})
			}
		}
		return nil
	})
	if err != nil {
		return agency.Page[agency.TripSummary]{}, err
	}
	return agency.PageOf(all, func(s agency.TripSummary) agency.Position {
		return agency.Position{Text: s.TripID, Number: int64(s.Version)}
	}, p)
}

func (r quotes) ListByCustomer(ctx context.Context, tenant agency.TenantID, customerID string, p agency.PageRequest) (agency.Page[agency.QuoteSummary], error) {
	if err := texts(string(tenant), customerID); err != nil {
		return agency.Page[agency.QuoteSummary]{}, err
	}
	var all []agency.QuoteSummary
	err := r.s.do(ctx, func(tx *Store) error {
		for _, v := range merged(tx, func(st *state) map[string]agency.QuoteVersion { return st.quotes }) {
			if v.Tenant != tenant || v.CustomerID != customerID {
				continue
			}
			s := agency.QuoteSummary{QuoteID: v.QuoteID, Version: v.Version, TripID: v.TripID, TripVersion: v.TripVersion,
				Total: v.Quote.Totals.Total, CreatedAt: v.CreatedAt}
			if a, ok := lookup(tx, func(st *state) map[string]acceptance { return st.accepted }, key(string(tenant), v.QuoteID)); ok && a.version == v.Version {
				at := a.at
				s.AcceptedAt = &at
			}
			all = append(all, s)
		}
		return nil
	})
	if err != nil {
		return agency.Page[agency.QuoteSummary]{}, err
	}
	return agency.PageOf(all, func(s agency.QuoteSummary) agency.Position {
		return agency.Position{Text: s.QuoteID, Number: int64(s.Version)}
	}, p)
}

func (r complaints) Find(ctx context.Context, tenant agency.TenantID, f agency.ComplaintFilter, p agency.PageRequest) (agency.Page[agency.ComplaintRecord], error) {
	if err := texts(string(tenant), string(f.Status), f.Assignee); err != nil {
		return agency.Page[agency.ComplaintRecord]{}, err
	}
	if err := f.Check(); err != nil {
		return agency.Page[agency.ComplaintRecord]{}, err
	}
	window := f.HasDueWindow()
	var all []agency.ComplaintRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickComplaints) {
			c := &rec.Complaint
			if rec.Tenant != tenant || (f.Status != "" && c.Status != f.Status) || (f.Assignee != "" && c.Assignee != f.Assignee) {
				continue
			}
			if window && (rec.DueAt == nil || rec.DueAt.Before(f.DueFrom) || !rec.DueAt.Before(f.DueTo)) {
				continue
			}
			all = append(all, copyRecord(rec))
		}
		return nil
	})
	if err != nil {
		return agency.Page[agency.ComplaintRecord]{}, err
	}
	return agency.PageOf(all, func(rec agency.ComplaintRecord) agency.Position {
		if window {
			return agency.Position{Number: rec.DueAt.UnixNano(), ID: rec.Complaint.ID}
		}
		return agency.Position{Number: rec.Complaint.ReceivedAt.UnixNano(), ID: rec.Complaint.ID}
	}, p)
}

func (r outbox) List(ctx context.Context, tenant agency.TenantID, want agency.EventState, p agency.PageRequest) (agency.Page[agency.Event], error) {
	if err := texts(string(tenant), string(want)); err != nil {
		return agency.Page[agency.Event]{}, err
	}
	if err := want.Check(); err != nil {
		return agency.Page[agency.Event]{}, err
	}
	var all []agency.Event
	err := r.s.do(ctx, func(tx *Store) error {
		for _, e := range merged(tx, func(st *state) map[string]agency.Event { return st.events }) {
			if e.Tenant == tenant && e.State() == want {
				all = append(all, copyEvent(e))
			}
		}
		return nil
	})
	if err != nil {
		return agency.Page[agency.Event]{}, err
	}
	return agency.PageOf(all, func(e agency.Event) agency.Position {
		return agency.Position{Number: e.CreatedAt.UnixNano(), ID: e.ID}
	}, p)
}

func (r outbox) Requeue(ctx context.Context, tenant agency.TenantID, id string, at time.Time) error {
	if err := texts(string(tenant), id); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
		if !ok || e.Tenant != tenant {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		if e.DeadAt == nil {
			return fmt.Errorf("%w: event %s is %s, not dead", agency.ErrInvalidTransition, id, e.State())
		}
		e.DeadAt, e.Attempts, e.NextAttemptAt = nil, 0, at
		tx.over.events[id] = e
		tx.over.requeued = append(tx.over.requeued, id) // claimable again
		tx.setLease(id, time.Time{})
		return nil
	})
}
