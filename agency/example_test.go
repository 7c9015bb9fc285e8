package agency_test

import (
	"context"
	"fmt"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func ExampleService_SaveCustomer() {
	ctx := context.Background()
	store := memory.New()
	clock := fixedClock{time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	svc := agency.New(store, agency.WithClock(clock), agency.WithIDs(&seqIDs{}))
	c, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: "agency-a", Name: "李娜", Email: "li.na@example.com", Language: agency.Chinese})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.ID, c.Version)

	// The change's event waits in the outbox until a dispatcher delivers it.
	var rec notify.Recorder
	d := agency.Dispatcher{Store: store, Notifier: &rec, Clock: clock}
	n, _ := d.DeliverOnce(ctx)
	fmt.Println(n, rec.Sent()[0].Subject)
	fmt.Println(rec.Sent()[0].Body)
	// Output:
	// id-001 1
	// 1 客户档案已保存
	// 李娜，您好！您的客户档案已保存，我们将尽快为您提供旅行建议。
}
