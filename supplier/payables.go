package supplier

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// CostLine is what the agency expects to owe a supplier for one confirmed
// service, frozen when the service is confirmed: later edits of the
// contract never change it.
type CostLine struct {
	ID              string `json:"id"`
	SupplierID      string `json:"supplier_id"`
	ContractID      string `json:"contract_id"`
	ContractVersion int    `json:"contract_version"`
	Booking         string `json:"booking"`
	// Service is the booking's service the line is the cost of.
	Service     string        `json:"service,omitempty"`
	Description string        `json:"description"`
	ServiceDate date.Date     `json:"service_date"`
	Expected    pricing.Money `json:"expected"`
	FrozenAt    time.Time     `json:"frozen_at"`
}

// Freeze makes the expected cost line of a confirmed stay from its rate:
// the sum of its segments' unit prices × nights × units, rounded once.
func Freeze(id, booking string, c *Contract, rate StayRate, units int, at time.Time) (CostLine, error) {
	if len(rate.Segments) == 0 || units < 1 {
		return CostLine{}, fmt.Errorf("%w: a cost line needs a rated stay and units", ErrInvalid)
	}
	sum := decimal.Zero
	for _, s := range rate.Segments {
		sum = sum.Add(s.Adult.Amount().Mul(decimal.NewFromInt(int64(max(s.Nights, 1)) * int64(units))))
	}
	expected := amount(sum, c.Currency).Round(pricing.Rounding{})
	return CostLine{ID: id, SupplierID: c.SupplierID, ContractID: c.ID, ContractVersion: c.Version, Booking: booking,
		Description: rate.Plan.Product + "/" + rate.Plan.UnitType, ServiceDate: rate.Segments[0].From, Expected: expected, FrozenAt: at}, nil
}

// InvoiceLine is one line of a supplier's invoice, naming the cost line it
// bills.
type InvoiceLine struct {
	CostLine string        `json:"cost_line"`
	Amount   pricing.Money `json:"amount"`
}

// Invoice is what a supplier bills.
type Invoice struct {
	ID         string        `json:"id"`
	SupplierID string        `json:"supplier_id"`
	Number     string        `json:"number"`
	Issued     date.Date     `json:"issued"`
	Lines      []InvoiceLine `json:"lines"`
}

// Tolerance is how far an invoiced amount may stray from the expected one
// before it is flagged: within Percent of it or Amount, whichever is more.
type Tolerance struct {
	Percent decimal.Decimal `json:"percent"`
	Amount  *pricing.Money  `json:"amount,omitempty"`
}

// Variance is one invoice line against its cost line: the difference
// (invoiced − expected), its percentage of the expected amount, and
// whether it is beyond tolerance.
type Variance struct {
	CostLine string          `json:"cost_line"`
	Expected pricing.Money   `json:"expected"`
	Invoiced pricing.Money   `json:"invoiced"`
	Diff     pricing.Money   `json:"diff"`
	Percent  decimal.Decimal `json:"percent"`
	Flagged  bool            `json:"flagged"`
}

// Match is an invoice matched to the cost lines: a variance for every line
// that bills a known cost line, the lines that bill none, and the cost
// lines of the invoice's bookings it does not bill.
type Match struct {
	Variances []Variance    `json:"variances"`
	Unmatched []InvoiceLine `json:"unmatched,omitempty"`
	Unbilled  []CostLine    `json:"unbilled,omitempty"`
}

// MatchInvoice matches an invoice to the expected cost lines.
func MatchInvoice(inv Invoice, lines []CostLine, tol Tolerance) (Match, error) {
	byID := make(map[string]CostLine, len(lines))
	for _, l := range lines {
		byID[l.ID] = l
	}
	billed := map[string]bool{}
	var m Match
	for i, il := range inv.Lines {
		cl, ok := byID[il.CostLine]
		if !ok {
			m.Unmatched = append(m.Unmatched, il)
			continue
		}
		if il.Amount.Currency() != cl.Expected.Currency() {
			return Match{}, fmt.Errorf("%w: invoice line %d is in %s, the cost line in %s", pricing.ErrCurrencyMismatch, i, il.Amount.Currency(), cl.Expected.Currency())
		}
		billed[cl.ID] = true
		diff, _ := il.Amount.Sub(cl.Expected)
		v := Variance{CostLine: cl.ID, Expected: cl.Expected, Invoiced: il.Amount, Diff: diff}
		if !cl.Expected.IsZero() {
			v.Percent = diff.Amount().Mul(decimal.NewFromInt(100)).DivRound(cl.Expected.Amount(), 2)
		}
		allowed := cl.Expected.Amount().Abs().Mul(tol.Percent).Shift(-2)
		if tol.Amount != nil && tol.Amount.Currency() == cl.Expected.Currency() {
			allowed = decimal.Max(allowed, tol.Amount.Amount())
		}
		v.Flagged = diff.Amount().Abs().GreaterThan(allowed)
		m.Variances = append(m.Variances, v)
	}
	bookings := map[string]bool{}
	for _, v := range m.Variances {
		bookings[byID[v.CostLine].Booking] = true
	}
	for _, l := range lines {
		if bookings[l.Booking] && !billed[l.ID] && l.SupplierID == inv.SupplierID {
			m.Unbilled = append(m.Unbilled, l)
		}
	}
	return m, nil
}

