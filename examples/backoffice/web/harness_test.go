package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"example.com/backoffice/web"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/document/pdf"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// app is the back office on a memory store with the demo seeded, served
// by httptest, with the OpenAPI document's validator.
type app struct {
	t     *testing.T
	srv   *httptest.Server
	a     *agency.Agency
	clock *clock
	spec  validator.Validator
}

func newApp(t *testing.T) *app {
	t.Helper()
	c := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	limit, _ := pricing.Parse("500", "CNY")
	rates, _, err := casebook.Case1Rates()
	if err != nil {
		t.Fatal(err)
	}
	pdfs := pdfWriter(t)
	a, err := agency.New(memory.New(), agency.Config{Clock: c, Rates: rates, Calendar: &feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true},
		ApprovalLimits: feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}}, PDF: pdfs})
	if err != nil {
		t.Fatal(err)
	}
	users := &web.Users{}
	if err := web.SeedDemo(context.Background(), a, users, c.Now()); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Agency: a, Users: users, Clock: c, PDF: pdfs})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	spec := openAPI(t, srv.URL)
	return &app{t: t, srv: srv, a: a, clock: c, spec: spec}
}

// openAPI reads the served document and builds its validator.
func openAPI(t *testing.T, base string) validator.Validator {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	doc, err := libopenapi.NewDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("the OpenAPI document: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("OpenAPI document: %s", e.Error())
		}
		t.FailNow()
	}
	return v
}

// reply is an API response.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%d %s: %v", r.status, r.body, err)
	}
}

func (r reply) problem(t *testing.T) web.Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q for %d %s", ct, r.status, r.body)
	}
	var p web.Problem
	r.json(t, &p)
	return p
}

// api sends an API request with token and headers and checks the request
// and the response against the OpenAPI document.
func (a *app) api(token, method, path string, body any, headers ...string) reply {
	a.t.Helper()
	return a.send(true, token, method, path, body, headers...)
}

// invalid sends a request the document does not allow (a test of the
// server's refusal) and checks only the response against it.
func (a *app) invalid(token, method, path string, body any, headers ...string) reply {
	a.t.Helper()
	return a.send(false, token, method, path, body, headers...)
}

func (a *app) send(validRequest bool, token, method, path string, body any, headers ...string) reply {
	a.t.Helper()
	var raw []byte
	if body != nil {
		switch b := body.(type) {
		case string:
			raw = []byte(b)
		default:
			raw, _ = json.Marshal(body)
		}
	}
	req, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	// Validate what went and what came back against the document.
	check, _ := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(raw))
	check.Header = req.Header.Clone()
	resp.Body = io.NopCloser(bytes.NewReader(out))
	validate := a.spec.ValidateHttpRequestResponse
	if !validRequest {
		validate = a.spec.ValidateHttpResponse
	}
	if ok, errs := validate(check, resp); !ok {
		for _, e := range errs {
			a.t.Errorf("%s %s → %d: OpenAPI: %s (%s)", method, path, resp.StatusCode, e.Message, e.Reason)
		}
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: out}
}

// browser is a client with a cookie jar, as a person's browser.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (a *app) login(user, password string) *browser {
	a.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: a.t, base: a.srv.URL, c: &http.Client{Jar: jar}}
	resp, err := b.c.PostForm(a.srv.URL+"/login", url.Values{"user": {user}, "password": {password}})
	if err != nil {
		a.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		a.t.Fatalf("login %s: %d %s", user, resp.StatusCode, body)
	}
	b.csrf = string(m[1])
	return b
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post submits a form with the session's CSRF token (or csrf when given).
func (b *browser) post(path string, form url.Values, csrf ...string) (int, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.csrf)
	if len(csrf) > 0 {
		form.Set("csrf", csrf[0])
	}
	resp, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// regexpVersion is the version a complaint screen's forms carry.
func regexpVersion(body string) string {
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

var inquiryTitle = regexp.MustCompile(`<h1>([^ <]+) ·`)

// regexpInquiry is the ID an inquiry screen shows.
func regexpInquiry(body string) string {
	m := inquiryTitle.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// pdfWriter sets PDFs in Noto Sans CJK when Debian's fonts-noto-cjk is
// installed (CI installs it); without it the application serves no PDF.
func pdfWriter(t *testing.T) agency.DocumentWriter {
	t.Helper()
	font, err := pdf.LoadFontFile(pdf.NotoSansCJK, "Noto Sans CJK SC")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI installs fonts-noto-cjk: %v", err)
		}
		return nil
	}
	return pdf.Options{Font: font}
}
