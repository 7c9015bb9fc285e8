package memory

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/supplier"
)

// state is one layer of records: the committed base, or a transaction's
// pending writes over it. Records are never deleted, so a layer only adds
// or replaces.
type state struct {
	records    map[string]map[string]storage.Record // kind name → key → record
	tops       map[string]int64                     // kind, tenant and chain ID → latest version
	events     map[string]storage.Event
	order      []string             // event IDs in insertion order
	requeued   []string             // dead events made pending again
	leases     map[string]time.Time // claimed-until per event ID
	allotments map[string]supplier.AllotmentSpec
	nights     map[string]supplier.Night
	holds      map[string]storage.TenantHold
	holdKeys   map[string]string // tenant + idempotency key → hold ID
	reminded   map[string]time.Time
	bankTx     map[string]string
}

func newState() *state {
	return &state{records: map[string]map[string]storage.Record{}, tops: map[string]int64{}, events: map[string]storage.Event{},
		leases: map[string]time.Time{}, allotments: map[string]supplier.AllotmentSpec{}, nights: map[string]supplier.Night{},
		holds: map[string]storage.TenantHold{}, holdKeys: map[string]string{}, reminded: map[string]time.Time{}, bankTx: map[string]string{}}
}

// Store is the in-memory storage.Store. The zero Store is empty and ready;
// it must not be copied after first use.
type Store struct {
	mu   sync.Mutex // held for a whole transaction
	base *state
	over *state // non-nil inside a transaction
}

// New returns an empty store.
func New() *Store { return &Store{base: newState()} }

// Records returns the generic versioned repository.
func (s *Store) Records() storage.Records { return records{s} }

// Outbox returns the outbox.
func (s *Store) Outbox() storage.Outbox { return outbox{s} }

// Ledger returns the allotment ledger.
func (s *Store) Ledger() storage.Ledger { return ledger{s} }

// Payments returns the payments repository.
func (s *Store) Payments() storage.Payments { return payments{s} }

// Figures returns the aggregate queries.
func (s *Store) Figures() storage.Figures { return figures{s} }

// InTx runs fn in a transaction: the store is locked for its duration,
// writes go to a pending layer, and the layer is merged only when fn
// returns nil (and the context is still live).
func (s *Store) InTx(ctx context.Context, fn func(storage.Store) error) error {
	if s.over != nil {
		return fn(s) // join the running transaction
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.base == nil {
		s.base = newState()
	}
	tx := &Store{base: s.base, over: newState()}
	if err := fn(tx); err != nil {
		return err // the pending layer is dropped; so it is when fn panics
	}
	if err := ctx.Err(); err != nil {
		return err // cancelled before the commit: nothing is kept, as in SQL
	}
	s.base.merge(tx.over)
	return nil
}

// do runs one operation as its own transaction unless inside one.
func (s *Store) do(ctx context.Context, fn func(tx *Store) error) error {
	if s.over != nil {
		return fn(s)
	}
	return s.InTx(ctx, func(st storage.Store) error { return fn(st.(*Store)) })
}

func (b *state) merge(o *state) {
	for kind, rs := range o.records {
		if b.records[kind] == nil {
			b.records[kind] = map[string]storage.Record{}
		}
		maps.Copy(b.records[kind], rs)
	}
	maps.Copy(b.tops, o.tops)
	for _, id := range o.order {
		if _, old := b.events[id]; !old {
			b.order = append(b.order, id)
		}
	}
	b.order = append(b.order, o.requeued...) // compact drops any duplicate
	maps.Copy(b.events, o.events)
	maps.Copy(b.leases, o.leases)
	maps.Copy(b.allotments, o.allotments)
	maps.Copy(b.nights, o.nights)
	maps.Copy(b.holds, o.holds)
	maps.Copy(b.holdKeys, o.holdKeys)
	maps.Copy(b.reminded, o.reminded)
	maps.Copy(b.bankTx, o.bankTx)
}

// merged returns every record of a map, the pending layer over the base.
func merged[V any](s *Store, pick func(*state) map[string]V) map[string]V {
	out := make(map[string]V, len(pick(s.base))+len(pick(s.over)))
	maps.Copy(out, pick(s.base))
	maps.Copy(out, pick(s.over))
	return out
}

// compact drops delivered and dead events from the claim order, so claims
// cost what is pending rather than all history. The caller holds the lock.
func (b *state) compact() {
	kept := b.order[:0]
	seen := make(map[string]bool, len(b.order))
	for _, id := range b.order {
		if e := b.events[id]; e.DeliveredAt == nil && e.DeadAt == nil && !seen[id] {
			seen[id] = true
			kept = append(kept, id)
		}
	}
	clear(b.order[len(kept):])
	b.order = kept
}

// lookup reads a key from the pending layer, then the base.
func lookup[V any](s *Store, pick func(*state) map[string]V, k string) (V, bool) {
	if v, ok := pick(s.over)[k]; ok {
		return v, true
	}
	v, ok := pick(s.base)[k]
	return v, ok
}

// key joins parts with their lengths first, so that no bytes inside an ID
// can make two different keys the same.
func key(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// texts refuses text the SQL stores refuse (invalid UTF-8, NUL bytes), so
// that every store answers the same input the same way.
func texts(ss ...string) error {
	for i, s := range ss {
		if !storage.TextOK(s) {
			return fmt.Errorf("%w: parameter %d: text must be valid UTF-8 without NUL bytes", storage.ErrInvalid, i+1)
		}
	}
	return nil
}
