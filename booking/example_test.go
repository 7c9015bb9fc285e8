package booking_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

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
	// refund: 0.00 CNY
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

// A booking of 12 800.00 CNY is paid by deposit and balance; the bank
// statement is imported, matched by reference, recorded in the ledger,
// and the daily report shows nothing left for a person.
func ExampleMatcher() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	total, _ := pricing.Parse("12800.00", "CNY")
	schedule, _ := pricing.Schedule(total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2027, 3, 1), date.New(2027, 5, 1))
	ledger := booking.Ledger{Schedule: schedule}
	for _, in := range schedule.Instalments {
		fmt.Println(in.Kind, in.Amount, "due", in.Due)
	}

	statement := "id,date,amount,payer,text\n" +
		"BK-88,2027-03-01,3840.00,Zhang Wei,deposit TK-2027-0042\n" +
		"BK-97,2027-03-30,8960.00,Zhang Wei,TK 2027 0042 balance\n"
	lines, err := booking.ParseStatement(strings.NewReader(statement),
		booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: "CNY"})
	if err != nil {
		fmt.Println(err)
		return
	}
	status, _ := ledger.StatusAt(time.Date(2027, 3, 1, 0, 0, 0, 0, shanghai), shanghai)
	m, _ := booking.NewMatcher([]booking.Expected{{Reference: "TK-2027-0042", Payer: "Zhang Wei", Outstanding: status.Balance, Due: date.New(2027, 3, 1)}}, nil, 3)
	matches := m.Match(lines)
	for _, mt := range matches {
		fmt.Println(mt.Line.TxID, mt.State, mt.Reference, "by", mt.By, "difference", mt.Difference)
		at := time.Date(mt.Line.Date.Year(), mt.Line.Date.Month(), mt.Line.Date.Day(), 12, 0, 0, 0, shanghai)
		ledger, err = ledger.Record(booking.Payment{ID: "pay-" + mt.Line.TxID, BankTxID: mt.Line.TxID,
			Kind: booking.KindPayment, Amount: mt.Line.Amount, ReceivedAt: at, Payer: mt.Line.Payer})
		if err != nil {
			fmt.Println(err)
		}
	}
	status, _ = ledger.StatusAt(time.Date(2027, 4, 2, 9, 0, 0, 0, shanghai), shanghai)
	fmt.Println("paid", status.Paid, "balance", status.Balance, "overdue", status.IsOverdue())
	for _, d := range booking.DailyReport(matches) {
		fmt.Println(d.Date, "statement", d.Statement, "system", d.System, "difference", d.Difference)
	}
	// Output:
	// deposit 3840.00 CNY due 2027-03-01
	// balance 8960.00 CNY due 2027-04-01
	// BK-88 partial TK-2027-0042 by reference difference -8960.00 CNY
	// BK-97 matched TK-2027-0042 by reference difference 0.00 CNY
	// paid 12800.00 CNY balance 0.00 CNY overdue false
	// 2027-03-01 statement 3840.00 CNY system 3840.00 CNY difference 0.00 CNY
	// 2027-03-30 statement 8960.00 CNY system 8960.00 CNY difference 0.00 CNY
}
