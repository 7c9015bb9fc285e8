package pricing

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"
	"github.com/travelkit/travelkit/internal/problem"
)

// divScale is the number of decimals kept by the few divisions pricing needs
// (margin pricing, taxes contained in a price), far below any minor unit.
const divScale = 16

// maxQuantity bounds quantities, units and capacities so that billable
// counts cannot overflow; no travel service comes near it.
const maxQuantity = 1_000_000

// Engine prices quote requests. Build it with NewEngine; it holds no state
// between calls and is safe for concurrent use.
type Engine struct {
	validate   *validator.Validate
	maxLines   int
	maxPersons int
}

// Default caps of a quote request: work and memory grow with lines and
// travellers, so a request beyond them is refused with ErrTooLarge before
// any of it is looked at.
const (
	DefaultMaxLines      = 10_000
	DefaultMaxTravellers = 1_000
)

// EngineOption configures an Engine.
type EngineOption func(*Engine)

// WithMaxLines sets the most lines a quote request may have (default
// DefaultMaxLines; n < 1 keeps the default).
func WithMaxLines(n int) EngineOption {
	return func(e *Engine) {
		if n >= 1 {
			e.maxLines = n
		}
	}
}

// WithMaxTravellers sets the most travellers a quote request may have
// (default DefaultMaxTravellers; n < 1 keeps the default).
func WithMaxTravellers(n int) EngineOption {
	return func(e *Engine) {
		if n >= 1 {
			e.maxPersons = n
		}
	}
}

