package natsjs_test

import (
	"fmt"

	"github.com/travelkit/travelkit/adapters/broker/natsjs"
	"github.com/travelkit/travelkit/agency"
)

// Each event goes to a subject named for its tenant and type, so that a
// consumer can subscribe to one tenant, one type, or everything
// ("travelkit.events.>").
func ExampleSubject() {
	fmt.Println(natsjs.Subject(agency.Notification{Tenant: "agency-a", Type: "quote.accepted"}))
	// Output: travelkit.events.agency-a.quote.accepted
}
