package agency

import "github.com/travelkit/travelkit/agency/storage"

// The records the agency keeps, as storage defines them: every service
// returns and takes these.
type (
	// TenantID identifies an agency; every record belongs to one.
	TenantID = storage.TenantID
	// Language is a person's language for documents and notifications.
	Language = storage.Language
	// Customer is a person or company the agency serves.
	Customer = storage.Customer
	// TripVersion is one saved proposal of a trip.
	TripVersion = storage.TripVersion
	// QuoteVersion is one issued version of a quote.
	QuoteVersion = storage.QuoteVersion
	// Alerts records which SLA alerts a complaint has raised.
	Alerts = storage.Alerts
	// ComplaintRecord is a stored complaint with its SLA bookkeeping.
	ComplaintRecord = storage.ComplaintRecord
	// FollowUpRecord is a follow-up visit as stored.
	FollowUpRecord = storage.FollowUpRecord
	// SupplierRecord is a stored supplier.
	SupplierRecord = storage.SupplierRecord
	// SupplierContract is one version of a supplier contract.
	SupplierContract = storage.SupplierContract
	// InvoiceRecord is a supplier invoice with its match.
	InvoiceRecord = storage.InvoiceRecord
	// BookingRecord is a booking with its payment ledger.
	BookingRecord = storage.BookingRecord
	// BookingSummary is a booking as a list shows it.
	BookingSummary = storage.BookingSummary
	// TravelContractRecord is a travel contract signed with a customer.
	TravelContractRecord = storage.TravelContractRecord
	// ContractValidation is one validation of a travel contract.
	ContractValidation = storage.ContractValidation
	// InquiryRecord is an inquiry as stored.
	InquiryRecord = storage.InquiryRecord
	// ProductRecord is a catalogue product as stored.
	ProductRecord = storage.ProductRecord
	// ReportRecord is a market research report with its author.
	ReportRecord = storage.ReportRecord
	// PlanRecord is a consultant's sales plan for a month.
	PlanRecord = storage.PlanRecord
	// Conversion counts inquiries, proposals and bookings.
	Conversion = storage.Conversion
	// Event is an outbox event.
	Event = storage.Event
	// EventState is where an event is in delivery.
	EventState = storage.EventState
	// PageRequest asks for one page of a listing.
	PageRequest = storage.PageRequest
)

// Page is one page of a listing; Next is "" on the last page.
type Page[T any] = storage.Page[T]

// Languages every document and notification is written in.
const (
	Chinese            = storage.Chinese
	English            = storage.English
	ChineseTraditional = storage.ChineseTraditional
)

// Languages are the languages a customer may read, every document and
// notification written in each.
func Languages() []Language { return []Language{Chinese, ChineseTraditional, English} }

// Event delivery states.
const (
	EventPending   = storage.EventPending
	EventDelivered = storage.EventDelivered
	EventDead      = storage.EventDead
)

// Page sizes of every listing.
const (
	DefaultPageSize = storage.DefaultPageSize
	MaxPageSize     = storage.MaxPageSize
)

// SLA alerts a complaint raises, each once.
const (
	AlertFirstResponseAtRisk   = storage.AlertFirstResponseAtRisk
	AlertFirstResponseBreached = storage.AlertFirstResponseBreached
	AlertResolutionAtRisk      = storage.AlertResolutionAtRisk
	AlertResolutionBreached    = storage.AlertResolutionBreached
)
