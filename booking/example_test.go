package booking_test

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// A traveller cancels an outbound tour six days before departure: the
// GF-2014 scale asks 50 %, more than what was paid, so the traveller owes
// the difference. The fee is shown before the cancellation is confirmed.
func ExampleQuoteCancellation() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	total, _ := pricing.Parse("12800.00", "CNY")
	paid, _ := pricing.Parse("3000.00", "CNY")
	c, err := booking.QuoteCancellation(booking.CancellationInput{
		Scale:     booking.OutboundTraveller(),
		Total:     total,
		Paid:      paid,
		Departure: date.New(2027, 5, 1),
		Return:    date.New(2027, 5, 8),
		NoticeAt:  time.Date(2027, 4, 25, 16, 30, 0, 0, shanghai),
		Zone:      shanghai,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("days before departure:", c.DaysLeft, "rate:", c.Rate.String()+" %")
	fmt.Println("fee:   ", c.Fee)
	fmt.Println("refund:", c.Refund)
	fmt.Println("owed:  ", c.Owed)
	fmt.Println("refund by:", c.RefundBy)
	// Output:
	// days before departure: 6 rate: 50 %
	// fee:    6400.00 CNY
	// refund: -3400.00 CNY
	// owed:   3400.00 CNY
	// refund by: 2027-04-30
}

// The lifecycle refuses what its table does not allow and says why.
func ExampleBooking_Apply() {
	now := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
	b := &booking.Booking{Reference: "TK-7", State: booking.Enquiry, Zone: "Asia/Shanghai",
		Services: []booking.Service{{ID: "hotel", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 8), Units: 1, Status: booking.OnRequest}}}
	fmt.Println(b.Apply(booking.PlaceOption, booking.Input{Now: now, OptionUntil: now.Add(72 * time.Hour), Grace: 2 * time.Hour}), b.State)
	fmt.Println(b.Apply(booking.Confirm, booking.Input{Now: now.Add(time.Hour)}))
	fmt.Println(b.Apply(booking.Expire, booking.Input{Now: now.Add(74 * time.Hour)}), b.State)
	// Output:
	// <nil> option
	// booking: invalid transition: confirm a booking that is option: service hotel is on_request, not confirmed
	// <nil> expired
}
