package pricing

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/ref"
)

// QuoteView says how a quote is shown to a person.
type QuoteView struct {
	// Lang is zh-CN or English (other languages get English).
	Lang language.Tag
	// Zone and Place say where the validity is read: the agency's zone and
	// a place people know it by ("Beijing"). Without a zone, UTC.
	Zone  *time.Location
	Place string
	// Schedule, when set, is printed as the payment plan.
	Schedule *PaymentSchedule
	// Internal adds what the customer does not see: net and margin.
	Internal bool
	// Agency and Customer head the quote, as the parties head a contract;
	// a party without a name is left out.
	Agency, Customer Party
}

// Party is who issues a quote or receives it, as the quote's head shows
// them.
type Party struct {
	Name string
	// Licence is an agency's business licence number.
	Licence string
	Address string
	Phone   string
	Email   string
	// Contact is the person to ask: the consultant, or the customer's
	// contact.
	Contact string
}

// line is the party on one line, its parts apart by sep.
func (p Party) line(sep string) string {
	var parts []string
	for _, s := range []string{p.Name, p.Licence, p.Address, p.Phone, p.Email, p.Contact} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, sep)
}

// quoteWords are the fixed texts of a quote document, from the catalog of
// one language.
type quoteWords struct {
	p                                               *i18n.Printer
	title, validUntil, lines, subtotals, total, tax string
	agency, customer, colon, item, amount           string
	margin, net, perTraveller, schedule             string
}

func quoteWordsFor(lang language.Tag) quoteWords {
	p := i18n.For(lang)
	return quoteWords{p: p, agency: p.T("quote.agency"), customer: p.T("quote.customer"), colon: p.T("colon"), item: p.T("quote.item"),
		amount: p.T("quote.amount"), title: p.T("quote.title"), validUntil: p.T("quote.valid_until"), lines: p.T("quote.lines"),
		subtotals: p.T("quote.subtotals"), total: p.T("quote.total"), tax: p.T("quote.tax"), margin: p.T("quote.margin"),
		net: p.T("quote.net"), perTraveller: p.T("quote.per_traveller"), schedule: p.T("quote.schedule")}
}

func (w quoteWords) date(d date.Date) string { return human.Date(d, w.p) }

// quoteDoc is a quote as a person reads it: every text and amount already
// in the view's language, no section without rows.
type quoteDoc struct {
	Lang         string
	Title        string
	Header       string   // the agency and the quote's reference, for a paged rendering
	Parties      []string // the agency's and the customer's lines
	ValidUntil   string
	Rates        []string
	LinesHead    string
	Lines        []docRow
	SubtotalHead string
	Subtotals    []docRow
	Totals       []docRow
	TravHead     string
	Travellers   []docRow
	ScheduleHead string
	Schedule     []docRow
}

type docRow struct {
	Label, Note, Amount string
}

// Reference returns the reference a person reads for a quote ID: the ID
// itself when short and readable, else a short code with a check character.
func Reference(quoteID string) string { return ref.For("Q", quoteID) }

func buildQuoteDoc(q *Quote, v QuoteView) quoteDoc {
	w := quoteWordsFor(v.Lang)
	f := NewFormatter(v.Lang)
	d := quoteDoc{Lang: w.p.T("lang.tag")}
	d.Title = w.title + " " + Reference(q.ID) + " · " + w.p.T("quote.version", q.Version)
	d.ValidUntil = w.validUntil + " " + human.Instant(q.ExpiresAt, v.Zone, v.Place, w.p)
	sep := " · "
	if v.Agency.Name != "" {
		d.Parties = append(d.Parties, w.agency+w.colon+v.Agency.line(sep))
		d.Header = v.Agency.Name + sep
	}
	if v.Customer.Name != "" {
		d.Parties = append(d.Parties, w.customer+w.colon+v.Customer.line(sep))
	}
	d.Header += w.title + " " + Reference(q.ID)
	for _, r := range q.Rates {
		if r.Derivation == DerivedIdentity {
			continue
		}
		line := w.p.T("quote.rate", r.From.String(), decString(r.Applied), r.To.String(), w.date(date.NewAt(r.AsOf.In(zoneOr(v.Zone)))))
		if r.BufferPct.Sign() > 0 {
			line += w.p.T("quote.buffer", decString(r.BufferPct))
		}
		d.Rates = append(d.Rates, line)
	}
	d.LinesHead = w.lines
	for _, l := range q.Lines {
		row := docRow{Label: l.Description, Amount: f.Format(l.Total)}
		if v.Internal {
			row.Note = w.net + " " + f.Format(l.Net) + " · " + w.margin + " " + f.Format(l.Margin)
		}
		d.Lines = append(d.Lines, row)
	}
	d.SubtotalHead = w.subtotals
	for _, s := range q.Subtotals {
		if s.Total.IsZero() && s.Sell.IsZero() {
			continue
		}
		d.Subtotals = append(d.Subtotals, docRow{Label: w.p.Or("category."+string(s.Category), string(s.Category)), Amount: f.Format(s.Total)})
	}
	d.Totals = append(d.Totals, docRow{Label: w.total, Amount: f.Format(q.Totals.Total)})
	if !q.Totals.Tax.IsZero() {
		d.Totals = append(d.Totals, docRow{Label: w.tax, Amount: f.Format(q.Totals.Tax)})
	}
	if v.Internal {
		d.Totals = append(d.Totals, docRow{Label: w.net, Amount: f.Format(q.Totals.Net)},
			docRow{Label: w.margin, Amount: f.Format(q.Totals.Margin)})
	}
	d.TravHead = w.perTraveller
	for i, share := range q.PerTraveller {
		name, kind := share.Traveller, ""
		if i < len(q.Travellers) {
			if q.Travellers[i].Name != "" {
				name = q.Travellers[i].Name
			}
			kind = w.p.Or("traveller."+string(q.Travellers[i].Type), string(q.Travellers[i].Type))
		}
		d.Travellers = append(d.Travellers, docRow{Label: name, Note: kind, Amount: f.Format(share.Total)})
	}
	if v.Schedule != nil {
		d.ScheduleHead = w.schedule
		for _, in := range v.Schedule.Instalments {
			d.Schedule = append(d.Schedule, docRow{Label: w.p.Or("instalment."+string(in.Kind), string(in.Kind)), Note: w.date(in.Due), Amount: f.Format(in.Amount)})
		}
	}
	return d
}

