package notify

import (
	"context"
	"errors"
	"sync"

	"github.com/travelkit/travelkit/agency"
)

// Recorder keeps notifications in memory, for tests. It is safe for
// concurrent use; Fail makes the next deliveries fail.
type Recorder struct {
	mu    sync.Mutex
	sent  []agency.Notification
	fails int
}

// Notify records n, or fails if failures were requested.
func (r *Recorder) Notify(_ context.Context, n agency.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		return errors.New("recorder: simulated failure")
	}
	r.sent = append(r.sent, n)
	return nil
}

// Fail makes the next n deliveries fail.
func (r *Recorder) Fail(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fails = n
}

// Sent returns a copy of what was delivered, in order.
func (r *Recorder) Sent() []agency.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]agency.Notification(nil), r.sent...)
}

// Reset forgets what was delivered.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = nil
}
