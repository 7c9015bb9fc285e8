package booking

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/csvin"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// StatementLine is one credit or debit on a bank or acquirer statement.
type StatementLine struct {
	Line   int           `json:"line"` // 1-based line in the source, header included
	TxID   string        `json:"tx_id"`
	Date   date.Date     `json:"date"`
	Amount pricing.Money `json:"amount"`
	Payer  string        `json:"payer,omitempty"`
	Text   string        `json:"text,omitempty"` // remittance information
}

// Mapping names the CSV columns of a statement (by header text, matched
// without regard to case or surrounding space) and how to read them.
type Mapping struct {
	TxID, Date, Amount, Payer, Text string
	// Currency is the column with the ISO code; when empty or absent,
	// DefaultCurrency applies.
	Currency        string
	DefaultCurrency string
	// DateLayout is a Go time layout; empty means 2006-01-02.
	DateLayout string
	// DecimalComma reads "1.234,56" as 1234.56; otherwise "1,234.56" is.
	DecimalComma bool
	// Comma is the field separator; zero means ','.
	Comma rune
	// Encoding is the file's text encoding: "" (UTF-8), "gb18030" or
	// "gbk", as Chinese banks export. Text that is not in the encoding
	// declared is refused with its line.
	Encoding string
	// MaxLineBytes, MaxBytes and MaxRows bound a line, the file and its
	// rows (0: 64 KiB, 32 MiB and 100 000), so that reading a statement
	// takes memory in proportion to it.
	MaxLineBytes, MaxBytes, MaxRows int
}

// earliestDay and latestDay bound the value dates a statement may carry.
func earliestDay() date.Date { return date.New(1970, 1, 1) }

func latestDay() date.Date { return date.New(2199, 12, 31) }

// ParseStatement reads a CSV statement with a header row. It returns every
// problem at once (line and column named), or the lines.
func ParseStatement(r io.Reader, m Mapping) ([]StatementLine, error) {
	in, err := csvin.Open(r, csvin.Options{Comma: m.Comma, Encoding: m.Encoding, MaxLineBytes: m.MaxLineBytes, MaxBytes: m.MaxBytes,
		MaxRows: m.MaxRows}, "statement", ErrInvalid)
	if err != nil {
		return nil, err
	}
	cTx, cDate, cAmt := in.Column("tx_id", m.TxID, true), in.Column("date", m.Date, true), in.Column("amount", m.Amount, true)
	cPayer, cText, cCur := in.Column("payer", m.Payer, false), in.Column("text", m.Text, false), in.Column("currency", m.Currency, false)
	if m.Currency == "" && m.DefaultCurrency == "" {
		in.Problems.Add("mapping.currency", "required", "a currency column or a default currency is needed")
	}
	layout := cmp.Or(m.DateLayout, "2006-01-02")
	if len(in.Problems) > 0 {
		return nil, in.Problems.Err(ErrInvalid)
	}
	var out []StatementLine
	ps := &in.Problems
	in.Rows(func(row csvin.Row) {
		at := row.At()
		l := StatementLine{Line: row.Line, TxID: row.Get(cTx), Payer: row.Get(cPayer), Text: row.Get(cText)}
		if l.TxID == "" {
			ps.Add(at+"."+m.TxID, "required", "no transaction ID")
		}
		if t, err := time.Parse(layout, row.Get(cDate)); err != nil {
			ps.Add(at+"."+m.Date, "date", fmt.Sprintf("%q is not a date like %s", problem.Clip(row.Get(cDate)), layout))
		} else if d := date.New(t.Year(), t.Month(), t.Day()); d < earliestDay() || d > latestDay() {
			ps.Add(at+"."+m.Date, "date", fmt.Sprintf("%s is no value date a bank gives (%s to %s)", d, earliestDay(), latestDay()))
		} else {
			l.Date = d
		}
		code := cmp.Or(row.Get(cCur), m.DefaultCurrency)
		amt, err := pricing.Parse(normaliseAmount(row.Get(cAmt), m.DecimalComma), code)
		switch {
		case err != nil:
			ps.Add(at+"."+m.Amount, "amount", problem.Clip(err.Error()))
		case !amt.IsRounded():
			ps.Add(at+"."+m.Amount, "amount", fmt.Sprintf("%s has more decimals than its currency", amt))
		case amt.IsZero():
			ps.Add(at+"."+m.Amount, "amount", "a zero amount moves no money")
		default:
			if _, err := amt.MinorUnits(); err != nil {
				ps.Add(at+"."+m.Amount, "range", fmt.Sprintf("%s is beyond what a statement line can move", problem.Clip(amt.String())))
				break
			}
			l.Amount = amt
		}
		out = append(out, l)
	})
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return out, nil
}

