package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestValidationErrorMatchesKindClassAndCauses(t *testing.T) {
	t.Parallel()
	kind := New("pricing: invalid input", ErrInvalid)
	missing := New("pricing: missing exchange rate", ErrInvalid)
	other := New("itinerary: invalid", ErrInvalid)
	err := fmt.Errorf("quote q1: %w", Invalid(kind, []Problem{{Field: "Lines[0]", Code: "missing_rate", Message: "no EUR→CNY"}}, missing))
	for _, target := range []error{kind, ErrInvalid, missing} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(%v) = false", target)
		}
	}
	if errors.Is(err, other) || errors.Is(err, ErrNotFound) {
		t.Error("matches a sentinel it should not")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("missing_rate") || ve.Has("x") {
		t.Fatalf("errors.As / Has wrong: %v", ve)
	}
	if got, want := err.Error(), "quote q1: pricing: invalid input: Lines[0]: no EUR→CNY (missing_rate)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestInvalidNilWhenEmpty(t *testing.T) {
	t.Parallel()
	var l List
	if l.Err(ErrInvalid) != nil {
		t.Fatal("empty list is an error")
	}
	l.Add("A", "required", "a is required")
	l.AddDetail("", "x", "x", map[string]string{"date": "2027-05-01"})
	err := l.Err(nil)
	if got, want := err.Error(), "invalid: A: a is required (required); x (x)"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Fatal("nil kind does not match ErrInvalid")
	}
}

func TestSentinelText(t *testing.T) {
	t.Parallel()
	s := New("feedback: invalid transition", ErrInvalidTransition)
	if s.Error() != "feedback: invalid transition" || !errors.Is(s, ErrInvalidTransition) || errors.Is(s, ErrInvalid) {
		t.Fatal("sentinel text or class wrong")
	}
}
