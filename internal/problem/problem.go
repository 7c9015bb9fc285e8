package problem

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// The error classes. Every sentinel of every package matches exactly one of
// them with errors.Is; the agency package exports them as its sentinels.
var (
	ErrInvalid           = errors.New("invalid")
	ErrNotFound          = errors.New("not found")
	ErrConflict          = errors.New("conflict")
	ErrInvalidTransition = errors.New("invalid transition")
	ErrApprovalRequired  = errors.New("approval required")
)

// Sentinel is a package's own sentinel error: it has the package's text and
// matches its class with errors.Is, so a caller may test for either.
type Sentinel struct {
	text  string
	class error
}

// New returns a sentinel with text that matches class.
func New(text string, class error) *Sentinel { return &Sentinel{text: text, class: class} }

// Error returns the sentinel's text.
func (s *Sentinel) Error() string { return s.text }

// Unwrap returns the class, so errors.Is(err, class) holds.
func (s *Sentinel) Unwrap() error { return s.class }

// Severity says whether a problem blocks or only deserves a look.
type Severity string

// Severities. An empty severity reads as an error.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is one broken rule in an input: where (Field, a dotted path such
// as "Lines[3].Quantity"), what (Code, stable for programs), how serious,
// the items and travellers concerned, the data behind the message in
// Detail (so that no caller parses Message), and an explanation for people.
type Problem struct {
	Field      string            `json:"field,omitempty"`
	Code       string            `json:"code"`
	Severity   Severity          `json:"severity,omitempty"`
	Items      []string          `json:"items,omitempty"`
	Travellers []string          `json:"travellers,omitempty"`
	Detail     map[string]string `json:"detail,omitempty"`
	Message    string            `json:"message"`
}

// IsWarning reports whether the problem is only a warning.
func (p Problem) IsWarning() bool { return p.Severity == SeverityWarning }

// ValidationError lists every problem found in one input. Kind is the
// package's invalid sentinel (its text prefixes the message; nil means the
// class ErrInvalid); Causes are further sentinels the error matches, such
// as pricing.ErrMissingRate.
type ValidationError struct {
	Kind     error
	Problems []Problem
	Causes   []error
}

// Invalid returns a *ValidationError of kind listing ps, or nil when ps is
// empty, so validation code reads as a list of checks.
func Invalid(kind error, ps []Problem, causes ...error) error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Kind: kind, Problems: ps, Causes: causes}
}

// One returns a *ValidationError of kind with a single problem.
func One(kind error, field, code, message string) error {
	return &ValidationError{Kind: kind, Problems: []Problem{{Field: field, Code: code, Message: message}}}
}

// Error lists the problems, one clause each, after the kind's text.
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString(ErrInvalid.Error())
	}
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		switch {
		case p.Field != "":
			b.WriteString(p.Field)
			b.WriteString(": ")
		case len(p.Items) > 0:
			b.WriteString(strings.Join(p.Items, ","))
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
		b.WriteString(" (")
		b.WriteString(p.Code)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the kind (or ErrInvalid) and the causes, so errors.Is
// matches the package sentinel, the class and every cause.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, 0, 1+len(e.Causes))
	if e.Kind != nil {
		out = append(out, e.Kind)
	} else {
		out = append(out, ErrInvalid)
	}
	return append(out, e.Causes...)
}

// Has reports whether any problem has code.
func (e *ValidationError) Has(code string) bool {
	for _, p := range e.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// List accumulates problems; Err returns nil when none were added.
type List []Problem

// Add appends an error-severity problem.
func (l *List) Add(field, code, message string) {
	*l = append(*l, Problem{Field: field, Code: code, Message: message})
}

// AddDetail appends an error-severity problem with structured detail.
func (l *List) AddDetail(field, code, message string, detail map[string]string) {
	*l = append(*l, Problem{Field: field, Code: code, Message: message, Detail: detail})
}

// Err returns a *ValidationError of kind, or nil when the list is empty.
func (l List) Err(kind error, causes ...error) error { return Invalid(kind, l, causes...) }

// Clip returns s fit to quote in a message: at most 64 bytes of valid UTF-8
// (invalid bytes become U+FFFD), with "…" where it was cut.
func Clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= 64 {
		return s
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
