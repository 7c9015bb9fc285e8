package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/supplier"
)

// Payables returns the payables repository.
func (s *Store) Payables() agency.PayableRepo { return payables{s} }

type payables struct{ s *Store }

func (r payables) AddCostLine(ctx context.Context, tenant agency.TenantID, l supplier.CostLine) error {
	if err := agency.CheckText(l); err != nil {
		return err
	}
	minor, err := l.Expected.MinorUnits()
	if err != nil {
		return fmt.Errorf("%w: cost line %s: %v", agency.ErrInvalid, l.ID, err)
	}
	body, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, `INSERT INTO {cost_lines} (tenant, id, supplier_id, booking, currency, expected_minor, frozen_at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tenant, l.ID, l.SupplierID, l.Booking, l.Expected.Currency().Code(), minor, nanos(l.FrozenAt), string(body))
	return err
}

func (r payables) CostLines(ctx context.Context, tenant agency.TenantID, supplierID string, bookings []string) ([]supplier.CostLine, error) {
	rows, err := r.s.query(ctx, `SELECT booking, body FROM {cost_lines} WHERE tenant = ? AND supplier_id = ? ORDER BY id`, tenant, supplierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supplier.CostLine
	for rows.Next() {
		var booking, body string
		if err := rows.Scan(&booking, &body); err != nil {
			return nil, r.s.translate(err)
		}
		if len(bookings) > 0 && !slices.Contains(bookings, booking) {
			continue
		}
		var l supplier.CostLine
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			return nil, fmt.Errorf("sqlstore: stored cost line: %w", err)
		}
		out = append(out, l)
	}
	return out, r.s.translate(rows.Err())
}

func (r payables) AddInvoice(ctx context.Context, rec agency.InvoiceRecord) error {
	if err := agency.CheckText(rec); err != nil {
		return err
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	exact := 0
	for _, v := range rec.Match.Variances {
		if !v.Flagged {
			exact++
		}
	}
	_, err = r.s.exec(ctx, `INSERT INTO {invoices} (tenant, id, supplier_id, issued, lines, lines_exact, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		rec.Tenant, rec.Invoice.ID, rec.Invoice.SupplierID, int64(rec.Invoice.Issued), len(rec.Match.Variances), exact, string(body))
	return err
}

func (r payables) Invoice(ctx context.Context, tenant agency.TenantID, id string) (agency.InvoiceRecord, error) {
	var rec agency.InvoiceRecord
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT body FROM {invoices} WHERE tenant = ? AND id = ?`, tenant, id), "invoice", id, &rec)
	return rec, err
}
