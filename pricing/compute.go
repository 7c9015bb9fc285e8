package pricing

import (
	"math"
	"math/bits"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
)

// Once a value is rounded to the quote currency's minor units the engine
// keeps it as an int64 count of them: sums and shares are then exact integer
// arithmetic, checked for overflow, and Money is built once for the output.

// fieldRef names an element of a request list; the path string is built
// only when a problem is reported.
type fieldRef struct {
	list  string
	index int
}

func (f fieldRef) String() string { return f.list + "[" + strconv.Itoa(f.index) + "]" }

// lineMinor is a line's rounded figures in minor units of the quote currency.
type lineMinor struct {
	net, sell, discount, fees, tax, total int64
}

// run prices a checked request.
func (c *calc) run() (*Quote, error) {
	req := c.req
	rnd := req.Rounding
	c.scale = c.q.MinorUnits()
	q := &Quote{
		ID:         req.QuoteID,
		Version:    req.Version,
		Currency:   c.q,
		IssuedAt:   req.IssuedAt,
		ExpiresAt:  req.IssuedAt.Add(req.ValidFor),
		TravelDate: req.TravelDate,
		Rounding:   rnd,
		Travellers: make([]QuotedTraveller, len(req.Travellers)),
		Lines:      make([]PricedLine, 0, len(req.Lines)+2),
	}
	for i, t := range req.Travellers {
		age := AgeOn(t.BirthDate, req.TravelDate)
		q.Travellers[i] = QuotedTraveller{ID: t.ID, Name: t.Name, Type: c.bands.Type(age), Age: age}
	}
	c.trace = make([]TraceStep, 0, len(req.Lines)*8+len(req.Travellers)+4)
	c.scratch = make([]byte, 0, 128)
	c.prepareRules()

	c.minors = make([]lineMinor, 0, len(req.Lines)+2)
	for i := range c.lines {
		q.Lines = append(q.Lines, c.priceLine(i, rnd))
	}
	c.bookingFees(q, rnd)
	if err := c.problems.err(); err != nil {
		return nil, err
	}
	if err := c.sum(q); err != nil {
		return nil, err
	}
	if err := c.shares(q); err != nil {
		return nil, err
	}
	q.Rates = make([]LockedRate, 0, len(c.rates))
	for _, lr := range c.rates {
		if lr.Derivation != DerivedIdentity { // nothing was exchanged
			q.Rates = append(q.Rates, lr)
		}
	}
	sort.SliceStable(q.Rates, func(i, j int) bool { return q.Rates[i].From.Code() < q.Rates[j].From.Code() })
	q.Trace = c.trace
	return q, nil
}

func (c *calc) step(line, step, detail string, v Money) {
	c.trace = append(c.trace, TraceStep{Line: line, Step: step, Detail: detail, Value: v})
}

// money returns minor units of the quote currency as Money.
func (c *calc) money(minor int64) Money {
	if minor == 0 {
		return Money{cur: c.q} // the zero Decimal is 0 and costs no allocation
	}
	return Money{amount: decimal.New(minor, -c.scale), cur: c.q}
}

// ruleFacts is what pricing needs of a rule, worked out once per quote
// rather than once per line.
type ruleFacts struct {
	fraction   decimal.Decimal // Percent ÷ 100
	factor     decimal.Decimal // 1 + fraction
	complement decimal.Decimal // 1 − fraction
	detail     string          // the trace text of the rule's step
	fractionN  num
	factorN    num
	complN     num
	amountN    num    // the rule's amount, if any
	pct        string // Percent as text
	// Percent as the exact fraction num/den when both are small, for the
	// integer tax path; den is 0 when Percent is too precise for it.
	num, den int64
}

