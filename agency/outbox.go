package agency

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
)

// Notification is an event rendered for its recipient, as a Notifier
// delivers it.
type Notification = events.Notification

// Notifier delivers notifications; an error means "try again later".
type Notifier = events.Notifier

// Outbox lists, inspects and requeues the events every change writes to
// the outbox, and makes the dispatcher that delivers them.
type Outbox struct{ c *core }

// EventQuery lists the tenant's events in a delivery state, oldest first;
// EventDead lists the dead letters to inspect and requeue.
type EventQuery struct {
	State EventState  `json:"state"`
	Page  PageRequest `json:"page"`
}

// List returns one page of the tenant's events in a delivery state.
func (s Outbox) List(ctx context.Context, tenant TenantID, q EventQuery) (Page[Event], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[Event]{}, err
	}
	return s.c.store.Outbox().List(ctx, tenant, q.State, q.Page)
}

// Get returns one of the tenant's events.
func (s Outbox) Get(ctx context.Context, tenant TenantID, id string) (Event, error) {
	if err := s.c.ready(tenant); err != nil {
		return Event{}, err
	}
	return s.c.store.Outbox().Get(ctx, tenant, id)
}

// Requeue makes a dead letter of the tenant pending again, due now, with
// its attempts reset: after the receiver is fixed.
func (s Outbox) Requeue(ctx context.Context, tenant TenantID, id string) error {
	if err := s.c.ready(tenant); err != nil {
		return err
	}
	return s.c.store.Outbox().Requeue(ctx, tenant, id, s.c.clock.Now())
}

// Dispatcher returns a dispatcher that delivers the agency's events
// through n, on the agency's store, clock and registry, with the default
// retry policy; set its fields before running it to change that.
func (s Outbox) Dispatcher(n Notifier) *Dispatcher {
	if s.c == nil {
		return &Dispatcher{Notifier: n}
	}
	return &Dispatcher{Store: s.c.store, Events: s.c.events, Notifier: n, Clock: s.c.clock}
}

// Dispatcher delivers outbox events through a Notifier at least once: it
// claims due events under a lease, renders each for its recipient through
// the registry, delivers it and marks it delivered; a failed delivery is
// retried with capped exponential backoff and moved to dead-letter after
// MaxAttempts. If the process dies between delivering and marking, the
// lease runs out and the event is delivered again — never lost. Receivers
// de-duplicate on the event ID. Several dispatchers (in several processes)
// share the work by their leases.
type Dispatcher struct {
	Store    storage.Store
	Events   *events.Registry
	Notifier Notifier
	Clock    Clock
	// BatchSize is how many events one claim takes (default 100).
	BatchSize int
	// Lease is how long a claim holds its events (default 1 min); it must
	// exceed the longest delivery.
	Lease time.Duration
	// MaxAttempts moves an event to dead-letter after that many failures
	// (default 10).
	MaxAttempts int
	// BaseDelay and MaxDelay bound the backoff: base × 2^(attempt−1), at
	// most max (defaults 1 s and 1 h).
	BaseDelay, MaxDelay time.Duration
	// PollInterval is the pause when nothing is due (default 1 s).
	PollInterval time.Duration
	// Logger receives every failed attempt (at Warn; a dead letter at
	// Error), so that no failure is silent; nil logs to slog.Default().
	// Errors come from the Notifier, which redacts what it must.
	Logger *slog.Logger
	// OnFailure, when set, is called after each failed attempt is
	// recorded, the first included: for metrics and alerting.
	OnFailure func(FailedDelivery)
	// Jitter returns a random duration in [0, max]; nil uses math/rand/v2.
	// The delay after a failure is half its backoff plus Jitter of the
	// other half, so that receivers that fail together do not retry in
	// lockstep.
	Jitter func(max time.Duration) time.Duration
}

// FailedDelivery is one failed attempt, as OnFailure sees it.
type FailedDelivery struct {
	Event         Event
	Attempt       int
	Err           error
	NextAttemptAt time.Time
	Dead          bool
}

func (d *Dispatcher) defaults() (batch int, lease time.Duration, attempts int, base, maxDelay, poll time.Duration) {
	batch, lease, attempts, base, maxDelay, poll = d.BatchSize, d.Lease, d.MaxAttempts, d.BaseDelay, d.MaxDelay, d.PollInterval
	if batch <= 0 {
		batch = 100
	}
	if lease <= 0 {
		lease = time.Minute
	}
	if attempts <= 0 {
		attempts = 10
	}
	if base <= 0 {
		base = time.Second
	}
	if maxDelay <= 0 {
		maxDelay = time.Hour
	}
	if poll <= 0 {
		poll = time.Second
	}
	return
}

