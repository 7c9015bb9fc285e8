package pricing

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
)

// The stored form of a quote is a compact binary encoding of every field,
// for stores: about a fifth of the JSON and decoded without reflection.
// Strings repeat a lot in a quote (line IDs in the trace and the shares,
// currencies, step names), so each distinct string is written once and
// referred back to by number. Amounts are coefficient and exponent.
//
// Layout: the magic "TKQ" and a version byte, then the fields in the order
// of the Quote type, each slice preceded by its length. Version 2 added
// each line's supplier contract and its version after the product;
// version 1 is still read.
const storedMagic = "TKQ\x02"

// storedMagicV1 is the first version's header.
const storedMagicV1 = "TKQ\x01"

// maxStoredItems bounds every count read from a stored form, so that a
// damaged document cannot make the decoder allocate without bound.
const maxStoredItems = 1 << 20

// ErrStoredForm is returned for bytes that are not a stored quote of this
// version.
var ErrStoredForm = errors.New("pricing: not a stored quote")

// MarshalBinary encodes the quote in its stored form. Everything the JSON
// holds is kept; UnmarshalBinary gives back an equal quote.
func (q *Quote) MarshalBinary() ([]byte, error) {
	e := encoder{b: make([]byte, 0, 16<<10), strs: make(map[string]uint64, 256)}
	e.b = append(e.b, storedMagic...)
	e.str(q.ID)
	e.int(int64(q.Version))
	e.currency(q.Currency)
	e.time(q.IssuedAt)
	e.time(q.ExpiresAt)
	e.int(int64(q.TravelDate))
	e.uint(uint64(q.Rounding.Mode))
	e.bool(q.Rounding.Cash)
	e.uint(uint64(len(q.Travellers)))
	for _, t := range q.Travellers {
		e.str(t.ID)
		e.str(t.Name)
		e.str(string(t.Type))
		e.int(int64(t.Age))
	}
	e.uint(uint64(len(q.Lines)))
	for i := range q.Lines {
		l := &q.Lines[i]
		e.str(l.ID)
		e.str(l.Description)
		e.str(string(l.Category))
		e.str(l.Supplier)
		e.str(l.Product)
		e.str(l.Contract)
		e.int(int64(l.ContractVersion))
		e.str(string(l.Unit))
		e.int(int64(l.Quantity))
		e.int(int64(l.Units))
		e.int(int64(l.Billable))
		e.strs2(l.Travellers)
		for _, m := range [...]Money{l.LineNet, l.LineSell, l.Net, l.Sell, l.Margin, l.Discount, l.Fees, l.Tax, l.Total} {
			e.money(m)
		}
		e.strs2(l.Rules)
		e.nilSlice(l.Taxes == nil)
		e.uint(uint64(len(l.Taxes)))
		for _, t := range l.Taxes {
			e.str(t.Rule)
			e.str(string(t.Mode))
			e.str(t.Percent)
			e.money(t.Amount)
		}
	}
	e.uint(uint64(len(q.Subtotals)))
	for _, s := range q.Subtotals {
		e.str(string(s.Category))
		e.money(s.Net)
		e.money(s.Sell)
		e.money(s.Tax)
		e.money(s.Total)
	}
	t := q.Totals
	for _, m := range [...]Money{t.Net, t.Sell, t.Margin, t.Discount, t.Fees, t.Tax, t.Total} {
		e.money(m)
	}
	e.uint(uint64(len(q.PerTraveller)))
	for _, s := range q.PerTraveller {
		e.str(s.Traveller)
		e.money(s.Total)
		e.nilSlice(s.Lines == nil)
		e.uint(uint64(len(s.Lines)))
		for _, l := range s.Lines {
			e.str(l.Line)
			e.money(l.Amount)
		}
	}
	e.uint(uint64(len(q.Rates)))
	for _, r := range q.Rates {
		e.currency(r.From)
		e.currency(r.To)
		e.dec(r.Market)
		e.dec(r.BufferPct)
		e.dec(r.Applied)
		e.str(string(r.Derivation))
		e.str(r.Via)
		e.time(r.AsOf)
		e.str(r.Source)
		e.dec(r.Numerator)
		e.dec(r.Denominator)
	}
	e.uint(uint64(len(q.Trace)))
	for _, s := range q.Trace {
		e.str(s.Line)
		e.str(s.Step)
		e.str(s.Detail)
		e.money(s.Value)
	}
	return e.b, nil
}

