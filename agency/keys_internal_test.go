package agency

import "testing"

// The idempotency keys of bookings' holds differ for different (booking,
// service) pairs, even where joining them with a separator would make
// the same text.
func TestIdempotencyKeysOfDifferentPairsNeverCollide(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{{"TK/1", "stay-1"}, {"TK", "1/stay-1"}, {"TK/1/stay-1", ""}, {"", "TK/1/stay-1"}, {"TK:1", "stay"}, {"TK", ":1stay"},
		{"6:TK-1", "stay"}, {"TK-1", "6:stay"}}
	seen := map[string][2]string{}
	for _, p := range pairs {
		k := holdKey(p[0], p[1])
		if q, dup := seen[k]; dup {
			t.Errorf("%q and %q make the same key %q", p, q, k)
		}
		seen[k] = p
		if holdKey(p[0], p[1]) != k {
			t.Errorf("the key of %q is not stable", p)
		}
	}
}
