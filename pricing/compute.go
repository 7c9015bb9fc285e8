package pricing

import (
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
)

// run prices a checked request.
func (c *calc) run() (*Quote, error) {
	req := c.req
	rnd := req.Rounding
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
	c.trace = make([]TraceStep, 0, len(req.Lines)*7+8)
	for i := range c.lines {
		q.Lines = append(q.Lines, c.priceLine(i, rnd))
	}
	c.bookingFees(q, rnd)
	if err := c.problems.err(); err != nil {
		return nil, err
	}
	c.sum(q)
	if err := c.shares(q); err != nil {
		return nil, err
	}
	q.Rates = c.rates
	sort.SliceStable(q.Rates, func(i, j int) bool { return q.Rates[i].From.Code() < q.Rates[j].From.Code() })
	q.Trace = c.trace
	return q, nil
}

func (c *calc) step(line, step, detail string, v Money) {
	c.trace = append(c.trace, TraceStep{Line: line, Step: step, Detail: detail, Value: v})
}

// unitPrice returns a traveller's PerPerson price on the line's service date.
func (c *calc) unitPrice(in *LineInput, t int) decimal.Decimal {
	day := in.ServiceDate
	if day == 0 {
		day = c.req.TravelDate
	}
	switch c.bands.Type(AgeOn(c.req.Travellers[t].BirthDate, day)) {
	case Infant:
		if in.InfantPrice != nil {
			return in.InfantPrice.amount
		}
		fallthrough
	case Child:
		if in.ChildPrice != nil {
			return in.ChildPrice.amount
		}
	}
	return in.Price.amount
}