func (c *calc) prepareRules() {
	c.facts = make([]ruleFacts, len(c.req.Rules))
	for i := range c.req.Rules {
		r := &c.req.Rules[i]
		f := &c.facts[i]
		f.fraction = r.Percent.Shift(-2)
		f.factor = c.one.Add(f.fraction)
		f.complement = c.one.Sub(f.fraction)
		f.fractionN, f.factorN, f.complN = numFrom(f.fraction), numFrom(f.factor), numFrom(f.complement)
		if r.Amount != nil {
			f.amountN = numFrom(r.Amount.amount)
		}
		pct := decString(r.Percent)
		f.pct = pct
		if pc, pe, ok := smallCoefficient(r.Percent); ok && pe <= 0 && pe >= -12 && pc >= 0 && pc < 1<<31 {
			f.num, f.den = pc, 100*pow10(-pe)
		}
		switch r.Kind {
		case RuleMarkup:
			f.detail = "markup " + pct + " % (rule " + r.ID + ")"
		case RuleMargin:
			f.detail = "margin " + pct + " % of sell (rule " + r.ID + ")"
		case RuleDiscount:
			if r.Amount != nil {
				f.detail = "discount " + r.Amount.String() + " (rule " + r.ID + ")"
			} else {
				f.detail = "discount " + pct + " % (rule " + r.ID + ")"
			}
		case RuleFee:
			f.detail = "fee " + r.Amount.String() + " " + string(r.FeeBasis) + " (rule " + r.ID + ")"
		case RuleTax:
			f.detail = string(r.TaxMode) + " tax " + pct + " % (rule " + r.ID + ")"
		case RuleCommission:
			f.detail = "commissionable gross; commission " + pct + " % (rule " + r.ID + ") leaves net "
		case RuleFixedSell:
			f.detail = "fixed sell " + r.Amount.String() + " (rule " + r.ID + ") × "
		}
	}
	c.fxDetail = make([]string, len(c.rates))
	c.rateN = make([]num, len(c.rates))
	c.rateD = make([]num, len(c.rates))
	for i, lr := range c.rates {
		n, d := lr.fraction()
		c.rateN[i], c.rateD[i] = numFrom(n), numFrom(d)
		c.fxDetail[i] = lr.From.Code() + "→" + lr.To.Code() + " at " + decString(lr.Applied) +
			" (" + string(lr.Derivation) + " " + decString(lr.Market) + " + " + decString(lr.BufferPct) + " % buffer)"
	}
}

// text builds a trace detail in the calc's scratch buffer; only the final
// string is allocated.
func (c *calc) text(parts ...any) string {
	b := c.scratch[:0]
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			b = append(b, v...)
		case Money:
			b = appendAmount(b, v.amount, v.cur.MinorUnits())
			b = append(b, ' ')
			b = append(b, v.cur.Code()...)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		}
	}
	c.scratch = b
	return string(b)
}

// unscale returns a ÷ den for the trace, which shows amounts to 16
// decimals; the rounding itself divides exactly (minorQ).
func unscale(a, den num) decimal.Decimal {
	if den.cmp(numInt(1)) == 0 {
		return a.dec()
	}
	return a.dec().DivRound(den.dec(), rateScale)
}

// minorQ rounds a ÷ den to minor units exactly.
func (c *calc) minorQ(a, den num, scaled bool, rnd Rounding, at fieldRef) int64 {
	if !scaled {
		return c.minorN(a, rnd, at)
	}
	v, err := Money{amount: roundQuo(a.dec(), den.dec(), c.q, rnd), cur: c.q}.MinorUnits()
	if err != nil {
		c.problems.add(at.String(), CodeOutOfRange, "amount beyond the supported range")
	}
	return v
}

// minorN is minor for a num.
func (c *calc) minorN(a num, rnd Rounding, at fieldRef) int64 {
	inc := int64(1)
	if rnd.Cash {
		inc = c.q.cashIncrement()
	}
	if v, ok := roundNum(a, c.scale, inc, rnd.Mode); ok {
		return v
	}
	return c.minor(a.dec(), rnd, at)
}

// minor rounds an amount in the quote currency to minor units. An amount
// beyond the int64 range is reported as a problem (it is no real price).
func (c *calc) minor(d decimal.Decimal, rnd Rounding, at fieldRef) int64 {
	inc := int64(1)
	if rnd.Cash {
		inc = c.q.cashIncrement()
	}
	if v, ok := roundToMinor(d, c.scale, inc, rnd.Mode); ok {
		return v
	}
	v, err := Money{amount: d, cur: c.q}.Round(rnd).MinorUnits()
	if err != nil {
		c.problems.add(at.String(), CodeOutOfRange, "amount beyond the supported range")
	}
	return v
}

// band returns the price band a traveller pays on a PerPerson line on its
// service date: 0 adult, 1 child, 2 infant. A band without its own price
// pays the next older band's.
func (c *calc) band(in *LineInput, t int) int {
	day := in.ServiceDate
	if day == 0 {
		day = c.req.TravelDate
	}
	switch c.bands.Type(AgeOn(c.req.Travellers[t].BirthDate, day)) {
	case Infant:
		if in.InfantPrice != nil {
			return 2
		}
		if in.ChildPrice != nil {
			return 1
		}
	case Child:
		if in.ChildPrice != nil {
			return 1
		}
	}
	return 0
}

