package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
)

// Inquiries returns the inquiry repository.
func (s *Store) Inquiries() agency.InquiryRepo { return inquiries{s} }

type inquiries struct{ s *Store }

// inquiryCols are read with every inquiry: the columns are the truth for
// the version and the customer (a merge moves inquiries by the column).
const inquiryCols = `version, customer_id, body`

func (r inquiries) scanOne(sc scanner, id string) (agency.InquiryRecord, error) {
	var rec agency.InquiryRecord
	var version int
	var customer string
	err := r.s.scanDoc(sc, "inquiry", id, &rec, &version, &customer)
	rec.Version, rec.Inquiry.CustomerID = version, customer
	return rec, err
}

func (r inquiries) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.InquiryRecord, error) {
	return r.scanOne(r.s.queryRow(ctx, `SELECT `+inquiryCols+` FROM {inquiries} WHERE tenant = ? AND id = ?`, tenant, id), id)
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r inquiries) Save(ctx context.Context, rec agency.InquiryRecord) (agency.InquiryRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.InquiryRecord{}, err
	}
	stored := rec
	stored.Version = 0 // the column is the truth
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.InquiryRecord{}, err
	}
	q := &rec.Inquiry
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {inquiries} (tenant, id, version, customer_id, consultant, channel, lead_source, status, received_at,
			proposed, won, updated_at, body) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.Tenant, q.ID, q.CustomerID, q.Consultant,
			string(q.Channel), q.LeadSource, string(q.Status), nanos(q.ReceivedAt), flag(rec.Proposed()), flag(q.Status == inquiry.Won),
			nanos(rec.UpdatedAt), string(body)); err != nil {
			return agency.InquiryRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {inquiries} SET version = version + 1, customer_id = ?, consultant = ?, channel = ?, lead_source = ?, status = ?,
		received_at = ?, proposed = ?, won = ?, updated_at = ?, body = ? WHERE tenant = ? AND id = ? AND version = ?`,
		q.CustomerID, q.Consultant, string(q.Channel), q.LeadSource, string(q.Status), nanos(q.ReceivedAt), flag(rec.Proposed()),
		flag(q.Status == inquiry.Won), nanos(rec.UpdatedAt), string(body), rec.Tenant, q.ID, rec.Version)
	if err != nil {
		return agency.InquiryRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.InquiryRecord{}, fmt.Errorf("%w: inquiry %s is not at version %d", agency.ErrConflict, q.ID, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r inquiries) list(ctx context.Context, what, query string, args ...any) ([]agency.InquiryRecord, error) {
	rows, err := r.s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.InquiryRecord
	for rows.Next() {
		rec, err := r.scanOne(rows, what)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

func (r inquiries) ForCustomer(ctx context.Context, tenant agency.TenantID, customerID string) ([]agency.InquiryRecord, error) {
	return r.list(ctx, "of customer "+customerID, `SELECT `+inquiryCols+` FROM {inquiries} WHERE tenant = ? AND customer_id = ?
		ORDER BY received_at, id`, tenant, customerID)
}

func (r inquiries) Period(ctx context.Context, tenant agency.TenantID, consultant string, from, to time.Time) ([]agency.InquiryRecord, error) {
	if consultant == "" {
		return r.list(ctx, "in the period", `SELECT `+inquiryCols+` FROM {inquiries} WHERE tenant = ? AND received_at >= ? AND received_at < ?
			ORDER BY received_at, id`, tenant, nanos(from), nanos(to))
	}
	return r.list(ctx, "of "+consultant, `SELECT `+inquiryCols+` FROM {inquiries} WHERE tenant = ? AND consultant = ? AND received_at >= ?
		AND received_at < ? ORDER BY received_at, id`, tenant, consultant, nanos(from), nanos(to))
}

func (r inquiries) Conversion(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]agency.Conversion, error) {
	rows, err := r.s.query(ctx, `SELECT consultant, channel, lead_source, COUNT(*), SUM(proposed), SUM(won) FROM {inquiries}
		WHERE tenant = ? AND received_at >= ? AND received_at < ? GROUP BY consultant, channel, lead_source
		ORDER BY consultant, channel, lead_source`, tenant, nanos(from), nanos(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []agency.Conversion{}
	for rows.Next() {
		var c agency.Conversion
		var channel string
		if err := rows.Scan(&c.Consultant, &channel, &c.LeadSource, &c.Inquiries, &c.Proposed, &c.Won); err != nil {
			return nil, r.s.translate(err)
		}
		c.Channel = inquiry.Channel(channel)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (r inquiries) MoveCustomer(ctx context.Context, tenant agency.TenantID, from, into string) (int, error) {
	res, err := r.s.exec(ctx, `UPDATE {inquiries} SET customer_id = ?, version = version + 1 WHERE tenant = ? AND customer_id = ?`, into, tenant, from)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (r inquiries) SaveProduct(ctx context.Context, rec agency.ProductRecord) (agency.ProductRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ProductRecord{}, err
	}
	stored := rec
	stored.Version = 0
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.ProductRecord{}, err
	}
	id := rec.Product.ID
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {products} (tenant, id, version, updated_at, body) VALUES (?, ?, 1, ?, ?)`,
			rec.Tenant, id, nanos(rec.UpdatedAt), string(body)); err != nil {
			return agency.ProductRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {products} SET version = version + 1, updated_at = ?, body = ? WHERE tenant = ? AND id = ? AND version = ?`,
		nanos(rec.UpdatedAt), string(body), rec.Tenant, id, rec.Version)
	if err != nil {
		return agency.ProductRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.ProductRecord{}, fmt.Errorf("%w: product %s is not at version %d", agency.ErrConflict, id, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r inquiries) Products(ctx context.Context, tenant agency.TenantID) ([]agency.ProductRecord, error) {
	rows, err := r.s.query(ctx, `SELECT version, body FROM {products} WHERE tenant = ? ORDER BY id`, tenant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.ProductRecord
	for rows.Next() {
		var rec agency.ProductRecord
		var version int
		if err := r.s.scanDoc(rows, "product", "in the catalogue", &rec, &version); err != nil {
			return nil, err
		}
		rec.Version = version
		out = append(out, rec)
	}
	return out, rows.Err()
}

func (r inquiries) Product(ctx context.Context, tenant agency.TenantID, id string) (agency.ProductRecord, error) {
	var rec agency.ProductRecord
	var version int
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, body FROM {products} WHERE tenant = ? AND id = ?`, tenant, id), "product", id, &rec, &version)
	rec.Version = version
	return rec, err
}
