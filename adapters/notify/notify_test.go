package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"log/slog"
	"math/big"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/casebook"
)

func note() agency.Notification {
	return agency.Notification{EventID: "ev-1", Tenant: "agency-a", Type: "quote.issued", Audience: events.Customer, Language: agency.Chinese,
		Recipient: "wang.lei@example.com", Subject: "报价单 Q-1", Body: "王磊，您好！报价单 Q-1 第1版：总价 ￥84,314.38。",
		Payload: json.RawMessage(`{"quote_id":"Q-1"}`)}
}

// smtpServer is a minimal SMTP server for one test: it accepts one message
// and hands it over, saying whether it came over TLS. With cfg it offers
// STARTTLS and, once upgraded, AUTH PLAIN.
func smtpServer(t *testing.T, cfg *tls.Config, rcptReply ...string) (addr string, messages <-chan smtpMessage) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan smtpMessage, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer func() { conn.Close() }()
		r := bufio.NewReader(conn)
		secure := false
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
			case strings.HasPrefix(cmd, "EHLO"):
				switch {
				case cfg != nil && !secure:
					say("250-localhost")
					say("250 STARTTLS")
				case secure:
					say("250-localhost")
					say("250 AUTH PLAIN")
				default:
					say("250 localhost")
				}
			case cmd == "STARTTLS" && cfg != nil:
				say("220 ready")
				tc := tls.Server(conn, cfg)
				if err := tc.Handshake(); err != nil {
					return
				}
				conn, r, secure = tc, bufio.NewReader(tc), true
			case strings.HasPrefix(cmd, "AUTH PLAIN") && secure:
				data.WriteString("AUTH\n")
				say("235 accepted")
			case strings.HasPrefix(cmd, "RCPT TO") && len(rcptReply) > 0:
				say(rcptReply[0])
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
				out <- smtpMessage{text: data.String(), tls: secure}
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

type smtpMessage struct {
	text string
	tls  bool
}

