package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/internal/oracle"
)

var secret = []byte("0123456789abcdef-travelkit")

func TestWebhookAnswers(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	verifier, err := notify.NewVerifier(secret, 0, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	answers := []int{http.StatusServiceUnavailable, http.StatusOK, http.StatusBadRequest}
	var got []agency.Notification
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, body, err := verifier.VerifyRequest(r, 0)
		if err != nil || id != "ev-1" || r.Header.Get("Idempotency-Key") != "ev-1" {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var n agency.Notification
		_ = json.Unmarshal(body, &n)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, n)
		code := answers[0]
		answers = answers[1:]
		w.WriteHeader(code)
	}))
	defer srv.Close()
	hook, err := notify.NewWebhook(srv.URL+"/hooks/travelkit?token=abc123", secret, notify.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := hook.Notify(ctx, note()); err == nil || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("503 should be a retryable error, got %v", err)
	}
	if err := hook.Notify(ctx, note()); err != nil {
		t.Errorf("200: %v", err)
	}
	err = hook.Notify(ctx, note())
	if !errors.Is(err, notify.ErrPermanent) || !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("400 should be permanent, got %v", err)
	}
	if strings.Contains(err.Error(), "abc123") || strings.Contains(err.Error(), "/hooks") {
		t.Errorf("URL not redacted: %v", err)
	}
	if len(got) != 3 || got[1].Subject != "报价单 Q-1" {
		t.Errorf("received %v", got)
	}
	// A timeout is a retryable error.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(200 * time.Millisecond) }))
	defer slow.Close()
	hook, _ = notify.NewWebhook(slow.URL, secret, notify.WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	if err := hook.Notify(ctx, note()); err == nil || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("timeout: %v", err)
	}
}

// A 302 to a GET endpoint is not a delivery: redirects are not followed
// and the event stays undelivered.
func TestWebhookRedirectIsAFailedDelivery(t *testing.T) {
	t.Parallel()
	var gets int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/landing", http.StatusFound)
			return
		}
		mu.Lock()
		gets++
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	for _, client := range []*http.Client{nil, {Timeout: time.Second}} {
		opts := []notify.WebhookOption{}
		if client != nil {
			opts = append(opts, notify.WithHTTPClient(client))
		}
		hook, err := notify.NewWebhook(srv.URL+"/moved", secret, opts...)
		if err != nil {
			t.Fatal(err)
		}
		err = hook.Notify(context.Background(), note())
		if err == nil || !strings.Contains(err.Error(), "302") || errors.Is(err, notify.ErrPermanent) {
			t.Errorf("302: %v", err)
		}
	}
	if gets != 0 {
		t.Errorf("the redirect was followed %d times", gets)
	}
}

func TestNewWebhookRefusesBadConfiguration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url    string
		secret []byte
		fields []string
	}{
		{"https://hooks.example.com/x", nil, []string{"Secret"}},
		{"https://hooks.example.com/x", []byte("short"), []string{"Secret"}},
		{"ftp://hooks.example.com/x", secret, []string{"URL"}},
		{"hooks.example.com/x", secret, []string{"URL"}},
		{"https://", secret, []string{"URL"}},
		{"::", nil, []string{"URL", "Secret"}},
	} {
		_, err := notify.NewWebhook(tc.url, tc.secret)
		var ve *agency.ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) != len(tc.fields) {
			t.Errorf("%q: %v", tc.url, err)
			continue
		}
		for i, f := range tc.fields {
			if ve.Problems[i].Field != f {
				t.Errorf("%q: problem %d is %s, want %s", tc.url, i, ve.Problems[i].Field, f)
			}
		}
	}
	var zero notify.Webhook
	if err := zero.Notify(context.Background(), note()); !errors.Is(err, notify.ErrPermanent) {
		t.Errorf("zero webhook: %v", err)
	}
}

