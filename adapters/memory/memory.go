package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/supplier"
)

// state is one layer of records: the committed base, or a transaction's
// pending writes over it. Records are never deleted, so a layer only adds
// or replaces.
type state struct {
	customers    map[string]agency.Customer
	trips        map[string]agency.TripVersion
	tripTop      map[string]int
	quotes       map[string]agency.QuoteVersion
	quoteTop     map[string]int
	accepted     map[string]acceptance
	events       map[string]agency.Event
	order        []string             // event IDs in insertion order
	requeued     []string             // dead events made pending again
	leases       map[string]time.Time // claimed-until per event ID
	complaints   map[string]agency.ComplaintRecord
	surveys      map[string]feedback.Survey
	followUps    map[string]feedback.FollowUp
	allotments   map[string]supplier.AllotmentSpec
	nights       map[string]supplier.Night
	holds        map[string]agency.TenantHold
	holdKeys     map[string]string // tenant + idempotency key → hold ID
	suppliers    map[string]agency.SupplierRecord
	contracts    map[string]agency.ContractVersion
	contractTop  map[string]int
	costLines    map[string]tenantCostLine
	invoices     map[string]agency.InvoiceRecord
	bookings     map[string]agency.BookingRecord
	reminded     map[string]time.Time
	bankTx       map[string]string
	travelCons   map[string]agency.TravelContractRecord
	inquiries    map[string]agency.InquiryRecord
	products     map[string]agency.ProductRecord
	reports      map[string]agency.ReportRecord
	plans        map[string]agency.PlanRecord
	observations map[string]market.Observation
}

type acceptance struct {
	version int
	at      time.Time
}

func newState() *state {
	return &state{
		customers: map[string]agency.Customer{}, trips: map[string]agency.TripVersion{}, tripTop: map[string]int{},
		quotes: map[string]agency.QuoteVersion{}, quoteTop: map[string]int{}, accepted: map[string]acceptance{},
		events: map[string]agency.Event{}, leases: map[string]time.Time{},
		complaints: map[string]agency.ComplaintRecord{}, surveys: map[string]feedback.Survey{}, followUps: map[string]feedback.FollowUp{},
		allotments: map[string]supplier.AllotmentSpec{}, nights: map[string]supplier.Night{}, holds: map[string]agency.TenantHold{},
		holdKeys: map[string]string{}, suppliers: map[string]agency.SupplierRecord{}, contracts: map[string]agency.ContractVersion{},
		contractTop: map[string]int{}, costLines: map[string]tenantCostLine{}, invoices: map[string]agency.InvoiceRecord{},
		bookings: map[string]agency.BookingRecord{}, reminded: map[string]time.Time{}, bankTx: map[string]string{},
		travelCons: map[string]agency.TravelContractRecord{},
		inquiries:  map[string]agency.InquiryRecord{}, products: map[string]agency.ProductRecord{},
		reports: map[string]agency.ReportRecord{}, plans: map[string]agency.PlanRecord{}, observations: map[string]market.Observation{},
	}
}

// Store is the in-memory agency.Store. The zero Store is empty and ready;
// it must not be copied after first use.
type Store struct {
	mu   sync.Mutex // held for a whole transaction
	base *state
	over *state // non-nil inside a transaction
}

// New returns an empty store.
func New() *Store { return &Store{base: newState()} }

// InTx runs fn in a transaction: the store is locked for its duration,
// writes go to a pending layer, and the layer is merged only when fn
// returns nil.
func (s *Store) InTx(ctx context.Context, fn func(agency.Store) error) error {
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
	return s.InTx(ctx, func(st agency.Store) error { return fn(st.(*Store)) })
}

