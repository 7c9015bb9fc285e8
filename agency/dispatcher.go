package agency

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Dispatcher delivers outbox events through a Notifier at least once: it
// claims due events under a lease, delivers them, and marks them delivered;
// a failed delivery is retried with capped exponential backoff and moved to
// dead-letter after MaxAttempts. If the process dies between delivering and
// marking, the lease runs out and the event is delivered again — never
// lost. Receivers deduplicate on the event ID.
type Dispatcher struct {
	Store    Store
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

// Backoff returns the delay after the n-th failed attempt (n ≥ 1).
func (d *Dispatcher) Backoff(n int) time.Duration {
	_, _, _, base, maxDelay, _ := d.defaults()
	delay := base
	for i := 1; i < n && delay < maxDelay; i++ {
		delay *= 2
	}
	return min(delay, maxDelay)
}

// DeliverOnce claims one batch of due events and tries each once. It
// returns how many were delivered. A delivery failure is recorded on the
// event, not returned; store errors are returned.
func (d *Dispatcher) DeliverOnce(ctx context.Context) (int, error) {
	if d.Store == nil || d.Notifier == nil {
		return 0, fmt.Errorf("%w: a dispatcher needs a Store and a Notifier", ErrInvalid)
	}
	batch, lease, maxAttempts, _, _, _ := d.defaults()
	clock := d.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	events, err := d.Store.Outbox().Claim(ctx, clock.Now(), batch, lease)
	if err != nil {
		return 0, err
	}
	delivered := 0
	for _, e := range events {
		if ctx.Err() != nil {
			return delivered, ctx.Err() // unmarked events are retried when their lease ends
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
		dead := attempts >= maxAttempts || errors.Is(err, ErrInvalid) // a message that cannot render never will
		if err := d.Store.Outbox().MarkFailed(ctx, e.ID, attempts, now.Add(d.Backoff(attempts)), err.Error(), dead); err != nil {
			return delivered, err
		}
	}
	return delivered, nil
}

func (d *Dispatcher) deliver(ctx context.Context, e Event) error {
	n, err := Render(e)
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
