package golden_test

import (
	"testing"

	"github.com/travelkit/travelkit/internal/golden"
)

// Tests call Check with the bytes they produced; `go test -update` rewrites
// the files.
func ExampleCheck() {
	_ = func(t *testing.T) { golden.Check(t, "hello.txt", []byte("hello\n")) }
	// Output:
}
