package pricing

import (
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Formatter renders Money for people in one language: the CLDR currency
// symbol, digit grouping and decimal separator for that language, all from
// golang.org/x/text. Digits are exact: the amount never passes through a
// float. A Formatter is immutable and safe for concurrent use.
type Formatter struct {
	tag     language.Tag
	printer *message.Printer
	decimal string
}

// NewFormatter returns a Formatter for tag, for example
// language.SimplifiedChinese or language.English.
func NewFormatter(tag language.Tag) *Formatter {
	p := message.NewPrinter(tag)
	// 0.5 is exact in binary, so this only reads the locale's separator.
	half := p.Sprint(number.Decimal(0.5, number.MinFractionDigits(1)))
	sep := strings.TrimSuffix(strings.TrimPrefix(half, "0"), "5")
	if sep == "" {
		sep = "."
	}
	return &Formatter{tag: tag, printer: p, decimal: sep}
}

// ready returns f, or an English formatter when f is nil or the zero
// Formatter.
func (f *Formatter) ready() *Formatter {
	if f == nil || f.printer == nil {
		return NewFormatter(language.English)
	}
	return f
}

// Language returns the formatter's language.
func (f *Formatter) Language() language.Tag { return f.ready().tag }

// Symbol returns the currency's symbol in the formatter's language: "€",
// "CN¥" in English and "￥" in Chinese for CNY, "CHF" for Swiss francs.
func (f *Formatter) Symbol(c Currency) string {
	f = f.ready()
	if c.late > 0 {
		return c.Code() // newer than the CLDR data: the code is the symbol
	}
	return f.printer.Sprint(currency.Symbol(c.unit))
}

// Format renders m with its symbol, grouping and the decimals CLDR shows
// for its currency (as ICU does), rounding half-up first if m has more:
// "€1,234.50", "-￥12,000.00", "¥1,235" (JPY), "IDR 1,235" (IDR is kept
// with two decimals, shown with none), "CHF 3.05" (with a no-break
// space).
func (f *Formatter) Format(m Money) string {
	f = f.ready()
	if m.cur.IsZero() {
		return m.amount.String()
	}
	scale := m.cur.displayDigits()
	r := m.amount.Round(scale)
	neg := r.Sign() < 0
	digits := r.Abs().StringFixed(scale)
	intPart, frac, _ := strings.Cut(digits, ".")

	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	sym := f.Symbol(m.cur)
	b.WriteString(sym)
	// An alphabetic symbol ("CHF") is kept apart from the digits by a
	// no-break space, as CLDR's currency spacing asks, so that a line break
	// never parts them.
	if last, _ := utf8.DecodeLastRuneInString(sym); unicode.IsLetter(last) {
		b.WriteString("\u00a0")
	}
	b.WriteString(f.groupInteger(intPart))
	if scale > 0 {
		b.WriteString(f.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// groupInteger renders a non-negative integer's digits with the language's
// grouping. Integers are converted exactly by x/text; beyond int64 the digits
// are shown ungrouped rather than approximated.
func (f *Formatter) groupInteger(digits string) string {
	var n big.Int
	if _, ok := n.SetString(digits, 10); !ok || !n.IsInt64() {
		return digits
	}
	return f.printer.Sprint(number.Decimal(n.Int64()))
}
