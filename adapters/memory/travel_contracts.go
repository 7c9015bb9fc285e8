package memory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/travelkit/travelkit/agency"
)

// TravelContracts returns the travel-contract repository.
func (s *Store) TravelContracts() agency.TravelContractRepo { return travelContracts{s} }

type travelContracts struct{ s *Store }

func pickTravelContracts(st *state) map[string]agency.TravelContractRecord { return st.travelCons }

func (r travelContracts) Get(ctx context.Context, tenant agency.TenantID, number string, supplement int) (agency.TravelContractRecord, error) {
	if err := texts(string(tenant), number); err != nil {
		return agency.TravelContractRecord{}, err
	}
	var out agency.TravelContractRecord
	err := r.s.do(ctx, func(tx *Store) error {
		rec, ok := lookup(tx, pickTravelContracts, key(string(tenant), number, strconv.Itoa(supplement)))
		if !ok {
			return fmt.Errorf("%w: contract %s supplement %d", agency.ErrNotFound, number, supplement)
		}
		out = rec
		return nil
	})
	return deepCopy(out), err
}

func (r travelContracts) Save(ctx context.Context, rec agency.TravelContractRecord) (agency.TravelContractRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.TravelContractRecord{}, err
	}
	c := &rec.Contract
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(rec.Tenant), c.Number, strconv.Itoa(c.Supplement))
		cur, ok := lookup(tx, pickTravelContracts, k)
		switch {
		case rec.Version == 0 && ok:
			return fmt.Errorf("%w: contract %s supplement %d already exists", agency.ErrConflict, c.Number, c.Supplement)
		case rec.Version > 0 && (!ok || cur.Version != rec.Version):
			return fmt.Errorf("%w: contract %s supplement %d is not at version %d", agency.ErrConflict, c.Number, c.Supplement, rec.Version)
		}
		rec.Version++
		tx.over.travelCons[k] = deepCopy(rec)
		return nil
	})
	if err != nil {
		return agency.TravelContractRecord{}, err
	}
	return rec, nil
}

func (r travelContracts) ForBooking(ctx context.Context, tenant agency.TenantID, reference string) ([]agency.TravelContractRecord, error) {
	if err := texts(string(tenant), reference); err != nil {
		return nil, err
	}
	var out []agency.TravelContractRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickTravelContracts) {
			if rec.Tenant == tenant && rec.Contract.Booking == reference {
				out = append(out, deepCopy(rec))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.TravelContractRecord) int {
		return cmp.Or(strings.Compare(a.Contract.Number, b.Contract.Number), cmp.Compare(a.Contract.Supplement, b.Contract.Supplement))
	})
	return out, err
}
