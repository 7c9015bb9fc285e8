package agency

import (
	"context"
	"time"

	"github.com/travelkit/travelkit/supplier"
)

// SupplierRecord is a stored supplier with its version.
type SupplierRecord struct {
	Tenant    TenantID          `json:"tenant"`
	Supplier  supplier.Supplier `json:"supplier"`
	Version   int               `json:"version"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// ContractVersion is one immutable version of a supplier contract: an edit
// is the next version, so what a confirmed booking agreed to stays as it
// was.
type ContractVersion struct {
	Tenant    TenantID          `json:"tenant"`
	Contract  supplier.Contract `json:"contract"`
	CreatedAt time.Time         `json:"created_at"`
}

// SupplierRepo keeps suppliers.
type SupplierRepo interface {
	// Get returns a supplier; ErrNotFound when the tenant has none.
	Get(ctx context.Context, tenant TenantID, id string) (SupplierRecord, error)
	// Save inserts (Version 0) or updates (Version = the stored version) a
	// supplier and returns it with its new version; stale or duplicate is
	// ErrConflict.
	Save(ctx context.Context, r SupplierRecord) (SupplierRecord, error)
	// Performance gathers, by the store's queries, what the supplier did in
	// the instants [from, to): confirmation times and bookings of its
	// allotments' holds confirmed then, invoice lines issued then (and how
	// many matched their cost line within tolerance), complaints received
	// then whose compensation is charged back to it, on-request requests
	// made then and answered (and how many were accepted), and allotment
	// nights whose release date fell then (and how many the supplier did
	// not stop-sell before it).
	Performance(ctx context.Context, tenant TenantID, supplierID string, from, to time.Time) (supplier.Performance, error)
}

// ContractRepo keeps contract versions.
type ContractRepo interface {
	// Add stores the next version (Contract.Version = latest + 1, 1 for a
	// new contract), else ErrConflict.
	Add(ctx context.Context, v ContractVersion) error
	// Get returns one version; ErrNotFound when it does not exist.
	Get(ctx context.Context, tenant TenantID, id string, version int) (ContractVersion, error)
	// Latest returns the newest version; ErrNotFound for an unknown contract.
	Latest(ctx context.Context, tenant TenantID, id string) (ContractVersion, error)
}
