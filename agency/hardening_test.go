package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
)

// cancellingStaff cancels the caller's context when a staff member is
// looked up: the import is cancelled half-way, after its first reads.
type cancellingStaff struct{ cancel context.CancelFunc }

func (c cancellingStaff) Member(context.Context, agency.TenantID, string) (agency.StaffMember, bool, error) {
	c.cancel()
	return agency.StaffMember{}, false, nil
}

// An import cancelled through its context returns an error matching
// context.Canceled, on every store, and records nothing.
func TestImportCancelledThroughItsContextMatchesContextCanceled(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, store storage.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a, clock := newAgency(t, store, func(c *agency.Config) { c.Staff = cancellingStaff{cancel} })
		sh, _ := time.LoadLocation("Asia/Shanghai")
		clock.Set(time.Date(2027, 3, 2, 10, 0, 0, 0, sh))
		createCustomer(t, a)
		b, sched := handBooking(t, "TK-1")
		if _, err := a.Bookings.Create(context.Background(), tenant, agency.NewBooking{Booking: b, Schedule: sched}); err != nil {
			t.Fatal(err)
		}
		lines, err := booking.ParseStatement(strings.NewReader("id,date,amount,payer,text\nBK-1,2027-03-01,3840.00,Wang Lei,TK-1\n"),
			booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: "CNY"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Bookings.ImportStatement(ctx, tenant, agency.Statement{Lines: lines, Window: 3}); !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled import: %v", err)
		}
		if got, _ := a.Bookings.Get(context.Background(), tenant, "TK-1"); len(got.Ledger.Payments) != 0 {
			t.Errorf("the cancelled import recorded %d payments", len(got.Ledger.Payments))
		}
	})
}