// Backoff returns the longest delay after the n-th failed attempt (n ≥ 1):
// base × 2^(n−1), at most MaxDelay. The delay used lies between half of it
// and all of it (see Jitter).
func (d *Dispatcher) Backoff(n int) time.Duration {
	_, _, _, base, maxDelay, _ := d.defaults()
	delay := base
	for i := 1; i < n && delay < maxDelay; i++ {
		delay *= 2
	}
	return min(delay, maxDelay)
}

// delay is the jittered delay after the n-th failed attempt.
func (d *Dispatcher) delay(n int) time.Duration {
	b := d.Backoff(n)
	half := b / 2
	j := d.Jitter
	if j == nil {
		j = func(m time.Duration) time.Duration {
			if m <= 0 {
				return 0
			}
			return rand.N(m + 1)
		}
	}
	return half + min(max(j(b-half), 0), b-half)
}

// DeliverOnce claims one batch of due events and tries each once. It
// returns how many were delivered. A delivery failure is recorded on the
// event, not returned; store errors are returned.
func (d *Dispatcher) DeliverOnce(ctx context.Context) (int, error) {
	if d == nil || d.Store == nil || d.Notifier == nil || d.Events == nil {
		return 0, fmt.Errorf("%w: a dispatcher needs a Store, a Notifier and the event registry (Outbox.Dispatcher sets them)", ErrInvalid)
	}
	batch, lease, maxAttempts, _, _, _ := d.defaults()
	clock := d.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	claimed, err := d.Store.Outbox().Claim(ctx, clock.Now(), batch, lease)
	if err != nil {
		return 0, err
	}
	delivered := 0
	for _, e := range claimed {
		if ctx.Err() != nil {
			return delivered, ctx.Err() // unmarked events are retried when their lease ends
		}
		// Each event gets a full lease for its own delivery: a slow batch
		// never lets a later event's lease run out while it waits, and an
		// event whose lease was lost to another dispatcher is left to it.
		start := clock.Now()
		if err := d.Store.Outbox().Renew(ctx, e.ID, e.LeasedUntil, start.Add(lease)); errors.Is(err, ErrConflict) {
			continue
		} else if err != nil {
			return delivered, err
		}
		err := d.deliver(ctx, e)
		now := clock.Now()
		if err == nil {
			if err := d.Store.Outbox().MarkDelivered(ctx, e.ID, now); err != nil {
				return delivered, err
			}
			delivered++
			continue
		}
		attempts := e.Attempts + 1
		dead := attempts >= maxAttempts || errors.Is(err, ErrInvalid) // a payload that does not decode never will
		next := now.Add(d.delay(attempts))
		if err := d.Store.Outbox().MarkFailed(ctx, e.ID, attempts, next, err.Error(), dead); err != nil {
			return delivered, err
		}
		d.report(ctx, FailedDelivery{Event: e, Attempt: attempts, Err: err, NextAttemptAt: next, Dead: dead})
	}
	return delivered, nil
}

// report logs a failed attempt and calls the hook.
func (d *Dispatcher) report(ctx context.Context, f FailedDelivery) {
	logger := d.Logger
	if logger == nil {
		logger = slog.Default()
	}
	level, msg := slog.LevelWarn, "travelkit: delivery failed; will retry"
	if f.Dead {
		level, msg = slog.LevelError, "travelkit: delivery failed; event moved to dead letters"
	}
	logger.LogAttrs(ctx, level, msg, slog.String("event_id", f.Event.ID), slog.String("event_type", f.Event.Type),
		slog.String("tenant", string(f.Event.Tenant)), slog.Int("attempt", f.Attempt), slog.String("error", f.Err.Error()),
		slog.Time("next_attempt_at", f.NextAttemptAt), slog.Bool("dead", f.Dead))
	if d.OnFailure != nil {
		d.OnFailure(f)
	}
}

func (d *Dispatcher) deliver(ctx context.Context, e Event) error {
	n, err := d.Events.Render(e)
	if err != nil {
		return err
	}
	return d.Notifier.Notify(ctx, n)
}

// Run delivers until ctx is cancelled, pausing PollInterval when nothing
// was due. It returns nil on cancellation and the first store error
// otherwise.
func (d *Dispatcher) Run(ctx context.Context) error {
	_, _, _, _, _, poll := d.defaults()
	for {
		n, err := d.DeliverOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(poll):
		}
	}
}