// normaliseAmount removes grouping separators: "1 234,56" with a decimal
// comma and "1,234.56" without become "1234.56"; a plus before a digit is
// dropped (a plus before a sign is left, for the parse to refuse "+-5").
func normaliseAmount(s string, decimalComma bool) string {
	if strings.ContainsAny(s, " \u00a0'") {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\u00a0' || r == '\'' {
				return -1
			}
			return r
		}, s)
	}
	if len(s) > 1 && s[0] == '+' && s[1] >= '0' && s[1] <= '9' {
		s = s[1:]
	}
	if decimalComma {
		return strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	}
	return strings.ReplaceAll(s, ",", "")
}

// Expected is money the agency expects for a booking.
type Expected struct {
	Reference   string        `json:"reference"`
	Payer       string        `json:"payer,omitempty"`
	Outstanding pricing.Money `json:"outstanding"`
	Due         date.Date     `json:"due"`
	// DueNow is what the first open instalment still expects (zero: the
	// same as Outstanding, for callers that do not know instalments).
	DueNow pricing.Money `json:"due_now,omitzero"`
}

// MatchState is where a statement line ends; every line ends in exactly one.
type MatchState string

// Match states. A line is compared with what is due now — the open part
// of the first instalment not yet paid (Expected.DueNow) — and with the
// whole balance.
const (
	Matched      MatchState = "matched"      // the instalment due now, or more up to the balance
	Partial      MatchState = "partial"      // short of the instalment due now
	Overpaid     MatchState = "overpaid"     // more than the whole balance: queued for a refund or credit
	Unregistered MatchState = "unregistered" // no booking found: queued
	Duplicate    MatchState = "duplicate"    // a bank transaction ID seen before
)

// MatchBy says how a line found its booking.
type MatchBy string

// Match methods.
const (
	ByReference     MatchBy = "reference"
	ByAmountAndDate MatchBy = "amount_payer_date"
)

// Match is one line's outcome. Difference is, for a matched or partial
// line, its amount less the instalment due now (negative: still owed on
// it; positive: paid ahead toward later instalments), and for an
// overpaid line its amount less the whole balance (the excess).
type Match struct {
	Line       StatementLine `json:"line"`
	State      MatchState    `json:"state"`
	Reference  string        `json:"reference,omitempty"`
	By         MatchBy       `json:"by,omitempty"`
	Difference pricing.Money `json:"difference"`
}

// Matcher matches statement lines to expected money: first by a booking
// reference in the remittance text, then — when one booking alone fits —
// by an amount equal to the instalment due now or to the whole balance,
// the payer, and a date window around the due date.
type Matcher struct {
	window  int
	refs    map[string]int // normalised reference → index in exp
	exp     []Expected
	left    []int64 // outstanding minor units, reduced as lines match
	now     []int64 // minor units due now, moving on as lines match
	seen    map[string]bool
	byPayer map[payerKey][]int
}

// payerKey finds the bookings a line without a reference may pay: those
// of its payer in its currency (the amounts due move as lines match).
type payerKey struct {
	payer, cur string
}

