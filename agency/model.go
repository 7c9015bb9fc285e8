package agency

import (
	"encoding/json"
	"time"

	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// TenantID identifies an agency. Every record belongs to one, and no store
// call reads or changes another tenant's records.
type TenantID string

// Language is a customer's language for documents and notifications.
type Language string

// Supported languages.
const (
	Chinese Language = "zh-CN"
	English Language = "en"
)

// Customer is a person or company the agency serves.
type Customer struct {
	Tenant   TenantID `json:"tenant"`
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	WeChat   string   `json:"wechat,omitempty"`
	Language Language `json:"language"`
	// Version counts saves: 0 for a customer never saved; a save with
	// Version n succeeds only if the stored version is n.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TripVersion is one saved proposal of a trip. Versions are immutable:
// each change is saved as the next version.
type TripVersion struct {
	Tenant     TenantID       `json:"tenant"`
	TripID     string         `json:"trip_id"`
	Version    int            `json:"version"`
	CustomerID string         `json:"customer_id"`
	Trip       itinerary.Trip `json:"trip"`
	CreatedAt  time.Time      `json:"created_at"`
}

// QuoteVersion is one issued version of a quote for a trip version.
// Versions are immutable; at most one version of a quote is accepted.
type QuoteVersion struct {
	Tenant      TenantID      `json:"tenant"`
	QuoteID     string        `json:"quote_id"`
	Version     int           `json:"version"`
	TripID      string        `json:"trip_id"`
	TripVersion int           `json:"trip_version"`
	CustomerID  string        `json:"customer_id"`
	Quote       pricing.Quote `json:"quote"`
	CreatedAt   time.Time     `json:"created_at"`
	// AcceptedAt is set on the accepted version, when loaded.
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
}

// Event types written to the outbox.
const (
	EventCustomerSaved = "customer.saved"
	EventTripProposed  = "trip.proposed"
	EventQuoteIssued   = "quote.issued"
	EventQuoteAccepted = "quote.accepted"
	// EventComplaintOpened: a complaint was received.
	EventComplaintOpened = "complaint.opened"
	// EventSLAAtRisk and EventSLABreached are raised by the SLA sweep, once
	// per complaint and target.
	EventSLAAtRisk   = "sla.at_risk"
	EventSLABreached = "sla.breached"
)

// Event is a change worth telling someone about, written to the outbox in
// the transaction of the change and delivered at least once afterwards. ID
// is the idempotency key receivers see.
type Event struct {
	ID          string          `json:"id"`
	Tenant      TenantID        `json:"tenant"`
	Type        string          `json:"type"`
	AggregateID string          `json:"aggregate_id"`
	Language    Language        `json:"language"`
	Payload     json.RawMessage `json:"payload"`
	CreatedAt   time.Time       `json:"created_at"`
	// Delivery state, kept by the store.
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	DeadAt        *time.Time `json:"dead_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	// LeasedUntil is set on a claimed event: the lease its claimer holds.
	LeasedUntil time.Time `json:"-"`
}