// perPersonDetail explains a PerPerson net: "2 × 520.00 EUR (adult) +
// 1 × 390.00 EUR (child), × 1".
func (c *calc) perPersonDetail(in *LineInput, count [3]int) string {
	b := c.scratch[:0]
	prices := [3]*Money{&in.Price, in.ChildPrice, in.InfantPrice}
	names := [3]string{"adult", "child", "infant"}
	for band, n := range count {
		if n == 0 {
			continue
		}
		if len(b) > 0 {
			b = append(b, " + "...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " × "...)
		b = appendAmount(b, prices[band].amount, prices[band].cur.MinorUnits())
		b = append(b, ' ')
		b = append(b, prices[band].cur.Code()...)
		b = append(b, " ("...)
		b = append(b, names[band]...)
		b = append(b, ')')
	}
	b = append(b, ", × "...)
	b = strconv.AppendInt(b, int64(in.Quantity), 10)
	c.scratch = b
	return string(b)
}

// netInLineCurrency is step 1: the line's net (or commissionable gross) in
// its own currency, with an explanation. For PerPerson lines it also sets
// each traveller's weight for the share split: their own unit price.
func (c *calc) netInLineCurrency(lc *lineCalc) (num, string) {
	in := lc.in
	pax := len(lc.trav)
	switch in.Unit {
	case PerPerson:
		lc.billable = pax * in.Quantity
		var count [3]int
		var small [16]int
		bands := small[:0]
		if pax > len(small) {
			bands = make([]int, 0, pax)
		}
		bands = bands[:pax]
		for k, t := range lc.trav {
			bands[k] = c.band(in, t)
			count[bands[k]]++
		}
		// Σ price × travellers in the band × quantity: one product per band.
		bandPrice := [3]decimal.Decimal{in.Price.amount, in.Price.amount, in.Price.amount}
		if in.ChildPrice != nil {
			bandPrice[1] = in.ChildPrice.amount
		}
		if in.InfantPrice != nil {
			bandPrice[2] = in.InfantPrice.amount
		}
		var net num
		for band, n := range count {
			if n > 0 {
				net = net.add(numFrom(bandPrice[band]).mul(numInt(int64(n * in.Quantity))))
			}
		}
		if w, err := integerWeights(bandPrice[:]); err == nil {
			lc.weights = make([]uint64, pax)
			for k := range lc.trav {
				lc.weights[k] = w[bands[k]]
			}
		}
		return net, c.perPersonDetail(in, count)
	case PerRoomNight, PerUnit:
		lc.units = in.Units
		if lc.units == 0 {
			lc.units = 1
			if in.Capacity > 0 && pax > 0 {
				lc.units = (pax + in.Capacity - 1) / in.Capacity
			}
		}
		lc.billable = lc.units * in.Quantity
		return numFrom(in.Price.amount).mul(numInt(int64(lc.billable))),
			c.text(in.Price, " × ", lc.units, " unit(s) × ", in.Quantity)
	default: // PerGroup
		lc.billable = in.Quantity
		return numFrom(in.Price.amount).mul(numInt(int64(lc.billable))),
			c.text(in.Price, " × ", in.Quantity)
	}
}

// priceLine takes one line from net to total (steps 1–7 of Rule's order).
func (c *calc) priceLine(i int, rnd Rounding) PricedLine {
	lc := &c.lines[i]
	in := lc.in
	lcur := in.Price.cur
	field := fieldRef{"Lines", i}

	// 1. Net in the line currency.
	net, how := c.netInLineCurrency(lc)
	netD := net.dec()
	c.step(in.ID, StepNet, how, Money{amount: netD, cur: lcur})

	// 2. Base rule.
	applied := make([]string, 0, 4)
	sell, sellD := net, netD
	if r := lc.base; r != nil {
		applied = append(applied, r.ID)
		f := &c.facts[lc.baseIdx]
		how = f.detail
		switch r.Kind {
		case RuleMarkup:
			sell = net.mul(f.factorN)
		case RuleMargin:
			sell = numFrom(netD.DivRound(f.complement, divScale))
		case RuleFixedSell:
			sell = f.amountN.mul(numInt(int64(lc.billable)))
			how = c.text(f.detail, lc.billable)
		case RuleCommission:
			net = sell.mul(f.complN)
			netD = net.dec()
			how = c.text(f.detail, Money{amount: netD, cur: lcur})
		}
		sellD = sell.dec()
	} else {
		how = "no base rule: sold at net"
	}
	c.step(in.ID, StepBaseRule, how, Money{amount: sellD, cur: lcur})

	// 3. Into the quote currency. A rate that is a quotient (inverse or
	// cross) multiplies by its numerator here; every amount from here to
	// the rounding is then scaled by the denominator, which divides only at
	// the one rounding, so nothing is cut short before it.
	netQ, sellQ := net, sell
	identity := c.rates[lc.rateIdx].Derivation == DerivedIdentity
	den := numInt(1)
	if !identity {
		netQ, sellQ = net.mul(c.rateN[lc.rateIdx]), sell.mul(c.rateN[lc.rateIdx])
		den = c.rateD[lc.rateIdx]
		c.step(in.ID, StepFX, c.fxDetail[lc.rateIdx], Money{amount: unscale(sellQ, den), cur: c.q})
	}
	scaled := den.cmp(numInt(1)) != 0

	// 4. Discounts, then 5. per-line fees, each in list order.
	var discount, fees num
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleDiscount || !r.Match.matches(in.Category, in.Supplier) {
			continue
		}
		d := c.facts[k].amountN
		if r.Amount == nil {
			d = sellQ.mul(c.facts[k].fractionN)
		} else if scaled {
			d = d.mul(den)
		}
		sellQ = sellQ.sub(d)
		discount = discount.add(d)
		applied = append(applied, r.ID)
		if sellQ.cmp(netQ) < 0 && !r.AllowBelowNet {
			c.problems.add(field.String(), CodeBelowNet, "discount rule "+strconv.Quote(r.ID)+" takes sell below net")
		}
		c.step(in.ID, StepDiscount, c.facts[k].detail, Money{amount: unscale(sellQ, den), cur: c.q})
	}
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleFee || r.FeeBasis != FeePerLine || !r.Match.matches(in.Category, in.Supplier) {
			continue
		}
		fee := c.facts[k].amountN
		if scaled {
			fee = fee.mul(den)
		}
		sellQ = sellQ.add(fee)
		fees = fees.add(fee)
		applied = append(applied, r.ID)
		c.step(in.ID, StepFee, c.facts[k].detail, Money{amount: unscale(sellQ, den), cur: c.q})
	}

	// 6. Round once.
	lm := lineMinor{
		net:      c.minorQ(netQ, den, scaled, rnd, field),
		sell:     c.minorQ(sellQ, den, scaled, rnd, field),
		discount: c.minorQ(discount, den, scaled, rnd, field),
		fees:     c.minorQ(fees, den, scaled, rnd, field),
	}
	pl := PricedLine{
		ID: in.ID, Description: in.Description, Category: in.Category, Supplier: in.Supplier,
		Product: in.Product, Contract: in.Contract, ContractVersion: in.ContractVersion, Unit: in.Unit, Quantity: in.Quantity, Units: lc.units, Billable: lc.billable,
		Travellers: c.travellerIDs(lc.trav),
		Net:        c.money(lm.net),
		Sell:       c.money(lm.sell),
		Margin:     c.money(lm.sell - lm.net),
		Discount:   c.money(lm.discount),
		Fees:       c.money(lm.fees),
		Rules:      applied,
	}
	if identity && lm.discount == 0 && lm.fees == 0 {
		pl.LineNet, pl.LineSell = pl.Net, pl.Sell
	} else {
		pl.LineNet, pl.LineSell = Money{amount: netD, cur: lcur}.Round(rnd), Money{amount: sellD, cur: lcur}.Round(rnd)
	}
	c.step(in.ID, StepRound, c.text("net ", pl.Net, ", margin ", pl.Margin, " (", rnd.Mode.String(), ")"), pl.Sell)

	// 7. Taxes.
	c.applyTaxes(&pl, &lm, rnd, field)
	c.minors = append(c.minors, lm)
	return pl
}