// NewMatcher indexes the expected money. knownTxIDs are bank transaction
// IDs already imported; window is the days either side of the due date a
// line without a reference may fall.
func NewMatcher(expected []Expected, knownTxIDs []string, window int) (*Matcher, error) {
	var ps problem.List
	m := &Matcher{window: max(window, 0), refs: make(map[string]int, len(expected)), exp: expected,
		left: make([]int64, len(expected)), now: make([]int64, len(expected)), seen: make(map[string]bool, len(knownTxIDs)),
		byPayer: map[payerKey][]int{}}
	for i, e := range expected {
		key := normaliseRef(e.Reference)
		f := fmt.Sprintf("expected[%d]", i)
		if key == "" {
			ps.Add(f+".reference", "required", "expected money has a booking reference")
		} else if _, dup := m.refs[key]; dup {
			ps.Add(f+".reference", "duplicate", fmt.Sprintf("reference %s is listed twice", problem.Clip(e.Reference)))
		}
		if !e.Outstanding.IsValid() || !e.Outstanding.IsRounded() {
			ps.Add(f+".outstanding", "amount", "outstanding is an amount in minor units")
			continue
		}
		m.refs[key] = i
		m.left[i], _ = e.Outstanding.MinorUnits()
		m.now[i] = m.left[i]
		if e.DueNow.IsValid() && !e.DueNow.IsZero() {
			if e.DueNow.Currency() != e.Outstanding.Currency() || !e.DueNow.IsRounded() {
				ps.Add(f+".due_now", "amount", "what is due now is in the outstanding amount's currency and minor units")
				continue
			}
			now, _ := e.DueNow.MinorUnits()
			m.now[i] = min(now, m.left[i])
		}
		if e.Payer != "" {
			k := payerKey{normalisePayer(e.Payer), e.Outstanding.Currency().Code()}
			m.byPayer[k] = append(m.byPayer[k], i)
		}
	}
	if len(ps) > 0 {
		return nil, ps.Err(ErrInvalid)
	}
	for _, id := range knownTxIDs {
		m.seen[id] = true
	}
	return m, nil
}

// normaliseRef keeps letters and digits, upper-cased: banks drop hyphens
// and change case.
func normaliseRef(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		}
	}
	return b.String()
}

func normalisePayer(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), " ")) }

// findRef looks for a reference in the text: each run of letters, digits
// and hyphens, and up to four adjacent runs joined (a bank may split a
// reference with spaces).
func (m *Matcher) findRef(text string) (int, bool) {
	tokens := strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-')
	})
	for i := range tokens {
		joined := ""
		for j := i; j < len(tokens) && j < i+4; j++ {
			joined += normaliseRef(tokens[j])
			if k, ok := m.refs[joined]; ok {
				return k, true
			}
		}
	}
	return 0, false
}

// Match settles each line in order; lines for the same booking reduce its
// outstanding amount one after another.
func (m *Matcher) Match(lines []StatementLine) []Match {
	out := make([]Match, 0, len(lines))
	for _, l := range lines {
		out = append(out, m.one(l))
	}
	return out
}

