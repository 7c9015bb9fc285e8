package agency

import (
	"context"
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/supplier"
)

// Suppliers keeps the suppliers the agency buys from and their contracts
// (cooperation agreements, 合作协议, as immutable versions), checks them
// against the company's procurement standards, and evaluates suppliers
// from what they did (供应商评价报告).
type Suppliers struct{ c *core }

// SupplierChange replaces a supplier's details at Version.
type SupplierChange struct {
	Version  int               `json:"version"`
	Supplier supplier.Supplier `json:"supplier"`
}

// SupplierQuery lists suppliers by ID.
type SupplierQuery struct {
	Page PageRequest `json:"page"`
}

// ContractRef names a supplier contract version; Version 0 means the
// latest.
type ContractRef struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
}

// ContractQuery lists a supplier's contract versions.
type ContractQuery struct {
	SupplierID string      `json:"supplier_id"`
	Page       PageRequest `json:"page"`
}

// ComplianceCheck asks whether a supplier and the latest version of a
// contract meet the procurement standards for a service on a day; Score is
// the supplier's latest evaluation score (nil: none).
type ComplianceCheck struct {
	SupplierID string             `json:"supplier_id"`
	ContractID string             `json:"contract_id"`
	On         date.Date          `json:"on"`
	Score      *decimal.Decimal   `json:"score,omitempty"`
	Standards  supplier.Standards `json:"standards"`
}

// EvaluationRequest asks for a supplier's scorecard for the scheme's
// period that holds Day (in the agency's zone).
type EvaluationRequest struct {
	SupplierID string          `json:"supplier_id"`
	Day        date.Date       `json:"day"`
	Scheme     supplier.Scheme `json:"scheme"`
}

// Create validates and stores a new supplier and records supplier.saved;
// creating it again with the same details returns it.
func (s Suppliers) Create(ctx context.Context, tenant TenantID, sp supplier.Supplier) (SupplierRecord, error) {
	if err := sp.Validate(); err != nil {
		return SupplierRecord{}, err
	}
	var out SupplierRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, created, err := create(u, storage.Suppliers(), []any{sp.ID}, SupplierRecord{Tenant: tenant, Supplier: sp, UpdatedAt: u.now},
			func(st SupplierRecord) bool { return sameJSON(st.Supplier, sp) })
		out = rec
		if err != nil || !created {
			return err
		}
		return u.internal(sp.ID, events.SupplierSaved{SupplierID: sp.ID, Name: sp.Name, Version: rec.Version})
	})
	return out, err
}

// Update replaces a supplier's details at the version they were read at
// and records supplier.saved.
func (s Suppliers) Update(ctx context.Context, tenant TenantID, ch SupplierChange) (SupplierRecord, error) {
	if ch.Version < 1 {
		return SupplierRecord{}, problem.One(ErrInvalid, "version", "required", "name the version changed")
	}
	if err := ch.Supplier.Validate(); err != nil {
		return SupplierRecord{}, err
	}
	var out SupplierRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		if out, err = storage.Suppliers().Put(u.ctx, u.tx, tenant, SupplierRecord{Tenant: tenant, Supplier: ch.Supplier, Version: ch.Version,
			UpdatedAt: u.now}); err != nil {
			return err
		}
		return u.internal(out.Supplier.ID, events.SupplierSaved{SupplierID: out.Supplier.ID, Name: out.Supplier.Name, Version: out.Version})
	})
	return out, err
}

// Get returns a supplier.
func (s Suppliers) Get(ctx context.Context, tenant TenantID, id string) (SupplierRecord, error) {
	return read(s.c, ctx, tenant, storage.Suppliers(), id)
}

// List returns one page of suppliers by ID.
func (s Suppliers) List(ctx context.Context, tenant TenantID, q SupplierQuery) (Page[SupplierRecord], error) {
	return list(s.c, ctx, tenant, storage.Suppliers(), storage.Query{Page: q.Page})
}

