package agency_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
)

// storyClock is the example's clock: the agency never reads the machine's.
type storyClock struct{ now time.Time }

func (c storyClock) Now() time.Time { return c.now }

// An agency over a store: a customer created (again with the same details
// it is the same customer; with others, a conflict naming the ID), and
// the event the change committed with it, waiting in the outbox for the
// dispatcher.
func Example() {
	ctx := context.Background()
	a, err := agency.New(memory.New(), agency.Config{Clock: storyClock{time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	const tenant = agency.TenantID("beijing-global")
	n := agency.NewCustomer{ID: "wang-lei", Name: "王磊", Email: "wang.lei@example.com", Language: agency.Chinese}
	c, err := a.Customers.Create(ctx, tenant, n)
	fmt.Println(c.ID, c.Name, c.Version, err)
	again, err := a.Customers.Create(ctx, tenant, n)
	fmt.Println(again.Version, err)
	n.Name = "Wang Lei"
	_, err = a.Customers.Create(ctx, tenant, n)
	fmt.Println(errors.Is(err, agency.ErrConflict))
	events, _ := a.Outbox.List(ctx, tenant, agency.EventQuery{State: agency.EventPending})
	for _, e := range events.Items {
		fmt.Println(e.Type, e.AggregateID, e.Audience)
	}
	// Output:
	// wang-lei 王磊 1 <nil>
	// 1 <nil>
	// true
	// customer.saved wang-lei internal
}
