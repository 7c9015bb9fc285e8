package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// Payments, a bank statement, holds, supplier contracts, sales plans and
// market observations written through the API, each request and response
// checked against the document.
func TestWritesAPI(t *testing.T) {
	a := newApp(t)
	const tok, manager = "tk-demo-chen", "tk-demo-wu"

	t.Run("payment", func(t *testing.T) {
		pay := map[string]any{"id": "PAY-API-1", "kind": "payment", "amount": map[string]string{"amount": "1000.00", "currency": "CNY"},
			"received_at": "2026-12-01T09:30:00+08:00", "payer": "WANG LEI", "method": "transfer"}
		if r := a.invalid(tok, "POST", "/api/v1/bookings/TK-2026-1127/payments", pay); r.status != http.StatusPreconditionRequired {
			t.Errorf("without If-Match: %d", r.status)
		}
		r := a.api(tok, "POST", "/api/v1/bookings/TK-2026-1127/payments", pay, "If-Match", `"1"`)
		var b agency.BookingRecord
		r.json(t, &b)
		if r.status != http.StatusOK || r.header.Get("ETag") != `"2"` || len(b.Ledger.Payments) != 1 || !b.Ledger.Payments[0].Amount.Equal(mustMoney(t, "1000.00")) {
			t.Fatalf("pay: %d %s", r.status, r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/bookings/TK-2026-1127/payments", pay, "If-Match", `"2"`); r.status != http.StatusUnprocessableEntity ||
			r.problem(t).Errors[0].Code != "duplicate" {
			t.Errorf("the same payment twice: %d %s", r.status, r.body)
		}
		second := map[string]any{"id": "PAY-API-3", "kind": "payment", "amount": map[string]string{"amount": "10.00", "currency": "CNY"},
			"received_at": "2026-12-01T09:40:00+08:00"}
		if r := a.api(tok, "POST", "/api/v1/bookings/TK-2026-1127/payments", second, "If-Match", `"1"`); r.status != http.StatusConflict {
			t.Errorf("paying on a stale version: %d %s", r.status, r.body)
		}
		bad := map[string]any{"id": "PAY-API-2", "kind": "refund", "amount": map[string]string{"amount": "-5000.00", "currency": "CNY"},
			"received_at": "2026-12-01T09:30:00+08:00"}
		if r := a.api(tok, "POST", "/api/v1/bookings/TK-2026-1127/payments", bad, "If-Match", `"2"`); r.status != http.StatusUnprocessableEntity {
			t.Errorf("refunding more than was paid: %d %s", r.status, r.body)
		}
		if r := a.api("tk-demo-zhao", "POST", "/api/v1/bookings/TK-2026-1127/payments", pay, "If-Match", `"2"`); r.status != http.StatusNotFound {
			t.Errorf("the other agency pays into the booking: %d", r.status)
		}
	})

	t.Run("statement", func(t *testing.T) {
		csv := "id,date,amount,payer,text,currency\nTX-1,2026-12-01,6588.29,WANG LEI,TK-2026-1127 deposit,CNY\nTX-2,2026-12-01,99.00,SOMEONE,no idea,CNY\n"
		r := a.api(tok, "POST", "/api/v1/statements", csv, "Content-Type", "text/csv")
		var got struct{ Matches []booking.Match }
		r.json(t, &got)
		if r.status != http.StatusOK || len(got.Matches) != 2 || got.Matches[0].Reference != "TK-2026-1127" || got.Matches[1].Reference != "" {
			t.Fatalf("statement: %d %s", r.status, r.body)
		}
		r = a.api(tok, "GET", "/api/v1/bookings/TK-2026-1127", nil)
		var b agency.BookingRecord
		r.json(t, &b)
		if len(b.Ledger.Payments) != 2 {
			t.Errorf("after the statement the booking has %d payments: %s", len(b.Ledger.Payments), r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/statements", "id,date,amount,payer,text\nTX-3,yesterday,1x,A,B\n", "Content-Type", "text/csv"); r.status != http.StatusUnprocessableEntity ||
			len(r.problem(t).Errors) < 2 {
			t.Errorf("a statement with a bad date and amount: %d %s", r.status, r.body)
		}
	})

	t.Run("holds", func(t *testing.T) {
		order := map[string]any{"from": "2027-05-01", "nights": 2, "units": 2, "hours": 48, "lead_guest": "WANG LEI"}
		r := a.api(tok, "POST", "/api/v1/allotments/AL-PARIS/holds", order, "Idempotency-Key", "hold-1")
		var h supplier.Hold
		r.json(t, &h)
		if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/holds/"+h.ID || h.State != supplier.HoldActive || h.Units != 2 {
			t.Fatalf("hold: %d %s", r.status, r.body)
		}
		again := a.api(tok, "POST", "/api/v1/allotments/AL-PARIS/holds", order, "Idempotency-Key", "hold-1")
		var h2 supplier.Hold
		again.json(t, &h2)
		if again.status != http.StatusCreated || h2.ID != h.ID {
			t.Errorf("the retry made another hold: %s", again.body)
		}
		// The allotment has two rooms a night: a third is refused.
		if r := a.api(tok, "POST", "/api/v1/allotments/AL-PARIS/holds", map[string]any{"from": "2027-05-02", "nights": 1, "units": 1, "hours": 48}); r.status != http.StatusConflict {
			t.Errorf("holding a room there is none of: %d %s", r.status, r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/holds/"+h.ID+"/confirmation", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), `"confirmed"`) {
			t.Errorf("confirm: %d %s", r.status, r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/holds/"+h.ID+"/cancellation", nil); r.status != http.StatusOK {
			t.Errorf("cancel: %d %s", r.status, r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/allotments/AL-PARIS/holds", map[string]any{"from": "2027-05-02", "nights": 1, "units": 1, "hours": 48}); r.status != http.StatusCreated {
			t.Errorf("the cancelled rooms are not back: %d %s", r.status, r.body)
		}
		if r := a.api("tk-demo-zhao", "GET", "/api/v1/holds/"+h.ID, nil); r.status != http.StatusNotFound {
			t.Errorf("the other agency reads the hold: %d", r.status)
		}
		if r := a.api(tok, "POST", "/api/v1/allotments/AL-PARIS/holds", map[string]any{"from": "2027-05-02", "nights": 0, "units": 0, "hours": 0}); r.status != http.StatusUnprocessableEntity ||
			len(r.problem(t).Errors) < 2 {
			t.Errorf("a hold of nothing: %d %s", r.status, r.body)
		}
	})

	t.Run("supplier contract", func(t *testing.T) {
		contracts, err := casebook.Case1Contracts()
		if err != nil {
			t.Fatal(err)
		}
		next := *contracts["hotel-lumiere"]
		next.Version = 2
		if r := a.api(tok, "POST", "/api/v1/suppliers/hotel-lumiere/contracts", next); r.status != http.StatusForbidden {
			t.Errorf("a consultant adds a contract: %d", r.status)
		}
		r := a.api(manager, "POST", "/api/v1/suppliers/hotel-lumiere/contracts", next)
		if r.status != http.StatusCreated || r.header.Get("ETag") != `"2"` {
			t.Fatalf("add version 2: %d %s", r.status, r.body)
		}
		r = a.api(tok, "GET", "/api/v1/suppliers/hotel-lumiere/contracts", nil)
		var page agency.Page[agency.SupplierContract]
		r.json(t, &page)
		if len(page.Items) != 2 {
			t.Errorf("contract versions: %s", r.body)
		}
		if r := a.api(manager, "POST", "/api/v1/suppliers/hotel-pantheon/contracts", next); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a contract of another supplier: %d %s", r.status, r.body)
		}
	})

	t.Run("plan", func(t *testing.T) {
		target := map[string]any{"target": map[string]string{"amount": "300000.00", "currency": "CNY"}, "target_bookings": 12}
		if r := a.api(tok, "PUT", "/api/v1/plans/chen/2027-01", target); r.status != http.StatusForbidden {
			t.Errorf("a consultant sets a plan: %d", r.status)
		}
		r := a.api(manager, "PUT", "/api/v1/plans/chen/2027-01", target)
		if r.status != http.StatusCreated || r.header.Get("ETag") != `"1"` {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		target["target_bookings"] = 15
		if r := a.api(manager, "PUT", "/api/v1/plans/chen/2027-01", target, "If-Match", `"1"`); r.status != http.StatusOK || r.header.Get("ETag") != `"2"` {
			t.Errorf("change: %d %s", r.status, r.body)
		}
		r = a.api(tok, "GET", "/api/v1/plans/chen/2027-01", nil)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), `"target_bookings":15`) {
			t.Errorf("read own plan: %d %s", r.status, r.body)
		}
		if r := a.api("tk-demo-li", "GET", "/api/v1/plans/chen/2027-01", nil); r.status != http.StatusNotFound {
			t.Errorf("a colleague reads the plan: %d", r.status)
		}
		if r := a.api(manager, "PUT", "/api/v1/plans/chen/2027-13", target); r.status != http.StatusUnprocessableEntity {
			t.Errorf("month 13: %d", r.status)
		}
	})

	t.Run("observations", func(t *testing.T) {
		var obs []map[string]any
		for i, price := range []string{"26900.00", "27400.00"} {
			obs = append(obs, map[string]any{"id": fmt.Sprintf("OBS-API-%d", i), "competitor": "tuniu", "product": "Europe 10 days", "destination": "Europe",
				"departure": "2027-05-01", "days": 10, "price": map[string]string{"amount": price, "currency": "CNY"}, "basis": "per_person",
				"observed_at": "2026-11-30T12:00:00+08:00", "source": "tuniu.com", "available": true})
		}
		r := a.api(tok, "POST", "/api/v1/market/observations", map[string]any{"observations": obs})
		if r.status != http.StatusOK || string(r.body) != `{"ingested":2}`+"\n" {
			t.Fatalf("ingest: %d %q", r.status, r.body)
		}
		if r := a.api(tok, "POST", "/api/v1/market/observations", map[string]any{"observations": obs}); string(r.body) != `{"ingested":0}`+"\n" {
			t.Errorf("the same again: %q", r.body)
		}
		obs[0]["observed_at"] = "2030-01-01T00:00:00Z"
		if r := a.api(tok, "POST", "/api/v1/market/observations", map[string]any{"observations": obs}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("an observation from the future: %d %s", r.status, r.body)
		}
	})
}

func mustMoney(t *testing.T, amount string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(amount, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return m
}
