package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/travelkit/travelkit/agency/storage"
)

// Hostile tests input an adversary would send: text that is not valid
// UTF-8 or holds NUL, and keys that try to reach another tenant's or
// another record's data.
func Hostile(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"BadText", badText},
		{"KeysNotConfused", keysNotConfused},
	})
}

// badText: NUL bytes and invalid UTF-8 are refused with ErrInvalid, in
// records and in keys, by every store alike; nothing is written.
func badText(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for name, bad := range map[string]string{"nul": "Wang\x00Lei", "utf8": "Wang\xffLei"} {
		c := customer(t, tenantA, "c-"+name)
		c.Name = bad
		_, err := storage.Customers().Put(ctx, s, tenantA, c)
		var ve *storage.ValidationError
		if !errors.Is(err, storage.ErrInvalid) || !errors.As(err, &ve) || ve.Problems[0].Field != "Name" {
			t.Errorf("%s in a name: %v", name, err)
		}
		if _, err := storage.Customers().Get(ctx, s, tenantA, "c-"+name); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: refused customer stored: %v", name, err)
		}
		if _, err := storage.Customers().Get(ctx, s, tenantA, bad); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in a key: %v", name, err)
		}
		if _, err := storage.Trips(nil).Latest(ctx, s, storage.TenantID(bad), "t"); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in a tenant: %v", name, err)
		}
		if _, err := storage.Customers().List(ctx, s, tenantA, storage.Query{Index: "email", Equal: []any{bad}}); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in a listing's value: %v", name, err)
		}
		rec := complaint(t, tenantA, "k-"+name, at(t), nil)
		rec.Complaint.Summary = bad
		if _, err := storage.Complaints().Put(ctx, s, tenantA, rec); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in a complaint: %v", name, err)
		}
		e := event(t, tenantA, "e-"+name, at(t))
		if err := s.Outbox().Add(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := s.Outbox().MarkFailed(ctx, e.ID, 1, at(t), bad, false); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in an event error: %v", name, err)
		}
		h := hold(t, "h-"+name, bad, stayNight, 1, 1, "")
		if _, err := s.Ledger().Hold(ctx, tenantA, h); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s in a hold's allotment: %v", name, err)
		}
	}
}

// keysNotConfused: IDs that contain separator-like bytes never reach
// another tenant's or another record's data.
func keysNotConfused(t *testing.T, s storage.Store) {
	ctx := context.Background()
	mustSave(t, s, customer(t, "a:b", "c"))
	mustSave(t, s, customer(t, "a", "b:c"))
	mustSave(t, s, customer(t, "a|b", "c"))
	mustSave(t, s, customer(t, "1:a", "c"))
	for _, k := range [][2]string{{"a:b", "c"}, {"a", "b:c"}, {"a|b", "c"}, {"1:a", "c"}} {
		c, err := storage.Customers().Get(ctx, s, storage.TenantID(k[0]), k[1])
		if err != nil || c.Version != 1 || string(c.Tenant) != k[0] || c.ID != k[1] {
			t.Errorf("%q/%q: %+v, %v", k[0], k[1], c, err)
		}
	}
	if _, err := storage.Customers().Get(ctx, s, "a", "b"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a/b found: %v", err)
	}
	// Composite keys: a travel contract "HT-1" supplement 10 is not "HT-11"
	// supplement 0.
	put(t, s, storage.TravelContracts(), tenantA, travelContract(t, tenantA, "HT-1", 10, "TK-1"))
	if _, err := storage.TravelContracts().Get(ctx, s, tenantA, "HT-11", int64(0)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("HT-11/0 found: %v", err)
	}
}
