package agency

import (
	"context"

	"github.com/travelkit/travelkit/supplier"
)

// InvoiceRecord is a supplier invoice as recorded, with its match against
// the expected cost lines.
type InvoiceRecord struct {
	Tenant  TenantID         `json:"tenant"`
	Invoice supplier.Invoice `json:"invoice"`
	Match   supplier.Match   `json:"match"`
}

// PayableRepo keeps the expected cost lines frozen at confirmation and the
// supplier invoices matched to them.
type PayableRepo interface {
	// AddCostLine stores a frozen cost line; it never changes afterwards. A
	// duplicate ID is ErrConflict.
	AddCostLine(ctx context.Context, tenant TenantID, l supplier.CostLine) error
	// CostLines returns the supplier's cost lines of the listed bookings
	// (all its lines when bookings is empty), ordered by ID.
	CostLines(ctx context.Context, tenant TenantID, supplierID string, bookings []string) ([]supplier.CostLine, error)
	// AddInvoice stores an invoice with its match; a duplicate ID is
	// ErrConflict.
	AddInvoice(ctx context.Context, r InvoiceRecord) error
	// Invoice returns one; ErrNotFound when the tenant has none.
	Invoice(ctx context.Context, tenant TenantID, id string) (InvoiceRecord, error)
}
