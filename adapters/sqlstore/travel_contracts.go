package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/travelkit/travelkit/agency"
)

// TravelContracts returns the travel-contract repository.
func (s *Store) TravelContracts() agency.TravelContractRepo { return travelContracts{s} }

type travelContracts struct{ s *Store }

func (r travelContracts) Get(ctx context.Context, tenant agency.TenantID, number string, supplement int) (agency.TravelContractRecord, error) {
	var rec agency.TravelContractRecord
	var version int
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, body FROM {travel_contracts} WHERE tenant = ? AND number = ? AND supplement = ?`,
		tenant, number, supplement), "contract", fmt.Sprintf("%s supplement %d", number, supplement), &rec, &version)
	rec.Version = version // the column is the truth, not the document
	return rec, err
}

func (r travelContracts) Save(ctx context.Context, rec agency.TravelContractRecord) (agency.TravelContractRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.TravelContractRecord{}, err
	}
	stored := rec
	stored.Version = 0 // the column is the truth
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.TravelContractRecord{}, err
	}
	c := &rec.Contract
	var signed any
	if c.SignedAt != nil {
		signed = nanos(*c.SignedAt)
	}
	blocking, ever := rec.Blocking(), 0
	if rec.EverBlocked() {
		ever = 1
	}
	if rec.Version == 0 {
		issued := rec.UpdatedAt
		if len(rec.Validations) > 0 {
			issued = rec.Validations[0].At
		}
		if _, err := r.s.exec(ctx, `INSERT INTO {travel_contracts} (tenant, number, supplement, booking, version, issued_at, blocking, ever_blocked, signed_at, updated_at, body, consultant)
			VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`, rec.Tenant, c.Number, c.Supplement, c.Booking, nanos(issued), blocking, ever, signed,
			nanos(rec.UpdatedAt), string(body), rec.Consultant); err != nil {
			return agency.TravelContractRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {travel_contracts} SET version = version + 1, blocking = ?, ever_blocked = ?, signed_at = ?, updated_at = ?, body = ?, consultant = ?
		WHERE tenant = ? AND number = ? AND supplement = ? AND version = ?`, blocking, ever, signed, nanos(rec.UpdatedAt), string(body), rec.Consultant,
		rec.Tenant, c.Number, c.Supplement, rec.Version)
	if err != nil {
		return agency.TravelContractRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.TravelContractRecord{}, fmt.Errorf("%w: contract %s supplement %d is not at version %d", agency.ErrConflict, c.Number, c.Supplement, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r travelContracts) ForBooking(ctx context.Context, tenant agency.TenantID, reference string) ([]agency.TravelContractRecord, error) {
	rows, err := r.s.query(ctx, `SELECT version, body FROM {travel_contracts} WHERE tenant = ? AND booking = ? ORDER BY number, supplement`, tenant, reference)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.TravelContractRecord
	for rows.Next() {
		var rec agency.TravelContractRecord
		var version int
		if err := r.s.scanDoc(rows, "contract", "of booking "+reference, &rec, &version); err != nil {
			return nil, err
		}
		rec.Version = version
		out = append(out, rec)
	}
	return out, rows.Err()
}
