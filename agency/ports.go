package agency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Store is the storage the agency runs on: one repository per aggregate and
// a unit of work across them. Implementations must pass the conformance
// suite in adapters/storetest.
type Store interface {
	Customers() CustomerRepo
	Trips() TripRepo
	Quotes() QuoteRepo
	Outbox() OutboxRepo
	Complaints() ComplaintRepo
	Surveys() SurveyRepo
	FollowUps() FollowUpRepo
	Allotments() AllotmentRepo
	Suppliers() SupplierRepo
	Contracts() ContractRepo
	Payables() PayableRepo
	Bookings() BookingRepo
	TravelContracts() TravelContractRepo
	Inquiries() InquiryRepo
	KPIs() KPIRepo
	// InTx runs fn with a Store whose changes commit together when fn
	// returns nil and leave nothing behind when it returns an error (which
	// InTx returns). Calling InTx on the Store given to fn joins the same
	// transaction.
	InTx(ctx context.Context, fn func(Store) error) error
}

// CustomerRepo keeps customers.
type CustomerRepo interface {
	// Get returns a customer; ErrNotFound when the tenant has none with id.
	Get(ctx context.Context, tenant TenantID, id string) (Customer, error)
	// Save inserts c when c.Version is 0 and updates it when c.Version is
	// the stored version; the returned customer has the new version. A
	// stale or duplicate save fails with ErrConflict.
	Save(ctx context.Context, c Customer) (Customer, error)
	// List returns the tenant's customers ordered by ID.
	List(ctx context.Context, tenant TenantID) ([]Customer, error)
	// Find returns one page of the tenant's customers matching f (see
	// CustomerFilter for the order), by an indexed query.
	Find(ctx context.Context, tenant TenantID, f CustomerFilter, p PageRequest) (Page[Customer], error)
}

// TripRepo keeps trip versions.
type TripRepo interface {
	// Add stores a new version; it must be the latest version plus one (1
	// for a new trip), else ErrConflict.
	Add(ctx context.Context, v TripVersion) error
	// Get returns one version; ErrNotFound when it does not exist.
	Get(ctx context.Context, tenant TenantID, tripID string, version int) (TripVersion, error)
	// Latest returns the newest version; ErrNotFound for an unknown trip.
	Latest(ctx context.Context, tenant TenantID, tripID string) (TripVersion, error)
	// ListByCustomer returns one page of the customer's trip versions,
	// ordered by trip ID then version, by an indexed query.
	ListByCustomer(ctx context.Context, tenant TenantID, customerID string, p PageRequest) (Page[TripSummary], error)
}

// QuoteRepo keeps quote versions and acceptances.
type QuoteRepo interface {
	// Add stores a new version; it must be the latest version plus one,
	// else ErrConflict.
	Add(ctx context.Context, v QuoteVersion) error
	// Get returns one version (with AcceptedAt when it is the accepted
	// one); ErrNotFound when it does not exist.
	Get(ctx context.Context, tenant TenantID, quoteID string, version int) (QuoteVersion, error)
	// Latest returns the newest version; ErrNotFound for an unknown quote.
	Latest(ctx context.Context, tenant TenantID, quoteID string) (QuoteVersion, error)
	// Accept marks a version accepted at at. ErrNotFound when the version
	// does not exist; ErrConflict when a version of the quote is already
	// accepted.
	Accept(ctx context.Context, tenant TenantID, quoteID string, version int, at time.Time) error
	// ListByCustomer returns one page of the customer's quote versions,
	// ordered by quote ID then version, by an indexed query.
	ListByCustomer(ctx context.Context, tenant TenantID, customerID string, p PageRequest) (Page[QuoteSummary], error)
}

// OutboxRepo keeps events until they are delivered.
type OutboxRepo interface {
	// Add stores a new event; a duplicate ID is ErrConflict.
	Add(ctx context.Context, e Event) error
	// Claim leases up to limit events that are due (not delivered, not dead,
	// next attempt at or before now, not leased by another claim) until
	// now+lease, oldest first, each with LeasedUntil set. Concurrent claims
	// never return the same event while its lease runs.
	Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Event, error)
	// Renew extends the lease of a claimed event from held (the event's
	// LeasedUntil as claimed or last renewed) to until; ErrConflict when the
	// lease is no longer held (it ran out and another claim took the event,
	// or the event was delivered or is dead).
	Renew(ctx context.Context, id string, held, until time.Time) error
	// MarkDelivered records a delivery; ErrNotFound for an unknown event.
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	// MarkFailed records a failed attempt: the attempt count, when to try
	// next, the error, and dead when no attempt is left.
	MarkFailed(ctx context.Context, id string, attempts int, next time.Time, lastErr string, dead bool) error
	// Get returns an event by ID, for inspection; ErrNotFound when unknown.
	Get(ctx context.Context, id string) (Event, error)
	// List returns one page of the tenant's events in a delivery state,
	// oldest first, by an indexed query.
	List(ctx context.Context, tenant TenantID, state EventState, p PageRequest) (Page[Event], error)
	// Requeue makes a dead event of the tenant pending again, due at at,
	// with its attempts reset; ErrNotFound for an unknown event,
	// ErrInvalidTransition for one that is not dead.
	Requeue(ctx context.Context, tenant TenantID, id string, at time.Time) error
}

// Clock tells the time. Nothing in travelkit reads the wall clock directly.
type Clock interface {
	Now() time.Time
}

// SystemClock is the production Clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// IDGenerator makes record IDs.
type IDGenerator interface {
	NewID() string
}

// RandomIDs makes 128-bit random IDs as 32 hex digits: the production
// IDGenerator.
type RandomIDs struct{}

// NewID returns a fresh random ID.
func (RandomIDs) NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
