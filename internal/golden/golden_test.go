package golden_test

import (
	"testing"

	"github.com/travelkit/travelkit/internal/golden"
)

func TestCheck(t *testing.T) {
	golden.Check(t, "hello.txt", []byte("hello\n"))
}
