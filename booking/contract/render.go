package contract

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/travelkit/travelkit/internal/human"
)

// document is a contract or letter as a person reads it: a title, lines
// under it, and sections of rows, every text already in the reader's
// language. Text and HTML render the same document.
type document struct {
	Lang     string
	Title    string
	Subtitle []string
	Sections []section
}

// section is a headed list of rows; Note is a paragraph under the head.
type section struct {
	Head string
	Note string
	Rows []row
}

// row is a label and its value; Sign marks a signature line.
type row struct {
	Label, Value string
	Sign         bool
}

func (d *document) add(head string, rows ...row) *section {
	d.Sections = append(d.Sections, section{Head: head, Rows: rows})
	return &d.Sections[len(d.Sections)-1]
}

// writeText writes the document as plain text: labels padded so values
// line up in a monospaced font, sections apart by a blank line.
func (d *document) writeText(out io.Writer) error {
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
	}
	return b.Flush()
}

//go:embed document.html.tmpl
var documentHTML string

// documentTemplate is parsed once per call: templates are cheap next to
// the documents, and no package-level state is kept.
func (d *document) writeHTML(out io.Writer) error {
	t, err := template.New("document").Parse(documentHTML)
	if err != nil {
		return err
	}
	return t.Execute(out, d)
}
