package human_test

import (
	"fmt"
	"time"

	"github.com/travelkit/travelkit/internal/human"
)

func ExampleInstant() {
	paris, _ := time.LoadLocation("Europe/Paris")
	fmt.Println(human.Instant(time.Date(2027, 5, 2, 18, 35, 0, 0, time.UTC), paris, "Paris", false))
	// Output: Sun 2 May 2027 20:35 (Paris time, UTC+2)
}