// AddContract validates a contract of a known supplier and stores it as
// its next version (Contract.Version = latest + 1, 1 for a new contract):
// what a confirmed booking agreed to stays as it was. Adding a stored
// version again with the same terms returns it; other terms are
// ErrConflict.
func (s Suppliers) AddContract(ctx context.Context, tenant TenantID, c supplier.Contract) (SupplierContract, error) {
	if err := c.Validate(); err != nil {
		return SupplierContract{}, err
	}
	var out SupplierContract
	err := s.c.change(ctx, tenant, func(u *unit) error {
		if _, err := storage.Suppliers().Get(u.ctx, u.tx, tenant, c.SupplierID); err != nil {
			return fmt.Errorf("contract %s: %w", problem.Clip(c.ID), err)
		}
		v, created, err := create(u, storage.SupplierContracts(), []any{c.ID, int64(c.Version)}, SupplierContract{Tenant: tenant, Contract: c,
			CreatedAt: u.now}, func(st SupplierContract) bool { return sameJSON(st.Contract, c) })
		out = v
		if err != nil || !created {
			return err
		}
		return u.internal(c.ID, events.SupplierContractAdded{SupplierID: c.SupplierID, ContractID: c.ID, Version: c.Version})
	})
	return out, err
}

// GetContract returns a supplier contract version (the latest for Version
// 0).
func (s Suppliers) GetContract(ctx context.Context, tenant TenantID, r ContractRef) (SupplierContract, error) {
	if err := s.c.ready(tenant); err != nil {
		return SupplierContract{}, err
	}
	return s.c.supplierContract(ctx, s.c.store, tenant, r)
}

func (c *core) supplierContract(ctx context.Context, st storage.Store, tenant TenantID, r ContractRef) (SupplierContract, error) {
	if r.Version == 0 {
		return storage.SupplierContracts().Latest(ctx, st, tenant, r.ID)
	}
	return storage.SupplierContracts().Get(ctx, st, tenant, r.ID, int64(r.Version))
}

// ListContracts returns one page of a supplier's contract versions, by
// contract ID then version.
func (s Suppliers) ListContracts(ctx context.Context, tenant TenantID, q ContractQuery) (Page[SupplierContract], error) {
	return list(s.c, ctx, tenant, storage.SupplierContracts(), storage.Query{Index: "supplier", Equal: []any{q.SupplierID}, Page: q.Page})
}

// CheckCompliance tests a supplier and the latest version of a contract
// against the standards; every finding comes at once.
func (s Suppliers) CheckCompliance(ctx context.Context, tenant TenantID, q ComplianceCheck) ([]supplier.Finding, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	rec, err := storage.Suppliers().Get(ctx, s.c.store, tenant, q.SupplierID)
	if err != nil {
		return nil, err
	}
	cv, err := storage.SupplierContracts().Latest(ctx, s.c.store, tenant, q.ContractID)
	if err != nil {
		return nil, err
	}
	return supplier.Check(&rec.Supplier, &cv.Contract, q.On, q.Score, q.Standards), nil
}

// Evaluate scores a supplier, named, for the scheme's period that holds
// Day (in the agency's zone), from what the store holds for that period:
// confirmation times of its allotments' holds, the services it supplied
// (by service date), invoice accuracy, complaints received then and
// charged back to it, on-request answers and release compliance. A period
// without activity is "no data", never a score.
func (s Suppliers) Evaluate(ctx context.Context, tenant TenantID, r EvaluationRequest) (supplier.Evaluation, error) {
	if err := s.c.ready(tenant); err != nil {
		return supplier.Evaluation{}, err
	}
	if err := r.Scheme.Validate(); err != nil {
		return supplier.Evaluation{}, err
	}
	rec, err := storage.Suppliers().Get(ctx, s.c.store, tenant, r.SupplierID)
	if err != nil {
		return supplier.Evaluation{}, err
	}
	from, to := supplier.PeriodOf(r.Scheme.Period, r.Day)
	p, err := s.c.store.Figures().SupplierPerformance(ctx, tenant, r.SupplierID, from.MidnightIn(s.c.zone), (to + 1).MidnightIn(s.c.zone))
	if err != nil {
		return supplier.Evaluation{}, err
	}
	ev, err := supplier.Evaluate(r.Scheme, r.SupplierID, r.Day, p)
	ev.SupplierName = rec.Supplier.Name
	return ev, err
}

// toSupplier addresses a supplier's reservations contact in the supplier's
// language (the agency's when the supplier has none), with its name.
func (u *unit) toSupplier(id string) (recipient, string, error) {
	rec, err := storage.Suppliers().Get(u.ctx, u.tx, u.tenant, id)
	if err != nil {
		return recipient{}, "", err
	}
	r := recipient{lang: u.c.lang}
	if rec.Supplier.Language != "" {
		r.lang = Language(rec.Supplier.Language)
	}
	if c, ok := rec.Supplier.Reservations(); ok {
		r.address = c.Email
	}
	return r, rec.Supplier.Name, nil
}
