// Package agency is what an embedding service calls: the travel
// consultant's job (旅游顾问) over a store, one service per area of the job.
//
//	a, err := agency.New(store, agency.Config{Rates: rates})
//
// The map of the job, duty by duty:
//
//   - Receive inquiries and advise (客户咨询记录表, 产品推荐清单):
//     a.Customers (create, change, find, profile, duplicates, merge),
//     a.Inquiries (log with the customer matched or created, respond,
//     qualify, recommend, propose a product or a trip designed for the
//     customer, win or lose, the consultation record, conversion), and
//     a.Catalogue (the packaged products recommended).
//   - Design trips and quote them (定制旅游方案及报价单): a.Trips proposes
//     trip versions, prices them from the supplier contracts their stays
//     name (or a [RateSource]), accepts quotes and writes calendars.
//   - Coordinate suppliers (合作协议及供应商评价报告): a.Suppliers (suppliers,
//     contract versions, compliance, evaluation), a.Allotments (the
//     inventory ledger, holds, requests, stop sales) and a.Payables (costs
//     frozen at confirmation, invoices matched).
//   - Follow bookings, payments and documents (预订确认函及客户合同):
//     a.Bookings (from an accepted quote with its holds, the suppliers'
//     answers, payments, statements, amendments, cancellation under the
//     signed contract's scale) and a.TravelContracts (draft, validate,
//     sign, render; the confirmation letter).
//   - Handle feedback and complaints (客户反馈报告及改进措施): a.Complaints
//     (the lifecycle under SLA) and a.Feedback (surveys, follow-ups, the
//     report).
//   - Research the market and meet sales targets: a.Market (observations,
//     research reports) and a.KPIs (scorecards, sales plans).
//   - Tell people what happened: a.Outbox and its [Dispatcher]; a.Sweeps are
//     the background jobs (SLA alerts, lapsed options and holds, reminders,
//     releases).
//
// Every method takes a context, the tenant (one agency; no call reads or
// changes another tenant's records) and its parameters, with the expected
// version inside them where a change needs one. Every change and the
// events it causes commit in one unit of work; events are typed and
// registered (package [events]): each reaches its recipient — the customer,
// a staff member, a supplier — in their language, and internal events
// reach webhooks and brokers as their payload. Creating what exists
// already with the same content returns it; with other content it is
// ErrConflict naming the key.
//
// Errors: every error matches one of this package's classes (ErrInvalid,
// ErrNotFound, ErrConflict, ErrInvalidTransition, ErrApprovalRequired)
// with errors.Is, and the domain sentinel beneath it. *[ValidationError] is
// the one validation error type of every travelkit package.
//
// Storage is apart, in package [storage], as database/sql/driver is apart
// from database/sql: adapters/memory and adapters/sqlstore implement it
// and pass the conformance suite in adapters/storetest.
package agency
