package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Audience says who an event is for.
type Audience string

// Audiences.
const (
	// Customer events are rendered for the customer, in the customer's
	// language, and sent to the customer's address.
	Customer Audience = "customer"
	// Staff events are for a member of the agency's staff, in that
	// person's language.
	Staff Audience = "staff"
	// Supplier events are for a supplier's reservations contact, in the
	// supplier's language.
	Supplier Audience = "supplier"
	// Internal events are for the agency's systems: they reach webhooks
	// and brokers as their payload and are never rendered for a person.
	Internal Audience = "internal"
)

// Payload is the typed content of an event; its EventType names the
// registered type.
type Payload interface {
	EventType() string
}

// Notification is an event as a notifier delivers it: rendered for a
// person in their language (Subject and Body; both empty for internal
// events), with the typed payload as JSON for machines.
type Notification struct {
	// EventID is the idempotency key receivers de-duplicate on.
	EventID     string           `json:"event_id"`
	Tenant      storage.TenantID `json:"tenant"`
	Type        string           `json:"type"`
	AggregateID string           `json:"aggregate_id,omitempty"`
	Audience    Audience         `json:"audience"`
	Language    storage.Language `json:"language,omitempty"`
	// Recipient is the address the message goes to, when there is one.
	Recipient string          `json:"recipient,omitempty"`
	Subject   string          `json:"subject,omitempty"`
	Body      string          `json:"body,omitempty"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// Notifier delivers notifications. An error means "try again later": the
// dispatcher retries with backoff; one matching ErrInvalid is permanent.
// Receivers de-duplicate on EventID.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// ErrInvalid is the class of a payload that cannot be decoded: delivering
// it again would not help.
var ErrInvalid = problem.ErrInvalid

// entry is one registered event type.
type entry struct {
	typ      string
	audience Audience
	payload  reflect.Type
	texts    map[storage.Language]*template.Template
}

// Registry knows every event type of the library: its audience, how to
// decode its payload and how to render it in each language. It is
// immutable once built and safe for concurrent use.
type Registry struct {
	entries   map[string]*entry
	types     []string
	languages []storage.Language
	matcher   language.Matcher
}

// NewRegistry returns the registry of the library's events. Building it
// parses every message; an error here is a defect of the library.
func NewRegistry() (*Registry, error) {
	r := &Registry{entries: map[string]*entry{}, languages: []storage.Language{storage.Chinese, storage.English, storage.ChineseTraditional}}
	tags := make([]language.Tag, len(r.languages))
	for i, l := range r.languages {
		tags[i] = language.Make(string(l))
	}
	r.matcher = language.NewMatcher(tags)
	for _, d := range definitions() {
		typ := d.payload.EventType()
		if _, dup := r.entries[typ]; dup {
			return nil, fmt.Errorf("events: %s registered twice", typ)
		}
		e := &entry{typ: typ, audience: d.audience, payload: reflect.TypeOf(d.payload), texts: map[storage.Language]*template.Template{}}
		for _, lang := range r.languages {
			p := i18n.For(language.Make(string(lang)))
			subject, body := "event."+typ+".subject", "event."+typ+".body"
			if d.audience == Internal {
				if p.Has(subject) || p.Has(body) {
					return nil, fmt.Errorf("events: %s is internal and has a %s text", typ, lang)
				}
				continue
			}
			if !p.Has(subject) || !p.Has(body) {
				return nil, fmt.Errorf("events: %s has no %s text", typ, lang)
			}
			t, err := template.New(typ).Funcs(funcs(lang)).Option("missingkey=error").Parse(p.Raw(subject) + "\x00" + p.Raw(body))
			if err != nil {
				return nil, fmt.Errorf("events: %s %s: %w", typ, lang, err)
			}
			e.texts[lang] = t
		}
		r.entries[typ] = e
		r.types = append(r.types, typ)
	}
	slices.Sort(r.types)
	return r, nil
}

// Types lists the registered event types, sorted.
func (r *Registry) Types() []string { return slices.Clone(r.types) }

// Languages lists the languages every recipient-facing event is written
// in.
func (r *Registry) Languages() []storage.Language { return slices.Clone(r.languages) }

// Audience returns who events of a type are for; false for an unknown
// type.
func (r *Registry) Audience(typ string) (Audience, bool) {
	e, ok := r.entries[typ]
	if !ok {
		return "", false
	}
	return e.audience, true
}

// New returns a zero payload of a type, for decoding into; false for an
// unknown type.
func (r *Registry) New(typ string) (Payload, bool) {
	e, ok := r.entries[typ]
	if !ok {
		return nil, false
	}
	return reflect.New(e.payload).Interface().(Payload), true
}

// Decode reads the payload of an event of a type. An unknown type or a
// payload that does not decode is ErrInvalid.
func (r *Registry) Decode(typ string, payload []byte) (Payload, error) {
	p, ok := r.New(typ)
	if !ok {
		return nil, fmt.Errorf("%w: unknown event type %q", ErrInvalid, problem.Clip(typ))
	}
	if err := json.Unmarshal(payload, p); err != nil {
		return nil, fmt.Errorf("%w: %s payload: %v", ErrInvalid, typ, err)
	}
	return p, nil
}

// Language returns the language a recipient who reads lang gets: lang
// itself when the registry writes it, else the closest one it writes.
func (r *Registry) Language(lang storage.Language) storage.Language {
	if slices.Contains(r.languages, lang) {
		return lang
	}
	_, i, _ := r.matcher.Match(language.Make(string(lang)))
	return r.languages[i]
}

// Render turns a stored event into its notification. A recipient-facing
// event is rendered in the event's language (or the closest written); an
// internal event, or one of a type this registry does not know (written by
// a newer version), goes out as its payload alone, so no event is ever
// undeliverable for want of text. A payload that does not decode is
// ErrInvalid.
func (r *Registry) Render(ev storage.Event) (Notification, error) {
	n := Notification{EventID: ev.ID, Tenant: ev.Tenant, Type: ev.Type, AggregateID: ev.AggregateID, Audience: Audience(ev.Audience),
		Language: ev.Language, Recipient: ev.Recipient, Payload: ev.Payload, CreatedAt: ev.CreatedAt}
	e, ok := r.entries[ev.Type]
	if !ok {
		if n.Audience == "" {
			n.Audience = Internal
		}
		return n, nil
	}
	n.Audience = e.audience
	if e.audience == Internal {
		return n, nil
	}
	p, err := r.Decode(ev.Type, ev.Payload)
	if err != nil {
		return Notification{}, err
	}
	n.Language = r.Language(ev.Language)
	n.Subject, n.Body, err = r.text(e, n.Language, p)
	return n, err
}

// Text renders a payload for a person in lang: subject and body.
func (r *Registry) Text(p Payload, lang storage.Language) (subject, body string, err error) {
	e, ok := r.entries[p.EventType()]
	if !ok || e.audience == Internal {
		return "", "", fmt.Errorf("%w: %s is not rendered for people", ErrInvalid, p.EventType())
	}
	return r.text(e, r.Language(lang), p)
}

func (r *Registry) text(e *entry, lang storage.Language, p Payload) (string, string, error) {
	v := reflect.New(e.payload)
	pv := reflect.ValueOf(human.Flat(p)) // text from people never makes lines of its own
	if pv.Kind() == reflect.Pointer {
		pv = pv.Elem()
	}
	if pv.Type() != e.payload {
		return "", "", fmt.Errorf("%w: a %T is no %s payload", ErrInvalid, p, e.typ)
	}
	v.Elem().Set(pv)
	var b bytes.Buffer
	if err := e.texts[lang].Execute(&b, v.Interface()); err != nil {
		return "", "", fmt.Errorf("events: render %s in %s: %w", e.typ, lang, err)
	}
	subject, body, _ := strings.Cut(b.String(), "\x00")
	return subject, body, nil
}

// funcs are the template functions of one language.
func funcs(lang storage.Language) template.FuncMap {
	tag := language.Make(string(lang))
	p := i18n.For(tag)
	f := pricing.NewFormatter(tag)
	word := func(prefix string) func(any) string {
		return func(k any) string { return p.Or(prefix+fmt.Sprint(k), fmt.Sprint(k)) }
	}
	return template.FuncMap{
		"money": func(m pricing.Money) string {
			if !m.IsValid() {
				return "—"
			}
			return f.Format(m)
		},
		"neg":      func(m pricing.Money) pricing.Money { return m.Neg() },
		"positive": func(m pricing.Money) bool { return m.IsValid() && m.Sign() > 0 },
		"instant": func(at any, l Local) (string, error) {
			var t time.Time
			switch x := at.(type) {
			case time.Time:
				t = x
			case *time.Time:
				if x == nil {
					return "", nil
				}
				t = *x
			default:
				return "", errors.New("instant of a non-time")
			}
			var loc *time.Location
			if l.Zone != "" {
				if z, err := time.LoadLocation(l.Zone); err == nil {
					loc = z
				}
			}
			return human.Instant(t, loc, l.Place, p), nil
		},
		"date":         func(d date.Date) string { return human.Date(d, p) },
		"short":        func(d date.Date) string { return human.ShortDate(d, p) },
		"quoteRef":     pricing.Reference,
		"complaintRef": feedback.Reference,
		"join":         func(ss []string) string { return strings.Join(ss, p.T("ev.join")) },
		"target":       word("ev.target."),
		"channel":      word("ev.channel."),
		"match":        word("ev.match."),
		"followKind":   word("ev.follow."),
	}
}
