package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
)

func TestCustomersAPI(t *testing.T) {
	a := newApp(t)
	// Create, idempotently.
	n := map[string]any{"id": "li-ming", "name": "李明", "email": "li.ming@example.com", "language": "zh-CN"}
	first := a.api("tk-demo-chen", "POST", "/api/v1/customers", n, "Idempotency-Key", "k-1")
	if first.status != http.StatusCreated || first.header.Get("ETag") != `"1"` || first.header.Get("Location") != "/api/v1/customers/li-ming" {
		t.Fatalf("create: %d %v %s", first.status, first.header, first.body)
	}
	again := a.api("tk-demo-chen", "POST", "/api/v1/customers", n, "Idempotency-Key", "k-1")
	if again.status != http.StatusCreated || string(again.body) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s", again.status, again.body)
	}
	other := a.api("tk-demo-chen", "POST", "/api/v1/customers", map[string]any{"name": "王五", "language": "zh-CN"}, "Idempotency-Key", "k-1")
	if p := other.problem(t); other.status != http.StatusUnprocessableEntity || p.Errors[0].Field != "Idempotency-Key" {
		t.Errorf("key reused with another body: %d %+v", other.status, p)
	}
	// Invalid: every problem with its field and code.
	bad := a.api("tk-demo-chen", "POST", "/api/v1/customers", map[string]any{"name": "", "email": "not-an-address", "language": "xx"})
	p := bad.problem(t)
	fields := map[string]bool{}
	for _, e := range p.Errors {
		fields[e.Field] = e.Code != ""
	}
	if bad.status != http.StatusUnprocessableEntity || len(p.Errors) != 3 || !fields["name"] || !fields["email"] || !fields["language"] {
		t.Errorf("invalid customer: %d %+v", bad.status, p)
	}
	// Read with its ETag; change on it; a stale version is a conflict; no
	// If-Match is 428.
	got := a.api("tk-demo-chen", "GET", "/api/v1/customers/li-ming", nil)
	var c agency.Customer
	got.json(t, &c)
	if got.status != http.StatusOK || got.header.Get("ETag") != `"1"` || c.Name != "李明" {
		t.Fatalf("get: %d %s", got.status, got.body)
	}
	change := map[string]any{"name": "李明", "email": "ming.li@example.com", "language": "zh-CN"}
	if r := a.api("tk-demo-chen", "PUT", "/api/v1/customers/li-ming", change, "If-Match", `"1"`); r.status != http.StatusOK || r.header.Get("ETag") != `"2"` {
		t.Errorf("update: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "PUT", "/api/v1/customers/li-ming", change, "If-Match", `"1"`); r.status != http.StatusConflict || r.problem(t).Type != "/problems/conflict" {
		t.Errorf("stale version: %d %s", r.status, r.body)
	}
	if r := a.invalid("tk-demo-chen", "PUT", "/api/v1/customers/li-ming", change); r.status != http.StatusPreconditionRequired {
		t.Errorf("no If-Match: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "GET", "/api/v1/customers/nobody", nil); r.status != http.StatusNotFound || r.problem(t).Status != 404 {
		t.Errorf("unknown customer: %d %s", r.status, r.body)
	}
	var page agency.Page[agency.Customer]
	list := a.api("tk-demo-chen", "GET", "/api/v1/customers?limit=2", nil)
	list.json(t, &page)
	if list.status != http.StatusOK || len(page.Items) != 2 || page.Next == "" {
		t.Errorf("first page: %d %s", list.status, list.body)
	}
	if r := a.invalid("tk-demo-chen", "GET", "/api/v1/customers?limit=0x", nil); r.status != http.StatusUnprocessableEntity || r.problem(t).Errors[0].Field != "limit" {
		t.Errorf("bad limit: %d", r.status)
	}
	if r := a.invalid("", "GET", "/api/v1/customers", nil); r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d", r.status)
	}
}

