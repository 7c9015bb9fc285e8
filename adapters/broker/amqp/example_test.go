package amqp_test

import (
	"context"
	"fmt"
	"os"

	"github.com/travelkit/travelkit/adapters/broker/amqp"
	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
)

// The dispatcher publishes the agency's events to RabbitMQ: each to the
// durable fanout exchange travelkit.events, confirmed by the broker.
func ExampleDial() {
	rabbit, err := amqp.Dial(os.Getenv("AGENCY_AMQP_URI")) // e.g. amqp://agency:secret@rabbitmq:5672/
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rabbit.Close()
	a, err := agency.New(memory.New(), agency.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	go func() { _ = a.Outbox.Dispatcher(rabbit).Run(context.Background()) }()
}
