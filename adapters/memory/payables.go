package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/supplier"
)

// Payables returns the payables repository.
func (s *Store) Payables() agency.PayableRepo { return payables{s} }

type payables struct{ s *Store }

type tenantCostLine struct {
	tenant agency.TenantID
	line   supplier.CostLine
}

func pickCostLines(st *state) map[string]tenantCostLine      { return st.costLines }
func pickInvoices(st *state) map[string]agency.InvoiceRecord { return st.invoices }

func (r payables) AddCostLine(ctx context.Context, tenant agency.TenantID, l supplier.CostLine) error {
	if err := textsAnd(l, string(tenant)); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), l.ID)
		if _, ok := lookup(tx, pickCostLines, k); ok {
			return fmt.Errorf("%w: cost line %s already exists", agency.ErrConflict, l.ID)
		}
		tx.over.costLines[k] = tenantCostLine{tenant: tenant, line: l}
		return nil
	})
}

func (r payables) CostLines(ctx context.Context, tenant agency.TenantID, supplierID string, bookings []string) ([]supplier.CostLine, error) {
	if err := texts(append([]string{string(tenant), supplierID}, bookings...)...); err != nil {
		return nil, err
	}
	var out []supplier.CostLine
	err := r.s.do(ctx, func(tx *Store) error {
		for _, c := range merged(tx, pickCostLines) {
			if c.tenant == tenant && c.line.SupplierID == supplierID && (len(bookings) == 0 || slices.Contains(bookings, c.line.Booking)) {
				out = append(out, c.line)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b supplier.CostLine) int { return strings.Compare(a.ID, b.ID) })
	return out, err
}

func (r payables) AddInvoice(ctx context.Context, rec agency.InvoiceRecord) error {
	if err := agency.CheckText(rec); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(rec.Tenant), rec.Invoice.ID)
		if _, ok := lookup(tx, pickInvoices, k); ok {
			return fmt.Errorf("%w: invoice %s already exists", agency.ErrConflict, rec.Invoice.ID)
		}
		tx.over.invoices[k] = deepCopy(rec)
		return nil
	})
}

func (r payables) Invoice(ctx context.Context, tenant agency.TenantID, id string) (agency.InvoiceRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.InvoiceRecord{}, err
	}
	var out agency.InvoiceRecord
	err := r.s.do(ctx, func(tx *Store) error {
		rec, ok := lookup(tx, pickInvoices, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: invoice %s", agency.ErrNotFound, id)
		}
		out = rec
		return nil
	})
	return deepCopy(out), err
}
