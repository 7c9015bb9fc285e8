package human_test

import (
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
)

func ExampleInstant() {
	paris, _ := time.LoadLocation("Europe/Paris")
	fmt.Println(human.Instant(time.Date(2027, 5, 2, 18, 35, 0, 0, time.UTC), paris, "Paris", i18n.For(language.English)))
	// Output: Sun 2 May 2027 20:35 (Paris time, UTC+2)
}
