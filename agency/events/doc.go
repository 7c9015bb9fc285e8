// Package events is the catalogue of what travelkit tells people and
// systems: one exported payload type per event type, and a [Registry] that
// knows for each type its audience (customer, staff, supplier, internal),
// how to decode its payload and how to render it in each language.
//
// The agency writes events to its outbox in the transaction of the change
// that causes them, addressed to their recipient in the recipient's
// language (the customer's profile, the staff member's, the supplier's);
// its Dispatcher renders them through the Registry and hands them to a
// [Notifier]. Internal events are never rendered for a person: they reach
// webhooks and brokers as their payload. Receivers decode payloads with
// Registry.Decode, or validate them with the JSON Schema of each type
// (Registry.Schema; the schemas directory of this package holds them as
// files, checked against the payload types by its tests).
package events
