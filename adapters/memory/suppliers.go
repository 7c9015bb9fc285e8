package memory

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

func pickSuppliers(st *state) map[string]agency.SupplierRecord { return st.suppliers }

func (r suppliers) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.SupplierRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.SupplierRecord{}, err
	}
	var out agency.SupplierRecord
	err := r.s.do(ctx, func(tx *Store) error {
		rec, ok := lookup(tx, pickSuppliers, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: supplier %s", agency.ErrNotFound, id)
		}
		out = rec
		return nil
	})
	return deepCopy(out), err
}

func (r suppliers) Save(ctx context.Context, rec agency.SupplierRecord) (agency.SupplierRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.SupplierRecord{}, err
	}
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(rec.Tenant), rec.Supplier.ID)
		cur, ok := lookup(tx, pickSuppliers, k)
		switch {
		case rec.Version == 0 && ok:
			return fmt.Errorf("%w: supplier %s already exists", agency.ErrConflict, rec.Supplier.ID)
		case rec.Version > 0 && (!ok || cur.Version != rec.Version):
			return fmt.Errorf("%w: supplier %s is not at version %d", agency.ErrConflict, rec.Supplier.ID, rec.Version)
		}
		rec.Version++
		tx.over.suppliers[k] = deepCopy(rec)
		return nil
	})
	if err != nil {
		return agency.SupplierRecord{}, err
	}
	return rec, nil
}

type contracts struct{ s *Store }

func pickContracts(st *state) map[string]agency.ContractVersion { return st.contracts }
func pickContractTop(st *state) map[string]int                  { return st.contractTop }

func (r contracts) Add(ctx context.Context, v agency.ContractVersion) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		top, _ := lookup(tx, pickContractTop, key(string(v.Tenant), v.Contract.ID))
		if v.Contract.Version != top+1 {
			return fmt.Errorf("%w: contract %s is at version %d; cannot add version %d", agency.ErrConflict, v.Contract.ID, top, v.Contract.Version)
		}
		tx.over.contracts[versionKey(v.Tenant, v.Contract.ID, v.Contract.Version)] = deepCopy(v)
		tx.over.contractTop[key(string(v.Tenant), v.Contract.ID)] = v.Contract.Version
		return nil
	})
}

func (r contracts) Get(ctx context.Context, tenant agency.TenantID, id string, version int) (agency.ContractVersion, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.ContractVersion{}, err
	}
	var out agency.ContractVersion
	err := r.s.do(ctx, func(tx *Store) error {
		v, ok := lookup(tx, pickContracts, versionKey(tenant, id, version))
		if !ok {
			return fmt.Errorf("%w: contract %s version %d", agency.ErrNotFound, id, version)
		}
		out = v
		return nil
	})
	return deepCopy(out), err
}

func (r contracts) Latest(ctx context.Context, tenant agency.TenantID, id string) (agency.ContractVersion, error) {
	top, err := r.s.topVersion(ctx, pickContractTop, tenant, id)
	if err != nil {
		return agency.ContractVersion{}, err
	}
	if top == 0 {
		return agency.ContractVersion{}, fmt.Errorf("%w: contract %s", agency.ErrNotFound, id)
	}
	return r.Get(ctx, tenant, id, top)
}

// deepCopy copies a record through its JSON form, so that the store never
// shares slices or maps with a caller (suppliers and contracts are small
// and written rarely).
func deepCopy[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out T
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

func (r suppliers) Performance(ctx context.Context, tenant agency.TenantID, supplierID string, from, to time.Time) (supplier.Performance, error) {
	if err := texts(string(tenant), supplierID); err != nil {
		return supplier.Performance{}, err
	}
	var p supplier.Performance
	err := r.s.do(ctx, func(tx *Store) error {
		allots := map[string]bool{}
		for _, a := range merged(tx, pickAllotments) {
			if a.SupplierID == supplierID {
				allots[a.ID] = true
			}
		}
		for _, th := range merged(tx, pickHolds) {
			h := th.Hold
			if th.Tenant != tenant || !allots[h.AllotmentID] {
				continue
			}
			if h.ConfirmedAt != nil && !h.ConfirmedAt.Before(from) && h.ConfirmedAt.Before(to) {
				p.Confirmations = append(p.Confirmations, h.ConfirmedAt.Sub(h.CreatedAt))
			}
			if h.OnRequest && (h.ConfirmedAt != nil || h.State == supplier.HoldDeclined) && !h.CreatedAt.Before(from) && h.CreatedAt.Before(to) {
				p.OnRequestAsked++
				if h.ConfirmedAt != nil {
					p.OnRequestAccepted++
				}
			}
		}
		p.Bookings = len(p.Confirmations)
		first, last := date.NewAt(from), date.NewAt(to.Add(-time.Nanosecond))
		for _, inv := range merged(tx, pickInvoices) {
			if inv.Tenant == tenant && inv.Invoice.SupplierID == supplierID && inv.Invoice.Issued >= first && inv.Invoice.Issued <= last {
				for _, v := range inv.Match.Variances {
					p.InvoiceLines++
					if !v.Flagged {
						p.InvoiceLinesExact++
					}
				}
			}
		}
		for _, spec := range merged(tx, pickAllotments) {
			if spec.SupplierID != supplierID || spec.Kind != supplier.Allotment {
				continue
			}
			days := date.Date(spec.Release.Days + (spec.Release.Hours+23)/24)
			for d := spec.From; d <= spec.To; d++ {
				n, ok := lookup(tx, pickNights, nightKey(tenant, spec.ID, d))
				if !ok || d-days < first || d-days > last {
					continue
				}
				p.Releases++
				if n.StopSoldOn == 0 || n.StopSoldOn >= d-days {
					p.ReleasesOnTime++
				}
			}
		}
		for _, rec := range merged(tx, pickComplaints) {
			c := &rec.Complaint
			if rec.Tenant == tenant && c.ChargedBackTo() == supplierID && !c.ReceivedAt.Before(from) && c.ReceivedAt.Before(to) {
				p.ChargedBack++
			}
		}
		return nil
	})
	return p, err
}