// priceLine takes one line from net to total (steps 1–7 of Rule's order).
func (c *calc) priceLine(i int, rnd Rounding) PricedLine {
	lc := &c.lines[i]
	in := lc.in
	lcur := in.Price.cur
	pax := len(lc.trav)

	// 1. Net in the line currency.
	var net decimal.Decimal
	var how string
	switch in.Unit {
	case PerPerson:
		lc.billable = pax * in.Quantity
		lc.weights = make([]decimal.Decimal, pax)
		qty := decimal.NewFromInt(int64(in.Quantity))
		for k, t := range lc.trav {
			p := c.unitPrice(in, t)
			lc.weights[k] = p
			net = net.Add(p.Mul(qty))
		}
		how = "Σ traveller prices × " + strconv.Itoa(in.Quantity) + " for " + strconv.Itoa(pax) + " travellers"
	case PerRoomNight, PerUnit:
		lc.units = in.Units
		if lc.units == 0 {
			lc.units = 1
			if in.Capacity > 0 && pax > 0 {
				lc.units = (pax + in.Capacity - 1) / in.Capacity
			}
		}
		lc.billable = lc.units * in.Quantity
		net = in.Price.amount.Mul(decimal.NewFromInt(int64(lc.billable)))
		how = in.Price.String() + " × " + strconv.Itoa(lc.units) + " units × " + strconv.Itoa(in.Quantity)
	default: // PerGroup
		lc.billable = in.Quantity
		net = in.Price.amount.Mul(decimal.NewFromInt(int64(lc.billable)))
		how = in.Price.String() + " × " + strconv.Itoa(in.Quantity)
	}
	lc.netL = net
	c.step(in.ID, StepNet, how, Money{amount: net, cur: lcur})

	// 2. Base rule.
	var applied []string
	sell := net
	if r := lc.base; r != nil {
		applied = append(applied, r.ID)
		switch r.Kind {
		case RuleMarkup:
			sell = net.Mul(percentFactor(r.Percent))
			how = "markup " + r.Percent.String() + " % (rule " + r.ID + ")"
		case RuleMargin:
			sell = net.DivRound(c.one.Sub(r.Percent.Shift(-2)), divScale)
			how = "margin " + r.Percent.String() + " % of sell (rule " + r.ID + ")"
		case RuleFixedSell:
			sell = r.Amount.amount.Mul(decimal.NewFromInt(int64(lc.billable)))
			how = "fixed sell " + r.Amount.String() + " × " + strconv.Itoa(lc.billable) + " (rule " + r.ID + ")"
		case RuleCommission:
			net = sell.Mul(c.one.Sub(r.Percent.Shift(-2)))
			lc.netL = net
			how = "commissionable gross; commission " + r.Percent.String() + " % leaves net " +
				Money{amount: net, cur: lcur}.String() + " (rule " + r.ID + ")"
		}
	} else {
		how = "no base rule: sold at net"
	}
	lc.sellL = sell
	c.step(in.ID, StepBaseRule, how, Money{amount: sell, cur: lcur})

	// 3. Into the quote currency.
	netQ := net.Mul(lc.rate.Applied)
	sellQ := sell.Mul(lc.rate.Applied)
	if lc.rate.Derivation != DerivedIdentity {
		c.step(in.ID, StepFX, lcur.Code()+"→"+c.q.Code()+" at "+lc.rate.Applied.String()+
			" ("+string(lc.rate.Derivation)+" "+lc.rate.Market.String()+" + "+lc.rate.BufferPct.String()+" % buffer)",
			Money{amount: sellQ, cur: c.q})
	}

	// 4. Discounts, then 5. per-line fees, each in list order.
	var discount, fees decimal.Decimal
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleDiscount || !r.Match.matches(in.Category, in.Supplier) {
			continue
		}
		var d decimal.Decimal
		if r.Amount != nil {
			d = r.Amount.amount
			how = "discount " + r.Amount.String() + " (rule " + r.ID + ")"
		} else {
			d = sellQ.Mul(r.Percent.Shift(-2))
			how = "discount " + r.Percent.String() + " % (rule " + r.ID + ")"
		}
		sellQ = sellQ.Sub(d)
		discount = discount.Add(d)
		applied = append(applied, r.ID)
		if sellQ.Cmp(netQ) < 0 && !r.AllowBelowNet {
			c.problems.add("Lines["+strconv.Itoa(i)+"]", CodeBelowNet,
				"discount rule "+strconv.Quote(r.ID)+" takes sell below net")
		}
		c.step(in.ID, StepDiscount, how, Money{amount: sellQ, cur: c.q})
	}
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleFee || r.FeeBasis != FeePerLine || !r.Match.matches(in.Category, in.Supplier) {
			continue
		}
		sellQ = sellQ.Add(r.Amount.amount)
		fees = fees.Add(r.Amount.amount)
		applied = append(applied, r.ID)
		c.step(in.ID, StepFee, "fee "+r.Amount.String()+" per line (rule "+r.ID+")", Money{amount: sellQ, cur: c.q})
	}

	// 6. Round once.
	pl := PricedLine{
		ID: in.ID, Description: in.Description, Category: in.Category, Supplier: in.Supplier,
		Product: in.Product, Unit: in.Unit, Quantity: in.Quantity, Units: lc.units, Billable: lc.billable,
		Travellers: c.travellerIDs(lc.trav),
		LineNet:    Money{amount: lc.netL, cur: lcur}.Round(rnd),
		LineSell:   Money{amount: lc.sellL, cur: lcur}.Round(rnd),
		Net:        Money{amount: netQ, cur: c.q}.Round(rnd),
		Sell:       Money{amount: sellQ, cur: c.q}.Round(rnd),
		Discount:   Money{amount: discount, cur: c.q}.Round(rnd),
		Fees:       Money{amount: fees, cur: c.q}.Round(rnd),
		Rules:      applied,
	}
	pl.Margin = Money{amount: pl.Sell.amount.Sub(pl.Net.amount), cur: c.q}
	c.step(in.ID, StepRound, "net "+pl.Net.String()+", margin "+pl.Margin.String()+" ("+rnd.Mode.String()+")", pl.Sell)

	// 7. Taxes.
	c.applyTaxes(&pl, rnd)
	return pl
}

