package supplier_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

func eur(t testing.TB, s string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(s, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func rome(t *testing.T) *supplier.Contract {
	t.Helper()
	cs, err := casebook.Case1Contracts()
	if err != nil {
		t.Fatal(err)
	}
	c := *cs["hotel-pantheon"]
	return &c
}

func codes(err error) []string {
	var ve *supplier.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field+":"+p.Code)
	}
	return out
}

func TestContractValidates(t *testing.T) {
	t.Parallel()
	cs, err := casebook.Case1Contracts()
	if err != nil {
		t.Fatal(err)
	}
	for id, c := range cs {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// Seasons must cover the validity without gaps or overlaps; every problem
// comes at once, with its dates.
func TestSeasonGapsAndOverlaps(t *testing.T) {
	t.Parallel()
	c := rome(t)
	c.Seasons = []supplier.Season{
		{ID: "low", From: date.New(2027, 1, 1), To: date.New(2027, 3, 31)},
		{ID: "shoulder", From: date.New(2027, 4, 3), To: date.New(2027, 5, 10)}, // gap 1–2 Apr
		{ID: "high", From: date.New(2027, 5, 5), To: date.New(2027, 9, 30)},     // overlaps shoulder
		{ID: "autumn", From: date.New(2027, 10, 1), To: date.New(2028, 1, 5)},   // outside; leaves no gap
	}
	err := c.Validate()
	if !errors.Is(err, supplier.ErrInvalid) {
		t.Fatal(err)
	}
	want := []string{"Seasons[3]:season_outside_validity", "Seasons:season_gap", "Seasons[2]:season_overlap"}
	if diff := cmp.Diff(want, codes(err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var ve *supplier.ValidationError
	errors.As(err, &ve)
	if d := ve.Problems[1].Detail; d["from"] != "2027-04-01" || d["to"] != "2027-04-02" {
		t.Errorf("gap detail %v", d)
	}
	// A season ending early leaves the end uncovered.
	c = rome(t)
	c.Seasons[3].To = date.New(2027, 12, 30)
	if got := codes(c.Validate()); len(got) != 1 || got[0] != "Seasons:season_gap" {
		t.Errorf("uncovered end: %v", got)
	}
}

func TestContractValidationListsEveryProblem(t *testing.T) {
	t.Parallel()
	c := rome(t)
	cny, _ := pricing.Parse("100", "CNY")
	c.Plans[0].Prices[0].Adult = cny
	c.Plans[0].Prices = append(c.Plans[0].Prices, supplier.Prices{Season: "monsoon", Adult: eur(t, "1")})
	c.Offers = []supplier.Offer{{ID: "x", Kind: supplier.StayPay, Stay: 3, Pay: 3, From: date.New(2027, 1, 1), To: date.New(2027, 2, 1)}}
	c.Release = supplier.ReleaseRule{Days: 2, Hours: 12}
	c.Cancellation.Tiers[1].Days = 40
	want := []string{"Plans[0].Prices[0].Adult:currency_mismatch", "Plans[0].Prices[4].Season:unknown_season", "Offers[0]:invalid_value",
		"Release:invalid_value", "Cancellation.Tiers[1]:tier_order"}
	if diff := cmp.Diff(want, codes(c.Validate())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A stay across the season boundary is priced night by night: 4 May in
// the shoulder season, 5 and 6 May in high season.
func TestRatesAcrossSeasons(t *testing.T) {
	t.Parallel()
	c := rome(t)
	r, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Segments {
		got = append(got, fmt.Sprintf("%s %s ×%d %s", s.Season, s.From, s.Nights, s.Adult))
	}
	want := []string{"shoulder 2027-05-04 ×1 190.00 EUR", "high 2027-05-05 ×2 215.00 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(r.Trace) != 3 || !strings.Contains(r.Trace[0], "season shoulder") {
		t.Errorf("trace %v", r.Trace)
	}
	// Minimum stay, a night outside the contract, an unknown plan.
	if _, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 1}); codes(err)[0] != "Nights:min_stay" {
		t.Errorf("min stay: %v", err)
	}
	if _, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 12, 30), Nights: 3}); !errors.Is(err, supplier.ErrNoRate) {
		t.Errorf("beyond the contract: %v", err)
	}
	if _, err := c.Rates(supplier.StayRequest{Product: "suite", UnitType: "x", Start: date.New(2027, 5, 4), Nights: 3}); !errors.Is(err, supplier.ErrNoRate) {
		t.Errorf("unknown plan: %v", err)
	}
	if _, err := c.Rates(supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 4), Nights: 100000}); !errors.Is(err, supplier.ErrInvalid) {
		t.Errorf("endless stay: %v", err)
	}
}

