package casebook

import (
	"errors"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Case1Suppliers returns the hotels of case 1 as suppliers: licensed,
// insured, active.
func Case1Suppliers() ([]supplier.Supplier, error) {
	var m money
	cover := m.of("5000000", "EUR")
	licence := func(number string) []supplier.Licence {
		return []supplier.Licence{{Kind: "hotel_operating", Number: number, From: date.New(2024, 1, 1), To: date.New(2028, 12, 31)}}
	}
	insured := []supplier.Insurance{{Insurer: "Assicurazioni Generali", Policy: "LIA-2027-77", Cover: cover, From: date.New(2027, 1, 1), To: date.New(2027, 12, 31)}}
	out := []supplier.Supplier{
		{ID: "hotel-lumiere", Name: "Hôtel Lumière Saint-Germain", Kind: supplier.Hotel, Zone: "Europe/Paris", Status: supplier.Active,
			Language: "en", Contacts: []supplier.Contact{{Name: "Claire Martin", Role: "reservations", Email: "resa@hotel-lumiere.example"}},
			Licences: licence("FR-75-1187"), Insurance: insured,
			Bank: &supplier.BankDetails{Holder: "Hôtel Lumière SAS", Bank: "BNP Paribas", Account: "FR7630004000031234567890143"}},
		{ID: "hotel-pantheon", Name: "Hotel Pantheon Garden", Kind: supplier.Hotel, Zone: "Europe/Rome", Status: supplier.Active,
			Language: "en", Contacts: []supplier.Contact{{Name: "Marco Bianchi", Role: "reservations", Email: "booking@pantheongarden.example"}},
			Licences: licence("IT-RM-0412"), Insurance: insured},
	}
	return out, errors.Join(m.errs...)
}

// Case1Contracts returns the 2027 contracts of the case-1 hotels in Paris
// and Rome. The Rome hotel has two seasons: shoulder to 4 May, high from
// 5 May, so the case-1 stay (4–7 May) prices its first night at 190 EUR
// and the next two at 215, as the pricing-only case does by hand.
func Case1Contracts() (map[string]*supplier.Contract, error) {
	var m money
	eur := m.cur("EUR")
	signed := time.Date(2026, 10, 15, 10, 0, 0, 0, time.UTC)
	policy := supplier.CancellationPolicy{Count: supplier.CalendarDays, Tiers: []supplier.Tier{
		{Days: 30, Fee: supplier.Fee{Basis: supplier.PercentOfNights, Percent: decimal.NewFromInt(100), Nights: 1}},
		{Days: 7, Fee: supplier.Fee{Basis: supplier.PercentOfTotal, Percent: decimal.NewFromInt(50)}},
		{Days: 1, Fee: supplier.Fee{Basis: supplier.PercentOfTotal, Percent: decimal.NewFromInt(100)}},
	}}
	from, to := date.New(2027, 1, 1), date.New(2027, 12, 31)
	paris := &supplier.Contract{ID: "C-LUMIERE-2027", SupplierID: "hotel-lumiere", Version: 1, ValidFrom: from, ValidTo: to,
		SignedAt: &signed, Currency: eur, Basis: supplier.Net,
		Seasons: []supplier.Season{{ID: "all-year", Name: "2027", From: from, To: to}},
		Plans: []supplier.RatePlan{{Product: "family-room", UnitType: "family-3", Occupancy: 3, Unit: pricing.PerRoomNight,
			Prices: []supplier.Prices{{Season: "all-year", Adult: m.of("260", "EUR")}}}},
		Release:      supplier.ReleaseRule{Days: 14},
		Cancellation: policy,
		Payment:      supplier.PaymentTerms{DepositPct: decimal.NewFromInt(30), BalanceDays: 30},
	}
	rome := &supplier.Contract{ID: "C-PANTHEON-2027", SupplierID: "hotel-pantheon", Version: 1, ValidFrom: from, ValidTo: to,
		SignedAt: &signed, Currency: eur, Basis: supplier.Net,
		Seasons: []supplier.Season{
			{ID: "low", Name: "winter", From: from, To: date.New(2027, 3, 31)},
			{ID: "shoulder", Name: "spring", From: date.New(2027, 4, 1), To: date.New(2027, 5, 4)},
			{ID: "high", Name: "summer", From: date.New(2027, 5, 5), To: date.New(2027, 9, 30)},
			{ID: "autumn", Name: "autumn", From: date.New(2027, 10, 1), To: to},
		},
		Plans: []supplier.RatePlan{{Product: "family-room", UnitType: "family-3", Occupancy: 3, Unit: pricing.PerRoomNight, MinStay: 2,
			Prices: []supplier.Prices{
				{Season: "low", Adult: m.of("150", "EUR")}, {Season: "shoulder", Adult: m.of("190", "EUR")},
				{Season: "high", Adult: m.of("215", "EUR")}, {Season: "autumn", Adult: m.of("180", "EUR")},
			}}},
		Release:      supplier.ReleaseRule{Days: 21},
		Cancellation: policy,
		Payment:      supplier.PaymentTerms{BalanceDays: 30, BalanceAfter: true},
		Clauses:      []supplier.Clause{{ID: "cancellation", Version: 1, Title: "Cancellation", Text: "Free until 30 days before arrival."}},
	}
	return map[string]*supplier.Contract{"hotel-lumiere": paris, "hotel-pantheon": rome}, errors.Join(m.errs...)
}

// Case1Allotments are the hotels' allotments of family rooms for May
// 2027: two a night in Paris released 14 days before, one in Rome
// released 21 days before.
func Case1Allotments() []supplier.AllotmentSpec {
	var out []supplier.AllotmentSpec
	for _, al := range []struct {
		id, sup, contract, zone string
		units, release          int
	}{{"AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 2, 14}, {"AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 1, 21}} {
		out = append(out, supplier.AllotmentSpec{ID: al.id, SupplierID: al.sup, ContractID: al.contract, Product: "family-room", UnitType: "family-3",
			Kind: supplier.Allotment, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31), Units: al.units,
			Release: supplier.ReleaseRule{Days: al.release}, Zone: al.zone})
	}
	return out
}
