package booking

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// caseLedger: 12 800.00 CNY, 30 % deposit on 2027-03-01, balance 30 days
// before a 2027-05-01 departure (2027-04-01).
func caseLedger(t *testing.T) Ledger {
	t.Helper()
	s, err := pricing.Schedule(cny("12800.00"), pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2027, 3, 1), date.New(2027, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	return Ledger{Schedule: s}
}

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, shanghai) }

func TestLedgerStatus(t *testing.T) {
	l := caseLedger(t)
	var err error
	for _, p := range []Payment{
		{ID: "p1", BankTxID: "B1", Kind: KindPayment, Amount: cny("3840.00"), ReceivedAt: at(2027, 3, 1, 15)},
		{ID: "p2", BankTxID: "B2", Kind: KindPayment, Amount: cny("5000.00"), ReceivedAt: at(2027, 3, 20, 9)},
		{ID: "r1", Kind: KindRefund, Amount: cny("-40.00"), ReceivedAt: at(2027, 3, 21, 9)},
	} {
		if l, err = l.Record(p); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name                             string
		at                               time.Time
		paid, balance, overdue, dep, bal string
		depOverdue, balOverdue           bool
	}{
		{"before anything", at(2027, 3, 1, 9), "0.00", "12800.00", "0.00", "3840.00", "8960.00", false, false},
		{"deposit paid", at(2027, 3, 1, 16), "3840.00", "8960.00", "0.00", "0.00", "8960.00", false, false},
		{"after a refund", at(2027, 3, 22, 0), "8800.00", "4000.00", "0.00", "0.00", "4000.00", false, false},
		{"balance due today", at(2027, 4, 1, 23), "8800.00", "4000.00", "0.00", "0.00", "4000.00", false, false},
		{"balance overdue the next day", at(2027, 4, 2, 0), "8800.00", "4000.00", "4000.00", "0.00", "4000.00", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := l.StatusAt(tc.at, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{s.Paid.Amount().StringFixed(2), s.Balance.Amount().StringFixed(2), s.Overdue.Amount().StringFixed(2),
				s.Instalments[0].Outstanding.Amount().StringFixed(2), s.Instalments[1].Outstanding.Amount().StringFixed(2)}
			want := []string{tc.paid, tc.balance, tc.overdue, tc.dep, tc.bal}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("paid/balance/overdue/deposit/balance = %v, want %v", got, want)
				}
			}
			if s.Instalments[0].Overdue != tc.depOverdue || s.Instalments[1].Overdue != tc.balOverdue || s.IsOverdue() != tc.balOverdue {
				t.Fatalf("overdue flags %v %v", s.Instalments[0].Overdue, s.Instalments[1].Overdue)
			}
		})
	}
	if amt, due := l.Outstanding(); !amt.Equal(cny("4000.00")) || due != date.New(2027, 4, 1) {
		t.Errorf("outstanding %s due %s, want 4000.00 on 2027-04-01", amt, due)
	}
	if amt, due := caseLedger(t).Outstanding(); !amt.Equal(cny("12800.00")) || due != date.New(2027, 3, 1) {
		t.Errorf("nothing paid: outstanding %s due %s", amt, due)
	}
	// The deposit paid late is overdue from 2027-03-02 in Shanghai, which
	// begins at 16:00 UTC on 03-01.
	late := caseLedger(t)
	if s, _ := late.StatusAt(time.Date(2027, 3, 1, 15, 59, 0, 0, time.UTC), shanghai); s.IsOverdue() {
		t.Fatal("overdue on the due date")
	}
	if s, _ := late.StatusAt(time.Date(2027, 3, 1, 16, 0, 0, 0, time.UTC), shanghai); !s.Overdue.Equal(cny("3840.00")) {
		t.Fatalf("overdue = %s, want the deposit", s.Overdue)
	}
}

