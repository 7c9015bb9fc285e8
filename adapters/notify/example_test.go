package notify_test

import (
	"fmt"
	"time"

	"github.com/travelkit/travelkit/adapters/notify"
)

func ExampleSign() {
	body := []byte(`{"event_id":"ev-1"}`)
	at := time.Unix(1795000000, 0)
	header := notify.Sign([]byte("s3cret"), at, body)
	fmt.Println(header[:13])
	fmt.Println(notify.Verify([]byte("s3cret"), header, body, at.Add(time.Minute), 5*time.Minute))
	// Output:
	// t=1795000000,
	// true
}
