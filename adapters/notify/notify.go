package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency"
)

// ErrPermanent marks a delivery that will never succeed (a 4xx answer
// other than 408/429); it wraps agency.ErrInvalid so the dispatcher stops
// retrying.
var ErrPermanent = fmt.Errorf("notify: permanent failure: %w", agency.ErrInvalid)

// Log writes each notification as one structured log record.
type Log struct {
	Logger *slog.Logger
}

// Notify logs n at info level.
func (l Log) Notify(ctx context.Context, n agency.Notification) error {
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.InfoContext(ctx, "notification", "event_id", n.EventID, "tenant", string(n.Tenant), "type", n.Type,
		"language", string(n.Language), "recipient", n.Recipient, "subject", n.Subject, "body", n.Body)
	return nil
}

// Recorder keeps notifications in memory, for tests. It is safe for
// concurrent use; Fail makes the next deliveries fail.
type Recorder struct {
	mu    sync.Mutex
	sent  []agency.Notification
	fails int
}

// Notify records n, or fails if failures were requested.
func (r *Recorder) Notify(_ context.Context, n agency.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return errors.New("recorder: simulated failure")
	}
	r.sent = append(r.sent, n)
	return nil
}

// Fail makes the next n deliveries fail.
func (r *Recorder) Fail(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fails = n
}

// Sent returns a copy of what was delivered, in order.
func (r *Recorder) Sent() []agency.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]agency.Notification(nil), r.sent...)
}

// Webhook posts each notification as JSON to URL. The request carries the
// event ID in Idempotency-Key and a signature in X-Travelkit-Signature:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under Secret>".
// Receivers recompute it and reject stale timestamps. A non-2xx answer is
// an error (retried, except permanent 4xx ones).
type Webhook struct {
	URL    string
	Secret []byte
	// Client defaults to one with a 10 s timeout.
	Client *http.Client
	// Now defaults to time.Now; tests fix it.
	Now func() time.Time
}

// Sign returns the signature header value for body at t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header against body, accepting timestamps up
// to tolerance away from now.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return false
	}
	at := time.Unix(sec, 0)
	if d := now.Sub(at); d > tolerance || d < -tolerance {
		return false
	}
	_, want, _ := strings.Cut(Sign(secret, at, body), ",v1=")
	return hmac.Equal([]byte(want), []byte(sig))
}

// Notify posts n.
func (w Webhook) Notify(ctx context.Context, n agency.Notification) error {
	body, err := json.Marshal(n)
	if err != nil {
		return err
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: webhook URL: %v", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", n.EventID)
	req.Header.Set("X-Travelkit-Event", n.Type)
	req.Header.Set("X-Travelkit-Signature", Sign(w.Secret, now(), body))
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests:
		return fmt.Errorf("%w: webhook answered %s", ErrPermanent, resp.Status)
	}
	return fmt.Errorf("webhook answered %s", resp.Status)
}

// SMTP sends each notification with a recipient as a plain-text e-mail
// (UTF-8, the subject encoded per RFC 2047). Notifications without a
// recipient are skipped.
type SMTP struct {
	// Addr is host:port of the mail server.
	Addr string
	From string
	// Auth is optional (smtp.PlainAuth for submission servers).
	Auth smtp.Auth
	// Timeout bounds the whole exchange (default 30 s).
	Timeout time.Duration
}

// Notify sends n to n.Recipient.
func (m SMTP) Notify(ctx context.Context, n agency.Notification) error {
	if n.Recipient == "" {
		return nil
	}
	if strings.ContainsAny(n.Recipient, "\r\n") || strings.ContainsAny(m.From, "\r\n") {
		return fmt.Errorf("%w: address with a line break", ErrPermanent)
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if m.Auth != nil {
		if err := c.Auth(m.Auth); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := c.Rcpt(n.Recipient); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	wc, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	msg := "From: " + m.From + "\r\n" +
		"To: " + n.Recipient + "\r\n" +
		"Subject: " + mime.BEncoding.Encode("utf-8", n.Subject) + "\r\n" +
		"Message-ID: <" + n.EventID + "@travelkit>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n" +
		"Content-Language: " + string(n.Language) + "\r\n\r\n" +
		strings.ReplaceAll(n.Body, "\n", "\r\n") + "\r\n"
	if _, err := io.WriteString(wc, msg); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.Quit()
}
