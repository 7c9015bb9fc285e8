package csvin

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/travelkit/travelkit/internal/problem"
)

// MaxProblems is how many problems a read collects before it stops:
// enough to show a wrong mapping.
const MaxProblems = 100

// Default limits of a file.
const (
	DefaultMaxLineBytes = 64 << 10 // one physical line
	DefaultMaxBytes     = 32 << 20 // the whole file, after decoding
	DefaultMaxRows      = 100_000
)

// Options say how a file is read: its separator, its encoding and the
// limits that keep memory within a small multiple of the input. Zero
// values take the defaults.
type Options struct {
	Comma rune
	// Encoding is "" or "utf-8", "gb18030" or "gbk" (as Chinese banks
	// export): text in another encoding than the one declared is refused
	// with its line, never read as mojibake.
	Encoding     string
	MaxLineBytes int
	MaxBytes     int
	MaxRows      int
}

// Reader reads the rows of a CSV file after its header.
type Reader struct {
	cr   *csv.Reader
	in   *lines
	col  map[string]int
	max  Options
	rows int
	// Problems collects every problem found so far.
	Problems problem.List
}

// Open reads the header row (a byte-order mark dropped, names compared
// without case or surrounding space; a name given twice is a problem
// naming both columns). what names the file in problems; kind is the
// caller's ErrInvalid sentinel.
func Open(r io.Reader, o Options, what string, kind error) (*Reader, error) {
	o.MaxLineBytes = defaultTo(o.MaxLineBytes, DefaultMaxLineBytes)
	o.MaxBytes = defaultTo(o.MaxBytes, DefaultMaxBytes)
	o.MaxRows = defaultTo(o.MaxRows, DefaultMaxRows)
	switch strings.ToLower(o.Encoding) {
	case "", "utf-8", "utf8":
	case "gb18030":
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	case "gbk":
		r = transform.NewReader(r, simplifiedchinese.GBK.NewDecoder())
	default:
		return nil, problem.One(kind, "mapping.encoding", "unknown", fmt.Sprintf("encoding %q is utf-8, gb18030 or gbk", problem.Clip(o.Encoding)))
	}
	in := &lines{r: bufio.NewReaderSize(r, 64<<10), max: o, what: what}
	cr := csv.NewReader(in)
	if o.Comma != 0 {
		cr.Comma = o.Comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		switch {
		case errors.Is(err, io.EOF):
			return nil, problem.One(kind, what, "empty", "the "+what+" has no header row")
		case in.err != nil:
			return nil, problem.One(kind, in.errAt, in.errCode, in.err.Error())
		}
		return nil, problem.One(kind, what, "csv", problem.Clip(err.Error()))
	}
	rd := &Reader{cr: cr, in: in, col: map[string]int{}, max: o}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, dup := rd.col[name]; dup && name != "" {
			rd.Problems.Add("header", "duplicate", fmt.Sprintf("column %q is named twice: columns %d and %d", problem.Clip(name), j+1, i+1))
			continue
		}
		rd.col[name] = i
	}
	return rd, nil
}

func defaultTo(n, d int) int {
	if n <= 0 {
		return d
	}
	return n
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
// problems, until the file ends, MaxProblems are collected, or the file
// breaks a limit or holds bytes that are no text (then reading stops
// with that problem).
func (r *Reader) Rows(fn func(Row)) {
	for len(r.Problems) <= MaxProblems {
		rec, err := r.cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if r.in.err != nil {
			r.Problems.Add(r.in.errAt, r.in.errCode, r.in.err.Error())
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
		default:
			r.Problems.Add(r.in.what, "read", problem.Clip(err.Error()))
			return
		}
		if err != nil {
			r.Problems.Add(fmt.Sprintf("line %d", line), "csv", problem.Clip(err.Error()))
			continue
		}
		if r.rows++; r.rows > r.max.MaxRows {
			r.Problems.Add(fmt.Sprintf("line %d", line), "too_many_rows", fmt.Sprintf("more than %d rows; split the file", r.max.MaxRows))
			return
		}
		fields := make([]string, len(rec)) // the record is reused: keep copies of what a row holds
		copy(fields, rec)
		fn(Row{Line: line, fields: fields})
	}
}

// lines hands the CSV reader the file line by line, refusing a line
// beyond the limit, a file beyond its size, a NUL byte and text that is
// not UTF-8 (after the declared encoding), with the line they are on.
type lines struct {
	r       *bufio.Reader
	max     Options
	what    string
	line    int
	total   int
	pending []byte
	err     error
	errAt   string
	errCode string
}

func (l *lines) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		if err := l.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// next reads one physical line into pending, checking it.
func (l *lines) next() error {
	var line []byte
	for first := true; ; first = false {
		chunk, err := l.r.ReadSlice('\n')
		if first && !errors.Is(err, bufio.ErrBufferFull) {
			// The whole line is in the reader's buffer, which stays valid
			// until the next read: the CSV reader takes it before that.
			line = chunk
		} else {
			line = append(line, chunk...)
		}
		if len(line) > l.max.MaxLineBytes {
			return l.fail(l.line+1, "line_too_long", fmt.Sprintf("a line longer than %d bytes", l.max.MaxLineBytes))
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return l.fail(l.line+1, "read", problem.Clip(err.Error()))
		}
		if len(line) == 0 {
			return io.EOF
		}
		break
	}
	l.line++
	l.total += len(line)
	switch {
	case l.total > l.max.MaxBytes:
		return l.fail(l.line, "too_large", fmt.Sprintf("the %s is larger than %d bytes; split it", l.what, l.max.MaxBytes))
	case bytes.IndexByte(line, 0) >= 0:
		return l.fail(l.line, "nul", "a NUL byte: the file is not text")
	case !utf8.Valid(line):
		return l.fail(l.line, "encoding", "text that is not UTF-8: if the file was exported in GB18030 or GBK, name that encoding in the mapping")
	}
	l.pending = line
	return nil
}

func (l *lines) fail(line int, code, msg string) error {
	l.err, l.errAt, l.errCode = errors.New(msg), fmt.Sprintf("line %d", line), code
	return l.err
}