// A receiver that refuses connections shows up on the first attempt: the
// dispatcher logs and reports it, with the URL redacted.
func TestRefusedConnectionIsReportedOnTheFirstAttempt(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	hook, err := notify.NewWebhook("http://"+addr+"/in?key=topsecret", secret)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store := memory.New()
	a, err := agency.New(store, agency.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Customers.Create(ctx, "a", agency.NewCustomer{ID: "c1", Name: "Li", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	var failures []agency.FailedDelivery
	d := a.Outbox.Dispatcher(hook)
	d.Logger = slog.New(slog.DiscardHandler)
	d.OnFailure = func(f agency.FailedDelivery) { failures = append(failures, f) }
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(failures) != 1 || failures[0].Attempt != 1 || !strings.Contains(failures[0].Err.Error(), "refused") {
		t.Fatalf("failures %+v", failures)
	}
	e, _ := a.Outbox.Get(ctx, "a", failures[0].Event.ID)
	if strings.Contains(e.LastError, "topsecret") || strings.Contains(e.LastError, "/in") || !strings.Contains(e.LastError, addr) {
		t.Errorf("stored error %q", e.LastError)
	}
}

func TestVerifier(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	v, err := notify.NewVerifier(secret, time.Minute, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"event_id":"ev-9"}`)
	headers := func(id string, at time.Time, sig string) http.Header {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
		h.Set("webhook-signature", sig)
		return h
	}
	good := notify.Sign(secret, "ev-9", now, body)
	other := notify.Sign([]byte("another-secret-16bytes"), "ev-9", now, body)
	for name, tc := range map[string]struct {
		h    http.Header
		body []byte
		ok   bool
	}{
		"good":              {headers("ev-9", now, good), body, true},
		"rotated secrets":   {headers("ev-9", now, other+" "+good), body, true},
		"wrong secret":      {headers("ev-9", now, other), body, false},
		"tampered body":     {headers("ev-9", now, good), []byte(`{"event_id":"ev-8"}`), false},
		"another id":        {headers("ev-8", now, good), body, false},
		"replayed late":     {headers("ev-9", now.Add(-2*time.Minute), notify.Sign(secret, "ev-9", now.Add(-2*time.Minute), body)), body, false},
		"from the future":   {headers("ev-9", now.Add(2*time.Minute), notify.Sign(secret, "ev-9", now.Add(2*time.Minute), body)), body, false},
		"within the window": {headers("ev-9", now.Add(-50*time.Second), notify.Sign(secret, "ev-9", now.Add(-50*time.Second), body)), body, true},
		"missing headers":   {http.Header{}, body, false},
	} {
		id, err := v.Verify(tc.h, tc.body)
		if tc.ok != (err == nil) || (tc.ok && id != "ev-9") || (!tc.ok && !errors.Is(err, notify.ErrSignature)) {
			t.Errorf("%s: id %q, %v", name, id, err)
		}
	}
	if _, err := notify.NewVerifier([]byte("short"), 0, nil); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("short secret: %v", err)
	}
	key, err := notify.ParseSecret(notify.FormatSecret(secret))
	if err != nil || string(key) != string(secret) {
		t.Errorf("secret round trip: %q, %v", key, err)
	}
	if _, err := notify.ParseSecret("s3cret"); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("secret without whsec_: %v", err)
	}
}

// What the webhook sends is verified by the Standard Webhooks reference
// library for TypeScript (npm standardwebhooks), run through node.
func TestWebhookAgainstStandardWebhooksLibrary(t *testing.T) {
	dir := oracle.Node(t, "standardwebhooks@1.0.0")
	now := time.Now()
	var captured struct {
		headers map[string]string
		body    string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		captured.body = string(b)
		captured.headers = map[string]string{}
		for _, k := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
			captured.headers[k] = r.Header.Get(k)
		}
	}))
	defer srv.Close()
	hook, err := notify.NewWebhook(srv.URL, secret, notify.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	if err := hook.Notify(context.Background(), note()); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(map[string]any{"secret": notify.FormatSecret(secret), "headers": captured.headers, "body": captured.body})
	out := oracle.Run(t, dir, `
const { Webhook } = require("standardwebhooks");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const wh = new Webhook(input.secret);
const payload = wh.verify(input.body, input.headers);
let tampered = "refused";
try { wh.verify(input.body + " ", input.headers); tampered = "accepted"; } catch (e) {}
process.stdout.write(payload.event_id + " " + tampered);
`, in)
	if string(out) != "ev-1 refused" {
		t.Errorf("standardwebhooks says %q", out)
	}
}
