package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// The hotels with their contracts, allotments and evaluation; the Paris
// allotment's May calendar night by night, and the other agency sees none
// of it.
func TestSupplierScreens(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	status, body := b.get("/suppliers")
	if status != http.StatusOK || !strings.Contains(body, "hotel-lumiere") || !strings.Contains(body, "供应商") {
		t.Fatalf("suppliers: %d", status)
	}
	status, body = b.get("/suppliers/hotel-lumiere")
	if status != http.StatusOK || !strings.Contains(body, "C-LUMIERE-2027") || !strings.Contains(body, "AL-PARIS") {
		t.Fatalf("supplier: %d %s", status, body)
	}
	status, body = b.get("/allotments/AL-PARIS")
	if status != http.StatusOK || strings.Count(body, "<tr><td>2027-05-") != 31 {
		t.Fatalf("calendar: %d, %d nights", status, strings.Count(body, "<tr><td>2027-05-"))
	}
	other := a.login("zhao", "zhao-demo-2026")
	for _, path := range []string{"/suppliers/hotel-lumiere", "/allotments/AL-PARIS"} {
		if status, _ := other.get(path); status != http.StatusNotFound {
			t.Errorf("%s for the other agency: %d", path, status)
		}
	}
	if _, body := other.get("/suppliers"); strings.Contains(body, "hotel-lumiere") {
		t.Error("the other agency lists the demo agency's suppliers")
	}
}

// The KPI dashboard: a consultant sees their own sales plan, the manager
// the team's.
func TestSalesPlans(t *testing.T) {
	a := newApp(t)
	_, body := a.login("chen", "chen-demo-2026").get("/kpis")
	if !strings.Contains(body, "本月销售计划") || !strings.Contains(body, "<td>chen</td>") || strings.Contains(body, "<td>li</td>") {
		t.Errorf("a consultant's plans: %s", body)
	}
	_, body = a.login("wu", "wu-demo-2026").get("/kpis")
	if !strings.Contains(body, "<td>chen</td>") || !strings.Contains(body, "<td>li</td>") || !strings.Contains(body, "150000.00 CNY") {
		t.Errorf("the manager's team plans: %s", body)
	}
}

// The market report of the last 30 days: the agency's product against the
// competitors' prices, in the user's language.
func TestMarketReport(t *testing.T) {
	a := newApp(t)
	status, body := a.login("chen", "chen-demo-2026").get("/market")
	if status != http.StatusOK || !strings.Contains(body, "EU-CLASSIC-10") || !strings.Contains(body, "欧洲线路，近30天") {
		t.Fatalf("market report: %d %s", status, body)
	}
	for _, competitor := range []string{"ctrip", "fliggy", "tuniu"} {
		if !strings.Contains(body, competitor) {
			t.Errorf("the report does not show %s", competitor)
		}
	}
}
