package web_test

import (
	"net/http"
	"net/url"
	"regexp"
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
	// Hold both rooms of two nights, confirm, release: the calendar follows.
	status, body = b.post("/allotments/AL-PARIS/holds", url.Values{"from": {"2027-05-10"}, "nights": {"2"}, "units": {"2"}, "hours": {"48"}})
	if status != http.StatusOK || !strings.Contains(body, "<tr><td>2027-05-10</td><td>2</td><td>2</td><td>0</td><td>0</td>") ||
		!strings.Contains(body, `class="confirm-hold"`) {
		t.Fatalf("hold: %d %s", status, body)
	}
	hold := regexp.MustCompile(`action="/holds/([^/]+)/confirm"`).FindStringSubmatch(body)
	if hold == nil {
		t.Fatalf("no hold to confirm: %s", body)
	}
	if status, body = b.post("/holds/"+hold[1]+"/confirm", nil); !strings.Contains(body, "<tr><td>2027-05-11</td><td>2</td><td>0</td><td>2</td><td>0</td>") {
		t.Errorf("confirm: %d %s", status, body)
	}
	// Nothing left on the 11th: refused, said in place, nothing held.
	status, body = b.post("/allotments/AL-PARIS/holds", url.Values{"from": {"2027-05-11"}, "nights": {"1"}, "units": {"1"}, "hours": {"48"}})
	if status != http.StatusConflict || !strings.Contains(body, `class="field-error"`) || !strings.Contains(body, `value="2027-05-11"`) {
		t.Errorf("a hold without rooms: %d %s", status, body)
	}
	if status, body = b.post("/holds/"+hold[1]+"/cancel", nil); !strings.Contains(body, "<tr><td>2027-05-11</td><td>2</td><td>0</td><td>0</td><td>2</td>") {
		t.Errorf("release: %d %s", status, body)
	}
	// Every problem of the form at once, each next to its field.
	status, body = b.post("/allotments/AL-PARIS/holds", url.Values{"from": {"10 May"}, "nights": {"two"}, "units": {"0"}, "hours": {"0"}})
	for _, field := range []string{"from", "nights"} {
		if !strings.Contains(body, `data-field="`+field+`"`) {
			t.Errorf("no problem shown for %s: %d", field, status)
		}
	}
	status, body = b.post("/allotments/AL-PARIS/holds", url.Values{"from": {"2027-05-12"}, "nights": {"1"}, "units": {"0"}, "hours": {"0"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-field="units"`) || !strings.Contains(body, `data-field="hours"`) {
		t.Errorf("units and hours refused together: %d %s", status, body)
	}
	other := a.login("zhao", "zhao-demo-2026")
	if status, _ := other.post("/holds/"+hold[1]+"/confirm", nil); status != http.StatusNotFound {
		t.Errorf("the other agency confirms the hold: %d", status)
	}
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
