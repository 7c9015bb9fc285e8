package notify

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"mime"
	"net"
	"net/smtp"
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

// Notify sends n to n.Recipient.
func (m SMTP) Notify(ctx context.Context, n agency.Notification) error {
	if n.Recipient == "" || n.Audience == events.Internal {
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
