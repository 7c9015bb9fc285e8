package booking

import (
	"fmt"
	"math"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// PaymentKind says what a ledger entry is. Only money that moved is an
// entry: a discount changes the price (a re-price or an amendment), never
// the amount paid.
type PaymentKind string

// Ledger entry kinds.
const (
	KindPayment PaymentKind = "payment" // money in: a positive amount
	KindRefund  PaymentKind = "refund"  // money out: a negative amount
)

// Payment is money received from or returned to the customer.
type Payment struct {
	ID string `json:"id"`
	// BankTxID is the bank's or acquirer's transaction ID, when known; the
	// same ID never counts twice.
	BankTxID   string        `json:"bank_tx_id,omitempty"`
	Kind       PaymentKind   `json:"kind"`
	Amount     pricing.Money `json:"amount"`
	ReceivedAt time.Time     `json:"received_at"`
	Payer      string        `json:"payer,omitempty"`
	Method     string        `json:"method,omitempty"`
}

// Ledger is a booking's payment schedule and the payments made against it.
// Its methods never change it; Record returns the new ledger.
type Ledger struct {
	Schedule pricing.PaymentSchedule `json:"schedule"`
	Payments []Payment               `json:"payments"`
}

// Record returns the ledger with p added, or every problem with p: a kind
// other than payment or refund (a discount is a price change, not a
// payment), a payment that is not positive or a refund that is not
// negative, another currency, sub-minor amounts, a bank transaction ID
// already recorded, a refund larger than what was paid.
func (l Ledger) Record(p Payment) (Ledger, error) {
	var ps problem.List
	cur := l.Schedule.Total.Currency()
	if p.ID == "" {
		ps.Add("id", "required", "a payment has an ID")
	}
	for _, q := range l.Payments {
		if p.ID != "" && q.ID == p.ID {
			ps.Add("id", "duplicate", fmt.Sprintf("payment %s is already recorded", problem.Clip(p.ID)))
		}
		if p.BankTxID != "" && q.BankTxID == p.BankTxID {
			ps.Add("bank_tx_id", "duplicate", fmt.Sprintf("bank transaction %s is already recorded as payment %s", problem.Clip(p.BankTxID), q.ID))
		}
	}
	switch {
	case !p.Amount.IsValid():
		ps.Add("amount", "required", "a payment has an amount")
	case p.Amount.Currency() != cur:
		ps.Add("amount", "currency", fmt.Sprintf("%s is not in the booking's currency %s", p.Amount, cur))
	case !p.Amount.IsRounded():
		ps.Add("amount", "amount", fmt.Sprintf("%s has more decimals than its currency", p.Amount))
	default:
		if _, err := p.Amount.MinorUnits(); err != nil {
			ps.Add("amount", "range", fmt.Sprintf("%s is beyond what a ledger counts in minor units", problem.Clip(p.Amount.String())))
		}
	}
	switch p.Kind {
	case KindPayment:
		if p.Amount.IsValid() && p.Amount.Sign() <= 0 {
			ps.Add("amount", "sign", "a payment is a positive amount")
		}
	case KindRefund:
		if p.Amount.IsValid() && p.Amount.Sign() >= 0 {
			ps.Add("amount", "sign", "a refund is a negative amount")
		}
	default:
		ps.Add("kind", "kind", fmt.Sprintf("%q is not money received or returned; a discount changes the price, not the amount paid", problem.Clip(string(p.Kind))))
	}
	if p.ReceivedAt.IsZero() {
		ps.Add("received_at", "required", "a payment has the instant it was received")
	}
	if len(ps) == 0 {
		paid := l.netMinor()
		amt, _ := p.Amount.MinorUnits()
		switch {
		case amt > 0 && paid > math.MaxInt64-amt:
			ps.Add("amount", "range", fmt.Sprintf("%s more would take what was paid beyond what a ledger counts", p.Amount))
		case p.Kind == KindRefund && paid+amt < 0:
			ps.Add("amount", "refund_exceeds_paid", fmt.Sprintf("refund %s exceeds the %s paid", p.Amount.Neg(), pricing.FromMinor(paid, cur)))
		}
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return l, err
	}
	out := Ledger{Schedule: l.Schedule, Payments: make([]Payment, len(l.Payments), len(l.Payments)+1)}
	copy(out.Payments, l.Payments)
	out.Payments = append(out.Payments, p)
	return out, nil
}

// cover is how much of each instalment paid minor units cover, in due
// order, and how much stays open.
type cover struct{ covered, open int64 }

func (l Ledger) cover(paid int64) []cover {
	out := make([]cover, len(l.Schedule.Instalments))
	left := max(paid, 0)
	for i, in := range l.Schedule.Instalments {
		amt, _ := in.Amount.MinorUnits()
		c := min(left, amt)
		left -= c
		out[i] = cover{covered: c, open: amt - c}
	}
	return out
}

// Outstanding is what the ledger still expects after every payment and
// refund recorded: the schedule's total less the net paid, and the due
// date of the first instalment not fully covered (the last instalment's
// when all are).
func (l Ledger) Outstanding() (pricing.Money, date.Date) {
	paid := l.netMinor()
	var due date.Date
	for i, c := range l.cover(paid) {
		due = l.Schedule.Instalments[i].Due
		if c.open > 0 {
			break
		}
	}
	total := minorOrZero(l.Schedule.Total)
	return pricing.FromMinor(total-paid, l.Schedule.Total.Currency()), due
}

// DueNow is what the first instalment not fully covered still expects and
// its due date: the amount a payment is matched against. Zero (and the
// last instalment's date) when every instalment is covered.
func (l Ledger) DueNow() (pricing.Money, date.Date) {
	cur := l.Schedule.Total.Currency()
	var due date.Date
	for i, c := range l.cover(l.netMinor()) {
		due = l.Schedule.Instalments[i].Due
		if c.open > 0 {
			return pricing.FromMinor(c.open, cur), due
		}
	}
	return pricing.Zero(cur), due
}

// NetPaid is every payment less every refund, in the schedule's currency.
func (l Ledger) NetPaid() pricing.Money {
	return pricing.FromMinor(l.netMinor(), l.Schedule.Total.Currency())
}

func (l Ledger) netMinor() int64 {
	var n int64
	for _, p := range l.Payments {
		v, _ := p.Amount.MinorUnits()
		n += v
	}
	return n
}

// InstalmentStatus is one instalment at an instant.
type InstalmentStatus struct {
	pricing.Instalment
	Covered     pricing.Money `json:"covered"`
	Outstanding pricing.Money `json:"outstanding"`
	Overdue     bool          `json:"overdue"`
}

// PaymentStatus is a ledger at an instant.
type PaymentStatus struct {
	At          time.Time          `json:"at"`
	Today       date.Date          `json:"today"`
	Total       pricing.Money      `json:"total"`
	Paid        pricing.Money      `json:"paid"`    // payments less refunds received by At
	Balance     pricing.Money      `json:"balance"` // Total − Paid; negative: overpaid
	Overdue     pricing.Money      `json:"overdue"` // outstanding on instalments due before Today
	Instalments []InstalmentStatus `json:"instalments"`
}

// IsOverdue reports whether any instalment is overdue.
func (s PaymentStatus) IsOverdue() bool { return s.Overdue.Sign() > 0 }

// StatusAt is the ledger at instant at, dates read in zone: payments
// received by then, net of refunds, cover the instalments in due order;
// an instalment is overdue from the day after its due date.
func (l Ledger) StatusAt(at time.Time, zone *time.Location) (PaymentStatus, error) {
	if zone == nil {
		return PaymentStatus{}, problem.One(ErrInvalid, "zone", "required", "the agency's zone is required; due dates are dates there")
	}
	if !l.Schedule.Total.IsValid() {
		return PaymentStatus{}, problem.One(ErrInvalid, "schedule", "required", "the ledger has no payment schedule")
	}
	cur := l.Schedule.Total.Currency()
	var paid int64
	for _, p := range l.Payments {
		if !p.ReceivedAt.After(at) {
			v, _ := p.Amount.MinorUnits()
			paid += v
		}
	}
	total, _ := l.Schedule.Total.MinorUnits()
	s := PaymentStatus{At: at, Today: date.NewAt(at.In(zone)), Total: l.Schedule.Total,
		Paid: pricing.FromMinor(paid, cur), Balance: pricing.FromMinor(total-paid, cur)}
	var overdue int64
	for i, c := range l.cover(paid) {
		in := l.Schedule.Instalments[i]
		st := InstalmentStatus{Instalment: in, Covered: pricing.FromMinor(c.covered, cur), Outstanding: pricing.FromMinor(c.open, cur)}
		if c.open > 0 && in.Due < s.Today {
			st.Overdue = true
			overdue += c.open
		}
		s.Instalments = append(s.Instalments, st)
	}
	s.Overdue = pricing.FromMinor(overdue, cur)
	return s, nil
}

// ReminderPolicy says when a payment reminder goes out: DaysBefore days
// before each due date at the local time of day At in the agency's zone.
type ReminderPolicy struct {
	DaysBefore int           `json:"days_before"`
	At         time.Duration `json:"at"` // since local midnight
}

// DefaultReminders is 7 days before each due date at 08:00 local time.
func DefaultReminders() ReminderPolicy { return ReminderPolicy{DaysBefore: 7, At: 8 * time.Hour} }

// Reminder is one reminder to send for one instalment.
type Reminder struct {
	Instalment int           `json:"instalment"` // index in the schedule
	Due        date.Date     `json:"due"`
	Amount     pricing.Money `json:"amount"` // outstanding when the reminder is due
	SendAt     time.Time     `json:"send_at"`
}

// RemindersDue lists the reminders whose send instant has come by now for
// instalments still outstanding at now. A sweep sends each once; which
// were sent is the store's record, not the ledger's.
func (l Ledger) RemindersDue(p ReminderPolicy, zone *time.Location, now time.Time) ([]Reminder, error) {
	if p.DaysBefore < 0 || p.DaysBefore > 366 || p.At < 0 || p.At >= 24*time.Hour {
		return nil, problem.One(ErrInvalid, "policy", "range", fmt.Sprintf("a reminder goes 0–366 days before, at a time of day (got %d days, %s)", p.DaysBefore, p.At))
	}
	st, err := l.StatusAt(now, zone)
	if err != nil {
		return nil, err
	}
	var out []Reminder
	for i, in := range st.Instalments {
		if in.Outstanding.Sign() <= 0 {
			continue
		}
		d := in.Due - date.Date(p.DaysBefore)
		// time.Date normalises a local time that a DST change skips.
		// The wall-clock time, not an offset from midnight: on a DST day
		// 08:00 is still 08:00.
		send := time.Date(d.Year(), d.Month(), d.Day(), int(p.At/time.Hour), int(p.At%time.Hour/time.Minute), int(p.At%time.Minute/time.Second), 0, zone)
		if !send.After(now) {
			out = append(out, Reminder{Instalment: i, Due: in.Due, Amount: in.Outstanding, SendAt: send})
		}
	}
	return out, nil
}
