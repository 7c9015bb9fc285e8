// Package contract drafts the travel contract of a booking and validates
// it before signing.
//
// A contract is data first: the template edition it fills (GF-2014-2401
// domestic, GF-2014-2402 outbound, an EU package contract — editions are
// [Template] values in a [Catalogue], not code), the parties, the itinerary
// sheet with hotels, meals, sights, free time, shopping and optional
// items, price and payment schedule, group terms with the four written
// consents, insurance, cancellation scales, dispute resolution and
// signing. Catalogue.Draft builds it from a booking revision, its accepted
// quote and trip; Catalogue.Supplement builds the supplement after an
// amendment.
//
// [Validator.Validate] returns every finding at once, each with a stable
// code, a severity (blocking or warning), the field, the article it comes
// from and the values compared; Validator.Sign refuses a contract with a
// blocking finding. The checks follow 旅游法 art. 58–63, 旅行社条例
// art. 28, the GF-2014 model contracts and the EU Package Travel
// Directive art. 5, 7, 10 and 12.
//
// Catalogue.RenderText and RenderHTML write the contract in zh-CN or
// English (the HTML print-ready on A4, every text escaped by
// html/template); [RenderLetterText] and [RenderLetterHTML] write the booking
// confirmation letter (预订确认函) with every service's local times and
// UTC offsets, supplier references, the price breakdown, schedule,
// cancellation terms, emergency contact and document requirements.
//
// It sits under booking because a contract is made from one booking
// revision and checked against it, and apart from it so that code that
// only books does not carry the templates and the validator.
package contract
