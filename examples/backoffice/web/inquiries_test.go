package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
)

// Case 1's inquiry through the API: logged for a new customer on WeChat,
// and the catalogue's Europe classics recommended first, with its reasons.
func TestInquiryAPI(t *testing.T) {
	a := newApp(t)
	n := map[string]any{"id": "INQ-1127-01", "name": "王磊", "email": "wang.lei.2@example.com", "language": "zh-CN", "channel": "wechat",
		"lead_source": "referral", "destinations": []string{"Europe"}, "earliest": "2027-04-30", "latest": "2027-05-02", "min_days": 9, "max_days": 11,
		"party": []string{"1985-03-12", "1987-07-30", "2018-09-15"}, "budget_per_person": "30000"}
	r := a.api("tk-demo-chen", "POST", "/api/v1/inquiries", n, "Idempotency-Key", "i-1")
	var rec agency.InquiryRecord
	r.json(t, &rec)
	if r.status != http.StatusCreated || rec.Inquiry.Consultant != "chen" || !rec.Inquiry.NewCustomer {
		t.Fatalf("log: %d %s", r.status, r.body)
	}
	var list inquiry.List
	r = a.api("tk-demo-chen", "GET", "/api/v1/inquiries/INQ-1127-01/recommendations", nil)
	r.json(t, &list)
	if r.status != http.StatusOK || len(list.Items) == 0 || list.Items[0].Product != "EU-CLASSIC-10" || len(list.Items[0].Reasons) == 0 {
		t.Fatalf("recommendations: %d %s", r.status, r.body)
	}
	bad := map[string]any{"channel": "pigeon", "earliest": "2027-05-02", "latest": "2027-04-30", "party": []string{}}
	if r := a.api("tk-demo-chen", "POST", "/api/v1/inquiries", bad); r.status != http.StatusUnprocessableEntity || len(r.problem(t).Errors) < 2 {
		t.Errorf("an invalid inquiry: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-zhao", "GET", "/api/v1/inquiries/INQ-1127-01", nil); r.status != http.StatusNotFound {
		t.Errorf("the other agency reads the inquiry: %d", r.status)
	}
}

// On the screens: the consultant logs the inquiry, sees it awaiting a
// first answer, records the consultation and reads the recommendations in
// Chinese with their reasons.
func TestInquiryScreens(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	form := url.Values{"customer_id": {"wang-lei"}, "channel": {"wechat"}, "destinations": {"Europe"}, "earliest": {"2027-04-30"},
		"latest": {"2027-05-02"}, "min_days": {"9"}, "max_days": {"11"}, "party": {"1985-03-12, 1987-07-30, 2018-09-15"}, "budget": {"30000"}}
	status, body := b.post("/inquiries", form)
	if status != http.StatusOK || !strings.Contains(body, "等待首次答复") || !strings.Contains(body, "EU-CLASSIC-10") {
		t.Fatalf("logged inquiry: %d", status)
	}
	for _, want := range []string{"欧洲经典十日", "推荐产品及理由"} {
		if !strings.Contains(body, want) {
			t.Errorf("the inquiry screen does not show %q", want)
		}
	}
	id := regexpInquiry(body)
	status, body = b.post("/inquiries/"+id+"/respond", url.Values{"version": {regexpVersion(body)}, "question": {"孩子几岁？"}, "answer": {"8岁"}})
	if status != http.StatusOK || strings.Contains(body, "等待首次答复") || !strings.Contains(body, "孩子几岁？") {
		t.Errorf("after the first answer: %d", status)
	}
	bad := url.Values{"channel": {"wechat"}, "earliest": {"soon"}, "party": {"yesterday"}}
	status, body = b.post("/inquiries", bad)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-field="earliest"`) || !strings.Contains(body, `data-field="party"`) {
		t.Errorf("an invalid form: %d", status)
	}
}
