package inquiry

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/csvout"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// detail writes a code's values in words in p's language: %[n]s in the
// catalog's "reason_fmt.<code>" is its n-th value.
func detail(p *i18n.Printer, code Code, values []string) string {
	if !p.Has("reason_fmt." + string(code)) {
		return strings.Join(values, ", ")
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return p.T("reason_fmt."+string(code), args...)
}

// words are the fixed texts of the inquiry documents, from the catalog of
// one language.
type words struct {
	p *i18n.Printer
	f *pricing.Formatter
}

func wordsFor(lang language.Tag) words {
	return words{p: i18n.For(lang), f: pricing.NewFormatter(lang)}
}

func (w words) interest(th itinerary.Theme) string { return w.p.Or("theme."+string(th), string(th)) }

// header is the consultation record's column heads.
func (w words) header() []string {
	var out []string
	for _, k := range []string{"id", "received", "channel", "consultant", "customer", "lead_source", "destinations", "departure", "party",
		"budget", "interests", "status", "first_response", "next", "due", "outcome"} {
		out = append(out, w.p.T("rec.h."+k))
	}
	return out
}

// RenderListText writes a recommendation list in lang: each product with
// its departure, price, score and every reason with its points, then the
// products left out with why. The reasons' codes stay machine-readable
// in the List itself.
func RenderListText(out io.Writer, l List, lang language.Tag) error {
	l = human.Flat(l) // no text a person gave makes lines of its own
	w := wordsFor(lang)
	b := bufio.NewWriter(out)
	b.WriteString(w.p.T("rec.list") + "\n")
	for i, r := range l.Items {
		title := r.Title
		if w.p.Han() && r.TitleZH != "" {
			title = r.TitleZH
		}
		fmt.Fprintf(b, "\n%d. %s (%s)\n", i+1, title, r.Product)
		b.WriteString("   " + w.p.T("rec.line", human.Date(r.Departure, w.p), r.Days, w.f.Format(r.PerPerson), w.f.Format(r.Total), r.Score.String()) + "\n")
		for _, re := range r.Reasons {
			fmt.Fprintf(b, "   %+8s  %s%s%s\n", re.Points.String(), w.p.Or("reason."+string(re.Code), string(re.Code)), w.p.T("colon"), w.say(re.Code, re.Values))
		}
	}
	if len(l.Excluded) > 0 {
		b.WriteString("\n" + w.p.T("rec.excluded") + "\n")
		for _, e := range l.Excluded {
			fmt.Fprintf(b, "   %s  %s%s%s\n", e.Product, w.p.Or("reason."+string(e.Code), string(e.Code)), w.p.T("colon"), w.say(e.Code, e.Values))
		}
	}
	return b.Flush()
}

// say writes a code's values in the reader's words: interests, paces and
// sources translated, amounts with the reader's currency symbol and
// grouping ("￥28,000.00", not "28000.00 CNY"), dates as they are.
func (w words) say(code Code, values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if w.p.Has("theme." + v) {
			out[i] = w.p.T("theme." + v)
		} else if w.p.Has("value." + v) {
			out[i] = w.p.T("value." + v)
		} else if m, ok := moneyValue(v); ok {
			out[i] = w.f.Format(m)
		}
	}
	return detail(w.p, code, out)
}

// moneyValue reads an amount as a reason's values keep it: "27800.00 CNY".
func moneyValue(v string) (pricing.Money, bool) {
	amount, code, ok := strings.Cut(v, " ")
	if !ok || len(code) != 3 || strings.ToUpper(code) != code {
		return pricing.Money{}, false
	}
	m, err := pricing.Parse(amount, code)
	return m, err == nil
}

// RecordView says how the consultation record is shown: in which
// language, the zone instants are read in, and customers' names by ID.
type RecordView struct {
	Lang      language.Tag
	Zone      *time.Location
	Customers map[string]string
}

