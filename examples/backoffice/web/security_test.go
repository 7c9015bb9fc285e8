package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"example.com/backoffice/web"
)

// A consultant of the other agency reaches none of the demo agency's data
// through any route: every read is not found, every change refused, and
// nothing changes.
func TestTenantIsolation(t *testing.T) {
	a := newApp(t)
	const other = "tk-demo-zhao"
	var events struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	a.api("tk-demo-chen", "GET", "/api/v1/outbox", nil).json(t, &events)
	event := events.Items[0].ID
	for _, r := range []struct {
		method, path string
		body         any
		headers      []string
	}{
		{"GET", "/api/v1/customers/wang-lei", nil, nil},
		{"PUT", "/api/v1/customers/wang-lei", map[string]any{"name": "x", "language": "en"}, []string{"If-Match", `"1"`}},
		{"GET", "/api/v1/complaints/K-PARIS-1", nil, nil},
		{"POST", "/api/v1/complaints/K-PARIS-1/actions", map[string]any{"action": "acknowledge"}, []string{"If-Match", `"1"`}},
		{"POST", "/api/v1/complaints/K-PARIS-1/resolution", map[string]any{"root_cause": "other", "remedy": "x"}, []string{"If-Match", `"1"`}},
		{"POST", "/api/v1/outbox/" + event + "/requeue", nil, nil},
		{"POST", "/api/v1/bookings/TK-2026-1127/payments", map[string]any{"id": "P-X", "kind": "payment",
			"amount": map[string]string{"amount": "1.00", "currency": "CNY"}, "received_at": "2026-12-01T09:00:00Z"}, []string{"If-Match", `"1"`}},
		{"POST", "/api/v1/allotments/AL-PARIS/holds", map[string]any{"from": "2027-05-01", "nights": 1, "units": 1, "hours": 1}, nil},
		{"GET", "/api/v1/suppliers/hotel-lumiere/contracts", nil, nil},
		{"POST", "/api/v1/quotes/Q-NONE/adjustment", map[string]any{"optional": []string{}}, nil},
		{"GET", "/api/v1/plans/chen/2026-12", nil, nil},
	} {
		got := a.api(other, r.method, r.path, r.body, r.headers...)
		if got.status != http.StatusNotFound {
			t.Errorf("%s %s by the other agency: %d %s", r.method, r.path, got.status, got.body)
		}
	}
	// Lists show only the caller's agency.
	for _, path := range []string{"/api/v1/customers", "/api/v1/complaints", "/api/v1/outbox", "/api/v1/bookings"} {
		got := a.api(other, "GET", path, nil)
		if strings.Contains(string(got.body), "demo-agency") || strings.Contains(string(got.body), "wang-lei") {
			t.Errorf("%s by the other agency shows the demo agency's data: %s", path, got.body)
		}
	}
	// The screens too.
	b := a.login("zhao", "zhao-demo-2026")
	for _, path := range []string{"/", "/customers", "/complaints", "/bookings", "/outbox", "/outbox?state=delivered", "/kpis"} {
		if status, body := b.get(path); status != http.StatusOK || strings.Contains(body, "wang-lei") || strings.Contains(body, "K-PARIS-1") {
			t.Errorf("screen %s for the other agency: %d, shows the demo agency's data", path, status)
		}
	}
	for _, path := range []string{"/customers/wang-lei", "/bookings/TK-2026-1127", "/suppliers/hotel-lumiere", "/allotments/AL-PARIS"} {
		if status, _ := b.get(path); status != http.StatusNotFound {
			t.Errorf("%s on the other agency's screen: %d", path, status)
		}
	}
	if status, _ := b.get("/complaints/K-PARIS-1"); status != http.StatusNotFound {
		t.Errorf("the demo agency's complaint on the other agency's screen: %d", status)
	}
	if status, _ := b.post("/complaints/K-PARIS-1/act", url.Values{"action": {"acknowledge"}, "version": {"1"}}); status != http.StatusNotFound {
		t.Errorf("acting on the demo agency's complaint: %d", status)
	}
	// A tenant named in the request is ignored: the token decides.
	got := a.api(other, "GET", "/api/v1/customers?tenant=demo-agency", nil)
	if strings.Contains(string(got.body), "wang-lei") {
		t.Error("a tenant parameter reached the demo agency's data")
	}
	var rec struct {
		Version int `json:"version"`
	}
	a.api("tk-demo-chen", "GET", "/api/v1/complaints/K-PARIS-1", nil).json(t, &rec)
	if rec.Version != 1 {
		t.Errorf("the demo agency's complaint changed: version %d", rec.Version)
	}
}