func (m *Matcher) one(l StatementLine) Match {
	res := Match{Line: l, Difference: pricing.Zero(l.Amount.Currency())}
	if l.TxID != "" {
		if m.seen[l.TxID] {
			res.State = Duplicate
			return res
		}
		m.seen[l.TxID] = true
	}
	amt, _ := l.Amount.MinorUnits()
	k, ok := m.findRef(l.Text)
	if ok && m.exp[k].Outstanding.Currency() == l.Amount.Currency() {
		res.By = ByReference
	} else {
		ok = false
		var hit []int
		for _, c := range m.byPayer[payerKey{normalisePayer(l.Payer), l.Amount.Currency().Code()}] {
			e := m.exp[c]
			if (m.now[c] == amt || m.left[c] == amt) && amt > 0 && l.Date >= e.Due-date.Date(m.window) && l.Date <= e.Due+date.Date(m.window) {
				hit = append(hit, c)
			}
		}
		if len(hit) == 1 {
			k, ok, res.By = hit[0], true, ByAmountAndDate
		}
	}
	if !ok || amt <= 0 {
		// Debits and unknown credits wait in the queue for a person.
		res.State = Unregistered
		res.By = ""
		return res
	}
	res.Reference = m.exp[k].Reference
	due := m.now[k]
	switch {
	case amt > m.left[k]:
		res.State, res.Difference = Overpaid, pricing.FromMinor(amt-m.left[k], l.Amount.Currency())
	case amt < due:
		res.State, res.Difference = Partial, pricing.FromMinor(amt-due, l.Amount.Currency())
	default:
		res.State, res.Difference = Matched, pricing.FromMinor(amt-due, l.Amount.Currency())
	}
	m.left[k] = max(m.left[k]-amt, 0)
	if amt < due {
		m.now[k] = due - amt // the rest of this instalment
	} else {
		// The next instalment is not known here: the rest of the balance
		// stands for it (exact for a deposit and a balance).
		m.now[k] = m.left[k]
	}
	return res
}

// DayTotal compares, for one value date and currency, what the statement
// says arrived with what the system booked from it.
type DayTotal struct {
	Date       date.Date     `json:"date"`
	Statement  pricing.Money `json:"statement"`  // every line
	System     pricing.Money `json:"system"`     // lines matched, partial or overpaid
	Difference pricing.Money `json:"difference"` // Statement − System: what needs a person
	Unsettled  []int         `json:"unsettled"`  // statement lines not booked (unregistered, duplicate)
}

// DailyReport totals matches by value date and currency, in date order.
func DailyReport(ms []Match) []DayTotal {
	type key struct {
		d   date.Date
		cur string
	}
	idx := map[key]int{}
	var days []DayTotal
	var st, sy []int64
	for _, m := range ms {
		k := key{m.Line.Date, m.Line.Amount.Currency().Code()}
		i, ok := idx[k]
		if !ok {
			i = len(days)
			idx[k] = i
			days = append(days, DayTotal{Date: k.d, Statement: pricing.Zero(m.Line.Amount.Currency())})
			st, sy = append(st, 0), append(sy, 0)
		}
		v, _ := m.Line.Amount.MinorUnits()
		st[i] += v
		switch m.State {
		case Matched, Partial, Overpaid:
			sy[i] += v
		default:
			days[i].Unsettled = append(days[i].Unsettled, m.Line.Line)
		}
	}
	for i := range days {
		cur := days[i].Statement.Currency()
		days[i].Statement = pricing.FromMinor(st[i], cur)
		days[i].System = pricing.FromMinor(sy[i], cur)
		days[i].Difference = pricing.FromMinor(st[i]-sy[i], cur)
	}
	slices.SortStableFunc(days, func(a, b DayTotal) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Statement.Currency().Code(), b.Statement.Currency().Code()))
	})
	return days
}

// CheckLines reports every problem of statement lines built through the
// typed API (ParseStatement's lines always pass): a transaction ID, a
// value date, and a non-zero amount in minor units.
func CheckLines(lines []StatementLine) error {
	var ps problem.List
	for i, l := range lines {
		f := fmt.Sprintf("lines[%d]", i)
		if l.TxID == "" {
			ps.Add(f+".tx_id", "required", "a statement line has its bank transaction ID")
		}
		if l.Date == 0 {
			ps.Add(f+".date", "required", "a statement line has its value date")
		}
		if !l.Amount.IsValid() || !l.Amount.IsRounded() || l.Amount.IsZero() {
			ps.Add(f+".amount", "amount", "a statement line moves a non-zero amount in minor units")
		} else if _, err := l.Amount.MinorUnits(); err != nil {
			ps.Add(f+".amount", "range", "the amount is beyond what a statement line can move")
		}
	}
	return ps.Err(ErrInvalid)
}