// InPeriod keeps the inquiries received from from to to (inclusive, dates
// in zone) and, when consultant is not empty, handled by that consultant,
// ordered by receipt then ID.
func InPeriod(inqs []Inquiry, consultant string, from, to date.Date, zone *time.Location) []Inquiry {
	if zone == nil {
		zone = time.UTC
	}
	var out []Inquiry
	for _, q := range inqs {
		d := date.NewAt(q.ReceivedAt.In(zone))
		if d >= from && d <= to && (consultant == "" || q.Consultant == consultant) {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b Inquiry) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// RecordTable is the consultation record as a header and rows of text,
// the form every export writes.
func RecordTable(inqs []Inquiry, v RecordView) (header []string, rows [][]string) {
	w := wordsFor(v.Lang)
	zone := v.Zone
	if zone == nil {
		zone = time.UTC
	}
	at := func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04") }
	for _, q := range inqs {
		n := &q.Needs
		customer := q.CustomerID
		if name, ok := v.Customers[q.CustomerID]; ok {
			customer = name
		}
		if q.NewCustomer {
			customer += w.p.T("paren", w.p.T("rec.new_customer"))
		}
		dates := ""
		if n.Earliest != 0 {
			dates = n.Earliest.String() + " – " + n.Latest.String()
			if n.FlexDays > 0 {
				dates += " ±" + strconv.Itoa(n.FlexDays)
			}
		}
		budget := ""
		if b := n.Budget; b != nil {
			basis := w.p.T("basis.per_person")
			if b.Basis == Total {
				basis = w.p.T("basis.total")
			}
			budget = w.f.Format(b.Amount) + " " + basis
			if b.TolerancePct.Sign() > 0 {
				budget += " +" + b.TolerancePct.String() + "%"
			}
		}
		var interests []string
		for _, i := range n.Interests {
			interests = append(interests, w.interest(i.Interest)+" "+strconv.Itoa(i.Weight))
		}
		first, next, due := "", "", ""
		if q.FirstResponseAt != nil {
			first = at(*q.FirstResponseAt)
		}
		if q.Next != nil {
			next, due = q.Next.What, at(q.Next.Due)
		}
		outcome := q.BookingRef
		if q.Status == Lost {
			outcome = w.p.Or("lost."+string(q.LostReason), string(q.LostReason))
		}
		rows = append(rows, []string{q.ID, at(q.ReceivedAt), w.p.Or("channel."+string(q.Channel), string(q.Channel)), q.Consultant, customer, q.LeadSource,
			strings.Join(n.Destinations, ", "), dates, strconv.Itoa(len(n.Party)), budget, strings.Join(interests, ", "),
			w.p.Or("inquiry.status."+string(q.Status), string(q.Status)), first, next, due, outcome})
	}
	return w.header(), rows
}

// WriteRecordCSV writes the consultation record as CSV in UTF-8 with a
// byte-order mark, so spreadsheet programs open Chinese text correctly.
// A cell a spreadsheet would take for a formula (a customer's name
// beginning with "=", say) is written as text.
func WriteRecordCSV(out io.Writer, inqs []Inquiry, v RecordView) error {
	if _, err := io.WriteString(out, "\uFEFF"); err != nil {
		return err
	}
	header, rows := RecordTable(inqs, v)
	c := csvout.NewWriter(out)
	for _, r := range append([][]string{header}, rows...) {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	return c.Flush()
}

// RenderRecordText writes the consultation record as text in the view's
// language: one block per inquiry, each field on its own line.
func RenderRecordText(out io.Writer, inqs []Inquiry, v RecordView) error {
	inqs, v.Customers = human.Flat(inqs), human.Flat(v.Customers) // no text a person gave makes lines of its own
	w := wordsFor(v.Lang)
	header, rows := RecordTable(inqs, v)
	b := bufio.NewWriter(out)
	b.WriteString(w.p.T("rec.record") + "\n")
	width := 0
	for _, h := range header {
		width = max(width, human.Width(h))
	}
	for _, r := range rows {
		b.WriteString("\n")
		for i, h := range header {
			if r[i] == "" {
				continue
			}
			b.WriteString("  " + h + strings.Repeat(" ", width-human.Width(h)) + "  " + r[i] + "\n")
		}
	}
	if len(rows) == 0 {
		b.WriteString("\n  " + w.p.T("rec.none") + "\n")
	}
	return b.Flush()
}
