package natsjs_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/travelkit/travelkit/adapters/broker/brokertest"
	"github.com/travelkit/travelkit/adapters/broker/natsjs"
	"github.com/travelkit/travelkit/agency"
)

// natsAddr returns TRAVELKIT_NATS_ADDR (host:port of a NATS server with
// JetStream). Without it the test is skipped, saying so — except under CI.
func natsAddr(t *testing.T) string {
	addr := os.Getenv("TRAVELKIT_NATS_ADDR")
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TRAVELKIT_NATS_ADDR is not set, and CI must run the NATS tests")
		}
		t.Skip("TRAVELKIT_NATS_ADDR is not set: skipping NATS JetStream")
	}
	return addr
}

func connect(t *testing.T, addr string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect("nats://"+addr, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond), nats.ReconnectBufSize(-1),
		nats.Timeout(2*time.Second))
	if err != nil {
		t.Fatalf("NATS at %s: %v", addr, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// stream creates a stream of the test's own, deleted when it ends, and
// returns its subject prefix.
func stream(t *testing.T, js jetstream.JetStream, maxMsgSize int32) (jetstream.Stream, string) {
	t.Helper()
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := "TKTEST_" + hex.EncodeToString(b[:])
	prefix := "tktest" + hex.EncodeToString(b[:])
	cfg := jetstream.StreamConfig{Name: name, Subjects: []string{prefix + ".>"}, Storage: jetstream.MemoryStorage, Duplicates: time.Minute}
	if maxMsgSize > 0 {
		cfg.MaxMsgSize = maxMsgSize
	}
	s, err := js.CreateStream(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = js.DeleteStream(context.Background(), name) })
	return s, prefix
}

func TestConformance(t *testing.T) {
	addr := natsAddr(t)
	admin := connect(t, addr)
	brokertest.Run(t, brokertest.Harness{
		Target:             addr,
		BrokerDeduplicates: true,
		Open: func(t *testing.T, at string) (agency.Notifier, brokertest.Consumer) {
			s, prefix := stream(t, admin, 0)
			n := natsjs.New(connect(t, at))
			n.Timeout = 2 * time.Second
			n.Subject = func(x agency.Notification) string { return prefix + "." + natsjs.Subject(x) }
			c, err := s.OrderedConsumer(context.Background(), jetstream.OrderedConsumerConfig{})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]byte
			return n, func(t *testing.T, want int) [][]byte {
				deadline := time.Now().Add(5 * time.Second)
				for len(got) < want && time.Now().Before(deadline) {
					batch, err := c.Fetch(want-len(got), jetstream.FetchMaxWait(500*time.Millisecond))
					if err != nil {
						t.Fatal(err)
					}
					for m := range batch.Messages() {
						if ct := m.Headers().Get("Content-Type"); ct != "application/cloudevents+json" {
							t.Errorf("Content-Type %q", ct)
						}
						got = append(got, m.Data())
					}
				}
				return got
			}
		},
		Refusing: func(t *testing.T, at string) (agency.Notifier, bool) {
			_, prefix := stream(t, admin, 100) // every CloudEvent is larger
			n := natsjs.New(connect(t, at))
			n.Subject = func(x agency.Notification) string { return prefix + "." + natsjs.Subject(x) }
			return n, true
		},
	})
}

func TestSubject(t *testing.T) {
	for tenant, want := range map[agency.TenantID]string{
		"agency-a":      "travelkit.events.agency-a.customer.saved",
		"agency.b c*d>": "travelkit.events.agency_b_c_d_.customer.saved",
	} {
		if got := natsjs.Subject(agency.Notification{Tenant: tenant, Type: "customer.saved"}); got != want {
			t.Errorf("%q: %s, want %s", tenant, got, want)
		}
	}
}
