// Package agency is what an embedding service calls: the travel
// consultant's use cases over storage and notifications.
//
// A Service saves customers, proposes trips (validated with itinerary; each
// proposal an immutable new version), prices a trip version into a stored,
// versioned quote (net rates from a RateSource, priced by pricing), accepts
// a quote, exports a trip's calendar, and carries complaints through their
// lifecycle under SLA with surveys, follow-ups and the feedback report. Its
// read side lists what screens show, keyset-paginated. Every change writes
// its events to the outbox in the same transaction, and a Dispatcher
// delivers them at least once through a Notifier, with per-event leases,
// retries, jittered backoff and dead letters, reporting every failed
// attempt; the event ID is the receiver's idempotency key.
//
// Errors: every error matches one of this package's classes (ErrInvalid,
// ErrNotFound, ErrConflict, ErrInvalidTransition, ErrApprovalRequired) with
// errors.Is, and the domain sentinel beneath it. *ValidationError is the one
// validation error type of every travelkit package.
//
// The ports are declared here: Store (one repository per aggregate and
// InTx for a unit of work), Notifier, Clock, IDGenerator and RateSource.
// Every record belongs to a tenant; no call reads or changes another
// tenant's records. Versions make stale writes fail with ErrConflict.
// adapters/memory and adapters/sqlstore implement Store and pass the
// conformance suite in adapters/storetest; adapters/notify implements
// Notifier.
package agency
