package storage

import (
	"context"
	"fmt"

	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// BookingSummary is a booking as a list shows it, read from the columns a
// store indexes alone, so that a page of them costs no decoding of the
// bookings' documents.
type BookingSummary struct {
	Reference  string        `json:"reference"`
	CustomerID string        `json:"customer_id"`
	State      booking.State `json:"state"`
	// Outstanding is what is still to pay: zero for a booking cancelled,
	// expired or moved.
	Outstanding pricing.Money `json:"outstanding"`
	// NextDue is the due date of the first instalment still open; zero
	// when none is.
	NextDue    date.Date `json:"next_due,omitzero"`
	Departure  date.Date `json:"departure,omitzero"`
	Payer      string    `json:"payer,omitempty"`
	Consultant string    `json:"consultant,omitempty"`
	BookedAt   time.Time `json:"booked_at,omitzero"`
	Version    int       `json:"version"`
}

// BookingSummaries lists one page of a tenant's bookings as q selects (the
// queries of Bookings' List), as summaries.
func BookingSummaries(ctx context.Context, s Store, tenant TenantID, q Query) (Page[BookingSummary], error) {
	if !TextOK(string(tenant)) {
		return Page[BookingSummary]{}, invalid("Tenant", "text must be valid UTF-8 without NUL bytes")
	}
	if _, err := bookingKind.Plan(q); err != nil {
		return Page[BookingSummary]{}, err
	}
	p, err := s.Records().List(ctx, bookingKind, tenant, q)
	if err != nil {
		return Page[BookingSummary]{}, err
	}
	out := Page[BookingSummary]{Items: make([]BookingSummary, 0, len(p.Items)), Next: p.Next}
	for _, r := range p.Items {
		sum, err := bookingSummary(r)
		if err != nil {
			return Page[BookingSummary]{}, err
		}
		out.Items = append(out.Items, sum)
	}
	return out, nil
}

// bookingSummary reads a booking record's columns.
func bookingSummary(r Record) (BookingSummary, error) {
	k := bookingKind
	text := func(name string) string { s, _ := k.Field(r, name).(string); return s }
	number := func(name string) int64 {
		switch v := k.Field(r, name).(type) {
		case int64:
			return v
		case int:
			return int64(v)
		}
		return 0
	}
	ref, _ := r.Key[0].(string)
	cur, err := pricing.ParseCurrency(text("currency"))
	if err != nil {
		return BookingSummary{}, fmt.Errorf("storage: stored booking %s: %w", clip(ref), err)
	}
	sum := BookingSummary{Reference: ref, CustomerID: text("customer_id"), State: booking.State(text("state")),
		Outstanding: pricing.FromMinor(number("outstanding_minor"), cur), NextDue: date.Date(number("next_due")),
		Departure: date.Date(number("departure")), Payer: text("payer"), Consultant: text("consultant"), Version: version(r)}
	if at := number("booked_at"); at != 0 {
		sum.BookedAt = FromNanos(at)
	}
	return sum, nil
}