// A consultant cannot approve compensation above the limit, on the
// screen as in the API; the manager can.
func TestOnlyAManagerApproves(t *testing.T) {
	a := newApp(t)
	li := a.login("li", "li-demo-2026")
	for _, action := range []string{"acknowledge", "assess", "investigate"} {
		_, body := li.get("/complaints/K-PARIS-1")
		version := regexpVersion(body)
		if status, body := li.post("/complaints/K-PARIS-1/act", url.Values{"action": {action}, "version": {version}}); status != http.StatusOK {
			t.Fatalf("%s: %d %s", action, status, body)
		}
	}
	_, body := li.get("/complaints/K-PARIS-1")
	form := url.Values{"root_cause": {"supplier_fault"}, "remedy": {"re-cleaned"}, "voucher": {"800"}, "version": {regexpVersion(body)}}
	status, body := li.post("/complaints/K-PARIS-1/resolve", form)
	if status != http.StatusForbidden || !strings.Contains(body, "approver other than the handler") {
		t.Fatalf("a consultant resolving with a voucher above the limit: %d", status)
	}
	wu := a.login("wu", "wu-demo-2026")
	if status, body := wu.post("/complaints/K-PARIS-1/resolve", form); status != http.StatusOK || !strings.Contains(body, "(wu)") {
		t.Errorf("the manager's approval: %d", status)
	}
}

// A form or API change from a session needs the session's CSRF token.
func TestForgedCSRFRefused(t *testing.T) {
	a := newApp(t)
	b := a.login("li", "li-demo-2026")
	_, body := b.get("/complaints/K-PARIS-1")
	form := url.Values{"action": {"acknowledge"}, "version": {regexpVersion(body)}}
	for _, token := range []string{"forged", ""} {
		if status, _ := b.post("/complaints/K-PARIS-1/act", form, token); status != http.StatusForbidden {
			t.Errorf("CSRF token %q: %d", token, status)
		}
	}
	// The API with the session cookie but without the token.
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/complaints/K-PARIS-1/actions", strings.NewReader(`{"action":"acknowledge"}`))
	req.Header.Set("If-Match", `"1"`)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("API change with the cookie and no CSRF token: %d", resp.StatusCode)
	}
	var rec struct {
		Version int `json:"version"`
	}
	a.api("tk-demo-li", "GET", "/api/v1/complaints/K-PARIS-1", nil).json(t, &rec)
	if rec.Version != 1 {
		t.Errorf("a forged request changed the complaint: version %d", rec.Version)
	}
	if status, _ := b.post("/complaints/K-PARIS-1/act", form); status != http.StatusOK {
		t.Errorf("with the session's token: %d", status)
	}
}

func TestLoginAndSession(t *testing.T) {
	a := newApp(t)
	// Cookie flags and security headers.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(a.srv.URL+"/login", url.Values{"user": {"li"}, "password": {"li-demo-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		cookie = c
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie %+v", cookie)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers: %v", resp.Header)
	}
	// Wrong passwords, then the limit.
	for i := range 6 {
		resp, err := http.PostForm(a.srv.URL+"/login", url.Values{"user": {"chen"}, "password": {"wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if resp.StatusCode != want {
			t.Errorf("attempt %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	// Without a session every screen leads to the login.
	for _, path := range []string{"/", "/complaints", "/outbox"} {
		resp, err := client.Get(a.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("%s without a session: %d %s", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// Logging out ends the session.
	b := a.login("li", "li-demo-2026")
	b.post("/logout", nil)
	if status, body := b.get("/"); status != http.StatusOK || !strings.Contains(body, `name="password"`) {
		t.Errorf("after logging out: %d", status)
	}
}

// Behind TLS the session cookie is Secure with the __Host- prefix, and
// the answers ask browsers to keep to HTTPS.
func TestSecureCookiesBehindTLS(t *testing.T) {
	users := &web.Users{}
	a := newApp(t)
	if err := users.Add(web.NewUser{Tenant: web.DemoTenant, ID: "chen", Name: "陈静", Role: web.Consultant, Language: "zh-CN",
		Password: "chen-demo-2026"}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Agency: a.a, Users: users, Clock: a.clock, Secure: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(s)
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.PostForm(srv.URL+"/login", url.Values{"user": {"chen"}, "password": {"chen-demo-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].Secure || !cookies[0].HttpOnly || cookies[0].Name != "__Host-tk_session" || cookies[0].Path != "/" {
		t.Errorf("session cookie behind TLS: %+v", cookies)
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no Strict-Transport-Security behind TLS")
	}
}
