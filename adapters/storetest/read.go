package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
)

// pages walks every page of a listing with a small page size and returns
// the keys in order, checking that no page is larger than asked.
func pages[T any](t *testing.T, size int, list func(agency.PageRequest) (agency.Page[T], error), key func(T) string) []string {
	t.Helper()
	var out []string
	p := agency.PageRequest{Limit: size}
	for range 1000 {
		page, err := list(p)
		if err != nil {
			t.Fatalf("page after %q: %v", p.After, err)
		}
		if len(page.Items) > size {
			t.Fatalf("page of %d items, asked for %d", len(page.Items), size)
		}
		for _, it := range page.Items {
			out = append(out, key(it))
		}
		if page.Next == "" {
			return out
		}
		if len(page.Items) != size {
			t.Fatalf("a page of %d items with a next page", len(page.Items))
		}
		p.After = page.Next
	}
	t.Fatal("paging does not end")
	return nil
}

func readCustomers(t *testing.T, s agency.Store) {
	ctx := context.Background()
	names := []string{"Wang Lei", "wang li", "Wang  Fang", "Zhang Wei", "王磊", "王芳", "Li Na"}
	for i, n := range names {
		c := customer(t, tenantA, fmt.Sprintf("c%02d", i))
		c.Name, c.Email, c.Phone = n, fmt.Sprintf("User%d@Example.com", i%3), fmt.Sprintf("+86 138-0000-%04d", i%2)
		mustSave(t, s, c)
	}
	other := customer(t, tenantB, "b1")
	other.Name = "Wang Lei"
	mustSave(t, s, other)

	find := func(f agency.CustomerFilter) func(agency.PageRequest) (agency.Page[agency.Customer], error) {
		return func(p agency.PageRequest) (agency.Page[agency.Customer], error) {
			return s.Customers().Find(ctx, tenantA, f, p)
		}
	}
	id := func(c agency.Customer) string { return c.ID }
	for _, tc := range []struct {
		f    agency.CustomerFilter
		want []string
	}{
		// Ordered by name key (lower case, spaces folded), then ID.
		{agency.CustomerFilter{NamePrefix: "wang"}, []string{"c02", "c00", "c01"}},
		{agency.CustomerFilter{NamePrefix: "WANG L"}, []string{"c00", "c01"}},
		{agency.CustomerFilter{NamePrefix: "王"}, []string{"c04", "c05"}}, // U+78CA before U+82B3
		{agency.CustomerFilter{}, []string{"c06", "c02", "c00", "c01", "c03", "c04", "c05"}},
		{agency.CustomerFilter{Email: " user1@example.COM "}, []string{"c01", "c04"}},
		{agency.CustomerFilter{Phone: "8613800000001"}, []string{"c01", "c03", "c05"}},
		{agency.CustomerFilter{Phone: "138-0000-0001"}, []string{"c01", "c03", "c05"}}, // the local number
		{agency.CustomerFilter{NamePrefix: "nobody"}, nil},
	} {
		for _, size := range []int{1, 2, 50} {
			if diff := cmp.Diff(tc.want, pages(t, size, find(tc.f), id)); diff != "" {
				t.Errorf("%+v, pages of %d (-want +got):\n%s", tc.f, size, diff)
			}
		}
	}
	if _, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{Phone: "0001"}, agency.PageRequest{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("phone search by four digits: %v", err)
	}
	if _, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{Email: "a@b", Phone: "1"}, agency.PageRequest{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("two criteria: %v", err)
	}
	if _, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{}, agency.PageRequest{After: "not-a-cursor"}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
	if _, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{}, agency.PageRequest{Limit: agency.MaxPageSize + 1}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("page too large: %v", err)
	}
	// A page is stable against inserts before the cursor.
	first, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{NamePrefix: "wang"}, agency.PageRequest{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	early := customer(t, tenantA, "c99")
	early.Name = "Wang A"
	mustSave(t, s, early)
	rest, err := s.Customers().Find(ctx, tenantA, agency.CustomerFilter{NamePrefix: "wang"}, agency.PageRequest{Limit: 2, After: first.Next})
	if err != nil || len(rest.Items) != 1 || rest.Items[0].ID != "c01" || rest.Next != "" {
		t.Errorf("after an insert before the cursor: %+v, %v", rest, err)
	}
}

