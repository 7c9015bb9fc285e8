package ref_test

import (
	"fmt"

	"github.com/travelkit/travelkit/internal/ref"
)

func ExampleFor() {
	fmt.Println(ref.For("Q", "Q-1"))
	r := ref.For("Q", "c1c9f1c76601d67e8f9c48bfe4836946")
	fmt.Println(len(r), ref.Valid(r))
	// Output:
	// Q-1
	// 15 true
}
