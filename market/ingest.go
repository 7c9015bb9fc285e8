package market

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/internal/csvin"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Mapping names the CSV columns of an observation file by header text
// (matched without case or surrounding space) and how to read them.
type Mapping struct {
	ID, Competitor, Product, Destination, Departure, Days, Price, ObservedAt, Source string
	// Currency, Basis, Inclusions, Available and Corrects are optional
	// columns; without Currency, DefaultCurrency applies; without Basis,
	// DefaultBasis; without Available, every offer is available.
	Currency, Basis, Inclusions, Available, Corrects string
	DefaultCurrency                                  string
	DefaultBasis                                     Basis
	// InclusionSeparator splits the inclusions cell; empty means ';'.
	InclusionSeparator string
	// DateLayout reads departures (default 2006-01-02); instants are
	// RFC 3339.
	DateLayout string
	Comma      rune
	// Encoding is the file's text encoding: "" (UTF-8), "gb18030" or
	// "gbk". Text that is not in the encoding declared is refused with
	// its line.
	Encoding string
	// MaxLineBytes, MaxBytes and MaxRows bound a line, the file and its
	// rows (0: 64 KiB, 32 MiB and 100 000).
	MaxLineBytes, MaxBytes, MaxRows int
}

// ParseObservations reads competitor observations from a CSV file with a
// header row: every problem at once (line and column named), or the
// observations, each validated.
func ParseObservations(r io.Reader, m Mapping) ([]Observation, error) {
	in, err := csvin.Open(r, csvin.Options{Comma: m.Comma, Encoding: m.Encoding, MaxLineBytes: m.MaxLineBytes, MaxBytes: m.MaxBytes,
		MaxRows: m.MaxRows}, "observations", ErrInvalid)
	if err != nil {
		return nil, err
	}
	c := struct{ id, comp, prod, dest, dep, days, price, at, src, cur, basis, incl, avail, corr int }{
		in.Column("id", m.ID, true), in.Column("competitor", m.Competitor, true), in.Column("product", m.Product, true),
		in.Column("destination", m.Destination, true), in.Column("departure", m.Departure, true), in.Column("days", m.Days, true),
		in.Column("price", m.Price, true), in.Column("observed_at", m.ObservedAt, true), in.Column("source", m.Source, true),
		in.Column("currency", m.Currency, false), in.Column("basis", m.Basis, false), in.Column("inclusions", m.Inclusions, false),
		in.Column("available", m.Available, false), in.Column("corrects", m.Corrects, false)}
	if m.Currency == "" && m.DefaultCurrency == "" {
		in.Problems.Add("mapping.currency", "required", "a currency column or a default currency is needed")
	}
	if m.Basis == "" && m.DefaultBasis == "" {
		in.Problems.Add("mapping.basis", "required", "a basis column or a default basis is needed")
	}
	if len(in.Problems) > 0 {
		return nil, in.Problems.Err(ErrInvalid)
	}
	layout, sep := cmp.Or(m.DateLayout, "2006-01-02"), cmp.Or(m.InclusionSeparator, ";")
	var out []Observation
	in.Rows(func(row csvin.Row) {
		at := row.At() + "."
		unread := map[string]bool{} // fields that did not parse: reported once, as unreadable
		o := Observation{ID: row.Get(c.id), Competitor: row.Get(c.comp), Product: row.Get(c.prod), Destination: row.Get(c.dest),
			Source: row.Get(c.src), Basis: Basis(cmp.Or(row.Get(c.basis), string(m.DefaultBasis))), Available: true, Corrects: row.Get(c.corr)}
		if t, err := time.Parse(layout, row.Get(c.dep)); err == nil {
			o.Departure = date.New(t.Year(), t.Month(), t.Day())
		} else {
			unread["departure"] = true
			in.Problems.Add(at+m.Departure, "date", fmt.Sprintf("%q is not a date like %s", problem.Clip(row.Get(c.dep)), layout))
		}
		if n, err := strconv.Atoi(row.Get(c.days)); err == nil {
			o.Days = n
		} else {
			unread["days"] = true
			in.Problems.Add(at+m.Days, "days", fmt.Sprintf("%q is not a whole number of days", problem.Clip(row.Get(c.days))))
		}
		if p, err := pricing.Parse(row.Get(c.price), cmp.Or(row.Get(c.cur), m.DefaultCurrency)); err == nil {
			o.Price = p
		} else {
			unread["price"] = true
			in.Problems.Add(at+m.Price, "amount", problem.Clip(err.Error()))
		}
		if t, err := time.Parse(time.RFC3339, row.Get(c.at)); err == nil {
			o.ObservedAt = t
		} else {
			unread["observed_at"] = true
			in.Problems.Add(at+m.ObservedAt, "instant", fmt.Sprintf("%q is not an RFC 3339 instant", problem.Clip(row.Get(c.at))))
		}
		for _, s := range strings.Split(row.Get(c.incl), sep) {
			if s = strings.TrimSpace(s); s != "" {
				o.Inclusions = append(o.Inclusions, s)
			}
		}
		switch strings.ToLower(row.Get(c.avail)) {
		case "", "true", "yes", "1", "y":
		case "false", "no", "0", "n", "sold out":
			o.Available = false
		default:
			in.Problems.Add(at+m.Available, "available", fmt.Sprintf("%q is not yes or no", problem.Clip(row.Get(c.avail))))
		}
		var ps problem.List
		o.problems(&ps, at)
		for _, p := range ps {
			if !unread[strings.TrimPrefix(p.Field, at)] {
				in.Problems = append(in.Problems, p)
			}
		}
		out = append(out, o)
	})
	if err := in.Problems.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return out, nil
}
