package amqp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/agency"
)

// DefaultExchange is the exchange events are published to: a durable
// fanout exchange, to which each consuming service binds a queue of its
// own.
const DefaultExchange = "travelkit.events"

// Notifier publishes notifications to RabbitMQ. It is an
// agency.BatchNotifier: a dispatcher's batch is published at once and its
// confirmations are then awaited. It is safe for concurrent use.
type Notifier struct {
	uri string
	// Exchange returns the exchange of a notification; nil publishes every
	// one to DefaultExchange. Exchanges are declared durable fanout on
	// first use.
	Exchange func(n agency.Notification) string
	// RoutingKey returns the routing key of a notification; nil uses the
	// event type, for exchanges of other kinds that route on it.
	RoutingKey func(n agency.Notification) string
	// Timeout bounds the wait for the broker's confirmations of one
	// delivery or batch (default 10 s); what is not confirmed by then is
	// retried.
	Timeout time.Duration

	mu       sync.Mutex
	conn     *amqp091.Connection
	ch       *amqp091.Channel
	declared map[string]bool
}

// Dial returns a notifier for the broker at uri
// ("amqp://user:password@host:5672/vhost"), connecting at once so that a
// wrong address or credentials show now; later losses of the connection
// are repaired on the next delivery.
func Dial(uri string) (*Notifier, error) {
	n := &Notifier{uri: uri}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.channel(); err != nil {
		return nil, err
	}
	return n, nil
}

// Close closes the connection.
func (p *Notifier) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn == nil {
		return nil
	}
	err := p.conn.Close()
	p.conn, p.ch = nil, nil
	return err
}

func (p *Notifier) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return 10 * time.Second
}

// channel returns the open confirming channel, dialling when there is
// none. p.mu is held.
func (p *Notifier) channel() (*amqp091.Channel, error) {
	if p.ch != nil && !p.ch.IsClosed() && !p.conn.IsClosed() {
		return p.ch, nil
	}
	p.reset()
	conn, err := amqp091.DialConfig(p.uri, amqp091.Config{Dial: amqp091.DefaultDial(5 * time.Second)})
	if err != nil {
		return nil, fmt.Errorf("amqp: connecting: %w", err)
	}
	ch, err := conn.Channel()
	if err == nil {
		err = ch.Confirm(false)
	}
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("amqp: opening a confirming channel: %w", err)
	}
	p.conn, p.ch, p.declared = conn, ch, map[string]bool{}
	return ch, nil
}

// reset drops the connection after a failure, so the next delivery dials
// again. p.mu is held.
func (p *Notifier) reset() {
	if p.conn != nil {
		_ = p.conn.Close()
	}
	p.conn, p.ch = nil, nil
}

// publishing is one notification ready to go.
type publishing struct {
	exchange, key string
	msg           amqp091.Publishing
}

func (p *Notifier) prepare(n agency.Notification) (publishing, error) {
	body, err := broker.Encode(n)
	if err != nil {
		return publishing{}, err
	}
	out := publishing{exchange: DefaultExchange, key: n.Type, msg: amqp091.Publishing{ContentType: broker.ContentType, MessageId: n.EventID,
		Timestamp: n.CreatedAt, Type: n.Type, DeliveryMode: amqp091.Persistent, Body: body}}
	if p.Exchange != nil {
		out.exchange = p.Exchange(n)
	}
	if p.RoutingKey != nil {
		out.key = p.RoutingKey(n)
	}
	return out, nil
}

// Notify publishes one notification and returns once the broker has
// confirmed it.
func (p *Notifier) Notify(ctx context.Context, n agency.Notification) error {
	return p.NotifyBatch(ctx, []agency.Notification{n})[0]
}

// NotifyBatch publishes every notification, then waits for each
// confirmation; it returns one error per notification. A refusal by the
// broker (a negative confirmation: a full queue that rejects publishing,
// say), a broker that is away or no confirmation in time is an error to
// retry; a notification that cannot be encoded is permanent.
func (p *Notifier) NotifyBatch(ctx context.Context, ns []agency.Notification) []error {
	errs := make([]error, len(ns))
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	p.mu.Lock()
	defer p.mu.Unlock()
	confirms := make([]*amqp091.DeferredConfirmation, len(ns))
	for i, n := range ns {
		out, err := p.prepare(n)
		if err != nil {
			errs[i] = err
			continue
		}
		ch, err := p.channel()
		if err != nil {
			errs[i] = err
			continue
		}
		if !p.declared[out.exchange] {
			if err := ch.ExchangeDeclare(out.exchange, "fanout", true, false, false, false, nil); err != nil {
				errs[i] = fmt.Errorf("amqp: declaring exchange %s: %w", out.exchange, err)
				p.reset()
				continue
			}
			p.declared[out.exchange] = true
		}
		if confirms[i], err = ch.PublishWithDeferredConfirmWithContext(ctx, out.exchange, out.key, false, false, out.msg); err != nil {
			errs[i] = fmt.Errorf("amqp: event %s: %w", n.EventID, err)
			p.reset()
		}
	}
	for i, c := range confirms {
		if c == nil {
			continue
		}
		acked, err := c.WaitContext(ctx)
		switch {
		case err != nil:
			errs[i] = fmt.Errorf("amqp: event %s: no confirmation: %w", ns[i].EventID, err)
			if errors.Is(err, context.DeadlineExceeded) {
				p.reset() // the channel may never answer; start afresh
			}
		case !acked:
			errs[i] = fmt.Errorf("amqp: event %s: the broker refused it (negative confirmation)", ns[i].EventID)
		}
	}
	return errs
}