func (b *state) merge(o *state) {
	for k, v := range o.customers {
		b.customers[k] = v
	}
	for k, v := range o.trips {
		b.trips[k] = v
	}
	for k, v := range o.tripTop {
		b.tripTop[k] = v
	}
	for k, v := range o.quotes {
		b.quotes[k] = v
	}
	for k, v := range o.quoteTop {
		b.quoteTop[k] = v
	}
	for k, v := range o.accepted {
		b.accepted[k] = v
	}
	for _, id := range o.order {
		if _, old := b.events[id]; !old {
			b.order = append(b.order, id)
		}
	}
	b.order = append(b.order, o.requeued...) // compact drops any duplicate
	for k, v := range o.events {
		b.events[k] = v
	}
	for k, v := range o.leases {
		b.leases[k] = v
	}
	for k, v := range o.complaints {
		b.complaints[k] = v
	}
	for k, v := range o.surveys {
		b.surveys[k] = v
	}
	for k, v := range o.followUps {
		b.followUps[k] = v
	}
	maps.Copy(b.allotments, o.allotments)
	maps.Copy(b.nights, o.nights)
	maps.Copy(b.holds, o.holds)
	maps.Copy(b.holdKeys, o.holdKeys)
	maps.Copy(b.suppliers, o.suppliers)
	maps.Copy(b.contracts, o.contracts)
	maps.Copy(b.contractTop, o.contractTop)
	maps.Copy(b.costLines, o.costLines)
	maps.Copy(b.invoices, o.invoices)
	maps.Copy(b.bookings, o.bookings)
	maps.Copy(b.reminded, o.reminded)
	maps.Copy(b.bankTx, o.bankTx)
	maps.Copy(b.travelCons, o.travelCons)
	maps.Copy(b.inquiries, o.inquiries)
	maps.Copy(b.products, o.products)
	maps.Copy(b.reports, o.reports)
	maps.Copy(b.plans, o.plans)
	maps.Copy(b.observations, o.observations)
}

// merged returns every record of a map, the pending layer over the base.
func merged[V any](s *Store, pick func(*state) map[string]V) map[string]V {
	out := make(map[string]V, len(pick(s.base))+len(pick(s.over)))
	for k, v := range pick(s.base) {
		out[k] = v
	}
	for k, v := range pick(s.over) {
		out[k] = v
	}
	return out
}

// compact drops delivered and dead events from the claim order, so claims
// cost what is pending rather than all history. The caller holds the lock;
// the order of what remains is unchanged, so this is invisible to readers.
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

// key joins parts with their lengths first, so that no bytes inside an
// ID can make two different (tenant, id) pairs the same key.
func key(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

func versionKey(tenant agency.TenantID, id string, v int) string {
	return key(string(tenant), id, strconv.Itoa(v))
}

// texts refuses text the SQL stores refuse (invalid UTF-8, NUL bytes), so
// that every store answers the same input the same way.
func texts(ss ...string) error {
	for i, s := range ss {
		if !agency.TextOK(s) {
			return fmt.Errorf("%w: parameter %d: text must be valid UTF-8 without NUL bytes", agency.ErrInvalid, i+1)
		}
	}
	return nil
}

// textsAnd checks a record and the keys stored beside it.
func textsAnd(record any, ss ...string) error {
	if err := agency.CheckText(record); err != nil {
		return err
	}
	return texts(ss...)
}

// Customers returns the customer repository.
func (s *Store) Customers() agency.CustomerRepo { return customers{s} }

// Trips returns the trip repository.
func (s *Store) Trips() agency.TripRepo { return trips{s} }

// Quotes returns the quote repository.
func (s *Store) Quotes() agency.QuoteRepo { return quotes{s} }

// Outbox returns the outbox repository.
func (s *Store) Outbox() agency.OutboxRepo { return outbox{s} }

type customers struct{ s *Store }

func (r customers) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.Customer, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.Customer{}, err
	}
	var c agency.Customer
	err := r.s.do(ctx, func(tx *Store) error {
		v, ok := lookup(tx, func(st *state) map[string]agency.Customer { return st.customers }, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: customer %s", agency.ErrNotFound, id)
		}
		c = v
		return nil
	})
	return c, err
}

