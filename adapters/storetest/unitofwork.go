package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/travelkit/travelkit/agency/storage"
)

// UnitOfWork tests InTx: a failed, panicking or cancelled unit leaves
// nothing behind; a nested call joins the unit; a committed one keeps
// everything.
func UnitOfWork(t *testing.T, s Suite) {
	runAll(t, s, []test{
		{"RollbackLeavesNothing", rollback},
		{"PanicInUnitOfWork", panicInUnitOfWork},
		{"CancelledContext", cancelledContext},
	})
}

func rollback(t *testing.T, s storage.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx storage.Store) error {
		mustSave(t, tx, customer(t, tenantA, "c1"))
		if _, err := storage.Trips(nil).Put(ctx, tx, tenantA, tripVersion(t, tenantA, 1)); err != nil {
			return err
		}
		if _, err := storage.Quotes().Put(ctx, tx, tenantA, quoteVersion(t, tenantA, 1)); err != nil {
			return err
		}
		if err := tx.Outbox().Add(ctx, event(t, tenantA, "e1", at(t))); err != nil {
			return err
		}
		// Inside the transaction its own writes are visible, also through a
		// nested InTx.
		return tx.InTx(ctx, func(inner storage.Store) error {
			if _, err := storage.Customers().Get(ctx, inner, tenantA, "c1"); err != nil {
				return fmt.Errorf("own write invisible: %w", err)
			}
			return boom
		})
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want the function's error", err)
	}
	if _, err := storage.Customers().Get(ctx, s, tenantA, "c1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("customer survived the rollback: %v", err)
	}
	if _, err := storage.Trips(nil).Latest(ctx, s, tenantA, "T-2026-1127-001"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("trip survived the rollback: %v", err)
	}
	if _, err := storage.Quotes().Latest(ctx, s, tenantA, "Q-2026-1127-001"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("quote survived the rollback: %v", err)
	}
	if _, err := s.Outbox().Get(ctx, tenantA, "e1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("event survived the rollback: %v", err)
	}
	if evs, err := s.Outbox().Claim(ctx, at(t).Add(time.Hour), 10, time.Minute); err != nil || len(evs) != 0 {
		t.Errorf("a rolled-back event is claimable: %v, %v", evs, err)
	}
	// A committed unit of work keeps everything.
	err = s.InTx(ctx, func(tx storage.Store) error {
		mustSave(t, tx, customer(t, tenantA, "c1"))
		return tx.Outbox().Add(ctx, event(t, tenantA, "e2", at(t)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Customers().Get(ctx, s, tenantA, "c1"); err != nil {
		t.Error(err)
	}
	if _, err := s.Outbox().Get(ctx, tenantA, "e2"); err != nil {
		t.Error(err)
	}
}

// panicInUnitOfWork: a panic inside InTx rolls the unit back, the panic
// goes on to the caller, and the store stays usable for later writers (no
// lock left held, no connection left idle in a transaction).
func panicInUnitOfWork(t *testing.T, s storage.Store) {
	ctx := context.Background()
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the panic to go on", r)
			}
		}()
		_ = s.InTx(ctx, func(tx storage.Store) error {
			if _, err := storage.Customers().Put(ctx, tx, tenantA, customer(t, tenantA, "panicked")); err != nil {
				t.Error(err)
			}
			panic("boom")
		})
	}()
	if _, err := storage.Customers().Get(ctx, s, tenantA, "panicked"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("write of a panicked unit survived: %v", err)
	}
	// Later writers are not blocked: a bounded wait proves no lock leaked.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for i := range 3 {
		if err := s.InTx(wctx, func(tx storage.Store) error {
			_, err := storage.Customers().Put(wctx, tx, tenantA, customer(t, tenantA, "after-"+string(rune('a'+i))))
			return err
		}); err != nil {
			t.Fatalf("write after a panic: %v", err)
		}
	}
}

// cancelledContext: a unit of work whose context is cancelled before it
// ends keeps nothing, and a call with a cancelled context changes nothing.
func cancelledContext(t *testing.T, s storage.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	err := s.InTx(ctx, func(tx storage.Store) error {
		if _, err := storage.Customers().Put(ctx, tx, tenantA, customer(t, tenantA, "cancelled")); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("unit cancelled before its end returned %v, want context.Canceled", err)
	}
	if _, err := storage.Customers().Get(context.Background(), s, tenantA, "cancelled"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("write of a cancelled unit survived: %v", err)
	}
	if _, err := storage.Customers().Put(ctx, s, tenantA, customer(t, tenantA, "late")); err == nil {
		t.Error("save with a cancelled context succeeded")
	}
	if _, err := storage.Customers().Get(context.Background(), s, tenantA, "late"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("save with a cancelled context was kept: %v", err)
	}
}
