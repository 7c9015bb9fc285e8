package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/supplier"
)

// Suppliers returns the supplier repository.
func (s *Store) Suppliers() agency.SupplierRepo { return suppliers{s} }

// Contracts returns the contract repository.
func (s *Store) Contracts() agency.ContractRepo { return contracts{s} }

type suppliers struct{ s *Store }

func (r suppliers) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.SupplierRecord, error) {
	rec := agency.SupplierRecord{Tenant: tenant}
	var updated int64
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, updated_at, body FROM {suppliers} WHERE tenant = ? AND id = ?`, tenant, id),
		"supplier", id, &rec.Supplier, &rec.Version, &updated)
	rec.UpdatedAt = fromNanos(updated)
	return rec, err
}

func (r suppliers) Save(ctx context.Context, rec agency.SupplierRecord) (agency.SupplierRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.SupplierRecord{}, err
	}
	body, err := json.Marshal(rec.Supplier)
	if err != nil {
		return agency.SupplierRecord{}, err
	}
	sp := &rec.Supplier
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {suppliers} (tenant, id, version, status, updated_at, body) VALUES (?, ?, 1, ?, ?, ?)`,
			rec.Tenant, sp.ID, string(sp.Status), nanos(rec.UpdatedAt), string(body)); err != nil {
			return agency.SupplierRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {suppliers} SET version = version + 1, status = ?, updated_at = ?, body = ? WHERE tenant = ? AND id = ? AND version = ?`,
		string(sp.Status), nanos(rec.UpdatedAt), string(body), rec.Tenant, sp.ID, rec.Version)
	if err != nil {
		return agency.SupplierRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.SupplierRecord{}, fmt.Errorf("%w: supplier %s is not at version %d", agency.ErrConflict, sp.ID, rec.Version)
	}
	rec.Version++
	return rec, nil
}

type contracts struct{ s *Store }

func (r contracts) Add(ctx context.Context, v agency.ContractVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	body, err := json.Marshal(v.Contract)
	if err != nil {
		return err
	}
	c := &v.Contract
	return r.s.insertVersion(ctx, "{contract_versions}", "contract_id", `tenant, contract_id, version, supplier_id, created_at, body`,
		`?, ?, CAST(? AS INTEGER), ?, CAST(? AS BIGINT), ?`, v.Tenant, c.ID, c.Version,
		v.Tenant, c.ID, c.Version, c.SupplierID, nanos(v.CreatedAt), string(body))
}

func (r contracts) scan(row scanner, tenant agency.TenantID, id string) (agency.ContractVersion, error) {
	v := agency.ContractVersion{Tenant: tenant}
	var created int64
	err := r.s.scanDoc(row, "contract", id, &v.Contract, &created)
	v.CreatedAt = fromNanos(created)
	return v, err
}

func (r contracts) Get(ctx context.Context, tenant agency.TenantID, id string, version int) (agency.ContractVersion, error) {
	return r.scan(r.s.queryRow(ctx, `SELECT created_at, body FROM {contract_versions} WHERE tenant = ? AND contract_id = ? AND version = ?`,
		tenant, id, version), tenant, id)
}

func (r contracts) Latest(ctx context.Context, tenant agency.TenantID, id string) (agency.ContractVersion, error) {
	return r.scan(r.s.queryRow(ctx, `SELECT created_at, body FROM {contract_versions} WHERE tenant = ? AND contract_id = ?
		ORDER BY version DESC LIMIT 1`, tenant, id), tenant, id)
}

func (r suppliers) Performance(ctx context.Context, tenant agency.TenantID, supplierID string, from, to time.Time) (supplier.Performance, error) {
	var p supplier.Performance
	rows, err := r.s.query(ctx, `SELECT h.confirmed_at - h.created_at FROM {holds} h JOIN {allotments} a ON a.tenant = h.tenant AND a.id = h.allotment_id
		WHERE h.tenant = ? AND a.supplier_id = ? AND h.confirmed_at >= ? AND h.confirmed_at < ?`, tenant, supplierID, nanos(from), nanos(to))
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return p, r.s.translate(err)
		}
		p.Confirmations = append(p.Confirmations, time.Duration(d))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, r.s.translate(err)
	}
	p.Bookings = len(p.Confirmations)
	// Requests answered: accepted (confirmed at some point) or declined.
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN h.confirmed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM {holds} h JOIN {allotments} a ON a.tenant = h.tenant AND a.id = h.allotment_id
		WHERE h.tenant = ? AND a.supplier_id = ? AND h.on_request = 1 AND (h.confirmed_at IS NOT NULL OR h.state = 'declined')
		AND h.created_at >= ? AND h.created_at < ?`, tenant, supplierID, nanos(from), nanos(to)).Scan(&p.OnRequestAsked, &p.OnRequestAccepted); err != nil {
		return p, r.s.translate(err)
	}
	first, last := date.NewAt(from), date.NewAt(to.Add(-time.Nanosecond))
	if err := r.s.queryRow(ctx, `SELECT COALESCE(SUM(lines), 0), COALESCE(SUM(lines_exact), 0) FROM {invoices}
		WHERE tenant = ? AND supplier_id = ? AND issued >= ? AND issued <= ?`, tenant, supplierID, int64(first), int64(last)).Scan(&p.InvoiceLines, &p.InvoiceLinesExact); err != nil {
		return p, r.s.translate(err)
	}
	if err := r.s.queryRow(ctx, `SELECT COUNT(*) FROM {complaints} WHERE tenant = ? AND charged_back_to = ? AND received_at >= ? AND received_at < ?`,
		tenant, supplierID, nanos(from), nanos(to)).Scan(&p.ChargedBack); err != nil {
		return p, r.s.translate(err)
	}
	// Allotment nights whose release date fell in the period, and those the
	// supplier did not stop-sell before it.
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN n.stop_sold_on IS NOT NULL AND n.stop_sold_on < n.night - a.release_days THEN 0 ELSE 1 END), 0)
		FROM {allotment_nights} n JOIN {allotments} a ON a.tenant = n.tenant AND a.id = n.allotment_id
		WHERE n.tenant = ? AND a.supplier_id = ? AND a.kind = 'allotment' AND n.night - a.release_days >= ? AND n.night - a.release_days <= ?`,
		tenant, supplierID, int64(first), int64(last)).Scan(&p.Releases, &p.ReleasesOnTime); err != nil {
		return p, r.s.translate(err)
	}
	return p, nil
}
