package document

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/travelkit/travelkit/internal/human"
)

// Document is a document as a person reads it. Text, HTML and PDF render
// the same document.
type Document struct {
	// Lang is the BCP 47 tag of the document's language ("zh-CN", "en").
	Lang string
	// Title is the document's title; Subtitle the lines under it.
	Title    string
	Subtitle []string
	// Header is what a paged rendering repeats at the top of every page
	// (who issues the document and its number); empty for none.
	Header   string
	Sections []Section
}

// Section is a headed part of a document: a note under the head, rows of
// labels and values, then a table — each optional.
type Section struct {
	Head  string
	Note  string
	Rows  []Row
	Table *Table
}

// Row is a label and its value; a row without a label is a line of its
// own, and Sign marks a line to sign on.
type Row struct {
	Label, Value string
	Sign         bool
}

// Table is a table with a head row; a paged rendering repeats the head on
// every page the table runs onto.
type Table struct {
	Columns []Column
	Rows    [][]string
}

// Column is a table's column: its head, its share of the width (relative
// to the other columns'; 0 counts as 1) and whether its cells are numbers,
// set flush right.
type Column struct {
	Head    string
	Weight  float64
	Numeric bool
}

// Add appends a section with head and rows and returns it, for a note or
// a table to be set on it.
func (d *Document) Add(head string, rows ...Row) *Section {
	d.Sections = append(d.Sections, Section{Head: head, Rows: rows})
	return &d.Sections[len(d.Sections)-1]
}

// Runes returns every character the document shows, for a renderer that
// embeds only the glyphs a document needs.
func (d *Document) Runes() map[rune]bool {
	seen := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			seen[r] = true
		}
	}
	add(d.Title)
	add(d.Header)
	for _, s := range d.Subtitle {
		add(s)
	}
	for _, s := range d.Sections {
		add(s.Head)
		add(s.Note)
		for _, r := range s.Rows {
			add(r.Label)
			add(r.Value)
		}
		if s.Table != nil {
			for _, c := range s.Table.Columns {
				add(c.Head)
			}
			for _, row := range s.Table.Rows {
				for _, cell := range row {
					add(cell)
				}
			}
		}
	}
	return seen
}

// WriteText writes the document as plain text: labels padded so that
// values line up in a monospaced font, table columns likewise, sections
// apart by a blank line.
func WriteText(out io.Writer, d Document) error {
	d = human.Flat(d) // no text a person gave makes lines of its own
	b := bufio.NewWriter(out)
	b.WriteString(d.Title + "\n")
	for _, s := range d.Subtitle {
		b.WriteString(s + "\n")
	}
	for _, s := range d.Sections {
		b.WriteString("\n" + s.Head + "\n")
		if s.Note != "" {
			b.WriteString("  " + s.Note + "\n")
		}
		w := 0
		for _, r := range s.Rows {
			w = max(w, human.Width(r.Label))
		}
		for _, r := range s.Rows {
			value := r.Value
			if r.Sign {
				value = "________________"
			}
			if r.Label == "" {
				b.WriteString("  " + value + "\n")
				continue
			}
			b.WriteString("  " + r.Label + strings.Repeat(" ", w-human.Width(r.Label)) + "  " + value + "\n")
		}
		if s.Table != nil {
			writeTable(b, s.Table)
		}
	}
	return b.Flush()
}

// writeTable sets a table's columns two spaces apart, numbers flush right.
func writeTable(b *bufio.Writer, t *Table) {
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = human.Width(c.Head)
	}
	for _, row := range t.Rows {
		for i, cell := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], human.Width(cell))
			}
		}
	}
	line := func(cells []string) {
		var parts []string
		for i, c := range t.Columns {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			gap := strings.Repeat(" ", widths[i]-human.Width(cell))
			if c.Numeric {
				parts = append(parts, gap+cell)
			} else {
				parts = append(parts, cell+gap)
			}
		}
		b.WriteString(strings.TrimRight("  "+strings.Join(parts, "  "), " ") + "\n")
	}
	heads := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = c.Head
	}
	line(heads)
	for _, row := range t.Rows {
		line(row)
	}
}

//go:embed document.html.tmpl
var documentHTML string

// WriteHTML writes the document as a printable HTML page (A4). The
// template is parsed once per call: templates are cheap next to the
// documents, and no package-level state is kept.
func WriteHTML(out io.Writer, d Document) error {
	t, err := template.New("document").Parse(documentHTML)
	if err != nil {
		return err
	}
	return t.Execute(out, d)
}