// applyTaxes computes every matching tax on a rounded line, and its total.
func (c *calc) applyTaxes(pl *PricedLine, lm *lineMinor, rnd Rounding, field fieldRef) {
	lm.total = lm.sell
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleTax || !r.Match.matches(pl.Category, pl.Supplier) {
			continue
		}
		f := &c.facts[k]
		base := lm.sell
		if r.TaxMode == TaxOnMargin {
			base = max(lm.sell-lm.net, 0)
		}
		tm, ok := taxMinor(base, f, r.TaxMode != TaxExclusive, rnd, c.q)
		if !ok {
			// Beyond the integer path: the same figure in decimals.
			b := c.money(base).amount
			t := b.Mul(f.fraction)
			if r.TaxMode != TaxExclusive {
				t = t.DivRound(f.factor, divScale)
			}
			tm = c.minor(t, rnd, field)
		}
		if r.TaxMode == TaxExclusive {
			lm.total += tm
		}
		lm.tax += tm
		tax := c.money(tm)
		pl.Rules = append(pl.Rules, r.ID)
		pl.Taxes = append(pl.Taxes, TaxAmount{Rule: r.ID, Mode: r.TaxMode, Percent: f.pct, Amount: tax})
		c.step(pl.ID, StepTax, f.detail, tax)
	}
	// Equal figures share one immutable amount rather than allocate again.
	switch {
	case len(pl.Taxes) == 1:
		pl.Tax = pl.Taxes[0].Amount
	default:
		pl.Tax = c.money(lm.tax)
	}
	if lm.total == lm.sell {
		pl.Total = pl.Sell
	} else {
		pl.Total = c.money(lm.total)
	}
	c.step(pl.ID, StepTotal, c.text("sell ", pl.Sell, " + exclusive taxes"), pl.Total)
}

