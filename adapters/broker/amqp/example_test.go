package amqp_test

import (
	"fmt"

	"github.com/travelkit/travelkit/adapters/broker/amqp"
)

// The configuration Dial uses: durable exchanges, confirmed publishing.
func ExampleConfig() {
	cfg := amqp.Config("amqp://guest:guest@127.0.0.1:5672/")
	fmt.Println(cfg.Exchange.GenerateName(amqp.DefaultTopic), cfg.Exchange.Type, cfg.Exchange.Durable, cfg.Publish.ConfirmDelivery)
	// Output: travelkit.events fanout true true
}
