package broker_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/agency"
)

// A notification as the dispatcher hands it to a broker notifier becomes
// one CloudEvent in structured mode.
func ExampleEncode() {
	n := agency.Notification{EventID: "ev-42", Tenant: "agency-a", Type: "quote.accepted", AggregateID: "Q-1", Audience: "customer",
		Language: "zh-CN", Payload: json.RawMessage(`{"quote_id":"Q-1","version":2}`), CreatedAt: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}
	body, err := broker.Encode(n)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	e, _ := broker.Decode(body)
	fmt.Println(e.ID, e.Source)
	// Output:
	// {"specversion":"1.0","id":"ev-42","source":"/travelkit/agency-a/quote/Q-1","type":"quote.accepted","subject":"Q-1","time":"2026-11-27T02:00:00Z","datacontenttype":"application/json","tenant":"agency-a","audience":"customer","language":"zh-CN","data":{"quote_id":"Q-1","version":2}}
	// ev-42 /travelkit/agency-a/quote/Q-1
}