func TestLedgerRecordRefuses(t *testing.T) {
	l := caseLedger(t)
	l, err := l.Record(Payment{ID: "p1", BankTxID: "B1", Kind: KindPayment, Amount: cny("100.00"), ReceivedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	usd, _ := pricing.Parse("5.00", "USD")
	tests := []struct {
		name string
		p    Payment
		want []string
	}{
		{"discount is not a payment", Payment{ID: "d", Kind: "discount", Amount: cny("50.00"), ReceivedAt: t0}, []string{"kind"}},
		{"negative payment", Payment{ID: "x", Kind: KindPayment, Amount: cny("-5.00"), ReceivedAt: t0}, []string{"sign"}},
		{"positive refund", Payment{ID: "x", Kind: KindRefund, Amount: cny("5.00"), ReceivedAt: t0}, []string{"sign"}},
		{"refund above paid", Payment{ID: "x", Kind: KindRefund, Amount: cny("-100.01"), ReceivedAt: t0}, []string{"refund_exceeds_paid"}},
		{"other currency", Payment{ID: "x", Kind: KindPayment, Amount: usd, ReceivedAt: t0}, []string{"currency"}},
		{"sub-minor", Payment{ID: "x", Kind: KindPayment, Amount: cny("1.001"), ReceivedAt: t0}, []string{"amount"}},
		{"same bank transaction and id, no instant", Payment{ID: "p1", BankTxID: "B1", Kind: KindPayment, Amount: cny("1.00")}, []string{"duplicate", "required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := l.Record(tc.p)
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
			for _, c := range tc.want {
				if !ve.Has(c) {
					t.Errorf("missing %q in %v", c, err)
				}
			}
			if len(got.Payments) != 1 || len(l.Payments) != 1 {
				t.Fatal("a refused payment changed the ledger")
			}
		})
	}
	ok, err := l.Record(Payment{ID: "r", Kind: KindRefund, Amount: cny("-100.00"), ReceivedAt: t0})
	if err != nil || len(ok.Payments) != 2 || len(l.Payments) != 1 {
		t.Fatalf("refund of everything: %v", err)
	}
}

func TestRemindersDue(t *testing.T) {
	l := caseLedger(t)
	// The balance is due 2027-04-01; its reminder goes 2027-03-25 08:00.
	// The deposit (due 03-01) had its instant on 02-22 08:00, before the
	// booking; it is still unpaid, so it is due at once.
	rs, err := l.RemindersDue(DefaultReminders(), shanghai, time.Date(2027, 3, 25, 7, 59, 59, 0, shanghai))
	if err != nil || len(rs) != 1 || rs[0].Instalment != 0 || !rs[0].SendAt.Equal(time.Date(2027, 2, 22, 8, 0, 0, 0, shanghai)) {
		t.Fatalf("before 08:00 on 03-25: %+v %v, want only the unpaid deposit", rs, err)
	}
	rs, _ = l.RemindersDue(DefaultReminders(), shanghai, time.Date(2027, 3, 25, 8, 0, 0, 0, shanghai))
	if len(rs) != 2 || rs[1].Due != date.New(2027, 4, 1) || !rs[1].Amount.Equal(cny("8960.00")) {
		t.Fatalf("at 08:00 on 03-25: %+v", rs)
	}
	paid, _ := l.Record(Payment{ID: "all", Kind: KindPayment, Amount: cny("12800.00"), ReceivedAt: at(2027, 3, 2, 9)})
	if rs, _ := paid.RemindersDue(DefaultReminders(), shanghai, at(2027, 3, 30, 9)); len(rs) != 0 {
		t.Fatalf("a paid ledger has reminders: %+v", rs)
	}
	// 08:00 on the day Berlin springs forward is still 08:00 local.
	berlin := mustZone("Europe/Berlin")
	s, _ := pricing.Schedule(cny("100.00"), pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(100)}, date.New(2027, 4, 4), date.New(2027, 5, 1))
	rs, _ = Ledger{Schedule: s}.RemindersDue(DefaultReminders(), berlin, time.Date(2027, 4, 1, 0, 0, 0, 0, berlin))
	if len(rs) != 1 || rs[0].SendAt.In(berlin).Hour() != 8 || rs[0].SendAt.In(berlin).Day() != 28 {
		t.Fatalf("DST-day reminder: %+v", rs)
	}
	if _, err := l.RemindersDue(ReminderPolicy{DaysBefore: 7, At: 25 * time.Hour}, shanghai, t0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a 25:00 reminder: %v", err)
	}
}

// Amounts whose minor units do not fit an int64, and payments that would
// take the sum paid beyond it, are refused: a refund of −1e25 cannot slip
// past the refund guard, a payment of 1e25 does not count as 0, and two
// payments of 9e16 do not wrap to a negative balance.
func TestAmountsBeyondInt64AreRefused(t *testing.T) {
	l := caseLedger(t)
	l, err := l.Record(Payment{ID: "p1", Kind: KindPayment, Amount: cny("100.00"), ReceivedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]Payment{
		"refund of -1e25":   {ID: "r", Kind: KindRefund, Amount: cny("-10000000000000000000000000"), ReceivedAt: t0},
		"payment of 1e25":   {ID: "x", Kind: KindPayment, Amount: cny("10000000000000000000000000"), ReceivedAt: t0},
		"payment of 9.3e16": {ID: "y", Kind: KindPayment, Amount: cny("93000000000000000.00"), ReceivedAt: t0},
	} {
		got, err := l.Record(p)
		var ve *ValidationError
		if !errors.As(err, &ve) || !ve.Has("range") || len(got.Payments) != 1 {
			t.Errorf("%s: %v", name, err)
		}
	}
	big := Payment{ID: "b1", Kind: KindPayment, Amount: cny("90000000000000000.00"), ReceivedAt: t0}
	if l, err = l.Record(big); err != nil {
		t.Fatal(err)
	}
	big.ID = "b2"
	if _, err := l.Record(big); !errors.Is(err, ErrInvalid) {
		t.Errorf("a second 9e16: %v", err)
	}
	if paid := l.NetPaid(); paid.Sign() <= 0 || paid.String() != "90000000000000100.00 CNY" {
		t.Errorf("paid %s", paid)
	}
	lines, err := ParseStatement(strings.NewReader("id,date,amount\nT1,2027-03-01,10000000000000000000000000\n"),
		Mapping{TxID: "id", Date: "date", Amount: "amount", DefaultCurrency: "CNY"})
	if lineErr := (*ValidationError)(nil); !errors.As(err, &lineErr) || !lineErr.Has("range") || lines != nil {
		t.Errorf("a statement line of 1e25: %v", err)
	}
	if err := CheckLines([]StatementLine{{TxID: "T", Date: date.New(2027, 3, 1), Amount: cny("10000000000000000000000000")}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a typed line of 1e25: %v", err)
	}
}
