package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
)

// Webhook posts each notification as JSON to a URL, signed by the Standard
// Webhooks scheme: the headers webhook-id (the event ID, which receivers
// deduplicate on), webhook-timestamp (Unix seconds) and webhook-signature
// ("v1," and the base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" under the
// secret). Receivers check it with a Verifier or any Standard Webhooks
// library. Only a 2xx answer is a delivery: a 3xx is a failure and
// redirects are not followed (the payload would not arrive); a 4xx other
// than 408/429 is permanent. The URL is redacted in every error, since
// webhook URLs often carry tokens. Build it with NewWebhook.
type Webhook struct {
	url      string
	redacted string
	secret   []byte
	client   *http.Client
	now      func() time.Time
}

// WebhookOption configures a Webhook.
type WebhookOption func(*Webhook)

// WithHTTPClient sends through c (its redirect policy is replaced: redirects
// are never followed). The default has a 10 s timeout.
func WithHTTPClient(c *http.Client) WebhookOption { return func(w *Webhook) { w.client = c } }

// WithNow sets the clock of the signature timestamps (default time.Now).
func WithNow(now func() time.Time) WebhookOption { return func(w *Webhook) { w.now = now } }

// MinSecretLength is the shortest webhook secret accepted, in bytes.
const MinSecretLength = 16

// NewWebhook returns a webhook notifier for an http or https URL and a
// secret of at least MinSecretLength bytes (see ParseSecret for the
// "whsec_" form). Anything else is refused here, not at the first delivery.
func NewWebhook(rawURL string, secret []byte, opts ...WebhookOption) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	var ps []agency.Problem
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		ps = append(ps, agency.Problem{Field: "URL", Code: "invalid_value", Message: "an absolute http or https URL is required"})
	}
	if len(secret) < MinSecretLength {
		ps = append(ps, agency.Problem{Field: "Secret", Code: "too_short",
			Message: fmt.Sprintf("a webhook secret needs at least %d bytes", MinSecretLength)})
	}
	if len(ps) > 0 {
		return nil, &agency.ValidationError{Problems: ps}
	}
	w := &Webhook{url: rawURL, redacted: redactURL(u), secret: bytes.Clone(secret), now: time.Now}
	for _, o := range opts {
		o(w)
	}
	base := w.client
	if base == nil {
		base = &http.Client{Timeout: 10 * time.Second}
	}
	c := *base
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	w.client = &c
	return w, nil
}

// redactURL keeps the scheme and host of a URL, hiding its path, query and
// user information, which may carry tokens.
func redactURL(u *url.URL) string {
	out := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		out += "/…"
	}
	return out
}

// String returns the webhook's redacted URL.
func (w *Webhook) String() string { return "webhook " + w.redacted }

// Sign returns the webhook-signature value for a message: "v1," and the
// base64 HMAC-SHA256 of "<id>.<unix seconds>.<body>" under secret.
func Sign(secret []byte, id string, t time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id))
	mac.Write([]byte("."))
	mac.Write([]byte(strconv.FormatInt(t.Unix(), 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// ParseSecret reads a secret in the Standard Webhooks form
// "whsec_<base64>" and returns the key bytes.
func ParseSecret(s string) ([]byte, error) {
	b64, ok := strings.CutPrefix(s, "whsec_")
	key, err := base64.StdEncoding.DecodeString(b64)
	if !ok || err != nil {
		return nil, &agency.ValidationError{Problems: []agency.Problem{{Field: "Secret", Code: "invalid_value",
			Message: `a webhook secret reads "whsec_" and base64`}}}
	}
	return key, nil
}

// FormatSecret writes key in the "whsec_<base64>" form receivers configure.
func FormatSecret(key []byte) string { return "whsec_" + base64.StdEncoding.EncodeToString(key) }

// Notify posts n.
func (w *Webhook) Notify(ctx context.Context, n agency.Notification) error {
	if w == nil || w.client == nil {
		return fmt.Errorf("%w: build the webhook with NewWebhook", ErrPermanent)
	}
	body, err := json.Marshal(n)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrPermanent, w, err)
	}
	now := w.now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", n.EventID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", Sign(w.secret, n.EventID, now, body))
	req.Header.Set("Idempotency-Key", n.EventID)
	req.Header.Set("X-Travelkit-Event", n.Type)
	resp, err := w.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text holds the whole URL
		}
		return fmt.Errorf("%s: %w", w, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code >= 300 && code < 400:
		return fmt.Errorf("%s answered %s: redirects are not followed; point the webhook at the final URL", w, resp.Status)
	case code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests:
		return fmt.Errorf("%w: %s answered %s", ErrPermanent, w, resp.Status)
	}
	return fmt.Errorf("%s answered %s", w, resp.Status)
}

// ErrSignature is a webhook request that does not prove it came from the
// holder of the secret, or came too late (a replay).
var ErrSignature = errors.New("notify: webhook signature not valid")

// DefaultTolerance is how far a webhook timestamp may be from the
// receiver's clock: the replay window.
const DefaultTolerance = 5 * time.Minute

// Verifier checks webhook requests on the receiving side, so that a
// receiver does not write its own HMAC check: headers present, timestamp
// within the tolerance (older requests are replays), and one of the
// signatures matching in constant time. It is safe for concurrent use.
type Verifier struct {
	secret    []byte
	tolerance time.Duration
	now       func() time.Time
}

// NewVerifier returns a Verifier for secret; tolerance 0 means
// DefaultTolerance; now nil means time.Now.
func NewVerifier(secret []byte, tolerance time.Duration, now func() time.Time) (*Verifier, error) {
	if len(secret) < MinSecretLength {
		return nil, &agency.ValidationError{Problems: []agency.Problem{{Field: "Secret", Code: "too_short",
			Message: fmt.Sprintf("a webhook secret needs at least %d bytes", MinSecretLength)}}}
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if now == nil {
		now = time.Now
	}
	return &Verifier{secret: bytes.Clone(secret), tolerance: tolerance, now: now}, nil
}

// Verify checks the headers of a request against its raw body and returns
// the message ID (the event ID, to deduplicate on). Errors match
// ErrSignature.
func (v *Verifier) Verify(h http.Header, body []byte) (string, error) {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return "", fmt.Errorf("%w: webhook-id, webhook-timestamp and webhook-signature are required", ErrSignature)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: timestamp %q", ErrSignature, clip(ts))
	}
	at := time.Unix(sec, 0)
	if d := v.now().Sub(at); d > v.tolerance || d < -v.tolerance {
		return "", fmt.Errorf("%w: timestamp %s is outside the %s window", ErrSignature, at.UTC().Format(time.RFC3339), v.tolerance)
	}
	want := []byte(Sign(v.secret, id, at, body))
	for _, s := range strings.Fields(sigs) {
		if hmac.Equal([]byte(s), want) {
			return id, nil
		}
	}
	return "", fmt.Errorf("%w: no signature matches", ErrSignature)
}

// VerifyRequest reads a request's body (at most maxBody bytes; 0 means
// 1 MiB) and verifies it, returning the message ID and the body.
func (v *Verifier) VerifyRequest(r *http.Request, maxBody int64) (string, []byte, error) {
	if maxBody <= 0 {
		maxBody = 1 << 20
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return "", nil, err
	}
	if int64(len(body)) > maxBody {
		return "", nil, fmt.Errorf("%w: body larger than %d bytes", ErrSignature, maxBody)
	}
	id, err := v.Verify(r.Header, body)
	return id, body, err
}

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
