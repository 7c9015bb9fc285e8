package ref

import (
	"strings"
	"testing"
)

func TestFor(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{"Q-1": "Q-1", "T-2026-1127-001": "T-2026-1127-001", "K1": "K1", "12345": "12345"} {
		if got := For("Q", id); got != want {
			t.Errorf("For(%q) = %q, want %q", id, got, want)
		}
	}
	id := "c1c9f1c76601d67e8f9c48bfe4836946"
	r := For("Q", id)
	if len(r) != len("Q-XXXXX-XXXXX-C") || !strings.HasPrefix(r, "Q-") || r != For("Q", id) || !Valid(r) {
		t.Fatalf("For(%q) = %q", id, r)
	}
	if For("Q", id+"0") == r {
		t.Error("two IDs share a reference")
	}
	for _, s := range []string{"", "Q-1", "Q-ABCDE-FGHJK", "Q-ABCDE-FGHJ-X", "Q-ABCDE-FGHJK-XX"} {
		if Valid(s) {
			t.Errorf("Valid(%q)", s)
		}
	}
}

// Every single-character change and every swap of neighbours is caught.
func TestCheckCatchesTypos(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"c1c9f1c76601d67e8f9c48bfe4836946", "0f0e0d0c0b0a09080706050403020100", "complaint-with-a-very-long-id"} {
		r := For("K", id)
		if !Valid(r) || !Valid(strings.ToLower(r)) {
			t.Fatalf("%s not valid", r)
		}
		b := []byte(r)
		for i := 2; i < len(b)-2; i++ {
			if b[i] == '-' {
				continue
			}
			orig := b[i]
			for _, c := range []byte(alphabet) {
				if c == orig {
					continue
				}
				b[i] = c
				if Valid(string(b)) {
					t.Errorf("%s: %q at %d accepted", r, c, i)
				}
			}
			b[i] = orig
			if j := i + 1; j < len(b)-2 && b[j] != '-' && b[j] != orig {
				b[i], b[j] = b[j], b[i]
				if Valid(string(b)) {
					t.Errorf("%s: swap at %d accepted", r, i)
				}
				b[i], b[j] = b[j], b[i]
			}
		}
	}
}
