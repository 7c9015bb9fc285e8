package csvin

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/travelkit/travelkit/internal/problem"
)

// MaxProblems is how many problems a read collects before it stops:
// enough to show a wrong mapping.
const MaxProblems = 100

// Reader reads the rows of a CSV file after its header.
type Reader struct {
	cr  *csv.Reader
	col map[string]int
	// Problems collects every problem found so far.
	Problems problem.List
}

// Open reads the header row (a byte-order mark dropped, names compared
// without case or surrounding space). what names the file in problems;
// kind is the caller's ErrInvalid sentinel.
func Open(r io.Reader, comma rune, what string, kind error) (*Reader, error) {
	cr := csv.NewReader(r)
	if comma != 0 {
		cr.Comma = comma
	}
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem.One(kind, what, "empty", "the "+what+" has no header row")
		}
		return nil, problem.One(kind, what, "csv", problem.Clip(err.Error()))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	return &Reader{cr: cr, col: col}, nil
}

// Column finds the column a mapping names for field; -1 when the mapping
// leaves it empty (a problem when required) or the header lacks it (a
// problem).
func (r *Reader) Column(field, name string, required bool) int {
	if name == "" {
		if required {
			r.Problems.Add("mapping."+field, "required", "the mapping names the "+field+" column")
		}
		return -1
	}
	i, ok := r.col[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		r.Problems.Add("mapping."+field, "column", fmt.Sprintf("no column %q in the header", problem.Clip(name)))
		return -1
	}
	return i
}

// Row is one data row: its 1-based line in the file, header included.
type Row struct {
	Line   int
	fields []string
}

// At is the row's place for problems: "line 7".
func (r Row) At() string { return fmt.Sprintf("line %d", r.Line) }

// Get returns the trimmed field of column i, "" for a missing column.
func (r Row) Get(i int) string {
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// Rows calls fn for every data row, recording unreadable rows as
// problems, until the file ends or MaxProblems are collected.
func (r *Reader) Rows(fn func(Row)) {
	for len(r.Problems) <= MaxProblems {
		rec, err := r.cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		// The reader skips blank lines; the line number comes from it.
		var line int
		var pe *csv.ParseError
		switch {
		case err == nil:
			line, _ = r.cr.FieldPos(0)
		case errors.As(err, &pe):
			line = pe.StartLine
		}
		if err != nil {
			r.Problems.Add(fmt.Sprintf("line %d", line), "csv", problem.Clip(err.Error()))
			continue
		}
		fn(Row{Line: line, fields: rec})
	}
}
