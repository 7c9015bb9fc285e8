// Package supplier keeps the agency's suppliers and their contracts: hotels,
// airlines, rail, transfers, guides, activities and ground operators (地接社),
// with licences, insurance and payment details; contracts with seasons that
// cover their validity, rate plans by unit type and age band, weekday
// supplements, minimum stays, special offers, a release rule, cancellation
// tiers and payment terms, and clause text kept as versioned snapshots.
//
// [Contract.Rates] prices a stay night by night from the season in force on
// each night, with the supplements and offers that apply and a trace of
// why. [CancellationPolicy] gives the fee of a cancellation at an instant,
// and [Merge] folds the policies of several units into one schedule. [Check]
// tests a supplier and a contract against the company's procurement
// standards and reports every finding at once. Release tells, by the one
// convention written down at [ReleaseRule], whether a stay date still sells
// from an allotment; [Night], [Hold] and [Availability] are the rules of the
// allotment ledger whose counters the stores keep (agency.AllotmentRepo).
// [Evaluate] scores a supplier's period under a [Scheme] (供应商评价报告);
// [Freeze], [MatchInvoice] and [PaymentTerms.Schedule] are the payables.
//
// Errors match the agency package's classes (invalid, not found) with
// errors.Is; invalid input is one *[ValidationError] listing every problem.
package supplier