func readTripsAndQuotes(t *testing.T, s agency.Store) {
	ctx := context.Background()
	tv := tripVersion(t, tenantA, 1)
	for _, trip := range []string{"T-b", "T-a"} {
		for v := 1; v <= 2; v++ {
			tv.TripID, tv.Version, tv.CustomerID = trip, v, "c1"
			if err := s.Trips().Add(ctx, tv); err != nil {
				t.Fatal(err)
			}
		}
	}
	tv.TripID, tv.Version, tv.CustomerID = "T-c", 1, "c2"
	if err := s.Trips().Add(ctx, tv); err != nil {
		t.Fatal(err)
	}
	other := tripVersion(t, tenantB, 1)
	other.CustomerID = "c1"
	if err := s.Trips().Add(ctx, other); err != nil {
		t.Fatal(err)
	}
	trips := func(p agency.PageRequest) (agency.Page[agency.TripSummary], error) {
		return s.Trips().ListByCustomer(ctx, tenantA, "c1", p)
	}
	got := pages(t, 3, trips, func(s agency.TripSummary) string { return s.TripID + " v" + strconv.Itoa(s.Version) })
	if diff := cmp.Diff([]string{"T-a v1", "T-a v2", "T-b v1", "T-b v2"}, got); diff != "" {
		t.Errorf("trips of c1 (-want +got):\n%s", diff)
	}
	page, _ := trips(agency.PageRequest{Limit: 1})
	if s0 := page.Items[0]; s0.Title != tv.Trip.Title || s0.Start != tv.Trip.Start || s0.End != tv.Trip.End || !s0.CreatedAt.Equal(tv.CreatedAt) {
		t.Errorf("trip summary %+v", s0)
	}

	qv := quoteVersion(t, tenantA, 1)
	for _, q := range []string{"Q-2", "Q-1"} {
		for v := 1; v <= 2; v++ {
			qv.QuoteID, qv.Version, qv.CustomerID = q, v, "c1"
			if err := s.Quotes().Add(ctx, qv); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Quotes().Accept(ctx, tenantA, "Q-2", 2, at(t)); err != nil {
		t.Fatal(err)
	}
	quotes := func(p agency.PageRequest) (agency.Page[agency.QuoteSummary], error) {
		return s.Quotes().ListByCustomer(ctx, tenantA, "c1", p)
	}
	got = pages(t, 3, quotes, func(s agency.QuoteSummary) string {
		acc := ""
		if s.AcceptedAt != nil && s.AcceptedAt.Equal(at(t)) {
			acc = " accepted"
		}
		return s.QuoteID + " v" + strconv.Itoa(s.Version) + " " + s.Total.String() + acc
	})
	total := qv.Quote.Totals.Total.String()
	if diff := cmp.Diff([]string{"Q-1 v1 " + total, "Q-1 v2 " + total, "Q-2 v1 " + total, "Q-2 v2 " + total + " accepted"}, got); diff != "" {
		t.Errorf("quotes of c1 (-want +got):\n%s", diff)
	}
}

func readComplaints(t *testing.T, s agency.Store) {
	ctx := context.Background()
	base := at(t)
	for i := range 6 {
		rec := complaint(t, tenantA, fmt.Sprintf("k%d", i), base.Add(time.Duration(i)*time.Minute), nil)
		rec.Complaint.Assignee = []string{"li", "wu"}[i%2]
		if i%3 == 0 {
			rec.Complaint.Status = feedback.Acknowledged
		}
		if i != 5 {
			due := base.Add(time.Duration(10-i) * time.Hour)
			rec.DueAt = &due
		}
		if _, err := s.Complaints().Save(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Complaints().Save(ctx, complaint(t, tenantB, "kb", base, nil)); err != nil {
		t.Fatal(err)
	}
	id := func(r agency.ComplaintRecord) string { return r.Complaint.ID }
	for _, tc := range []struct {
		f    agency.ComplaintFilter
		want []string
	}{
		{agency.ComplaintFilter{}, []string{"k0", "k1", "k2", "k3", "k4", "k5"}},
		{agency.ComplaintFilter{Assignee: "wu"}, []string{"k1", "k3", "k5"}},
		{agency.ComplaintFilter{Status: feedback.Acknowledged}, []string{"k0", "k3"}},
		{agency.ComplaintFilter{Status: feedback.Acknowledged, Assignee: "wu"}, []string{"k3"}},
		// Due in [base+7h, base+10h): k3 (7h), k2 (8h), k1 (9h), by due instant.
		{agency.ComplaintFilter{DueFrom: base.Add(7 * time.Hour), DueTo: base.Add(10 * time.Hour)}, []string{"k3", "k2", "k1"}},
	} {
		got := pages(t, 2, func(p agency.PageRequest) (agency.Page[agency.ComplaintRecord], error) {
			return s.Complaints().Find(ctx, tenantA, tc.f, p)
		}, id)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc.f, diff)
		}
	}
	rec, err := s.Complaints().Get(ctx, tenantA, "k1")
	if err != nil || rec.DueAt == nil || !rec.DueAt.Equal(base.Add(9*time.Hour)) || rec.Complaint.Assignee != "wu" {
		t.Errorf("due instant and assignee round trip: %+v, %v", rec.DueAt, err)
	}
	if _, err := s.Complaints().Find(ctx, tenantA, agency.ComplaintFilter{DueFrom: base}, agency.PageRequest{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("half-open due window: %v", err)
	}
}

func readEvents(t *testing.T, s agency.Store) {
	ctx := context.Background()
	base := at(t)
	for i := range 5 {
		if err := s.Outbox().Add(ctx, event(t, tenantA, fmt.Sprintf("e%d", i), base.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Outbox().Add(ctx, event(t, tenantB, "eb", base)); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().MarkDelivered(ctx, "e1", base); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"e2", "e4"} {
		if err := s.Outbox().MarkFailed(ctx, id, 8, base.Add(time.Hour), "connection refused", true); err != nil {
			t.Fatal(err)
		}
	}
	list := func(state agency.EventState) []string {
		return pages(t, 1, func(p agency.PageRequest) (agency.Page[agency.Event], error) {
			return s.Outbox().List(ctx, tenantA, state, p)
		}, func(e agency.Event) string { return e.ID })
	}
	if diff := cmp.Diff([]string{"e0", "e3"}, list(agency.EventPending)); diff != "" {
		t.Errorf("pending (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"e1"}, list(agency.EventDelivered)); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"e2", "e4"}, list(agency.EventDead)); diff != "" {
		t.Errorf("dead (-want +got):\n%s", diff)
	}
	// Requeue: only a dead event of the tenant, which becomes due again.
	if err := s.Outbox().Requeue(ctx, tenantB, "e2", base); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("requeue across tenants: %v", err)
	}
	if err := s.Outbox().Requeue(ctx, tenantA, "e1", base); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("requeue a delivered event: %v", err)
	}
	if err := s.Outbox().Requeue(ctx, tenantA, "e2", base.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, err := s.Outbox().Get(ctx, "e2")
	if err != nil || e.State() != agency.EventPending || e.Attempts != 0 || !e.NextAttemptAt.Equal(base.Add(2*time.Hour)) {
		t.Errorf("requeued event %+v, %v", e, err)
	}
	claimed, err := s.Outbox().Claim(ctx, base.Add(3*time.Hour), 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	ids := ids(claimed)
	slices.Sort(ids)
	if diff := cmp.Diff([]string{"e0", "e2", "e3", "eb"}, ids); diff != "" {
		t.Errorf("claimed after requeue (-want +got):\n%s", diff)
	}
	if _, err := s.Outbox().List(ctx, tenantA, "lost", agency.PageRequest{}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("unknown state: %v", err)
	}
}
