package amqp_test

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/adapters/broker/amqp"
	"github.com/travelkit/travelkit/adapters/broker/brokertest"
	"github.com/travelkit/travelkit/agency"
)

// rabbitAddr returns TRAVELKIT_RABBITMQ_ADDR (host:port of a RabbitMQ
// server that takes guest/guest). Without it the test is skipped, saying
// so — except under CI.
func rabbitAddr(t *testing.T) string {
	addr := os.Getenv("TRAVELKIT_RABBITMQ_ADDR")
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TRAVELKIT_RABBITMQ_ADDR is not set, and CI must run the RabbitMQ tests")
		}
		t.Skip("TRAVELKIT_RABBITMQ_ADDR is not set: skipping RabbitMQ")
	}
	return addr
}

func uri(addr string) string { return "amqp://guest:guest@" + addr + "/" }

// channel opens a channel on the real broker for the test's own set-up
// and consuming.
func channel(t *testing.T, addr string) *amqp091.Channel {
	t.Helper()
	conn, err := amqp091.Dial(uri(addr))
	if err != nil {
		t.Fatalf("RabbitMQ at %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// exchange declares a fanout exchange of the test's own, as the publisher
// declares it, deleted when the test ends.
func exchange(t *testing.T, ch *amqp091.Channel) string {
	t.Helper()
	var b [5]byte
	_, _ = rand.Read(b[:])
	name := "tktest." + hex.EncodeToString(b[:])
	if err := ch.ExchangeDeclare(name, "fanout", true, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ch.ExchangeDelete(name, false, false) })
	return name
}

func notifier(t *testing.T, at, exchange string) *amqp.Notifier {
	t.Helper()
	n, err := amqp.Dial(uri(at))
	if err != nil {
		t.Fatal(err)
	}
	n.Exchange = func(agency.Notification) string { return exchange }
	n.Timeout = 2 * time.Second
	t.Cleanup(func() { _ = n.Close() })
	return n
}

func TestConformance(t *testing.T) {
	target := rabbitAddr(t)
	brokertest.Run(t, brokertest.Harness{
		Target: target,
		Open: func(t *testing.T, at string) (agency.Notifier, brokertest.Consumer) {
			ch := channel(t, target)
			topic := exchange(t, ch)
			q, err := ch.QueueDeclare("", false, true, true, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := ch.QueueBind(q.Name, "", topic, false, nil); err != nil {
				t.Fatal(err)
			}
			deliveries, err := ch.Consume(q.Name, "", true, true, false, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var got [][]byte
			go func() {
				for d := range deliveries {
					if d.ContentType != broker.ContentType || d.MessageId == "" || d.DeliveryMode != amqp091.Persistent {
						t.Errorf("delivery content-type %q, message-id %q, mode %d", d.ContentType, d.MessageId, d.DeliveryMode)
					}
					mu.Lock()
					got = append(got, d.Body)
					mu.Unlock()
				}
			}()
			return notifier(t, at, topic), func(t *testing.T, want int) [][]byte {
				deadline := time.Now().Add(5 * time.Second)
				for {
					mu.Lock()
					n := len(got)
					out := append([][]byte(nil), got...)
					mu.Unlock()
					if n >= want || time.Now().After(deadline) {
						return out
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		},
		// A queue that is full and rejects publishing: the broker answers
		// the publisher's confirmation with a refusal.
		Refusing: func(t *testing.T, at string) (agency.Notifier, bool) {
			ch := channel(t, target)
			topic := exchange(t, ch)
			q, err := ch.QueueDeclare("", false, true, true, false, amqp091.Table{"x-max-length": int32(0), "x-overflow": "reject-publish"})
			if err != nil {
				t.Fatal(err)
			}
			if err := ch.QueueBind(q.Name, "", topic, false, nil); err != nil {
				t.Fatal(err)
			}
			return notifier(t, at, topic), false
		},
	})
}
