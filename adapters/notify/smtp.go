package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"regexp"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
)

// SMTP sends each notification with a recipient as a plain-text e-mail
// (UTF-8, the subject encoded per RFC 2047). Notifications without a
// recipient, and internal events, are skipped. The connection is upgraded with STARTTLS whenever
// the server offers it; without it, credentials are never sent (Auth set)
// and nothing is sent at all when RequireTLS is set.
type SMTP struct {
	// Addr is host:port of the mail server.
	Addr string
	From string
	// Auth is optional (smtp.PlainAuth for submission servers); it requires
	// STARTTLS.
	Auth smtp.Auth
	// TLS configures STARTTLS (default: verify the server as Addr's host).
	TLS *tls.Config
	// RequireTLS refuses to send mail in cleartext even without Auth.
	RequireTLS bool
	// LocalName is the name given in EHLO (default "localhost").
	LocalName string
	// Timeout bounds the whole exchange (default 30 s).
	Timeout time.Duration
}

// Notify sends n to n.Recipient. A server's permanent refusal (a 5xx
// reply) is ErrPermanent; no error it returns carries the recipient's
// address, which servers echo in their replies ("550 <…> rejected"), so
// that neither logs nor an event's stored last error keep it.
func (m SMTP) Notify(ctx context.Context, n agency.Notification) error {
	if n.Recipient == "" || n.Audience == events.Internal {
		return nil
	}
	return redact(m.send(ctx, n), n.Recipient)
}

// redact takes a recipient's address — and its local part, as servers
// also quote it alone — out of an error's text, keeping its class: a 5xx
// reply is permanent.
func redact(err error, addr string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	local, _, _ := strings.Cut(addr, "@")
	for _, s := range []string{addr, local} {
		if len(s) >= 3 {
			msg = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(s)).ReplaceAllLiteralString(msg, MaskRecipient(addr))
		}
	}
	var tp *textproto.Error
	permanent := errors.As(err, &tp) && tp.Code >= 500 && !errors.Is(err, ErrPermanent)
	switch {
	case msg != err.Error() && (permanent || errors.Is(err, ErrPermanent)):
		return &redacted{msg: msg, class: ErrPermanent}
	case msg != err.Error():
		return &redacted{msg: msg}
	case permanent:
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	return err
}

// redacted is an error whose text was cleaned; it matches its class only,
// so that the original, which holds the address, cannot be reached.
type redacted struct {
	msg   string
	class error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.class }

func (m SMTP) send(ctx context.Context, n agency.Notification) error {
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
	local := m.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := m.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp: STARTTLS: %w", err)
		}
	} else if m.Auth != nil || m.RequireTLS {
		return fmt.Errorf("%w: smtp: %s does not offer STARTTLS; refusing to send credentials or mail in cleartext", ErrPermanent, m.Addr)
	}
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