func (c *calc) travellerIDs(idx []int) []string {
	ids := make([]string, len(idx))
	for k, t := range idx {
		ids[k] = c.req.Travellers[t].ID
	}
	return ids
}

// bookingFees adds one line per per-booking or per-person fee rule that
// matches at least one line: charged once, never per room or per line.
func (c *calc) bookingFees(q *Quote, rnd Rounding) {
	all := c.all
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleFee || (r.FeeBasis != FeePerBooking && r.FeeBasis != FeePerPerson) || !c.anyLineMatches(r.Match) {
			continue
		}
		unit, qty := PerGroup, 1
		if r.FeeBasis == FeePerPerson {
			unit, qty = PerPerson, len(all)
		}
		desc := r.Description
		if desc == "" {
			desc = "fee " + r.ID
		}
		id := "fee:" + r.ID
		field := fieldRef{"Rules", k}
		sell := c.minor(r.Amount.amount.Mul(decimal.NewFromInt(int64(qty))), rnd, field)
		lm := lineMinor{sell: sell, fees: sell}
		zero := c.money(0)
		pl := PricedLine{
			ID: id, Description: desc, Category: CategoryServices, Unit: unit, Quantity: 1, Billable: qty,
			Travellers: c.travellerIDs(all), LineNet: zero, LineSell: c.money(sell), Net: zero, Sell: c.money(sell),
			Margin: c.money(sell), Discount: zero, Fees: c.money(sell), Rules: []string{r.ID},
		}
		c.step(id, StepFee, c.facts[k].detail+", charged once", pl.Sell)
		c.applyTaxes(&pl, &lm, rnd, field)
		q.Lines = append(q.Lines, pl)
		c.minors = append(c.minors, lm)
		c.lines = append(c.lines, lineCalc{trav: all})
	}
}

func (c *calc) anyLineMatches(m Match) bool {
	for i := range c.req.Lines {
		if m.matches(c.req.Lines[i].Category, c.req.Lines[i].Supplier) {
			return true
		}
	}
	return false
}

// addMinor adds b to *a, reporting overflow.
func addMinor(a *int64, b int64) bool {
	if (b > 0 && *a > math.MaxInt64-b) || (b < 0 && *a < math.MinInt64-b) {
		return false
	}
	*a += b
	return true
}

// sum adds the rounded lines into subtotals and totals.
func (c *calc) sum(q *Quote) error {
	var t lineMinor
	cats := Categories()
	subs := make([]lineMinor, len(cats))
	present := make([]bool, len(cats))
	ok := true
	for i, lm := range c.minors {
		ci := 0
		for cats[ci] != q.Lines[i].Category {
			ci++
		}
		present[ci] = true
		s := &subs[ci]
		ok = ok && addMinor(&t.net, lm.net) && addMinor(&t.sell, lm.sell) && addMinor(&t.discount, lm.discount) &&
			addMinor(&t.fees, lm.fees) && addMinor(&t.tax, lm.tax) && addMinor(&t.total, lm.total) &&
			addMinor(&s.net, lm.net) && addMinor(&s.sell, lm.sell) && addMinor(&s.tax, lm.tax) && addMinor(&s.total, lm.total)
	}
	if !ok || t.sell-t.net > t.sell { // the margin must not overflow either
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Lines", Code: CodeOutOfRange, Message: "quote total beyond the supported range"}}}
	}
	for ci, s := range subs {
		if present[ci] {
			q.Subtotals = append(q.Subtotals, Subtotal{Category: cats[ci], Net: c.money(s.net), Sell: c.money(s.sell),
				Tax: c.money(s.tax), Total: c.money(s.total)})
		}
	}
	q.Totals = Totals{Net: c.money(t.net), Sell: c.money(t.sell), Margin: c.money(t.sell - t.net),
		Discount: c.money(t.discount), Fees: c.money(t.fees), Tax: c.money(t.tax), Total: c.money(t.total)}
	c.step("", StepTotal, "sum of "+strconv.Itoa(len(q.Lines))+" rounded lines", q.Totals.Total)
	return nil
}

