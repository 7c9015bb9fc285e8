package pricing

import (
	"fmt"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// PaymentPolicy is how a booking is paid: a deposit on acceptance and the
// balance a number of days before departure.
type PaymentPolicy struct {
	// DepositPct is the deposit as a percentage of the total (30 means 30 %).
	// Ignored when DepositFixed is set.
	DepositPct decimal.Decimal `json:"deposit_pct"`
	// DepositFixed is a fixed deposit in the total's currency.
	DepositFixed *Money `json:"deposit_fixed,omitempty"`
	// BalanceDaysBefore is how many days before departure the balance is due.
	BalanceDaysBefore int `json:"balance_days_before"`
	// Rounding rounds a percentage deposit; the zero value is half-up.
	Rounding Rounding `json:"rounding"`
}

// InstalmentKind names an instalment.
type InstalmentKind string

// Instalment kinds.
const (
	InstalmentDeposit InstalmentKind = "deposit"
	InstalmentBalance InstalmentKind = "balance"
	// InstalmentFull is the whole amount at once, for a booking made inside
	// the balance window or with a deposit equal to the total.
	InstalmentFull InstalmentKind = "full"
)

// Instalment is one payment due.
type Instalment struct {
	Kind   InstalmentKind `json:"kind"`
	Amount Money          `json:"amount"`
	Due    date.Date      `json:"due"`
}

// PaymentSchedule lists the instalments of a total; they add up to it
// exactly and are all due on or before departure.
type PaymentSchedule struct {
	Total       Money        `json:"total"`
	Instalments []Instalment `json:"instalments"`
}

// Schedule plans the payments of total for a booking accepted on accepted
// for departure on departure. The deposit is due on acceptance and the
// balance BalanceDaysBefore days before departure; a booking accepted on or
// after that day pays in full at once. The total must be positive and
// rounded to its currency's minor units; the balance is the total less the
// rounded deposit, so the instalments always add up.
func Schedule(total Money, p PaymentPolicy, accepted, departure date.Date) (PaymentSchedule, error) {
	var ps problems
	if !total.IsValid() {
		ps.add("Total", CodeRequired, "total needs a currency")
	} else {
		if total.Sign() <= 0 {
			ps.add("Total", CodeNotPositive, "total must be positive")
		}
		if !total.IsRounded() {
			ps.add("Total", CodeTooPrecise, "total must be rounded to "+total.cur.Code()+" minor units")
		}
	}
	if accepted == 0 {
		ps.add("Accepted", CodeRequired, "acceptance date is required")
	}
	if departure == 0 {
		ps.add("Departure", CodeRequired, "departure date is required")
	}
	if accepted != 0 && departure != 0 && accepted > departure {
		ps.add("Accepted", CodeOrder, "accepted after departure")
	}
	if p.BalanceDaysBefore < 0 || p.BalanceDaysBefore > 3660 {
		ps.add("Policy.BalanceDaysBefore", CodeOutOfRange, "must be between 0 and 3660 days")
	}
	var deposit Money
	switch {
	case p.DepositFixed != nil:
		d := *p.DepositFixed
		switch {
		case !d.IsValid() || d.cur != total.cur:
			ps.add("Policy.DepositFixed", CodeCurrencyMismatch, "deposit must be in the total's currency")
		case d.Sign() < 0:
			ps.add("Policy.DepositFixed", CodeNegative, "deposit must not be negative")
		case !d.IsRounded():
			ps.add("Policy.DepositFixed", CodeTooPrecise, "deposit must be rounded to minor units")
		case total.IsValid() && d.amount.Cmp(total.amount) > 0:
			ps.add("Policy.DepositFixed", CodeOutOfRange, "deposit exceeds the total")
		}
		deposit = d
	default:
		if p.DepositPct.Sign() < 0 || p.DepositPct.Cmp(decimal.NewFromInt(100)) > 0 {
			ps.add("Policy.DepositPct", CodeOutOfRange, "deposit must be between 0 and 100 %")
		}
		deposit = total.Mul(p.DepositPct.Shift(-2)).Round(p.Rounding)
	}
	if err := ps.err(); err != nil {
		return PaymentSchedule{}, err
	}
	balanceDue := departure - date.Date(p.BalanceDaysBefore)
	s := PaymentSchedule{Total: total}
	if accepted >= balanceDue || deposit.amount.Equal(total.amount) {
		s.Instalments = []Instalment{{Kind: InstalmentFull, Amount: total, Due: accepted}}
		return s, nil
	}
	balance, err := total.Sub(deposit)
	if err != nil {
		return PaymentSchedule{}, fmt.Errorf("payment schedule: %w", err)
	}
	if deposit.Sign() > 0 {
		s.Instalments = append(s.Instalments, Instalment{Kind: InstalmentDeposit, Amount: deposit, Due: accepted})
	}
	s.Instalments = append(s.Instalments, Instalment{Kind: InstalmentBalance, Amount: balance, Due: balanceDue})
	return s, nil
}

// BudgetCheck compares a price with a customer's budget.
type BudgetCheck struct {
	Budget Money `json:"budget"`
	Price  Money `json:"price"`
	// Within is true when the price does not exceed the budget.
	Within bool `json:"within"`
	// Over is how much the price exceeds the budget (zero when within).
	Over Money `json:"over"`
	// OverPct is Over as a percentage of the budget, rounded half-up to two
	// decimals (zero when within).
	OverPct decimal.Decimal `json:"over_pct"`
	// Headroom is how much of the budget is left (zero when over).
	Headroom Money `json:"headroom"`
}

// CheckBudget compares price with budget. Both must be in one currency
// (convert first: the check never converts) and the budget must be positive.
func CheckBudget(price, budget Money) (BudgetCheck, error) {
	if err := price.sameCurrency(budget); err != nil {
		return BudgetCheck{}, err
	}
	if budget.Sign() <= 0 {
		return BudgetCheck{}, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Budget", Code: CodeNotPositive, Message: "budget must be positive"}}}
	}
	zero := Zero(price.cur)
	bc := BudgetCheck{Budget: budget, Price: price, Over: zero, Headroom: zero}
	diff := price.amount.Sub(budget.amount)
	if diff.Sign() <= 0 {
		bc.Within = true
		bc.Headroom = Money{amount: diff.Neg(), cur: price.cur}
		return bc, nil
	}
	bc.Over = Money{amount: diff, cur: price.cur}
	bc.OverPct = diff.Shift(2).DivRound(budget.amount, 2)
	return bc, nil
}