// Case 2 through the API: the consultant acknowledges and works the
// complaint; a voucher above the limit needs the manager, who approves it;
// the complaint is responded and closed within its SLA.
func TestComplaintAPI(t *testing.T) {
	a := newApp(t)
	var rec agency.ComplaintRecord
	r := a.api("tk-demo-li", "GET", "/api/v1/complaints/K-PARIS-1", nil)
	r.json(t, &rec)
	if r.status != http.StatusOK || rec.Complaint.Status != "received" {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	version := r.header.Get("ETag")
	act := func(token, action string) reply {
		t.Helper()
		r := a.api(token, "POST", "/api/v1/complaints/K-PARIS-1/actions", map[string]any{"action": action, "note": action}, "If-Match", version)
		if r.status == http.StatusOK {
			version = r.header.Get("ETag")
		}
		return r
	}
	if r := act("tk-demo-li", "close"); r.status != http.StatusConflict || r.problem(t).Type != "/problems/invalid-transition" {
		t.Errorf("closing a received complaint: %d %s", r.status, r.body)
	}
	for _, step := range []string{"acknowledge", "assess", "investigate"} {
		a.clock.add(5 * 60e9)
		if r := act("tk-demo-li", step); r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", step, r.status, r.body)
		}
	}
	resolution := map[string]any{"root_cause": "supplier_fault", "remedy": "room re-cleaned, manager's apology",
		"voucher": map[string]any{"amount": "800", "currency": "CNY"}}
	r = a.api("tk-demo-li", "POST", "/api/v1/complaints/K-PARIS-1/resolution", resolution, "If-Match", version)
	if p := r.problem(t); r.status != http.StatusForbidden || p.Type != "/problems/approval-required" || p.Errors[0].Code != "approval_required" {
		t.Fatalf("a consultant's voucher above the limit: %d %s", r.status, r.body)
	}
	r = a.api("tk-demo-wu", "POST", "/api/v1/complaints/K-PARIS-1/resolution", resolution, "If-Match", version)
	r.json(t, &rec)
	if r.status != http.StatusOK || rec.Complaint.Resolution == nil || rec.Complaint.Resolution.Compensations[0].ApprovedBy != "wu" {
		t.Fatalf("the manager's approval: %d %s", r.status, r.body)
	}
	version = r.header.Get("ETag")
	for _, step := range []string{"respond", "close"} {
		if r := act("tk-demo-li", step); r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", step, r.status, r.body)
		}
	}
	r = a.api("tk-demo-li", "GET", "/api/v1/complaints/K-PARIS-1", nil)
	r.json(t, &rec)
	if rec.Complaint.Status != "closed" || rec.ResolvedAt == nil || rec.ResolveDue == nil || rec.ResolvedAt.After(*rec.ResolveDue) {
		t.Errorf("closed within the SLA? %+v", rec)
	}
	// Open another through the API, idempotently.
	n := map[string]any{"id": "K-2", "customer_id": "claire-martin", "category": "transport", "priority": "medium", "channel": "email", "summary": "late transfer"}
	if r := a.api("tk-demo-li", "POST", "/api/v1/complaints", n, "Idempotency-Key", "c-2"); r.status != http.StatusCreated {
		t.Errorf("open: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-li", "POST", "/api/v1/complaints", map[string]any{"id": "", "customer_id": "", "category": "", "priority": "x",
		"channel": "x", "summary": ""}); r.status != http.StatusUnprocessableEntity || len(r.problem(t).Errors) < 3 {
		t.Errorf("an invalid complaint: %d %s", r.status, r.body)
	}
}

func TestOutboxAndBookingsAPI(t *testing.T) {
	a := newApp(t)
	var events agency.Page[agency.Event]
	r := a.api("tk-demo-chen", "GET", "/api/v1/outbox?state=pending", nil)
	r.json(t, &events)
	if r.status != http.StatusOK || len(events.Items) == 0 {
		t.Fatalf("pending events: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "POST", "/api/v1/outbox/"+events.Items[0].ID+"/requeue", nil); r.status != http.StatusConflict {
		t.Errorf("requeue a pending event: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "GET", "/api/v1/bookings", nil); r.status != http.StatusOK {
		t.Errorf("bookings: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "GET", "/api/v1/bookings/TK-NONE", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown booking: %d", r.status)
	}
	var me map[string]any
	r = a.api("tk-demo-wu", "GET", "/api/v1/me", nil)
	r.json(t, &me)
	if me["role"] != "manager" || me["tenant"] != "demo-agency" {
		t.Errorf("me: %v", me)
	}
}

// Suppliers, an allotment's availability, the scorecard and the sales
// plan through the API, each checked against the document.
func TestSuppliersAndKPIsAPI(t *testing.T) {
	a := newApp(t)
	if r := a.api("tk-demo-chen", "GET", "/api/v1/suppliers", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), "hotel-lumiere") {
		t.Errorf("suppliers: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "GET", "/api/v1/suppliers/hotel-lumiere", nil); r.status != http.StatusOK || r.header.Get("ETag") == "" {
		t.Errorf("supplier: %d", r.status)
	}
	var nights []struct {
		Night    string `json:"night"`
		Sellable int    `json:"sellable"`
	}
	r := a.api("tk-demo-chen", "GET", "/api/v1/allotments/AL-PARIS/availability?from=2027-05-01&nights=3", nil)
	r.json(t, &nights)
	if r.status != http.StatusOK || len(nights) != 3 || nights[0].Night != "2027-05-01" || nights[0].Sellable != 2 {
		t.Errorf("availability: %d %s", r.status, r.body)
	}
	if r := a.invalid("tk-demo-chen", "GET", "/api/v1/allotments/AL-PARIS/availability?from=soon&nights=x", nil); r.status != http.StatusUnprocessableEntity ||
		len(r.problem(t).Errors) != 2 {
		t.Errorf("bad availability query: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-wu", "GET", "/api/v1/scorecard?month=2026-12", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), `"agency"`) {
		t.Errorf("the manager's scorecard: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-chen", "GET", "/api/v1/plan", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), "150000") {
		t.Errorf("plan: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-zhao", "GET", "/api/v1/suppliers/hotel-lumiere", nil); r.status != http.StatusNotFound {
		t.Errorf("the other agency reads the supplier: %d", r.status)
	}
}