// Weekend supplements add to the nights they fall on; stay 4 pay 3 frees
// the cheapest night of each block; early booking takes its percentage off
// every night, exactly.
func TestSupplementsAndOffers(t *testing.T) {
	t.Parallel()
	c := rome(t)
	c.Plans[0].MinStay = 0
	c.Supplements = []supplier.Supplement{{ID: "weekend", Weekdays: []time.Weekday{time.Friday, time.Saturday}, Amount: eur(t, "30")}}
	c.Offers = []supplier.Offer{
		{ID: "s4p3", Kind: supplier.StayPay, Stay: 4, Pay: 3, From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)},
		{ID: "early", Kind: supplier.EarlyBooking, BookBy: date.New(2027, 1, 31), Percent: decimal.RequireFromString("12.5"), From: date.New(2027, 1, 1), To: date.New(2027, 12, 31)},
	}
	// Thu 6 May – Mon 10 May 2027, four nights (6, 7 Fri, 8 Sat, 9), all high season.
	req := supplier.StayRequest{Product: "family-room", UnitType: "family-3", Start: date.New(2027, 5, 6), Nights: 4, BookedOn: date.New(2027, 1, 15)}
	r, err := c.Rates(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Segments {
		got = append(got, fmt.Sprintf("%s ×%d %s", s.From, s.Nights, s.Adult))
	}
	// 215 → free (cheapest); 245 × 0.875 = 214.375 twice; 215 × 0.875 = 188.125.
	want := []string{"2027-05-06 ×1 0.00 EUR", "2027-05-07 ×2 214.375 EUR", "2027-05-09 ×1 188.125 EUR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s\ntrace %v", diff, r.Trace)
	}
	req.BookedOn = date.New(2027, 2, 1) // too late for early booking
	r, _ = c.Rates(req)
	if r.Segments[1].Adult.String() != "245.00 EUR" {
		t.Errorf("late booking: %v", r.Segments)
	}
}

// The release convention: with release 21 days, stay date 4 May sells from
// the allotment until 12 April (S − r − 1) and is on request from 13 April
// (S − r), in the supplier's zone.
func TestReleaseBoundaryDay(t *testing.T) {
	t.Parallel()
	romeLoc, _ := time.LoadLocation("Europe/Rome")
	r := supplier.ReleaseRule{Days: 21}
	stay := date.New(2027, 5, 4)
	if got := r.ReleaseDate(stay, romeLoc); got != date.New(2027, 4, 13) {
		t.Errorf("release date %s", got)
	}
	for _, tc := range []struct {
		at    time.Time
		sells bool
	}{
		{time.Date(2027, 4, 12, 23, 59, 59, 0, romeLoc), true},
		{time.Date(2027, 4, 13, 0, 0, 0, 0, romeLoc), false},
		{time.Date(2027, 4, 12, 22, 30, 0, 0, time.UTC), false}, // already 13 April in Rome
		{time.Date(2027, 4, 12, 21, 59, 0, 0, time.UTC), true},
	} {
		if got := r.Sells(stay, tc.at, romeLoc); got != tc.sells {
			t.Errorf("at %s sells %v", tc.at, got)
		}
	}
	zero := supplier.ReleaseRule{}
	if !zero.Sells(stay, time.Date(2027, 5, 3, 23, 0, 0, 0, romeLoc), romeLoc) || zero.Sells(stay, time.Date(2027, 5, 4, 0, 0, 0, 0, romeLoc), romeLoc) {
		t.Error("release 0 sells until the day before arrival")
	}
	hours := supplier.ReleaseRule{Hours: 48}
	if hours.Sells(stay, time.Date(2027, 5, 2, 0, 0, 0, 0, romeLoc), romeLoc) || !hours.Sells(stay, time.Date(2027, 5, 1, 23, 59, 0, 0, romeLoc), romeLoc) {
		t.Error("release 48 h")
	}
}

