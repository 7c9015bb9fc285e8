// Package booking carries a booking from enquiry to completion: the
// lifecycle as one typed transition table whose guards are pure functions
// of the booking and the injected clock, each service with its own status,
// and cancellation fees under the PRC model contracts' scales (GF-2014
// outbound and domestic, for the traveller and for the agency), the
// mid-trip formula, actual costs capped at the total, and the refund
// deadline in working days.
//
// Errors match the agency package's classes with errors.Is: a move the
// table does not allow is ErrInvalidTransition naming the state and the
// event; invalid input is one *[ValidationError] listing every problem.
package booking
