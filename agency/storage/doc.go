// Package storage is what a travelkit store implements, apart from the
// API, as database/sql/driver is apart from database/sql: the records the
// agency keeps, one generic versioned repository for the aggregates that
// are stored alike, and hand-written repositories where the data needs
// them — the outbox, the allotment ledger, statement matching and the
// aggregate queries behind the KPIs.
//
// Most code should use package agency. This package is for those who write
// a store (adapters/memory and adapters/sqlstore are two) and for the
// agency, which alone calls it. A store proves itself with the conformance
// suite in adapters/storetest.
//
// # What a store implements
//
// [Store] gives five repositories and a unit of work:
//
//   - [Records]: Get, Latest, Put, Touch, List and Due over any [Kind]. A Kind
//     describes how one aggregate is kept — its key, whether it is versioned,
//     an append-only chain of versions or written once, its document and the
//     fields its listings order and filter by — so a backend writes this
//     repository once for every aggregate. The typed [Collection] values
//     ([Customers], [Bookings], [Complaints], …) encode and decode the records.
//   - [Outbox]: events written in the transaction of their change, claimed
//     under leases and marked delivered or failed.
//   - [Ledger]: allotments, a counter per night, and the holds on them; a
//     hold takes every night or none.
//   - [Payments]: reminders sent once, bank transactions imported once, and
//     what the open bookings still expect.
//   - [Figures]: the aggregates the KPIs, supplier evaluations, feedback
//     reports and conversion figures are computed from, in the store's
//     queries.
//
// Every record belongs to a tenant, and no call reads or changes another
// tenant's records. Errors match the classes ErrNotFound, ErrConflict,
// ErrInvalid and ErrInvalidTransition with errors.Is.
package storage
