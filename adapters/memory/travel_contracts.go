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
	return getRecord(ctx, r.s, pickTravelContracts, key(string(tenant), number, strconv.Itoa(supplement)),
		fmt.Sprintf("contract %s supplement %d", number, supplement))
}

func (r travelContracts) Save(ctx context.Context, rec agency.TravelContractRecord) (agency.TravelContractRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.TravelContractRecord{}, err
	}
	c := &rec.Contract
	return saveVersioned(ctx, r.s, pickTravelContracts, key(string(rec.Tenant), c.Number, strconv.Itoa(c.Supplement)),
		fmt.Sprintf("contract %s supplement %d", c.Number, c.Supplement), rec, func(t *agency.TravelContractRecord) *int { return &t.Version })
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
