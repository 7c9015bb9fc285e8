package pricing

import (
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// Quote is a priced proposal: every line from net to total, subtotals,
// totals, each traveller's share, the exchange rates it locked and a trace
// explaining every step. The same request always yields the same Quote, and
// so byte-identical JSON.
type Quote struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Currency  Currency  `json:"currency"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// TravelDate is the departure date the quote was priced for.
	TravelDate   date.Date         `json:"travel_date"`
	Rounding     Rounding          `json:"rounding"`
	Travellers   []QuotedTraveller `json:"travellers"`
	Lines        []PricedLine      `json:"lines"`
	Subtotals    []Subtotal        `json:"subtotals"`
	Totals       Totals            `json:"totals"`
	PerTraveller []TravellerShare  `json:"per_traveller"`
	Rates        []LockedRate      `json:"rates"`
	Trace        []TraceStep       `json:"trace"`
}

// QuotedTraveller is a traveller as priced: type and age on the travel date.
type QuotedTraveller struct {
	ID   string        `json:"id"`
	Name string        `json:"name,omitempty"`
	Type TravellerType `json:"type"`
	Age  int           `json:"age"`
}

// PricedLine is one customer-visible line. Amounts in the quote currency are
// rounded once; Margin is Sell − Net and Total is Sell plus exclusive taxes,
// so every line adds up to the minor unit.
type PricedLine struct {
	ID          string   `json:"id"`
	Description string   `json:"description"`
	Category    Category `json:"category"`
	Supplier    string   `json:"supplier,omitempty"`
	Product     string   `json:"product,omitempty"`
	// Contract and ContractVersion name the supplier contract version the
	// net price comes from, when it does.
	Contract        string `json:"contract,omitempty"`
	ContractVersion int    `json:"contract_version,omitempty"`
	Unit            Unit   `json:"unit"`
	Quantity        int    `json:"quantity"`
	// Units is rooms or vehicles (PerRoomNight, PerUnit), else 0.
	Units int `json:"units,omitempty"`
	// Billable is the count the unit price was multiplied by: travellers ×
	// quantity, units × quantity, or quantity.
	Billable   int      `json:"billable"`
	Travellers []string `json:"travellers"`
	// LineNet and LineSell are net and list sell (after the base rule, before
	// discounts and fees) in the line's own currency, rounded to it.
	LineNet  Money `json:"line_net"`
	LineSell Money `json:"line_sell"`
	// Net, Sell, Margin, Discount, Fees, Tax and Total are in the quote
	// currency. Discount and Fees say how much of Sell they account for.
	Net      Money `json:"net"`
	Sell     Money `json:"sell"`
	Margin   Money `json:"margin"`
	Discount Money `json:"discount"`
	Fees     Money `json:"fees"`
	Tax      Money `json:"tax"`
	Total    Money `json:"total"`
	// Rules lists the IDs of the rules applied, in order.
	Rules []string `json:"rules,omitempty"`
	// Taxes details Tax.
	Taxes []TaxAmount `json:"taxes,omitempty"`
}

// TaxAmount is one tax on one line.
type TaxAmount struct {
	Rule    string  `json:"rule"`
	Mode    TaxMode `json:"mode"`
	Percent string  `json:"percent"`
	Amount  Money   `json:"amount"`
}

// Subtotal sums the lines of one category.
type Subtotal struct {
	Category Category `json:"category"`
	Net      Money    `json:"net"`
	Sell     Money    `json:"sell"`
	Tax      Money    `json:"tax"`
	Total    Money    `json:"total"`
}

// Totals sums every line. Total is what the customer pays; Tax includes
// taxes contained in Sell as well as exclusive ones.
type Totals struct {
	Net      Money `json:"net"`
	Sell     Money `json:"sell"`
	Margin   Money `json:"margin"`
	Discount Money `json:"discount"`
	Fees     Money `json:"fees"`
	Tax      Money `json:"tax"`
	Total    Money `json:"total"`
}

// TravellerShare is one traveller's part of the total. The shares of all
// travellers add up to Totals.Total exactly.
type TravellerShare struct {
	Traveller string      `json:"traveller"`
	Total     Money       `json:"total"`
	Lines     []LineShare `json:"lines"`
}

// LineShare is one traveller's part of one line's total.
type LineShare struct {
	Line   string `json:"line"`
	Amount Money  `json:"amount"`
}

// TraceStep is one step of the calculation, in order: the line it concerns
// ("" for the whole quote), a stable step name, an explanation and the
// amount after the step.
type TraceStep struct {
	Line   string `json:"line,omitempty"`
	Step   string `json:"step"`
	Detail string `json:"detail"`
	Value  Money  `json:"value"`
}

// Trace step names.
const (
	StepNet      = "net"
	StepBaseRule = "base_rule"
	StepFX       = "fx"
	StepDiscount = "discount"
	StepFee      = "fee"
	StepRound    = "round"
	StepTax      = "tax"
	StepTotal    = "total"
	StepShare    = "share"
)

// Clone returns a deep copy of the quote: no slice is shared with q.
// (Money and decimal values are immutable and safe to share.)
func (q *Quote) Clone() *Quote {
	c := *q
	c.Travellers = slices.Clone(q.Travellers)
	c.Lines = make([]PricedLine, len(q.Lines))
	for i, l := range q.Lines {
		l.Travellers = slices.Clone(l.Travellers)
		l.Rules = slices.Clone(l.Rules)
		l.Taxes = slices.Clone(l.Taxes)
		c.Lines[i] = l
	}
	c.Subtotals = slices.Clone(q.Subtotals)
	c.PerTraveller = make([]TravellerShare, len(q.PerTraveller))
	for i, s := range q.PerTraveller {
		s.Lines = slices.Clone(s.Lines)
		c.PerTraveller[i] = s
	}
	c.Rates = slices.Clone(q.Rates)
	c.Trace = slices.Clone(q.Trace)
	return &c
}
