package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
)

func note() agency.Notification {
	return agency.Notification{EventID: "ev-1", Tenant: "agency-a", Type: agency.EventQuoteIssued, Language: agency.Chinese,
		Recipient: "wang.lei@example.com", Subject: "报价单 Q-1", Body: "王磊，您好！报价单 Q-1 第1版：总价 ￥84,314.38。",
		Payload: json.RawMessage(`{"quote_id":"Q-1"}`)}
}

func TestLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := notify.Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	if err := l.Notify(context.Background(), note()); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["event_id"] != "ev-1" || rec["subject"] != "报价单 Q-1" || rec["language"] != "zh-CN" {
		t.Errorf("log record %v", rec)
	}
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	secret := []byte("s3cret")
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	answers := []int{http.StatusServiceUnavailable, http.StatusOK, http.StatusBadRequest}
	var got []agency.Notification
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify(secret, r.Header.Get("X-Travelkit-Signature"), body, now, 5*time.Minute) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if r.Header.Get("Idempotency-Key") != "ev-1" {
			http.Error(w, "no idempotency key", http.StatusBadRequest)
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
	hook := notify.Webhook{URL: srv.URL, Secret: secret, Now: func() time.Time { return now }}
	ctx := context.Background()
	if err := hook.Notify(ctx, note()); err == nil || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("503 should be a retryable error, got %v", err)
	}
	if err := hook.Notify(ctx, note()); err != nil {
		t.Errorf("200: %v", err)
	}
	if err := hook.Notify(ctx, note()); !errors.Is(err, notify.ErrPermanent) || !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("400 should be permanent, got %v", err)
	}
	if len(got) != 3 || got[1].Subject != "报价单 Q-1" {
		t.Errorf("received %v", got)
	}
	// A wrong secret or a stale timestamp is refused by Verify.
	body := []byte(`{}`)
	sig := notify.Sign(secret, now, body)
	if notify.Verify([]byte("other"), sig, body, now, time.Minute) || notify.Verify(secret, sig, body, now.Add(time.Hour), time.Minute) ||
		notify.Verify(secret, sig, []byte(`{"x":1}`), now, time.Minute) || !notify.Verify(secret, sig, body, now, time.Minute) {
		t.Error("Verify accepts what it should refuse, or refuses a good signature")
	}
	// A timeout is a retryable error.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(200 * time.Millisecond) }))
	defer slow.Close()
	hook = notify.Webhook{URL: slow.URL, Secret: secret, Client: &http.Client{Timeout: 50 * time.Millisecond}}
	if err := hook.Notify(ctx, note()); err == nil || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("timeout: %v", err)
	}
}

// smtpServer is a minimal SMTP server for one test: it accepts one message
// and hands it over.
func smtpServer(t *testing.T) (addr string, messages <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { _, _ = conn.Write([]byte(s + "\r\n")) }
		say("220 localhost test SMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 localhost")
			case strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "RCPT TO"):
				data.WriteString(strings.TrimSpace(line) + "\n")
				say("250 OK")
			case cmd == "DATA":
				say("354 go ahead")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
				out <- data.String()
			case cmd == "QUIT":
				say("221 bye")
				return
			default:
				say("502 not implemented")
			}
		}
	}()
	return ln.Addr().String(), out
}

func TestSMTP(t *testing.T) {
	t.Parallel()
	addr, messages := smtpServer(t)
	m := notify.SMTP{Addr: addr, From: "consultant@agency.example", Timeout: 5 * time.Second}
	if err := m.Notify(context.Background(), note()); err != nil {
		t.Fatal(err)
	}
	msg := <-messages
	var subject string
	for _, line := range strings.Split(msg, "\r\n") {
		if v, ok := strings.CutPrefix(line, "Subject: "); ok {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	for _, want := range []string{"MAIL FROM:<consultant@agency.example>", "RCPT TO:<wang.lei@example.com>", "Content-Language: zh-CN",
		"Message-ID: <ev-1@travelkit>", "总价 ￥84,314.38"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if subject != "报价单 Q-1" {
		t.Errorf("subject %q", subject)
	}
	// No recipient: nothing to send, no error. A header injection: permanent.
	n := note()
	n.Recipient = ""
	if err := m.Notify(context.Background(), n); err != nil {
		t.Error(err)
	}
	n.Recipient = "x@example.com\r\nBcc: all@example.com"
	if err := m.Notify(context.Background(), n); !errors.Is(err, notify.ErrPermanent) {
		t.Errorf("injection: %v", err)
	}
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	var r notify.Recorder
	r.Fail(1)
	if err := r.Notify(context.Background(), note()); err == nil {
		t.Error("first delivery should fail")
	}
	if err := r.Notify(context.Background(), note()); err != nil || len(r.Sent()) != 1 {
		t.Errorf("second: %v, %d sent", err, len(r.Sent()))
	}
}