// applyTaxes computes every matching tax on a rounded line and its total.
func (c *calc) applyTaxes(pl *PricedLine, rnd Rounding) {
	total := pl.Sell.amount
	var tax decimal.Decimal
	for k := range c.req.Rules {
		r := &c.req.Rules[k]
		if r.Kind != RuleTax || !r.Match.matches(pl.Category, pl.Supplier) {
			continue
		}
		rate := r.Percent.Shift(-2)
		var t decimal.Decimal
		switch r.TaxMode {
		case TaxExclusive:
			t = pl.Sell.amount.Mul(rate)
		case TaxInclusive:
			t = pl.Sell.amount.Mul(rate).DivRound(c.one.Add(rate), divScale)
		case TaxOnMargin:
			if pl.Margin.Sign() > 0 {
				t = pl.Margin.amount.Mul(rate).DivRound(c.one.Add(rate), divScale)
			}
		}
		tm := Money{amount: t, cur: c.q}.Round(rnd)
		if r.TaxMode == TaxExclusive {
			total = total.Add(tm.amount)
		}
		tax = tax.Add(tm.amount)
		pl.Rules = append(pl.Rules, r.ID)
		pl.Taxes = append(pl.Taxes, TaxAmount{Rule: r.ID, Mode: r.TaxMode, Percent: r.Percent.String(), Amount: tm})
		c.step(pl.ID, StepTax, string(r.TaxMode)+" tax "+r.Percent.String()+" % (rule "+r.ID+")", tm)
	}
	pl.Tax = Money{amount: tax, cur: c.q}
	pl.Total = Money{amount: total, cur: c.q}
	c.step(pl.ID, StepTotal, "sell "+pl.Sell.String()+" + exclusive taxes", pl.Total)
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
	all := make([]int, len(c.req.Travellers))
	for k := range all {
		all[k] = k
	}
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
		sell := r.Amount.MulInt(int64(qty)).Round(rnd)
		zero := Money{cur: c.q}
		pl := PricedLine{
			ID: id, Description: desc, Category: CategoryServices, Unit: unit, Quantity: 1, Billable: qty,
			Travellers: c.travellerIDs(all), LineNet: zero, LineSell: sell, Net: zero, Sell: sell,
			Margin: sell, Discount: zero, Fees: sell, Rules: []string{r.ID},
		}
		c.step(id, StepFee, "fee "+r.Amount.String()+" "+string(r.FeeBasis)+" (rule "+r.ID+"), charged once", sell)
		c.applyTaxes(&pl, rnd)
		q.Lines = append(q.Lines, pl)
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

// sum adds rounded lines into subtotals and totals.
func (c *calc) sum(q *Quote) {
	zero := Money{cur: c.q}
	t := Totals{Net: zero, Sell: zero, Margin: zero, Discount: zero, Fees: zero, Tax: zero, Total: zero}
	subs := make(map[Category]*Subtotal, 6)
	for i := range q.Lines {
		l := &q.Lines[i]
		t.Net.amount = t.Net.amount.Add(l.Net.amount)
		t.Sell.amount = t.Sell.amount.Add(l.Sell.amount)
		t.Margin.amount = t.Margin.amount.Add(l.Margin.amount)
		t.Discount.amount = t.Discount.amount.Add(l.Discount.amount)
		t.Fees.amount = t.Fees.amount.Add(l.Fees.amount)
		t.Tax.amount = t.Tax.amount.Add(l.Tax.amount)
		t.Total.amount = t.Total.amount.Add(l.Total.amount)
		s := subs[l.Category]
		if s == nil {
			s = &Subtotal{Category: l.Category, Net: zero, Sell: zero, Tax: zero, Total: zero}
			subs[l.Category] = s
		}
		s.Net.amount = s.Net.amount.Add(l.Net.amount)
		s.Sell.amount = s.Sell.amount.Add(l.Sell.amount)
		s.Tax.amount = s.Tax.amount.Add(l.Tax.amount)
		s.Total.amount = s.Total.amount.Add(l.Total.amount)
	}
	for _, cat := range Categories() {
		if s := subs[cat]; s != nil {
			q.Subtotals = append(q.Subtotals, *s)
		}
	}
	q.Totals = t
	c.step("", StepTotal, "sum of "+strconv.Itoa(len(q.Lines))+" rounded lines", t.Total)
}

// shares splits every line's total among its travellers by largest
// remainder, so each traveller's total and the sum of all are exact.
func (c *calc) shares(q *Quote) error {
	n := len(c.req.Travellers)
	q.PerTraveller = make([]TravellerShare, n)
	for k, t := range c.req.Travellers {
		q.PerTraveller[k] = TravellerShare{Traveller: t.ID, Total: Money{cur: c.q}, Lines: make([]LineShare, 0, len(q.Lines))}
	}
	for i := range q.Lines {
		l := &q.Lines[i]
		lc := &c.lines[i]
		if len(lc.trav) == 0 {
			continue
		}
		parts, err := c.splitLine(l.Total, lc)
		if err != nil {
			return err
		}
		for k, t := range lc.trav {
			s := &q.PerTraveller[t]
			s.Lines = append(s.Lines, LineShare{Line: l.ID, Amount: parts[k]})
			s.Total.amount = s.Total.amount.Add(parts[k].amount)
		}
	}
	for k := range q.PerTraveller {
		s := &q.PerTraveller[k]
		c.step("", StepShare, "traveller "+s.Traveller+": Σ line shares (largest remainder)", s.Total)
	}
	return nil
}

// splitLine allocates a line total among the line's travellers: by each
// traveller's own price on PerPerson lines, equally otherwise.
func (c *calc) splitLine(total Money, lc *lineCalc) ([]Money, error) {
	if lc.weights != nil {
		nonZero := false
		for _, w := range lc.weights {
			if w.Sign() > 0 {
				nonZero = true
				break
			}
		}
		if nonZero {
			return total.Allocate(lc.weights...)
		}
	}
	return total.Split(len(lc.trav))
}
