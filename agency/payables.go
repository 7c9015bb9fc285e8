package agency

import (
	"context"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/supplier"
)

// Payables keeps what the agency owes suppliers: the expected cost lines
// frozen when a service is confirmed (at the net it was sold at, under the
// contract version it was priced from) and the supplier invoices matched
// against them with their variances.
type Payables struct{ c *core }

// CostQuery lists a supplier's cost lines, of one booking when Booking is
// set.
type CostQuery struct {
	SupplierID string      `json:"supplier_id"`
	Booking    string      `json:"booking,omitempty"`
	Page       PageRequest `json:"page"`
}

// InvoiceEntry is a supplier invoice to record, and how far its amounts
// may stray from the expected costs before a line is flagged.
type InvoiceEntry struct {
	Invoice   supplier.Invoice   `json:"invoice"`
	Tolerance supplier.Tolerance `json:"tolerance"`
}

// InvoiceQuery lists a supplier's invoices by issue date.
type InvoiceQuery struct {
	SupplierID string      `json:"supplier_id"`
	Page       PageRequest `json:"page"`
}

// ListCostLines returns one page of a supplier's cost lines, by booking then
// ID.
func (s Payables) ListCostLines(ctx context.Context, tenant TenantID, q CostQuery) (Page[supplier.CostLine], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[supplier.CostLine]{}, err
	}
	eq := []any{q.SupplierID}
	if q.Booking != "" {
		eq = append(eq, q.Booking)
	}
	return storage.CostLines().List(ctx, s.c.store, tenant, storage.Query{Index: "supplier", Equal: eq, Page: q.Page})
}

// GetCostLine returns a frozen cost line.
func (s Payables) GetCostLine(ctx context.Context, tenant TenantID, id string) (supplier.CostLine, error) {
	return read(s.c, ctx, tenant, storage.CostLines(), id)
}

// RecordInvoice matches a supplier invoice against the cost lines frozen
// for the supplier, stores it with the match and records
// payable.invoice_recorded; variances beyond the tolerance are flagged.
// Recording the same invoice again returns it.
func (s Payables) RecordInvoice(ctx context.Context, tenant TenantID, e InvoiceEntry) (InvoiceRecord, error) {
	inv := e.Invoice
	if inv.ID == "" || inv.SupplierID == "" || len(inv.Lines) == 0 {
		return InvoiceRecord{}, problem.One(ErrInvalid, "invoice", "required", "an invoice needs an ID, a supplier and lines")
	}
	var out InvoiceRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		lines, err := storage.CostLines().All(u.ctx, u.tx, tenant, storage.Query{Index: "supplier", Equal: []any{inv.SupplierID}}, maxScan)
		if err != nil {
			return err
		}
		m, err := supplier.MatchInvoice(inv, lines, e.Tolerance)
		if err != nil {
			return err
		}
		rec, created, err := create(u, storage.Invoices(), []any{inv.ID}, InvoiceRecord{Tenant: tenant, Invoice: inv, Match: m},
			func(st InvoiceRecord) bool { return sameJSON(st.Invoice, inv) })
		out = rec
		if err != nil || !created {
			return err
		}
		flagged := 0
		for _, v := range m.Variances {
			if v.Flagged {
				flagged++
			}
		}
		return u.internal(inv.ID, events.InvoiceRecorded{InvoiceID: inv.ID, SupplierID: inv.SupplierID, Number: inv.Number,
			Lines: len(inv.Lines), Flagged: flagged, Unmatched: len(m.Unmatched)})
	})
	return out, err
}

// GetInvoice returns a recorded invoice.
func (s Payables) GetInvoice(ctx context.Context, tenant TenantID, id string) (InvoiceRecord, error) {
	return read(s.c, ctx, tenant, storage.Invoices(), id)
}

// ListInvoices returns one page of a supplier's invoices by issue date.
func (s Payables) ListInvoices(ctx context.Context, tenant TenantID, q InvoiceQuery) (Page[InvoiceRecord], error) {
	return list(s.c, ctx, tenant, storage.Invoices(), storage.Query{Index: "supplier", Equal: []any{q.SupplierID}, Page: q.Page})
}
