// Package pricing prices travel quotes exactly.
//
// [Money] is a decimal amount with an ISO 4217 currency; it never passes
// through a float, adding two currencies is an error, and rounding to the
// currency's minor units (CNY 2, JPY 0, KWD 3) happens once per
// customer-visible line. [Totals] are sums of rounded lines, and every split —
// per traveller, per instalment — uses largest-remainder allocation, so the
// parts always add up to the whole to the last minor unit.
//
// The quote [Engine] takes a [QuoteRequest] (lines with net prices in the
// suppliers' currencies, the party, price rules, an FX source) and returns a
// [Quote]: priced lines from net to total, subtotals by category, totals, each
// traveller's share, the exchange rates it locked and a trace that explains
// every step. The same request always gives byte-identical JSON.
//
// Rules apply in a fixed order, documented at [Rule]: the base rule (markup,
// margin, fixed sell or commissionable gross), conversion, discounts (never
// below net unless allowed), per-line fees, one rounding, then taxes
// (exclusive, inclusive, or on the margin as in the EU Tour Operators' Margin
// Scheme and China's 差额征税). Per-booking fees are charged once, never per
// room.
//
// [Schedule] plans deposit and balance; [CheckBudget] compares a price with a
// customer's budget; [Formatter] renders amounts for people in zh-CN or en with
// CLDR symbols and grouping from golang.org/x/text; [RenderQuoteText] and
// [RenderQuoteHTML] write the quote for a person. Quote.MarshalBinary is the
// compact stored form stores keep.
//
// Invalid input yields a *[ValidationError] listing every problem with a field
// path, a stable code and structured detail; it matches ErrInvalid with
// errors.Is, and a quote that fails for a missing rate matches
// ErrMissingRate too. Other failures wrap ErrCurrencyMismatch,
// ErrUnknownCurrency, ErrMissingRate, ErrNotRounded, ErrOverflow or
// ErrTooLarge (an allocation or a quote beyond its documented cap). Every
// sentinel also matches its class in the agency package.
package pricing
