package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking/contract"
)

func travelContract(t *testing.T, tenant agency.TenantID, number string, supplement int, ref string) agency.TravelContractRecord {
	rec := bookingRecord(t, tenant, ref, "option", time.Time{})
	return agency.TravelContractRecord{Tenant: tenant, UpdatedAt: at(t),
		Contract: contract.Contract{Number: number, Supplement: supplement, Template: "GF-2014-2402", Edition: "2014", Booking: ref,
			Revision: supplement + 1, Agency: contract.Agency{Name: "北京环球旅行社", Licence: "L-BJ-CJ00123"},
			Travellers: []contract.Traveller{{ID: "t1", Surname: "王", GivenNames: "磊", DocumentNumber: "E12345678"}},
			Price:      contract.Price{Total: rec.Booking.Total, Adult: rec.Booking.Total, Adults: 1}, Schedule: rec.Ledger.Schedule},
		Validations: []agency.ContractValidation{{At: at(t), Result: contract.Result{Template: "GF-2014-2402", Edition: "2014",
			Findings: []contract.Finding{{Code: contract.MissingLicenceNo, Severity: contract.Blocking, Field: "agency.licence", Message: "missing"}}}}}}
}

// travelContractsRoundTrip: contracts and supplements keep their
// validations and version; a stale or duplicate save is ErrConflict; a
// booking lists its contracts in order; tenants stay apart; a rolled-back
// save leaves nothing.
func travelContractsRoundTrip(t *testing.T, s agency.Store) {
	ctx := context.Background()
	r := s.TravelContracts()
	first, err := r.Save(ctx, travelContract(t, tenantA, "HT-1", 0, "TK-1"))
	if err != nil || first.Version != 1 {
		t.Fatalf("save: %+v %v", first, err)
	}
	if _, err := r.Save(ctx, travelContract(t, tenantA, "HT-1", 0, "TK-1")); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := r.Save(ctx, travelContract(t, tenantA, "HT-1", 1, "TK-1")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Save(ctx, travelContract(t, tenantB, "HT-1", 0, "TK-1")); err != nil {
		t.Fatal(err)
	}
	got, err := r.Get(ctx, tenantA, "HT-1", 0)
	if err != nil || got.Version != 1 || got.Blocking() != 1 || got.Contract.Travellers[0].DocumentNumber != "E12345678" ||
		!got.Contract.Price.Total.Equal(first.Contract.Price.Total) || got.Validations[0].Result.Findings[0].Code != contract.MissingLicenceNo {
		t.Fatalf("get: %+v %v", got, err)
	}
	signed := at(t).Add(time.Hour)
	got.Contract.SignedAt = &signed
	got.Validations = append(got.Validations, agency.ContractValidation{At: signed, Result: contract.Result{Template: "GF-2014-2402"}})
	upd, err := r.Save(ctx, got)
	if err != nil || upd.Version != 2 {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if _, err := r.Save(ctx, got); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale update: %v", err)
	}
	again, err := r.Get(ctx, tenantA, "HT-1", 0)
	if err != nil || again.Version != 2 || again.Blocking() != 0 || !again.EverBlocked() || len(again.Validations) != 2 || again.Contract.SignedAt == nil ||
		!again.Contract.SignedAt.Equal(signed) {
		t.Errorf("after update: %+v %v", again, err)
	}
	list, err := r.ForBooking(ctx, tenantA, "TK-1")
	if err != nil || len(list) != 2 || list[0].Contract.Supplement != 0 || list[1].Contract.Supplement != 1 || list[0].Version != 2 {
		t.Errorf("for booking: %+v %v", list, err)
	}
	if _, err := r.Get(ctx, tenantA, "HT-1", 5); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown supplement: %v", err)
	}
	boom := errors.New("boom")
	err = s.InTx(ctx, func(tx agency.Store) error {
		if _, err := tx.TravelContracts().Save(ctx, travelContract(t, tenantA, "HT-2", 0, "TK-2")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, tenantA, "HT-2", 0); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("rolled-back contract: %v", err)
	}
	bad := travelContract(t, tenantA, "HT-3", 0, "TK-3")
	bad.Contract.Staff.Name = "bad\x00name"
	if _, err := r.Save(ctx, bad); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("NUL in a contract: %v", err)
	}
}