func TestSupplierValidateAndMasking(t *testing.T) {
	t.Parallel()
	ss, err := casebook.Case1Suppliers()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
	}
	bad := supplier.Supplier{Kind: "spaceship", Zone: "Mars/Base", Status: supplier.Blacklisted,
		Licences: []supplier.Licence{{Kind: "x", Number: "1", From: date.New(2027, 2, 1), To: date.New(2027, 1, 1)}}}
	want := []string{"ID:required", "Name:required", "Kind:invalid_value", "Zone:invalid_value", "Reason:required", "Licences[0].To:order"}
	if diff := cmp.Diff(want, codes(bad.Validate())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("paying", "bank", *ss[0].Bank)
	if strings.Contains(buf.String(), "3000400003123456789") || !strings.Contains(buf.String(), "0143") {
		t.Errorf("account not masked in the log: %s", buf.String())
	}
	if s := fmt.Sprint(*ss[0].Bank); strings.Contains(s, "30004000031234") {
		t.Errorf("account not masked in %%v: %s", s)
	}
}

// Availability reads the release by the same convention as Sells, night
// by night, for rules in days and in hours.
func TestAvailabilityAgreesWithRelease(t *testing.T) {
	t.Parallel()
	romeLoc, _ := time.LoadLocation("Europe/Rome")
	for _, rule := range []supplier.ReleaseRule{{Days: 21}, {Days: 0}, {Hours: 48}} {
		spec := supplier.AllotmentSpec{ID: "A", Kind: supplier.Allotment, Release: rule, Zone: "Europe/Rome"}
		from := date.New(2027, 4, 1)
		var counters []supplier.Sellable
		for i := range 60 {
			counters = append(counters, supplier.Sellable{Night: from + date.Date(i), Units: 3})
		}
		for _, now := range []time.Time{time.Date(2027, 4, 12, 23, 59, 0, 0, romeLoc), time.Date(2027, 4, 13, 0, 0, 0, 0, romeLoc),
			time.Date(2027, 3, 27, 22, 30, 0, 0, time.UTC)} {
			av := supplier.Availability(spec, counters, from, 60, 1, now, romeLoc)
			for _, a := range av {
				want := rule.Sells(a.Night, now, romeLoc)
				if got := a.Reason != supplier.InsideRelease; got != want {
					t.Errorf("rule %+v at %s, night %s: sells %v, Sells says %v", rule, now, a.Night, got, want)
				}
			}
		}
	}
}

// Availability says why a night does not sell: closed (no counter), sold
// out, stop sale (beyond what it keeps sellable), inside the release
// period, on request; free sale sells.
func TestAvailabilityReasons(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("Europe/Rome")
	now := time.Date(2027, 4, 1, 12, 0, 0, 0, loc)
	d := date.New(2027, 5, 4)
	// The third night is stop-sold, keeping one unit sellable.
	counters := []supplier.Sellable{{Night: d, Units: 2}, {Night: d + 1, Units: 0}, {Night: d + 2, Units: 1, StopSale: true}}
	reasons := func(kind supplier.InventoryKind, release supplier.ReleaseRule, units int) []string {
		spec := supplier.AllotmentSpec{Kind: kind, Release: release}
		var out []string
		for _, a := range supplier.Availability(spec, counters, d, 4, units, now, loc) {
			out = append(out, fmt.Sprintf("%s:%d", a.Reason, a.Sellable))
		}
		return out
	}
	for _, tc := range []struct {
		kind    supplier.InventoryKind
		release supplier.ReleaseRule
		units   int
		want    []string
	}{
		{supplier.Allotment, supplier.ReleaseRule{Days: 7}, 1, []string{":2", "sold_out:0", ":1", "closed:0"}},
		{supplier.Allotment, supplier.ReleaseRule{Days: 7}, 2, []string{":2", "sold_out:0", "stop_sale:1", "closed:0"}},
		{supplier.Allotment, supplier.ReleaseRule{Days: 7}, 3, []string{"sold_out:2", "sold_out:0", "stop_sale:1", "closed:0"}},
		{supplier.Allotment, supplier.ReleaseRule{Days: 40}, 1, []string{"inside_release:0", "inside_release:0", "inside_release:0", "closed:0"}},
		{supplier.Guaranteed, supplier.ReleaseRule{}, 1, []string{":2", "sold_out:0", ":1", "closed:0"}},
		{supplier.FreeSale, supplier.ReleaseRule{}, 9, []string{":9", ":9", "stop_sale:1", "closed:0"}},
		{supplier.OnRequest, supplier.ReleaseRule{}, 1, []string{"on_request:0", "on_request:0", "on_request:0", "on_request:0"}},
	} {
		if diff := cmp.Diff(tc.want, reasons(tc.kind, tc.release, tc.units)); diff != "" {
			t.Errorf("%s %+v ×%d (-want +got):\n%s", tc.kind, tc.release, tc.units, diff)
		}
	}
}
