package notify_test

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/travelkit/travelkit/adapters/notify"
)

// A receiver checks what a travelkit webhook sent.
func ExampleVerifier() {
	secret, _ := notify.ParseSecret("whsec_MDEyMzQ1Njc4OWFiY2RlZi10cmF2ZWxraXQ=")
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	body := []byte(`{"event_id":"ev-1"}`)
	h := http.Header{}
	h.Set("webhook-id", "ev-1")
	h.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
	h.Set("webhook-signature", notify.Sign(secret, "ev-1", at, body))
	v, _ := notify.NewVerifier(secret, 5*time.Minute, func() time.Time { return at.Add(time.Minute) })
	id, err := v.Verify(h, body)
	fmt.Println(id, err)
	_, err = v.Verify(h, []byte(`{"event_id":"ev-2"}`))
	fmt.Println(err)
	// Output:
	// ev-1 <nil>
	// notify: webhook signature not valid: no signature matches
}