// shares splits every line's total among its travellers by largest
// remainder, so each traveller's total and the sum of all are exact.
func (c *calc) shares(q *Quote) error {
	n := len(c.req.Travellers)
	totals := make([]int64, n)
	received := make([]int64, n) // leftover units each traveller has taken
	lines := make([][]LineShare, n)
	for k := range lines {
		lines[k] = make([]LineShare, 0, len(q.Lines))
	}
	for i, lm := range c.minors {
		lc := &c.lines[i]
		if len(lc.trav) == 0 {
			continue
		}
		parts, err := c.splitLine(lm.total, lc, received)
		if err != nil {
			return err
		}
		var last Money
		for k, t := range lc.trav {
			totals[t] += parts[k] // |parts| ≤ |line total|, and the line totals' sum fits
			if k == 0 || parts[k] != parts[k-1] {
				last = c.money(parts[k]) // equal shares share one amount
			}
			lines[t] = append(lines[t], LineShare{Line: q.Lines[i].ID, Amount: last})
		}
	}
	q.PerTraveller = make([]TravellerShare, n)
	for k, t := range c.req.Travellers {
		q.PerTraveller[k] = TravellerShare{Traveller: t.ID, Total: c.money(totals[k]), Lines: lines[k]}
		c.step("", StepShare, "traveller "+t.ID+": Σ line shares (largest remainder)", q.PerTraveller[k].Total)
	}
	return nil
}

// splitLine allocates a line total among the line's travellers: by each
// traveller's own price on PerPerson lines, equally otherwise. A leftover
// minor unit that could go to several travellers goes to the one who has
// had the fewest so far, so equal travellers end up within a unit of each
// other over the whole quote rather than the first one paying every odd cent.
func (c *calc) splitLine(total int64, lc *lineCalc, received []int64) ([]int64, error) {
	weights := lc.weights
	hasWeight := false
	for _, w := range weights {
		if w > 0 {
			hasWeight = true
			break
		}
	}
	if !hasWeight {
		weights = make([]uint64, len(lc.trav))
		for k := range weights {
			weights[k] = 1
		}
	}
	tie := make([]int64, len(lc.trav))
	for k, t := range lc.trav {
		tie[k] = received[t]
	}
	parts, err := allocateMinor(total, weights, tie)
	if err != nil {
		return nil, err
	}
	// Count who took a leftover unit: a part above its floor share.
	var sum uint64
	for _, w := range weights {
		sum += w
	}
	abs := total
	if abs < 0 {
		abs = -abs
	}
	for k, t := range lc.trav {
		hi, lo := bits.Mul64(uint64(abs), weights[k])
		floor, _ := bits.Div64(hi, lo, sum)
		if p := parts[k]; (p >= 0 && uint64(p) > floor) || (p < 0 && uint64(-p) > floor) {
			received[t]++
		}
	}
	return parts, nil
}

// taxMinor computes a tax on base minor units exactly in integers: base ×
// p/100 when the tax is added on top, base × p/(100 + p) when it is
// contained in base, rounded once by rnd. ok is false when the numbers are
// too large for int64, and the caller computes it in decimals.
func taxMinor(base int64, f *ruleFacts, contained bool, rnd Rounding, cur Currency) (int64, bool) {
	if f.den == 0 || base > 1<<31 || base < -(1<<31) {
		return 0, false
	}
	num, den := base*f.num, f.den
	if contained {
		den += f.num
	}
	inc := int64(1)
	if rnd.Cash {
		inc = cur.cashIncrement()
	}
	if den > (1<<62)/inc {
		return 0, false
	}
	return roundDiv(num, den*inc, rnd.Mode) * inc, true
}
