package supplier

import (
	"errors"
	"testing"
	"time"

	"github.com/travelkit/travelkit/internal/problem"
)

func TestHoldAnswer(t *testing.T) {
	now := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
	for _, accept := range []bool{true, false} {
		h := Hold{ID: "H1", State: HoldRequested, OnRequest: true}
		if err := h.Answer(accept, now); err != nil {
			t.Fatal(err)
		}
		want := map[bool]HoldState{true: HoldConfirmed, false: HoldDeclined}[accept]
		if h.State != want || (accept && !h.ConfirmedAt.Equal(now)) || (!accept && h.ConfirmedAt != nil) {
			t.Fatalf("accept %v: %+v", accept, h)
		}
		before := h
		err := h.Answer(true, now.Add(time.Hour))
		if !errors.Is(err, ErrInvalidTransition) || !errors.Is(err, problem.ErrInvalidTransition) || h.State != before.State {
			t.Fatalf("second answer: %v, %+v", err, h)
		}
	}
}