func TestSMTP(t *testing.T) {
	t.Parallel()
	addr, messages := smtpServer(t, nil)
	m := notify.SMTP{Addr: addr, From: "consultant@agency.example", Timeout: 5 * time.Second}
	if err := m.Notify(context.Background(), note()); err != nil {
		t.Fatal(err)
	}
	got := <-messages
	msg := got.text
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

// testCert makes a self-signed certificate for 127.0.0.1.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// Mail goes out over STARTTLS when the server offers it, credentials
// included; a server without STARTTLS never sees the credentials.
func TestSMTPStartTLS(t *testing.T) {
	t.Parallel()
	cert, pool := testCert(t)
	addr, messages := smtpServer(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	host, _, _ := net.SplitHostPort(addr)
	m := notify.SMTP{Addr: addr, From: "consultant@agency.example", Timeout: 5 * time.Second,
		Auth: smtp.PlainAuth("", "consultant", "pw", host), TLS: &tls.Config{RootCAs: pool, ServerName: host}}
	if err := m.Notify(context.Background(), note()); err != nil {
		t.Fatal(err)
	}
	got := <-messages
	if !got.tls || !strings.HasPrefix(got.text, "AUTH\n") {
		t.Errorf("tls %v, exchange:\n%s", got.tls, got.text)
	}
	// A certificate the client does not trust: refused, nothing sent.
	addr2, _ := smtpServer(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	m2 := m
	m2.Addr, m2.TLS = addr2, nil
	if err := m2.Notify(context.Background(), note()); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("untrusted certificate: %v", err)
	}
	// No STARTTLS: credentials and, with RequireTLS, mail are refused.
	for _, cfg := range []notify.SMTP{{Auth: m.Auth}, {RequireTLS: true}} {
		addr3, messages3 := smtpServer(t, nil)
		cfg.Addr, cfg.From, cfg.Timeout = addr3, "consultant@agency.example", 5*time.Second
		if err := cfg.Notify(context.Background(), note()); !errors.Is(err, notify.ErrPermanent) {
			t.Errorf("cleartext server: %v", err)
		}
		select {
		case msg := <-messages3:
			t.Errorf("mail sent in cleartext: %s", msg.text)
		default:
		}
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

// Mail goes to people: an internal event, or one with no address, is
// skipped without connecting.
func TestSMTPSkipsInternalEventsAndMissingAddresses(t *testing.T) {
	t.Parallel()
	m := notify.SMTP{Addr: "127.0.0.1:1", From: "consultant@agency.example", Timeout: time.Second}
	internal := note()
	internal.Audience = events.Internal
	unaddressed := note()
	unaddressed.Recipient = ""
	for _, n := range []agency.Notification{internal, unaddressed} {
		if err := m.Notify(context.Background(), n); err != nil {
			t.Errorf("%s to %q: %v", n.Audience, n.Recipient, err)
		}
	}
	if err := m.Notify(context.Background(), note()); err == nil {
		t.Error("a customer's mail to a closed port was not an error")
	}
}

// A server that refuses the recipient echoes the address in its reply:
// the error returned, the event's stored last error and the dispatcher's
// log carry a masked address only, and the refusal is permanent.
func TestSMTPErrorsNeverCarryTheRecipientsAddress(t *testing.T) {
	t.Parallel()
	for name, reply := range map[string]string{
		"permanent": "550 5.1.1 <Wang.Lei@example.com>: Recipient address rejected: mailbox wang.lei unknown",
		"transient": "451 4.3.0 <wang.lei@example.com> try again later",
	} {
		t.Run(name, func(t *testing.T) {
			addr, _ := smtpServer(t, nil, reply)
			m := notify.SMTP{Addr: addr, From: "consultant@agency.example", Timeout: 5 * time.Second}
			err := m.Notify(context.Background(), note())
			if err == nil || strings.Contains(strings.ToLower(err.Error()), "wang.lei") || !strings.Contains(err.Error(), "w***@example.com") {
				t.Fatalf("error %v", err)
			}
			if permanent := errors.Is(err, notify.ErrPermanent); permanent != (name == "permanent") {
				t.Errorf("permanent = %v: %v", permanent, err)
			}
			if !errors.Is(err, agency.ErrInvalid) && name == "permanent" {
				t.Errorf("a permanent refusal does not dead-letter: %v", err)
			}
		})
	}
}

// Through the dispatcher: the refused event is a dead letter at once, and
// neither its stored last error nor the log shows the address.
func TestRefusedRecipientIsDeadLetteredWithoutItsAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr, _ := smtpServer(t, nil, "550 5.1.1 <wang.lei@example.com>: Recipient address rejected")
	a, err := agency.New(memory.New(), agency.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Customers.Create(ctx, "agency-a", agency.NewCustomer{Name: "王磊", Email: "wang.lei@example.com", Language: agency.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Trips.Propose(ctx, "agency-a", agency.TripProposal{CustomerID: c.ID, Trip: trip}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	d := a.Outbox.Dispatcher(notify.SMTP{Addr: addr, From: "consultant@agency.example", Timeout: 5 * time.Second})
	d.Logger = slog.New(slog.NewTextHandler(&log, nil))
	if _, err := d.DeliverOnce(ctx); err != nil {
		t.Fatal(err)
	}
	dead, err := a.Outbox.List(ctx, "agency-a", agency.EventQuery{State: agency.EventDead})
	if err != nil || len(dead.Items) != 1 || dead.Items[0].Type != "trip.proposed" {
		t.Fatalf("dead letters %+v, %v", dead.Items, err)
	}
	if e := dead.Items[0].LastError; strings.Contains(e, "wang.lei") || !strings.Contains(e, "550") {
		t.Errorf("stored last error %q", e)
	}
	if strings.Contains(log.String(), "wang.lei") || !strings.Contains(log.String(), "dead letters") {
		t.Errorf("log:\n%s", log.String())
	}
}