type encoder struct {
	b    []byte
	strs map[string]uint64
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// nilSlice records whether a slice is nil, so that nil and empty survive.
func (e *encoder) nilSlice(isNil bool) { e.bool(isNil) }

// str writes a string the first time as 2×len and its bytes, and as
// 2×index+1 every later time.
func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uint(2*i + 1)
		return
	}
	e.strs[s] = uint64(len(e.strs))
	e.uint(2 * uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) strs2(ss []string) {
	e.nilSlice(ss == nil)
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) dec(d decimal.Decimal) {
	if c, exp, ok := smallCoefficient(d); ok {
		e.b = append(e.b, 0)
		e.int(c)
		e.int(int64(exp))
		return
	}
	// Beyond int64: the coefficient's digits and the exponent, so that
	// trailing zeros (and so the scale) survive.
	e.b = append(e.b, 1)
	e.str(d.Coefficient().String())
	e.int(int64(d.Exponent()))
}

func (e *encoder) currency(c Currency) { e.str(c.Code()) }

func (e *encoder) money(m Money) {
	e.currency(m.cur)
	e.dec(m.amount)
}

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(e.b, 1)
	e.int(t.Unix())
	e.uint(uint64(t.Nanosecond()))
	name, off := t.Zone()
	e.str(t.Location().String())
	e.str(name)
	e.int(int64(off))
}

// UnmarshalBinary decodes a quote's stored form. Damaged or foreign bytes
// are an error matching ErrStoredForm; nothing panics.
func (q *Quote) UnmarshalBinary(data []byte) error {
	if len(data) < len(storedMagic) || (string(data[:len(storedMagic)]) != storedMagic && string(data[:len(storedMagic)]) != storedMagicV1) {
		return fmt.Errorf("%w: unknown header", ErrStoredForm)
	}
	v2 := string(data[:len(storedMagic)]) == storedMagic
	d := decoder{b: data[len(storedMagic):], curs: map[string]Currency{}, locs: map[string]*time.Location{}}
	var out Quote
	out.ID = d.str()
	out.Version = d.intv()
	out.Currency = d.currency()
	out.IssuedAt = d.time()
	out.ExpiresAt = d.time()
	out.TravelDate = date.Date(d.int())
	out.Rounding.Mode = RoundingMode(d.uint())
	out.Rounding.Cash = d.bool()
	out.Travellers = make([]QuotedTraveller, d.count())
	for i := range out.Travellers {
		t := &out.Travellers[i]
		t.ID, t.Name, t.Type, t.Age = d.str(), d.str(), TravellerType(d.str()), d.intv()
	}
	out.Lines = make([]PricedLine, d.count())
	for i := range out.Lines {
		l := &out.Lines[i]
		l.ID, l.Description, l.Category, l.Supplier, l.Product = d.str(), d.str(), Category(d.str()), d.str(), d.str()
		if v2 {
			l.Contract, l.ContractVersion = d.str(), d.intv()
		}
		l.Unit = Unit(d.str())
		l.Quantity, l.Units, l.Billable = d.intv(), d.intv(), d.intv()
		l.Travellers = d.strList()
		for _, m := range [...]*Money{&l.LineNet, &l.LineSell, &l.Net, &l.Sell, &l.Margin, &l.Discount, &l.Fees, &l.Tax, &l.Total} {
			*m = d.money()
		}
		l.Rules = d.strList()
		isNil := d.bool()
		n := d.count()
		if !isNil {
			l.Taxes = make([]TaxAmount, n)
		}
		for k := 0; k < n && d.err == nil; k++ {
			t := TaxAmount{Rule: d.str(), Mode: TaxMode(d.str()), Percent: d.str(), Amount: d.money()}
			if !isNil {
				l.Taxes[k] = t
			}
		}
	}
	out.Subtotals = make([]Subtotal, d.count())
	for i := range out.Subtotals {
		s := &out.Subtotals[i]
		s.Category, s.Net, s.Sell, s.Tax, s.Total = Category(d.str()), d.money(), d.money(), d.money(), d.money()
	}
	t := &out.Totals
	for _, m := range [...]*Money{&t.Net, &t.Sell, &t.Margin, &t.Discount, &t.Fees, &t.Tax, &t.Total} {
		*m = d.money()
	}
	out.PerTraveller = make([]TravellerShare, d.count())
	for i := range out.PerTraveller {
		s := &out.PerTraveller[i]
		s.Traveller, s.Total = d.str(), d.money()
		isNil := d.bool()
		n := d.count()
		if !isNil {
			s.Lines = make([]LineShare, n)
		}
		for k := 0; k < n && d.err == nil; k++ {
			ls := LineShare{Line: d.str(), Amount: d.money()}
			if !isNil {
				s.Lines[k] = ls
			}
		}
	}
	out.Rates = make([]LockedRate, d.count())
	for i := range out.Rates {
		r := &out.Rates[i]
		r.From, r.To = d.currency(), d.currency()
		r.Market, r.BufferPct, r.Applied = d.dec(), d.dec(), d.dec()
		r.Derivation, r.Via, r.AsOf, r.Source = Derivation(d.str()), d.str(), d.time(), d.str()
		r.Numerator, r.Denominator = d.dec(), d.dec()
	}
	out.Trace = make([]TraceStep, d.count())
	for i := range out.Trace {
		s := &out.Trace[i]
		s.Line, s.Step, s.Detail, s.Value = d.str(), d.str(), d.str(), d.money()
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return d.err
	}
	*q = out
	return nil
}

