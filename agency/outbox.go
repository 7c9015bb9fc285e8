package agency

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
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

// BatchNotifier is a Notifier that can deliver many notifications at once
// (a broker client that publishes a batch and then waits for the broker's
// confirmations): NotifyBatch returns one error per notification, in order,
// nil for each delivered. The dispatcher uses it when its Notifier has it.
type BatchNotifier interface {
	Notifier
	NotifyBatch(ctx context.Context, ns []Notification) []error
}

// DeliverOnce claims one batch of due events and tries each once. It
// returns how many were delivered. A delivery failure is recorded on the
// event, not returned; store errors are returned.
//
// The store is written once per batch, not once per event: one statement
// claims the batch, one renews the leases of what is left of it when half a
// lease has passed (an event whose lease was lost to another dispatcher is
// left to it), and one marks what was delivered; only failures are written
// one by one.
func (d *Dispatcher) DeliverOnce(ctx context.Context) (int, error) {
	if d == nil || d.Store == nil || d.Notifier == nil || d.Events == nil {
		return 0, fmt.Errorf("%w: a dispatcher needs a Store, a Notifier and the event registry (Outbox.Dispatcher sets them)", ErrInvalid)
	}
	batch, lease, _, _, _, _ := d.defaults()
	clock := d.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	claimedAt := clock.Now()
	claimed, err := d.Store.Outbox().Claim(ctx, claimedAt, batch, lease)
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	run := &delivery{d: d, clock: clock, lease: lease, held: claimed[0].LeasedUntil, renewedAt: claimedAt}
	rendered := d.renderAll(claimed)
	if bn, ok := d.Notifier.(BatchNotifier); ok {
		return run.batch(ctx, bn, claimed, rendered)
	}
	for i := 0; i < len(claimed); i++ {
		if ctx.Err() != nil {
			break // unmarked events are retried when their lease ends
		}
		if clock.Now().Sub(run.renewedAt) >= lease/2 {
			rest, err := run.renew(ctx, claimed[i:])
			if err != nil {
				return run.done, err
			}
			claimed, i = rest, 0
			if len(claimed) == 0 {
				break
			}
		}
		e := claimed[i]
		r := rendered[e.ID]
		if r.err == nil {
			r.err = d.Notifier.Notify(ctx, r.n)
		}
		if err := run.record(ctx, e, r.err); err != nil {
			return run.done, err
		}
	}
	if err := run.flush(ctx); err != nil {
		return run.done, err
	}
	if ctx.Err() != nil {
		return run.done, ctx.Err()
	}
	return run.done, nil
}

// delivery is one claimed batch on its way out.
type delivery struct {
	d         *Dispatcher
	clock     Clock
	lease     time.Duration
	held      time.Time // the batch's lease as the store holds it
	renewedAt time.Time
	delivered []string // delivered, not yet marked
	done      int      // delivered and marked
}

// renew marks what was delivered, then extends the lease of rest and
// returns the events it still holds.
func (r *delivery) renew(ctx context.Context, rest []Event) ([]Event, error) {
	if err := r.flush(ctx); err != nil {
		return nil, err
	}
	ids := make([]string, len(rest))
	for i, e := range rest {
		ids[i] = e.ID
	}
	now := r.clock.Now()
	until := now.Add(r.lease)
	kept, err := r.d.Store.Outbox().Renew(ctx, ids, r.held, until)
	if err != nil {
		return nil, err
	}
	r.held, r.renewedAt = until, now
	out := rest[:0:0]
	for _, e := range rest {
		if len(kept) > 0 && kept[0] == e.ID {
			out = append(out, e)
			kept = kept[1:]
		}
	}
	return out, nil
}

// record keeps a delivery to mark with the batch, or writes a failure.
func (r *delivery) record(ctx context.Context, e Event, err error) error {
	if err == nil {
		r.delivered = append(r.delivered, e.ID)
		return nil
	}
	_, _, maxAttempts, _, _, _ := r.d.defaults()
	attempts := e.Attempts + 1
	dead := attempts >= maxAttempts || errors.Is(err, ErrInvalid) // a payload that does not decode never will
	next := r.clock.Now().Add(r.d.delay(attempts))
	if err := r.d.Store.Outbox().MarkFailed(ctx, e.ID, attempts, next, err.Error(), dead); err != nil {
		return err
	}
	r.d.report(ctx, FailedDelivery{Event: e, Attempt: attempts, Err: err, NextAttemptAt: next, Dead: dead})
	return nil
}

// flush marks what was delivered, in one statement. It runs even when the
// context has ended, so that what went out is not sent again.
func (r *delivery) flush(ctx context.Context) error {
	if len(r.delivered) == 0 {
		return nil
	}
	if err := r.d.Store.Outbox().MarkDelivered(context.WithoutCancel(ctx), r.delivered, r.clock.Now()); err != nil {
		return err
	}
	r.done += len(r.delivered)
	r.delivered = r.delivered[:0]
	return nil
}

// batch hands the whole claim to a BatchNotifier at once.
func (r *delivery) batch(ctx context.Context, bn BatchNotifier, claimed []Event, rendered map[string]rendering) (int, error) {
	ns := make([]Notification, 0, len(claimed))
	sent := make([]Event, 0, len(claimed))
	for _, e := range claimed {
		if out := rendered[e.ID]; out.err != nil {
			if err := r.record(ctx, e, out.err); err != nil {
				return r.done, err
			}
			continue
		}
		ns = append(ns, rendered[e.ID].n)
		sent = append(sent, e)
	}
	var errs []error
	if len(ns) > 0 {
		errs = bn.NotifyBatch(ctx, ns)
		if len(errs) != len(ns) {
			return r.done, fmt.Errorf("travelkit: %T.NotifyBatch returned %d results for %d notifications", bn, len(errs), len(ns))
		}
	}
	for i, e := range sent {
		if err := r.record(ctx, e, errs[i]); err != nil {
			return r.done, err
		}
	}
	return r.done, r.flush(ctx)
}

// rendering is one event rendered for its recipient, or why it cannot be.
type rendering struct {
	n   Notification
	err error
}

// renderAll renders a claimed batch on every core: rendering (decoding the
// payload, executing the text) is most of a dispatcher's own work, and the
// registry is safe for concurrent use.
func (d *Dispatcher) renderAll(claimed []Event) map[string]rendering {
	out := make([]rendering, len(claimed))
	workers := min(runtime.GOMAXPROCS(0), (len(claimed)+31)/32)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(claimed); i += workers {
				out[i].n, out[i].err = d.Events.Render(claimed[i])
			}
		}()
	}
	wg.Wait()
	byID := make(map[string]rendering, len(claimed))
	for i, e := range claimed {
		byID[e.ID] = out[i]
	}
	return byID
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
