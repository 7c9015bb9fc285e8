package amqp

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill"
	wamqp "github.com/ThreeDotsLabs/watermill-amqp/v3/pkg/amqp"
	"github.com/ThreeDotsLabs/watermill/message"
	amqp091 "github.com/rabbitmq/amqp091-go"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/agency"
)

// DefaultTopic is the Watermill topic events are published on; with
// Config it is the name of a durable fanout exchange, to which each
// consuming service binds a queue of its own.
const DefaultTopic = "travelkit.events"

// Notifier publishes notifications through a Watermill publisher.
type Notifier struct {
	pub message.Publisher
	// Topic returns the topic of a notification; nil publishes every one
	// on DefaultTopic.
	Topic func(n agency.Notification) string
}

// New returns a notifier publishing through pub, which the caller closes
// (or Close closes).
func New(pub message.Publisher) *Notifier { return &Notifier{pub: pub} }

// Config returns the Watermill configuration Dial uses: a durable fanout
// exchange per topic, persistent messages, publisher confirmations, and
// each message's AMQP message-id and content-type set to the event ID and
// the CloudEvents media type.
func Config(uri string) wamqp.Config {
	cfg := wamqp.NewDurablePubSubConfig(uri, nil)
	cfg.Publish.ConfirmDelivery = true
	cfg.Marshaler = wamqp.DefaultMarshaler{PostprocessPublishing: func(p amqp091.Publishing) amqp091.Publishing {
		p.ContentType = broker.ContentType
		if id, ok := p.Headers[wamqp.DefaultMessageUUIDHeaderKey].(string); ok {
			p.MessageId = id
		}
		return p
	}}
	return cfg
}

// Dial connects to RabbitMQ at uri ("amqp://user:password@host:5672/") with
// Config. Watermill reconnects in the background when the connection is
// lost; meanwhile deliveries fail and the dispatcher retries them.
func Dial(uri string) (*Notifier, error) {
	pub, err := wamqp.NewPublisher(Config(uri), watermill.NopLogger{})
	if err != nil {
		return nil, fmt.Errorf("amqp: %w", err)
	}
	return New(pub), nil
}

// Close closes the publisher.
func (p *Notifier) Close() error { return p.pub.Close() }

// Notify publishes one notification and returns once the broker has
// confirmed it. A broker that refuses it (a negative confirmation, a full
// queue that rejects publishing) or is away is an error to retry; a
// notification that cannot be encoded is permanent.
func (p *Notifier) Notify(ctx context.Context, n agency.Notification) error {
	body, err := broker.Encode(n)
	if err != nil {
		return err
	}
	msg := message.NewMessage(n.EventID, body)
	msg.Metadata.Set("content-type", broker.ContentType)
	msg.SetContext(ctx)
	topic := DefaultTopic
	if p.Topic != nil {
		topic = p.Topic(n)
	}
	if err := p.pub.Publish(topic, msg); err != nil {
		return fmt.Errorf("amqp: event %s: %w", n.EventID, err)
	}
	return nil
}