func (r customers) Save(ctx context.Context, c agency.Customer) (agency.Customer, error) {
	if err := agency.CheckText(c); err != nil {
		return agency.Customer{}, err
	}
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(c.Tenant), c.ID)
		cur, ok := lookup(tx, func(st *state) map[string]agency.Customer { return st.customers }, k)
		switch {
		case c.Version == 0 && ok:
			return fmt.Errorf("%w: customer %s already exists", agency.ErrConflict, c.ID)
		case c.Version > 0 && !ok:
			return fmt.Errorf("%w: customer %s", agency.ErrNotFound, c.ID)
		case c.Version > 0 && cur.Version != c.Version:
			return fmt.Errorf("%w: customer %s is at version %d, not %d", agency.ErrConflict, c.ID, cur.Version, c.Version)
		}
		if ok {
			c.CreatedAt = cur.CreatedAt
		}
		c.Version++
		tx.over.customers[k] = c
		return nil
	})
	if err != nil {
		return agency.Customer{}, err
	}
	return c, nil
}

func (r customers) List(ctx context.Context, tenant agency.TenantID) ([]agency.Customer, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []agency.Customer
	err := r.s.do(ctx, func(tx *Store) error {
		seen := map[string]bool{}
		for _, layer := range []*state{tx.over, tx.base} {
			for _, c := range layer.customers {
				if c.Tenant == tenant && !seen[c.ID] {
					seen[c.ID] = true
					out = append(out, c)
				}
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

type trips struct{ s *Store }

// topVersion returns the newest version number of a versioned record (0 for
// none), read from the tripTop or quoteTop index.
func (s *Store) topVersion(ctx context.Context, pick func(*state) map[string]int, tenant agency.TenantID, id string) (int, error) {
	var top int
	err := s.do(ctx, func(tx *Store) error {
		top, _ = lookup(tx, pick, key(string(tenant), id))
		return nil
	})
	return top, err
}

func pickTripTop(st *state) map[string]int  { return st.tripTop }
func pickQuoteTop(st *state) map[string]int { return st.quoteTop }

func (r trips) Add(ctx context.Context, v agency.TripVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		top, _ := lookup(tx, pickTripTop, key(string(v.Tenant), v.TripID))
		if v.Version != top+1 {
			return fmt.Errorf("%w: trip %s is at version %d; cannot add version %d", agency.ErrConflict, v.TripID, top, v.Version)
		}
		v.Trip = *v.Trip.Clone()
		tx.over.trips[versionKey(v.Tenant, v.TripID, v.Version)] = v
		tx.over.tripTop[key(string(v.Tenant), v.TripID)] = v.Version
		return nil
	})
}

func (r trips) Get(ctx context.Context, tenant agency.TenantID, tripID string, version int) (agency.TripVersion, error) {
	if err := texts(string(tenant), tripID); err != nil {
		return agency.TripVersion{}, err
	}
	var out agency.TripVersion
	err := r.s.do(ctx, func(tx *Store) error {
		v, ok := lookup(tx, func(st *state) map[string]agency.TripVersion { return st.trips }, versionKey(tenant, tripID, version))
		if !ok {
			return fmt.Errorf("%w: trip %s version %d", agency.ErrNotFound, tripID, version)
		}
		v.Trip = *v.Trip.Clone()
		out = v
		return nil
	})
	return out, err
}

func (r trips) Latest(ctx context.Context, tenant agency.TenantID, tripID string) (agency.TripVersion, error) {
	if err := texts(string(tenant), tripID); err != nil {
		return agency.TripVersion{}, err
	}
	top, err := r.s.topVersion(ctx, pickTripTop, tenant, tripID)
	if err != nil {
		return agency.TripVersion{}, err
	}
	if top == 0 {
		return agency.TripVersion{}, fmt.Errorf("%w: trip %s", agency.ErrNotFound, tripID)
	}
	return r.Get(ctx, tenant, tripID, top)
}

type quotes struct{ s *Store }

func (r quotes) Add(ctx context.Context, v agency.QuoteVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		top, _ := lookup(tx, pickQuoteTop, key(string(v.Tenant), v.QuoteID))
		if v.Version != top+1 {
			return fmt.Errorf("%w: quote %s is at version %d; cannot add version %d", agency.ErrConflict, v.QuoteID, top, v.Version)
		}
		v.Quote = *v.Quote.Clone()
		v.AcceptedAt = nil
		tx.over.quotes[versionKey(v.Tenant, v.QuoteID, v.Version)] = v
		tx.over.quoteTop[key(string(v.Tenant), v.QuoteID)] = v.Version
		return nil
	})
}

func (r quotes) Get(ctx context.Context, tenant agency.TenantID, quoteID string, version int) (agency.QuoteVersion, error) {
	if err := texts(string(tenant), quoteID); err != nil {
		return agency.QuoteVersion{}, err
	}
	var out agency.QuoteVersion
	err := r.s.do(ctx, func(tx *Store) error {
		v, ok := lookup(tx, func(st *state) map[string]agency.QuoteVersion { return st.quotes }, versionKey(tenant, quoteID, version))
		if !ok {
			return fmt.Errorf("%w: quote %s version %d", agency.ErrNotFound, quoteID, version)
		}
		v.Quote = *v.Quote.Clone()
		if a, ok := lookup(tx, func(st *state) map[string]acceptance { return st.accepted }, key(string(tenant), quoteID)); ok && a.version == version {
			at := a.at
			v.AcceptedAt = &at
		}
		out = v
		return nil
	})
	return out, err
}

func (r quotes) Latest(ctx context.Context, tenant agency.TenantID, quoteID string) (agency.QuoteVersion, error) {
	if err := texts(string(tenant), quoteID); err != nil {
		return agency.QuoteVersion{}, err
	}
	top, err := r.s.topVersion(ctx, pickQuoteTop, tenant, quoteID)
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	if top == 0 {
		return agency.QuoteVersion{}, fmt.Errorf("%w: quote %s", agency.ErrNotFound, quoteID)
	}
	return r.Get(ctx, tenant, quoteID, top)
}

func (r quotes) Accept(ctx context.Context, tenant agency.TenantID, quoteID string, version int, at time.Time) error {
	if err := texts(string(tenant), quoteID); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		if _, ok := lookup(tx, func(st *state) map[string]agency.QuoteVersion { return st.quotes }, versionKey(tenant, quoteID, version)); !ok {
			return fmt.Errorf("%w: quote %s version %d", agency.ErrNotFound, quoteID, version)
		}
		k := key(string(tenant), quoteID)
		if a, ok := lookup(tx, func(st *state) map[string]acceptance { return st.accepted }, k); ok {
			return fmt.Errorf("%w: quote %s version %d is already accepted", agency.ErrConflict, quoteID, a.version)
		}
		tx.over.accepted[k] = acceptance{version: version, at: at}
		return nil
	})
}