// NewEngine returns an Engine.
func NewEngine(opts ...EngineOption) *Engine {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Money and Currency keep their fields private; "required" on them holds
	// when they are not the zero value, which is exactly when they have a
	// currency.
	e := &Engine{validate: v, maxLines: DefaultMaxLines, maxPersons: DefaultMaxTravellers}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Price prices req. Invalid input returns a *ValidationError (matching
// ErrInvalid) that lists every problem found: first every structural and
// reference problem; when there are none, every problem found while pricing
// (such as a discount below net). Nothing in req is modified.
func (e *Engine) Price(req QuoteRequest) (*Quote, error) {
	if e == nil || e.validate == nil {
		return nil, fmt.Errorf("%w: engine not built with NewEngine", ErrInvalid)
	}
	var caps problems
	if len(req.Lines) > e.maxLines {
		caps = append(caps, Problem{Field: "Lines", Code: CodeTooMany, Message: fmt.Sprintf("%d lines; at most %d", len(req.Lines), e.maxLines),
			Detail: map[string]string{"count": strconv.Itoa(len(req.Lines)), "max": strconv.Itoa(e.maxLines)}})
	}
	if len(req.Travellers) > e.maxPersons {
		caps = append(caps, Problem{Field: "Travellers", Code: CodeTooMany, Message: fmt.Sprintf("%d travellers; at most %d", len(req.Travellers), e.maxPersons),
			Detail: map[string]string{"count": strconv.Itoa(len(req.Travellers)), "max": strconv.Itoa(e.maxPersons)}})
	}
	if len(caps) > 0 {
		return nil, problem.Invalid(ErrInvalid, caps, ErrTooLarge)
	}
	ps := e.structural(&req)
	c := newCalc(&req)
	c.check(&ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return c.run()
}

// structural runs the validator tags and turns their findings into
// problems. A request holds many lines, so each line is checked first by
// lineTagsHold, which agrees with its tags (TestLineTagsFastPath proves it);
// only a line that fails goes through the validator, which reports exactly
// what is wrong. Problems come in the request's field order.
func (e *Engine) structural(req *QuoteRequest) problems {
	ps := e.tagProblems(req, "")
	for i := range req.Lines {
		if !lineTagsHold(&req.Lines[i]) {
			ps = append(ps, e.tagProblems(&req.Lines[i], "Lines["+strconv.Itoa(i)+"]")...)
		}
	}
	rank := func(field string) int {
		top, _, _ := strings.Cut(field, "[")
		top, _, _ = strings.Cut(top, ".")
		for i, name := range [...]string{"QuoteID", "Version", "Currency", "TravelDate", "Travellers", "Lines", "Rules", "IssuedAt", "ValidFor"} {
			if top == name {
				return i
			}
		}
		return 99
	}
	sort.SliceStable(ps, func(i, j int) bool { return rank(ps[i].Field) < rank(ps[j].Field) })
	return ps
}

// tagProblems validates one struct's tags; prefix replaces the struct name
// in field paths.
func (e *Engine) tagProblems(v any, prefix string) problems {
	err := e.validate.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return problems{{Field: prefix, Code: CodeInvalidValue, Message: err.Error()}}
	}
	ps := make(problems, 0, len(verrs))
	for _, fe := range verrs {
		field := fe.Namespace()
		if _, rest, ok := strings.Cut(field, "."); ok {
			field = rest // drop the struct name
		}
		if prefix != "" {
			field = prefix + "." + field
		}
		switch fe.Tag() {
		case "required":
			ps.add(field, CodeRequired, "is required")
		default:
			ps.add(field, CodeOutOfRange, "must be "+fe.Tag()+" "+fe.Param())
		}
	}
	return ps
}

// lineTagsHold reports whether a line passes its validate tags without
// reflection: the happy path of every quote. "required" on a struct means
// "not the zero value", hence the comparison with Money{}.
func lineTagsHold(l *LineInput) bool {
	return l.ID != "" && l.Description != "" && l.Category != "" && l.Unit != "" && l.Price != (Money{}) &&
		l.Quantity >= 1 && l.Units >= 0 && l.Capacity >= 0
}

// lineCalc is the working state of one line.
type lineCalc struct {
	in       *LineInput
	trav     []int // indexes into the request's travellers
	weights  []uint64
	units    int
	billable int
	base     *Rule
	baseIdx  int
	rateIdx  int // into calc.rates
}

// calc prices one request.
type calc struct {
	req      *QuoteRequest
	q        Currency
	bands    AgeBands
	travIdx  map[string]int
	lines    []lineCalc
	rates    []LockedRate
	rateIdx  map[Currency]int
	trace    []TraceStep
	problems problems
	one      decimal.Decimal
	scale    int32
	minors   []lineMinor
	facts    []ruleFacts
	fxDetail []string
	rateN    []num // the applied rates' numerators, for the engine's arithmetic
	rateD    []num // and denominators (nil entries: 1, the rate is exact)
	scratch  []byte
	all      []int // every traveller's index, for lines for the whole party
}

func newCalc(req *QuoteRequest) *calc {
	return &calc{
		req:     req,
		q:       req.Currency,
		bands:   req.AgeBands.OrDefault(),
		travIdx: make(map[string]int, len(req.Travellers)),
		lines:   make([]lineCalc, len(req.Lines)),
		rateIdx: make(map[Currency]int, 2),
		one:     decimal.New(1, 0),
	}
}

// check finds every domain problem in the request that can be found before
// pricing: references, currencies, ranges, rates.
func (c *calc) check(ps *problems) {
	req := c.req
	if req.FXBufferPct.Sign() < 0 {
		ps.add("FXBufferPct", CodeNegative, "FX buffer must not be negative")
	}
	if req.Rounding.Mode > Up {
		ps.add("Rounding.Mode", CodeInvalidValue, "unknown rounding mode")
	}
	if b := c.bands; b.InfantUnder < 0 || b.ChildUnder < b.InfantUnder {
		ps.add("AgeBands", CodeOrder, "age bands must satisfy 0 ≤ InfantUnder ≤ ChildUnder")
	}
	for i, t := range req.Travellers {
		f := "Travellers[" + strconv.Itoa(i) + "]"
		if t.ID == "" {
			continue // reported by the validator
		}
		if _, dup := c.travIdx[t.ID]; dup {
			ps.add(f+".ID", CodeDuplicate, "traveller "+strconv.Quote(t.ID)+" listed twice")
			continue
		}
		c.travIdx[t.ID] = i
		if req.TravelDate != 0 && t.BirthDate > req.TravelDate {
			ps.add(f+".BirthDate", CodeOrder, "birth date after the travel date")
		}
	}
	c.all = make([]int, len(req.Travellers))
	for j := range c.all {
		c.all[j] = j
	}
	c.checkRules(ps)
	seen := make(map[string]bool, len(req.Lines))
	for i := range req.Lines {
		c.checkLine(i, seen, ps)
	}
}

func (c *calc) checkRules(ps *problems) {
	seen := make(map[string]bool, len(c.req.Rules))
	hundred := decimal.NewFromInt(100)
	for i := range c.req.Rules {
		r := &c.req.Rules[i]
		f := "Rules[" + strconv.Itoa(i) + "]"
		if r.ID != "" {
			if seen[r.ID] {
				ps.add(f+".ID", CodeDuplicate, "rule "+strconv.Quote(r.ID)+" listed twice")
			}
			seen[r.ID] = true
		}
		for j, cat := range r.Match.Categories {
			if !cat.valid() {
				ps.add(f+".Match.Categories["+strconv.Itoa(j)+"]", CodeInvalidValue, "unknown category "+strconv.Quote(string(cat)))
			}
		}
		if r.Kind != "" && !r.Kind.valid() {
			ps.add(f+".Kind", CodeInvalidValue, "unknown rule kind "+strconv.Quote(string(r.Kind)))
			continue
		}
		pct := r.Percent
		if pct.Sign() < 0 {
			ps.add(f+".Percent", CodeNegative, "percentage must not be negative")
		}
		needAmount := func() {
			if r.Amount == nil || !r.Amount.IsValid() {
				ps.add(f+".Amount", CodeRequired, string(r.Kind)+" rule needs an amount")
			} else if r.Amount.Sign() < 0 {
				ps.add(f+".Amount", CodeNegative, "amount must not be negative")
			}
		}
		inQuoteCurrency := func() {
			if r.Amount != nil && r.Amount.IsValid() && r.Amount.cur != c.q {
				ps.add(f+".Amount", CodeCurrencyMismatch, "amount must be in the quote currency "+c.q.Code())
			}
		}
		switch r.Kind {
		case RuleMargin:
			if pct.Cmp(hundred) >= 0 {
				ps.add(f+".Percent", CodeOutOfRange, "margin must be below 100 %")
			}
		case RuleCommission:
			if pct.Cmp(hundred) > 0 {
				ps.add(f+".Percent", CodeOutOfRange, "commission must be at most 100 %")
			}
		case RuleFixedSell:
			needAmount()
		case RuleDiscount:
			switch {
			case r.Amount != nil && !pct.IsZero():
				ps.add(f, CodeInvalidValue, "discount takes a percentage or an amount, not both")
			case r.Amount != nil:
				needAmount()
				inQuoteCurrency()
			case pct.Cmp(hundred) > 0:
				ps.add(f+".Percent", CodeOutOfRange, "discount must be at most 100 %")
			}
		case RuleFee:
			needAmount()
			inQuoteCurrency()
			if r.FeeBasis != FeePerBooking && r.FeeBasis != FeePerPerson && r.FeeBasis != FeePerLine {
				ps.add(f+".FeeBasis", CodeInvalidValue, "fee basis must be per_booking, per_person or per_line")
			}
		case RuleTax:
			if r.TaxMode != TaxExclusive && r.TaxMode != TaxInclusive && r.TaxMode != TaxOnMargin {
				ps.add(f+".TaxMode", CodeInvalidValue, "tax mode must be exclusive, inclusive or margin")
			}
		}
	}
}

func (c *calc) checkLine(i int, seen map[string]bool, ps *problems) {
	in := &c.req.Lines[i]
	lc := &c.lines[i]
	lc.in = in
	f := func(sub string) string { return "Lines[" + strconv.Itoa(i) + "]" + sub } // built only for a problem
	if in.ID != "" {
		if seen[in.ID] {
			ps.add(f(".ID"), CodeDuplicate, "line "+strconv.Quote(in.ID)+" listed twice")
		}
		seen[in.ID] = true
	}
	if in.Category != "" && !in.Category.valid() {
		ps.add(f(".Category"), CodeInvalidValue, "unknown category "+strconv.Quote(string(in.Category)))
	}
	if in.Unit != "" && !in.Unit.valid() {
		ps.add(f(".Unit"), CodeInvalidValue, "unknown unit "+strconv.Quote(string(in.Unit)))
	}
	if in.Quantity > maxQuantity || in.Units > maxQuantity || in.Capacity > maxQuantity {
		ps.add(f(""), CodeOutOfRange, "quantity, units and capacity must be at most "+strconv.Itoa(maxQuantity))
		return
	}
	priceOK := in.Price.IsValid()
	if !priceOK && in.Price != (Money{}) { // an amount without a currency (the zero Money is "required")
		ps.add(f(".Price"), CodeInvalidCurrency, "price needs a currency")
	}
	if priceOK && in.Price.Sign() < 0 {
		ps.add(f(".Price"), CodeNegative, "price must not be negative")
	}
	for _, bp := range []struct {
		name string
		m    *Money
	}{{"ChildPrice", in.ChildPrice}, {"InfantPrice", in.InfantPrice}} {
		switch {
		case bp.m == nil:
		case !bp.m.IsValid():
			ps.add(f("."+bp.name), CodeRequired, "price needs a currency")
		case priceOK && bp.m.cur != in.Price.cur:
			ps.add(f("."+bp.name), CodeCurrencyMismatch, "must be in the line's currency "+in.Price.cur.Code())
		case bp.m.Sign() < 0:
			ps.add(f("."+bp.name), CodeNegative, "price must not be negative")
		case in.Unit != PerPerson:
			ps.add(f("."+bp.name), CodeInvalidValue, "age-band prices apply to per_person lines only")
		}
	}
	// Travellers the line is for.
	if len(in.Travellers) == 0 {
		lc.trav = c.all // shared, never modified
	} else {
		lc.trav = make([]int, 0, len(in.Travellers))
		dup := make(map[string]bool, len(in.Travellers))
		for j, id := range in.Travellers {
			k, ok := c.travIdx[id]
			switch {
			case !ok:
				ps.add(f(".Travellers["+strconv.Itoa(j)+"]"), CodeUnknownReference, "no traveller "+strconv.Quote(id)+" in the party")
			case dup[id]:
				ps.add(f(".Travellers["+strconv.Itoa(j)+"]"), CodeDuplicate, "traveller "+strconv.Quote(id)+" listed twice")
			default:
				dup[id] = true
				lc.trav = append(lc.trav, k)
			}
		}
	}
	if (in.Unit == PerRoomNight || in.Unit == PerUnit) && in.Units > 0 && in.Capacity > 0 &&
		in.Units*in.Capacity < len(lc.trav) {
		ps.add(f(".Units"), CodeOutOfRange, strconv.Itoa(len(lc.trav))+" travellers do not fit "+
			strconv.Itoa(in.Units)+" units of "+strconv.Itoa(in.Capacity))
	}
	if (in.Unit == PerGroup || in.Unit == PerPerson) && (in.Units != 0 || in.Capacity != 0) {
		ps.add(f(".Units"), CodeInvalidValue, "units and capacity apply to per_room_night and per_unit lines only")
	}
	// Base rule, and a fixed sell price must be in the line's currency.
	lc.base, lc.baseIdx = c.baseRule(in)
	if lc.base != nil && lc.base.Kind == RuleFixedSell && priceOK && lc.base.Amount != nil &&
		lc.base.Amount.IsValid() && lc.base.Amount.cur != in.Price.cur {
		ps.add(f(".Price"), CodeCurrencyMismatch, "fixed sell rule "+strconv.Quote(lc.base.ID)+
			" is in "+lc.base.Amount.cur.Code()+", the line in "+in.Price.cur.Code())
	}
	// Exchange rate into the quote currency, found once per currency.
	if priceOK && !c.q.IsZero() {
		if _, ok := c.rateIdx[in.Price.cur]; !ok {
			lr, err := c.lookup(in.Price.cur)
			if err != nil {
				ps.add(f(".Price"), CodeMissingRate, err.Error())
				c.rateIdx[in.Price.cur] = -1
			} else {
				c.rateIdx[in.Price.cur] = len(c.rates)
				c.rates = append(c.rates, lr)
			}
		}
		if k := c.rateIdx[in.Price.cur]; k >= 0 {
			lc.rateIdx = k
		}
	}
}

// lookup finds and buffers the rate from a line currency to the quote
// currency.
func (c *calc) lookup(from Currency) (LockedRate, error) {
	var (
		lr  LockedRate
		err error
	)
	switch {
	case from == c.q:
		return identityRate(from), nil
	case c.req.FX == nil:
		return LockedRate{}, fmt.Errorf("%w: %s→%s (no FX source)", ErrMissingRate, from, c.q)
	default:
		lr, err = c.req.FX.Lookup(from, c.q)
	}
	if err != nil {
		return LockedRate{}, err
	}
	if c.req.FXBufferPct.Sign() < 0 {
		return lr, nil // reported as a problem of its own
	}
	return lr.WithBuffer(c.req.FXBufferPct)
}

// baseRule returns the most specific matching base rule; ties go to the
// earlier rule.
func (c *calc) baseRule(in *LineInput) (*Rule, int) {
	var best *Rule
	bestIdx, bestSpec := -1, -1
	for i := range c.req.Rules {
		r := &c.req.Rules[i]
		if !r.Kind.base() || !r.Match.matches(in.Category, in.Supplier) {
			continue
		}
		if s := r.Match.specificity(); s > bestSpec {
			best, bestIdx, bestSpec = r, i, s
		}
	}
	return best, bestIdx
}