type decoder struct {
	b    []byte
	strs []string
	curs map[string]Currency
	locs map[string]*time.Location
	err  error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrStoredForm, what)
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) intv() int {
	v := d.int()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail("count out of range")
		return 0
	}
	return int(v)
}

// count reads a slice length, bounded by what the remaining bytes can hold.
func (d *decoder) count() int {
	v := d.uint()
	if v > maxStoredItems || v > uint64(len(d.b)) {
		d.fail("length out of range")
		return 0
	}
	return int(v)
}

func (d *decoder) bool() bool {
	if len(d.b) == 0 {
		d.fail("truncated")
		return false
	}
	v := d.b[0]
	d.b = d.b[1:]
	if v > 1 {
		d.fail("bad flag")
	}
	return v == 1
}

func (d *decoder) str() string {
	v := d.uint()
	if d.err != nil {
		return ""
	}
	if v&1 == 1 {
		i := v >> 1
		if i >= uint64(len(d.strs)) {
			d.fail("bad string reference")
			return ""
		}
		return d.strs[i]
	}
	n := v >> 1
	if n > uint64(len(d.b)) {
		d.fail("truncated string")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) strList() []string {
	isNil := d.bool()
	n := d.count()
	if isNil && n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) dec() decimal.Decimal {
	if len(d.b) == 0 {
		d.fail("truncated")
		return decimal.Decimal{}
	}
	kind := d.b[0]
	d.b = d.b[1:]
	switch kind {
	case 0:
		c, e := d.int(), d.int()
		if e < math.MinInt32 || e > math.MaxInt32 {
			d.fail("exponent out of range")
			return decimal.Decimal{}
		}
		return decimal.New(c, int32(e))
	case 1:
		digits, e := d.str(), d.int()
		var c big.Int
		if len(digits) > 400 || e < math.MinInt32 || e > math.MaxInt32 {
			d.fail("bad decimal")
			return decimal.Decimal{}
		}
		if _, ok := c.SetString(digits, 10); !ok {
			d.fail("bad decimal")
			return decimal.Decimal{}
		}
		return decimal.NewFromBigInt(&c, int32(e))
	}
	d.fail("bad decimal kind")
	return decimal.Decimal{}
}

func (d *decoder) currency() Currency {
	code := d.str()
	if code == "" || d.err != nil {
		return Currency{}
	}
	if c, ok := d.curs[code]; ok {
		return c
	}
	c, err := ParseCurrency(code)
	if err != nil {
		d.fail("unknown currency")
		return Currency{}
	}
	d.curs[code] = c
	return c
}

func (d *decoder) money() Money {
	c := d.currency()
	return Money{amount: d.dec(), cur: c}
}

func (d *decoder) time() time.Time {
	if !d.bool() {
		return time.Time{}
	}
	sec, nsec := d.int(), d.uint()
	locName, zoneName, off := d.str(), d.str(), d.int()
	if d.err != nil || nsec >= 1e9 || off < -18*3600 || off > 18*3600 {
		d.fail("bad instant")
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	loc, ok := d.locs[locName]
	if !ok {
		if l, err := time.LoadLocation(locName); err == nil {
			loc = l
		}
		d.locs[locName] = loc
	}
	if loc != nil {
		if name, o := t.In(loc).Zone(); name == zoneName && o == int(off) {
			return t.In(loc)
		}
	}
	return t.In(time.FixedZone(zoneName, int(off)))
}
