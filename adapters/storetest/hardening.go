package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/travelkit/travelkit/agency"
)

// panicInUnitOfWork: a panic inside InTx rolls the unit back, the panic
// goes on to the caller, and the store stays usable for later writers (no
// lock left held, no connection left idle in a transaction).
func panicInUnitOfWork(t *testing.T, s agency.Store) {
	ctx := context.Background()
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the panic to go on", r)
			}
		}()
		_ = s.InTx(ctx, func(tx agency.Store) error {
			if _, err := tx.Customers().Save(ctx, customer(t, tenantA, "panicked")); err != nil {
				t.Error(err)
			}
			panic("boom")
		})
	}()
	if _, err := s.Customers().Get(ctx, tenantA, "panicked"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("write of a panicked unit survived: %v", err)
	}
	// Later writers are not blocked: a bounded wait proves no lock leaked.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for i := range 3 {
		if err := s.InTx(wctx, func(tx agency.Store) error {
			_, err := tx.Customers().Save(wctx, customer(t, tenantA, "after-"+string(rune('a'+i))))
			return err
		}); err != nil {
			t.Fatalf("write after a panic: %v", err)
		}
	}
}

// cancelledContext: a unit of work whose context is cancelled before it
// ends keeps nothing, and a call with a cancelled context changes nothing.
func cancelledContext(t *testing.T, s agency.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	err := s.InTx(ctx, func(tx agency.Store) error {
		if _, err := tx.Customers().Save(ctx, customer(t, tenantA, "cancelled")); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("unit cancelled before its end returned %v, want context.Canceled", err)
	}
	if _, err := s.Customers().Get(context.Background(), tenantA, "cancelled"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("write of a cancelled unit survived: %v", err)
	}
	if _, err := s.Customers().Save(ctx, customer(t, tenantA, "late")); err == nil {
		t.Error("save with a cancelled context succeeded")
	}
	if _, err := s.Customers().Get(context.Background(), tenantA, "late"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("save with a cancelled context was kept: %v", err)
	}
}

// badText: NUL bytes and invalid UTF-8 are refused with ErrInvalid, in
// records and in keys, by every store alike; nothing is written.
func badText(t *testing.T, s agency.Store) {
	ctx := context.Background()
	for name, bad := range map[string]string{"nul": "Wang\x00Lei", "utf8": "Wang\xffLei"} {
		c := customer(t, tenantA, "c-"+name)
		c.Name = bad
		_, err := s.Customers().Save(ctx, c)
		var ve *agency.ValidationError
		if !errors.Is(err, agency.ErrInvalid) || !errors.As(err, &ve) || ve.Problems[0].Field != "Name" {
			t.Errorf("%s in a name: %v", name, err)
		}
		if _, err := s.Customers().Get(ctx, tenantA, "c-"+name); !errors.Is(err, agency.ErrNotFound) {
			t.Errorf("%s: refused customer stored: %v", name, err)
		}
		if _, err := s.Customers().Get(ctx, tenantA, bad); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("%s in a key: %v", name, err)
		}
		if _, err := s.Trips().Latest(ctx, agency.TenantID(bad), "t"); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("%s in a tenant: %v", name, err)
		}
		rec := complaint(t, tenantA, "k-"+name, at(t), nil)
		rec.Complaint.Summary = bad
		if _, err := s.Complaints().Save(ctx, rec); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("%s in a complaint: %v", name, err)
		}
		e := event(t, tenantA, "e-"+name, at(t))
		if err := s.Outbox().Add(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := s.Outbox().MarkFailed(ctx, e.ID, 1, at(t), bad, false); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("%s in an event error: %v", name, err)
		}
	}
}

// keysNotConfused: IDs that contain separator-like bytes never reach
// another tenant's or another record's data.
func keysNotConfused(t *testing.T, s agency.Store) {
	ctx := context.Background()
	mustSave(t, s, customer(t, "a:b", "c"))
	mustSave(t, s, customer(t, "a", "b:c"))
	mustSave(t, s, customer(t, "a|b", "c"))
	mustSave(t, s, customer(t, "1:a", "c"))
	for _, k := range [][2]string{{"a:b", "c"}, {"a", "b:c"}, {"a|b", "c"}, {"1:a", "c"}} {
		c, err := s.Customers().Get(ctx, agency.TenantID(k[0]), k[1])
		if err != nil || c.Version != 1 || string(c.Tenant) != k[0] || c.ID != k[1] {
			t.Errorf("%q/%q: %+v, %v", k[0], k[1], c, err)
		}
	}
	if _, err := s.Customers().Get(ctx, "a", "b"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("a/b found: %v", err)
	}
}

// leaseRenewal: a claimed event's lease can be renewed by its holder only;
// once it ran out and another claim took the event, the old holder's
// renewal is a conflict.
func leaseRenewal(t *testing.T, s agency.Store) {
	ctx := context.Background()
	base := at(t)
	if err := s.Outbox().Add(ctx, event(t, tenantA, "e1", base)); err != nil {
		t.Fatal(err)
	}
	first, err := s.Outbox().Claim(ctx, base, 10, time.Minute)
	if err != nil || len(first) != 1 || !first[0].LeasedUntil.Equal(base.Add(time.Minute)) {
		t.Fatalf("claim %+v, %v", first, err)
	}
	held := first[0].LeasedUntil
	if err := s.Outbox().Renew(ctx, "e1", held, base.Add(2*time.Minute)); err != nil {
		t.Fatalf("renew by the holder: %v", err)
	}
	// Renewed: a claim before the new end finds nothing.
	if got, _ := s.Outbox().Claim(ctx, base.Add(90*time.Second), 10, time.Minute); len(got) != 0 {
		t.Errorf("renewed event claimed again: %v", ids(got))
	}
	// Run out: another claim takes it, and the old holder lost it.
	second, err := s.Outbox().Claim(ctx, base.Add(3*time.Minute), 10, time.Minute)
	if err != nil || len(second) != 1 {
		t.Fatalf("claim after the lease ran out: %v, %v", ids(second), err)
	}
	if err := s.Outbox().Renew(ctx, "e1", base.Add(2*time.Minute), base.Add(5*time.Minute)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("renew by a former holder: %v", err)
	}
	if err := s.Outbox().Renew(ctx, "e1", second[0].LeasedUntil, base.Add(5*time.Minute)); err != nil {
		t.Errorf("renew by the new holder: %v", err)
	}
	if err := s.Outbox().MarkDelivered(ctx, "e1", base.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox().Renew(ctx, "e1", base.Add(5*time.Minute), base.Add(6*time.Minute)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("renew of a delivered event: %v", err)
	}
}
