package events_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/pricing"
)

// A payload rendered for a customer in each language the registry writes.
func ExampleRegistry_Text() {
	r, err := events.NewRegistry()
	if err != nil {
		fmt.Println(err)
		return
	}
	paid, _ := pricing.Parse("3840.00", "CNY")
	left, _ := pricing.Parse("8960.00", "CNY")
	p := events.PaymentRecorded{Reference: "TK-2027-0042", CustomerName: "王磊", Amount: paid, Paid: paid, Outstanding: left}
	for _, lang := range r.Languages() {
		subject, _, err := r.Text(p, lang)
		fmt.Println(lang, subject, err)
	}
	// Output:
	// zh-CN 订单 TK-2027-0042 收款通知 <nil>
	// en Payment for booking TK-2027-0042 <nil>
	// zh-Hant 訂單 TK-2027-0042 收款通知 <nil>
}

// A stored event as a notifier receives it: rendered for its recipient in
// their language, with the payload for machines.
func ExampleRegistry_Render() {
	r, _ := events.NewRegistry()
	ev := storage.Event{ID: "ev-1", Tenant: "agency-a", Type: "booking.expired", Audience: "customer", Language: "en-GB",
		Recipient: "li.na@example.com", CreatedAt: time.Now(),
		Payload: []byte(`{"reference":"TK-7","customer_name":"Li Na","option_until":"2027-03-01T10:00:00Z","zone":"Asia/Shanghai","place":"Beijing"}`)}
	n, err := r.Render(ev)
	fmt.Println(n.Language, n.Audience, err)
	fmt.Println(n.Subject)
	// Output:
	// en customer <nil>
	// The option on booking TK-7 has lapsed
}

// The JSON Schema a webhook receiver validates a payload with.
func ExampleRegistry_Schema() {
	r, _ := events.NewRegistry()
	s, ok := r.Schema("booking.payment")
	fmt.Println(ok, strings.Contains(string(s), `"$schema": "https://json-schema.org/draft/2020-12/schema"`))
	// Output: true true
}