func zoneOr(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// RenderQuoteText writes the quote as plain text for a person, in the
// view's language: reference, validity in local time with place and UTC
// offset, exchange rates, lines, subtotals, totals, each traveller's share
// and the payment plan. Sections without rows are left out. Columns line up
// in a monospaced font, wide CJK characters counted as two.
func RenderQuoteText(out io.Writer, q *Quote, v QuoteView) error {
	if q == nil {
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Quote", Code: CodeRequired, Message: "a quote is required"}}}
	}
	d := buildQuoteDoc(human.Flat(q), v) // no text a person gave makes lines of its own
	b := bufio.NewWriter(out)
	b.WriteString(d.Title + "\n")
	for _, p := range d.Parties {
		b.WriteString(p + "\n")
	}
	b.WriteString(d.ValidUntil + "\n")
	for _, r := range d.Rates {
		b.WriteString(r + "\n")
	}
	section := func(head string, rows []docRow) {
		if len(rows) == 0 {
			return
		}
		label, note, amount := 0, 0, 0
		for _, r := range rows {
			label, note = max(label, human.Width(r.Label)), max(note, human.Width(r.Note))
			amount = max(amount, human.Width(r.Amount))
		}
		if head != "" {
			b.WriteString("\n" + head + "\n")
		} else {
			b.WriteString("\n")
		}
		for _, r := range rows {
			b.WriteString("  " + pad(r.Label, label))
			if note > 0 {
				b.WriteString("  " + pad(r.Note, note))
			}
			b.WriteString("  " + strings.Repeat(" ", amount-human.Width(r.Amount)) + r.Amount + "\n")
		}
	}
	section(d.LinesHead, d.Lines)
	section(d.SubtotalHead, d.Subtotals)
	section("", d.Totals)
	section(d.TravHead, d.Travellers)
	section(d.ScheduleHead, d.Schedule)
	return b.Flush()
}

func pad(s string, w int) string {
	if d := w - human.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

//go:embed quote.html.tmpl
var quoteHTMLSource string

// RenderQuoteHTML writes the quote as a print-ready HTML page in the view's
// language, with the same content as RenderQuoteText. Every text is
// escaped by html/template.
func RenderQuoteHTML(out io.Writer, q *Quote, v QuoteView) error {
	if q == nil {
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Quote", Code: CodeRequired, Message: "a quote is required"}}}
	}
	t, err := template.New("quote").Parse(quoteHTMLSource)
	if err != nil {
		return err
	}
	return t.Execute(out, buildQuoteDoc(q, v))
}

// QuoteDocument is the quote as RenderQuoteText writes it — the parties,
// the validity, the rates and a table per section — for another rendering
// such as document/pdf's.
func QuoteDocument(q *Quote, v QuoteView) (document.Document, error) {
	if q == nil {
		return document.Document{}, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Quote", Code: CodeRequired, Message: "a quote is required"}}}
	}
	d := buildQuoteDoc(q, v)
	out := document.Document{Lang: d.Lang, Title: d.Title, Header: d.Header, Subtitle: append(append(slices.Clone(d.Parties), d.ValidUntil), d.Rates...)}
	w := quoteWordsFor(v.Lang)
	table := func(head string, rows []docRow) {
		if len(rows) == 0 {
			return
		}
		notes := slices.ContainsFunc(rows, func(r docRow) bool { return r.Note != "" })
		t := &document.Table{Columns: []document.Column{{Head: w.item, Weight: 3}}}
		if notes {
			t.Columns = append(t.Columns, document.Column{Weight: 2})
		}
		t.Columns = append(t.Columns, document.Column{Head: w.amount, Weight: 1.3, Numeric: true})
		for _, r := range rows {
			cells := []string{r.Label}
			if notes {
				cells = append(cells, r.Note)
			}
			t.Rows = append(t.Rows, append(cells, r.Amount))
		}
		out.Sections = append(out.Sections, document.Section{Head: head, Table: t})
	}
	table(d.LinesHead, d.Lines)
	table(d.SubtotalHead, d.Subtotals)
	table(w.total, d.Totals)
	table(d.TravHead, d.Travellers)
	table(d.ScheduleHead, d.Schedule)
	return out, nil
}
