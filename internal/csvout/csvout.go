package csvout

import (
	"encoding/csv"
	"io"
)

// Neutral returns a cell a spreadsheet reads as text: one that begins
// with =, +, -, @, a tab or a carriage return (which a spreadsheet would
// take for a formula) gets a leading apostrophe, which spreadsheets show
// as nothing and read as "text follows".
func Neutral(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Writer writes records whose cells are neutralised.
type Writer struct{ w *csv.Writer }

// NewWriter writes to out.
func NewWriter(out io.Writer) *Writer { return &Writer{w: csv.NewWriter(out)} }

// Write writes one record, its cells neutralised.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Neutral(c)
	}
	return w.w.Write(safe)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
