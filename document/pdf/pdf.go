package pdf

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/human"
)

// Options say how a document is set.
type Options struct {
	// Font sets the text; required.
	Font *Font
	// Bold sets the title and the section heads; nil sets them in Font.
	Bold *Font
	// Created is the document's creation date in the PDF's information;
	// zero means now. A fixed date makes the same document the same bytes.
	Created time.Time
}

// ErrNoFont is returned when Options has no Font.
var ErrNoFont = errors.New("pdf: a font is required")

// Page geometry, in millimetres (A4).
const (
	pageW, pageH   = 210.0, 297.0
	marginX        = 18.0
	marginTop      = 22.0
	marginBottom   = 20.0
	bodySize       = 10.0 // points
	lineH          = 5.2  // millimetres per line of body text
	labelShare     = 0.32
	cellPad        = 1.2
	headKeepLines  = 3 // a section head starts a page unless this many lines fit under it
	signLineHeight = 11.0
)

// Render writes d as an A4 PDF to w.
func Render(w io.Writer, d document.Document, o Options) error {
	if o.Font == nil {
		return ErrNoFont
	}
	// No text a person gave makes lines of its own, and characters beyond
	// the Basic Multilingual Plane (emoji, rare ideographs), which the
	// font format set here cannot map, show as U+FFFD.
	d = human.Map(d, func(s string) string { return strings.Map(bmp, human.Line(s)) })
	runes := d.Runes()
	for _, r := range "0123456789 /" { // page numbers
		runes[r] = true
	}
	body, err := o.Font.subset(runes)
	if err != nil {
		return err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.SetCatalogSort(true)
	if !o.Created.IsZero() {
		p.SetCreationDate(o.Created)
		p.SetModificationDate(o.Created)
	}
	p.SetProducer("travelkit document/pdf", true)
	p.SetTitle(d.Title, true)
	p.SetLang(d.Lang)
	p.AddUTF8FontFromBytes("body", "", body)
	headFamily := "body"
	if o.Bold != nil {
		bold, err := o.Bold.subset(runes)
		if err != nil {
			return err
		}
		p.AddUTF8FontFromBytes("head", "", bold)
		headFamily = "head"
	}
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(false, marginBottom) // breaks are placed by the layout below
	p.AliasNbPages("{nb}")
	p.SetHeaderFunc(func() {
		if d.Header != "" {
			p.SetFont("body", "", 8)
			p.SetTextColor(90, 90, 90)
			p.SetXY(marginX, 10)
			p.CellFormat(pageW-2*marginX, 4, d.Header, "", 0, "L", false, 0, "")
			p.SetDrawColor(160, 160, 160)
			p.Line(marginX, 15, pageW-marginX, 15)
		}
		p.SetTextColor(0, 0, 0)
		p.SetDrawColor(0, 0, 0)
		p.SetXY(marginX, marginTop)
	})
	p.SetFooterFunc(func() {
		p.SetFont("body", "", 8)
		p.SetTextColor(90, 90, 90)
		p.SetXY(marginX, pageH-12)
		p.CellFormat(pageW-2*marginX, 4, strconv.Itoa(p.PageNo())+" / {nb}", "", 0, "C", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	l := &layout{p: p, head: headFamily}
	p.AddPage()
	l.title(d)
	for _, s := range d.Sections {
		l.section(s)
	}
	if err := p.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return p.Output(w)
}

// layout places a document's parts down the pages.
type layout struct {
	p    *fpdf.Fpdf
	head string
}

const textW = pageW - 2*marginX

// room says whether h more millimetres fit on the page.
func (l *layout) room(h float64) bool { return l.p.GetY()+h <= pageH-marginBottom }

// ensure starts a new page unless h millimetres fit.
func (l *layout) ensure(h float64) {
	if !l.room(h) {
		l.p.AddPage()
	}
}

func (l *layout) title(d document.Document) {
	l.p.SetFont(l.head, "", 16)
	for _, line := range l.wrap(d.Title, textW) {
		l.p.CellFormat(textW, 8, line, "", 1, "C", false, 0, "")
	}
	l.p.SetFont("body", "", 9.5)
	for _, s := range d.Subtitle {
		for _, line := range l.wrap(s, textW) {
			l.p.CellFormat(textW, 5, line, "", 1, "C", false, 0, "")
		}
	}
	l.p.Ln(2)
}

func (l *layout) section(s document.Section) {
	l.ensure(7 + headKeepLines*lineH)
	l.p.Ln(2)
	l.p.SetFont(l.head, "", 11.5)
	for _, line := range l.wrap(s.Head, textW) {
		l.p.CellFormat(textW, 6, line, "", 1, "L", false, 0, "")
	}
	y := l.p.GetY()
	l.p.SetDrawColor(90, 90, 90)
	l.p.Line(marginX, y, pageW-marginX, y)
	l.p.SetDrawColor(0, 0, 0)
	l.p.Ln(1.5)
	l.p.SetFont("body", "", bodySize)
	if s.Note != "" {
		for _, line := range l.wrap(s.Note, textW) {
			l.ensure(lineH)
			l.p.CellFormat(textW, lineH, line, "", 1, "L", false, 0, "")
		}
	}
	for _, r := range s.Rows {
		l.row(r)
	}
	if s.Table != nil {
		l.table(s.Table)
	}
}

// row sets a label and its value side by side, on one page.
func (l *layout) row(r document.Row) {
	labelW := textW * labelShare
	valueX, valueW := marginX+labelW, textW-labelW
	if r.Label == "" {
		valueX, valueW = marginX, textW
	}
	labels := l.wrap(r.Label, labelW-cellPad)
	var values []string
	h := float64(max(len(labels), 1)) * lineH
	if r.Sign {
		h = max(h, signLineHeight)
	} else {
		values = l.wrap(r.Value, valueW)
		h = max(h, float64(max(len(values), 1))*lineH)
	}
	l.ensure(h)
	y := l.p.GetY()
	l.p.SetTextColor(60, 60, 60)
	for i, line := range labels {
		l.p.SetXY(marginX, y+float64(i)*lineH)
		l.p.CellFormat(labelW-cellPad, lineH, line, "", 0, "L", false, 0, "")
	}
	l.p.SetTextColor(0, 0, 0)
	if r.Sign {
		l.p.Line(valueX, y+h-2, valueX+valueW*0.7, y+h-2)
	}
	for i, line := range values {
		l.p.SetXY(valueX, y+float64(i)*lineH)
		l.p.CellFormat(valueW, lineH, line, "", 0, "L", false, 0, "")
	}
	l.p.SetXY(marginX, y+h)
}

// table sets a table; a row never splits, and every page it runs onto
// starts with the head again.
func (l *layout) table(t *document.Table) {
	total := 0.0
	for _, c := range t.Columns {
		total += weight(c)
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = textW * weight(c) / total
	}
	cells := func(row []string) ([][]string, float64) {
		out := make([][]string, len(t.Columns))
		n := 1
		for i := range t.Columns {
			if i < len(row) {
				out[i] = l.wrap(row[i], widths[i]-2*cellPad)
			}
			n = max(n, len(out[i]))
		}
		return out, float64(n)*lineH + 1
	}
	draw := func(lines [][]string, h float64, head bool) {
		y := l.p.GetY()
		if head {
			l.p.SetFillColor(235, 235, 235)
			l.p.Rect(marginX, y, textW, h, "F")
		}
		x := marginX
		for i, c := range t.Columns {
			align := "L"
			if c.Numeric {
				align = "R"
			}
			for j, line := range lines[i] {
				l.p.SetXY(x+cellPad, y+0.5+float64(j)*lineH)
				l.p.CellFormat(widths[i]-2*cellPad, lineH, line, "", 0, align, false, 0, "")
			}
			x += widths[i]
		}
		l.p.SetDrawColor(180, 180, 180)
		l.p.Line(marginX, y+h, pageW-marginX, y+h)
		l.p.SetDrawColor(0, 0, 0)
		l.p.SetXY(marginX, y+h)
	}
	heads := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = c.Head
	}
	headLines, headH := cells(heads)
	l.ensure(headH + lineH + 1)
	draw(headLines, headH, true)
	for _, row := range t.Rows {
		lines, h := cells(row)
		if !l.room(h) {
			l.p.AddPage()
			draw(headLines, headH, true)
		}
		draw(lines, h, false)
	}
}

func weight(c document.Column) float64 {
	if c.Weight <= 0 {
		return 1
	}
	return c.Weight
}

// wrap breaks text into lines no wider than w in the current font: at
// spaces where it can, and between any two characters of Chinese,
// Japanese or Korean, which need no spaces to break.
func (l *layout) wrap(text string, w float64) []string {
	runes := []rune(text)
	if len(runes) == 0 {
		return []string{""}
	}
	var lines []string
	start, width, lastBreak := 0, 0.0, -1
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if i > start && breakBetween(runes[i-1], r) {
			lastBreak = i
		}
		rw := l.p.GetStringWidth(string(r))
		if width+rw > w && i > start {
			end := i
			if lastBreak > start {
				end = lastBreak
			}
			lines = append(lines, strings.TrimRight(string(runes[start:end]), " "))
			for end < len(runes) && runes[end] == ' ' {
				end++
			}
			start, width, lastBreak = end, 0, -1
			i = end - 1
			continue
		}
		width += rw
	}
	return append(lines, string(runes[start:]))
}

// breakBetween says whether a line may break between a and b: after a
// space, and before or after a character of Chinese, Japanese or Korean,
// which need no spaces — but never before closing punctuation or after
// opening punctuation.
func breakBetween(a, b rune) bool {
	if strings.ContainsRune("，。、；：！？）」』】》,.;:!?)%", b) || strings.ContainsRune("（「『【《(", a) {
		return false
	}
	return a == ' ' || wide(a) || wide(b)
}

// wide reports whether r is written without spaces around it: Chinese,
// Japanese, Korean and their punctuation.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// WriteDocument writes d as PDF with these options: Options is a
// document writer for agency.Config.PDF.
func (o Options) WriteDocument(out io.Writer, d document.Document) error { return Render(out, d, o) }

// bmp keeps a character of the Basic Multilingual Plane and replaces any
// other with U+FFFD.
func bmp(r rune) rune {
	if r > 0xFFFF {
		return '\uFFFD'
	}
	return r
}