// Payment is one payment the agency owes a supplier.
type Payment struct {
	Kind   pricing.InstalmentKind `json:"kind"`
	Due    date.Date              `json:"due"`
	Amount pricing.Money          `json:"amount"`
}

// Schedule plans what the agency pays a supplier for a cost of total,
// booked on bookedOn for a service on serviceDate, under the terms: the
// deposit at booking, the balance BalanceDays before (or after) the
// service. The payments add up to the total exactly.
func (t PaymentTerms) Schedule(total pricing.Money, bookedOn, serviceDate date.Date) ([]Payment, error) {
	if !total.IsValid() || total.Sign() <= 0 {
		return nil, fmt.Errorf("%w: a positive total is required", ErrInvalid)
	}
	due := serviceDate - date.Date(t.BalanceDays)
	if t.BalanceAfter {
		due = serviceDate + date.Date(t.BalanceDays)
	}
	if t.DepositPct.Sign() <= 0 {
		return []Payment{{Kind: pricing.InstalmentFull, Due: max(due, bookedOn), Amount: total}}, nil
	}
	deposit := amount(total.Amount().Mul(t.DepositPct).Shift(-2), total.Currency()).Round(pricing.Rounding{})
	balance, err := total.Sub(deposit)
	if err != nil {
		return nil, err
	}
	if balance.Sign() == 0 || (!t.BalanceAfter && due <= bookedOn) {
		return []Payment{{Kind: pricing.InstalmentFull, Due: bookedOn, Amount: total}}, nil
	}
	return []Payment{{Kind: pricing.InstalmentDeposit, Due: bookedOn, Amount: deposit}, {Kind: pricing.InstalmentBalance, Due: due, Amount: balance}}, nil
}

// BlockNight is one night of a group block at the cut-off: the room
// nights contracted, those the group used, and those the hotel resold.
type BlockNight struct {
	Contracted int `json:"contracted"`
	Used       int `json:"used"`
	Resold     int `json:"resold"`
}

// Damages is what a group block owes at its cut-off: the committed room
// nights (CommitPct of those contracted, rounded up) that were neither
// used nor resold, counted per night or over the whole stay, each at the
// damages rate — or the contract rate when that is lower, or no damages
// rate was agreed. Zero when the commitment was met.
func (a Attrition) Damages(nights []BlockNight, contractRate pricing.Money) (pricing.Money, error) {
	if !contractRate.IsValid() || contractRate.Sign() < 0 {
		return pricing.Money{}, fmt.Errorf("%w: attrition damages need the contract rate", ErrInvalid)
	}
	rate := contractRate
	if r := a.DamagesRate; r != nil {
		if !r.IsValid() || r.Currency() != contractRate.Currency() {
			return pricing.Money{}, fmt.Errorf("%w: the damages rate is in the contract rate's currency", ErrInvalid)
		}
		if r.Amount().LessThan(rate.Amount()) {
			rate = *r
		}
	}
	committed := func(contracted int64) int64 {
		return decimal.NewFromInt(contracted).Mul(a.CommitPct).Shift(-2).Ceil().IntPart()
	}
	var short, contracted, taken int64
	for i, n := range nights {
		if n.Contracted < 0 || n.Used < 0 || n.Resold < 0 || n.Contracted > MaxUnits || n.Used > MaxUnits || n.Resold > MaxUnits {
			return pricing.Money{}, fmt.Errorf("%w: night %d: room nights are 0 to %d", ErrInvalid, i, MaxUnits)
		}
		if a.Basis == PerNight {
			short += max(committed(int64(n.Contracted))-int64(n.Used)-int64(n.Resold), 0)
			continue
		}
		contracted += int64(n.Contracted)
		taken += int64(n.Used) + int64(n.Resold)
	}
	if a.Basis != PerNight {
		short = max(committed(contracted)-taken, 0)
	}
	return amount(rate.Amount().Mul(decimal.NewFromInt(short)), rate.Currency()), nil
}

// WithinCredit reports whether owing owed plus more stays within the
// terms' credit limit (always, when none was agreed).
func (t PaymentTerms) WithinCredit(owed, more pricing.Money) (bool, error) {
	if t.CreditLimit == nil {
		return true, nil
	}
	total, err := owed.Add(more)
	if err != nil {
		return false, err
	}
	if total.Currency() != t.CreditLimit.Currency() {
		return false, fmt.Errorf("%w: credit limit in %s, amounts in %s", pricing.ErrCurrencyMismatch, t.CreditLimit.Currency(), total.Currency())
	}
	return total.Amount().LessThanOrEqual(t.CreditLimit.Amount()), nil
}
