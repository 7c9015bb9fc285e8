package natsjs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/agency"
)

// DefaultPrefix is the first tokens of every subject Notifier publishes
// on: travelkit.events.{tenant}.{type}, for instance
// travelkit.events.agency-a.quote.accepted. A stream that captures
// "travelkit.events.>" receives them all.
const DefaultPrefix = "travelkit.events"

// Notifier publishes notifications to JetStream. It is an
// agency.BatchNotifier: a dispatcher's batch is published asynchronously
// and then waited for, so a batch costs about one round trip.
type Notifier struct {
	js jetstream.JetStream
	// Subject returns the subject of a notification; nil uses
	// DefaultPrefix, the tenant and the event type.
	Subject func(n agency.Notification) string
	// Timeout bounds the wait for the stream's acknowledgements of one
	// publish or batch (default 10 s); what is not acknowledged by then is
	// retried.
	Timeout time.Duration
}

func (p *Notifier) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return 10 * time.Second
}

// New returns a notifier publishing through js, whose streams the vendor
// configures (subjects, retention, duplicate window).
func New(js jetstream.JetStream) *Notifier { return &Notifier{js: js} }

// Subject returns the default subject of a notification. Characters NATS
// does not allow in a subject token (space, '.', '*', '>') are written '_'
// in the tenant.
func Subject(n agency.Notification) string {
	tenant := strings.Map(func(r rune) rune {
		switch {
		case r == '.' || r == '*' || r == '>' || r <= ' ' || r == 0x7f:
			return '_'
		}
		return r
	}, string(n.Tenant))
	return DefaultPrefix + "." + tenant + "." + n.Type
}

func (p *Notifier) message(n agency.Notification) (*nats.Msg, error) {
	body, err := broker.Encode(n)
	if err != nil {
		return nil, err
	}
	subject := Subject(n)
	if p.Subject != nil {
		subject = p.Subject(n)
	}
	m := nats.NewMsg(subject)
	m.Data = body
	m.Header.Set("Content-Type", broker.ContentType)
	m.Header.Set(jetstream.MsgIDHeader, n.EventID)
	return m, nil
}

// Notify publishes one notification and waits for the stream's
// acknowledgement.
func (p *Notifier) Notify(ctx context.Context, n agency.Notification) error {
	m, err := p.message(n)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	_, err = p.js.PublishMsg(ctx, m)
	return classify(n.EventID, err)
}

// NotifyBatch publishes every notification without waiting, then waits
// for each acknowledgement; it returns one error per notification.
func (p *Notifier) NotifyBatch(ctx context.Context, ns []agency.Notification) []error {
	errs := make([]error, len(ns))
	futures := make([]jetstream.PubAckFuture, len(ns))
	for i, n := range ns {
		m, err := p.message(n)
		if err != nil {
			errs[i] = err
			continue
		}
		if futures[i], err = p.js.PublishMsgAsync(m); err != nil {
			errs[i] = classify(n.EventID, err)
		}
	}
	timeout := time.NewTimer(p.timeout())
	defer timeout.Stop()
	for i, f := range futures {
		if f == nil {
			continue
		}
		select {
		case <-f.Ok():
		case err := <-f.Err():
			errs[i] = classify(ns[i].EventID, err)
		case <-ctx.Done():
			errs[i] = ctx.Err()
		case <-timeout.C:
			errs[i] = fmt.Errorf("natsjs: event %s: no acknowledgement within %s", ns[i].EventID, p.timeout())
			timeout.Reset(0)
		}
	}
	return errs
}

// classify makes the refusals that no retry can cure (a message larger than
// the stream or the server allows, another bad request) permanent, so that
// the dispatcher moves the event to dead letters at once; every other
// failure (no stream answers, the server is away, a timeout) is retried.
func classify(id string, err error) error {
	if err == nil {
		return nil
	}
	var api *jetstream.APIError
	if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum) ||
		(errors.As(err, &api) && api.Code == 400) {
		return fmt.Errorf("%w: natsjs: event %s refused: %v", agency.ErrInvalid, id, err)
	}
	return fmt.Errorf("natsjs: event %s: %w", id, err)
}