type outbox struct{ s *Store }

func copyEvent(e agency.Event) agency.Event {
	e.Payload = slices.Clone(e.Payload)
	if e.DeliveredAt != nil {
		t := *e.DeliveredAt
		e.DeliveredAt = &t
	}
	if e.DeadAt != nil {
		t := *e.DeadAt
		e.DeadAt = &t
	}
	return e
}

func (r outbox) Add(ctx context.Context, e agency.Event) error {
	if err := agency.CheckText(e); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		if _, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, e.ID); ok {
			return fmt.Errorf("%w: event %s already exists", agency.ErrConflict, e.ID)
		}
		tx.over.events[e.ID] = copyEvent(e)
		tx.over.order = append(tx.over.order, e.ID)
		return nil
	})
}

func (s *Store) leaseUntil(id string) (time.Time, bool) {
	return lookup(s, func(st *state) map[string]time.Time { return st.leases }, id)
}

func (s *Store) setLease(id string, until time.Time) { s.over.leases[id] = until }

// Claim leases due events in insertion order.
func (r outbox) Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]agency.Event, error) {
	var out []agency.Event
	err := r.s.do(ctx, func(tx *Store) error {
		tx.base.compact()
		ids := append(append(slices.Clone(tx.base.order), tx.over.order...), tx.over.requeued...)
		for _, id := range ids {
			if len(out) >= limit {
				break
			}
			e, _ := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
			if e.DeliveredAt != nil || e.DeadAt != nil || e.NextAttemptAt.After(now) {
				continue
			}
			if until, ok := tx.leaseUntil(id); ok && until.After(now) {
				continue
			}
			tx.setLease(id, now.Add(lease))
			c := copyEvent(e)
			c.LeasedUntil = now.Add(lease)
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

func (r outbox) Renew(ctx context.Context, id string, held, until time.Time) error {
	if err := texts(id); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
		if !ok {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		cur, _ := tx.leaseUntil(id)
		if e.DeliveredAt != nil || e.DeadAt != nil || !cur.Equal(held) {
			return fmt.Errorf("%w: the lease of event %s is no longer held", agency.ErrConflict, id)
		}
		tx.setLease(id, until)
		return nil
	})
}

func (r outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	if err := texts(id); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
		if !ok {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		e.DeliveredAt = &at
		tx.over.events[id] = e
		return nil
	})
}

func (r outbox) MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error {
	if err := texts(id, lastErr); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
		if !ok {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		e.Attempts, e.NextAttemptAt, e.LastError = attempts, next, lastErr
		if dead {
			at := next
			e.DeadAt = &at
		}
		tx.over.events[id] = e
		tx.setLease(id, time.Time{}) // released
		return nil
	})
}

func (r outbox) Get(ctx context.Context, id string) (agency.Event, error) {
	if err := texts(id); err != nil {
		return agency.Event{}, err
	}
	var out agency.Event
	err := r.s.do(ctx, func(tx *Store) error {
		e, ok := lookup(tx, func(st *state) map[string]agency.Event { return st.events }, id)
		if !ok {
			return fmt.Errorf("%w: event %s", agency.ErrNotFound, id)
		}
		out = copyEvent(e)
		return nil
	})
	return out, err
}

// getRecord returns the record at key k, or ErrNotFound naming what.
func getRecord[V any](ctx context.Context, s *Store, pick func(*state) map[string]V, k, what string) (V, error) {
	var out V
	err := s.do(ctx, func(tx *Store) error {
		rec, ok := lookup(tx, pick, k)
		if !ok {
			return fmt.Errorf("%w: %s", agency.ErrNotFound, what)
		}
		out = rec
		return nil
	})
	return deepCopy(out), err
}

// saveVersioned inserts rec at key k when its version is 0 and updates it
// when its version is the stored one, returning it at the next version;
// a duplicate or stale save is ErrConflict naming what.
func saveVersioned[V any](ctx context.Context, s *Store, pick func(*state) map[string]V, k, what string, rec V, version func(*V) *int) (V, error) {
	err := s.do(ctx, func(tx *Store) error {
		cur, ok := lookup(tx, pick, k)
		v := version(&rec)
		switch {
		case *v == 0 && ok:
			return fmt.Errorf("%w: %s already exists", agency.ErrConflict, what)
		case *v > 0 && (!ok || *version(&cur) != *v):
			return fmt.Errorf("%w: %s is not at version %d", agency.ErrConflict, what, *v)
		}
		*v++
		pick(tx.over)[k] = deepCopy(rec)
		return nil
	})
	if err != nil {
		var zero V
		return zero, err
	}
	return rec, nil
}
