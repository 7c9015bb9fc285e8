package feedback

import (
	"bufio"
	"io"
	"time"

	"golang.org/x/text/language"

	"github.com/rickb777/date/v2"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
)

// ComplaintView says how a complaint is shown to a person.
type ComplaintView struct {
	Lang language.Tag
	// Zone and Place say where instants are read (the agency's zone and a
	// place people know it by); nil Zone means UTC.
	Zone  *time.Location
	Place string
	// Now is the instant the SLA is read at, from the caller's clock.
	Now time.Time
}

// Label returns the SLA state in lang.
func (s State) Label(lang language.Tag) string {
	return i18n.For(lang).Or("sla.state."+string(s), string(s))
}

// RenderComplaintText writes a complaint for a person in the view's
// language: its reference and status, what it is about, every step of its
// timeline saying what happened and when (local time), and the SLA
// targets with the time they used.
func RenderComplaintText(out io.Writer, c *Complaint, v ComplaintView) error {
	if c == nil {
		return &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Complaint", Code: "required", Message: "a complaint is required"}}}
	}
	c = human.Flat(c) // no text a person gave makes lines of its own
	p := i18n.For(v.Lang)
	sla, err := c.SLA(v.Now)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(out)
	b.WriteString(p.T("complaint.head", Reference(c.ID), c.Status.Label(v.Lang)) + "\n")
	b.WriteString(p.T("complaint.about", c.Summary) + "\n")
	b.WriteString(p.T("complaint.received", human.Instant(c.ReceivedAt, v.Zone, v.Place, p)) + "\n")
	for _, e := range c.Timeline {
		if e.Action == "receive" {
			continue // the opening entry is the line above
		}
		loc := v.Zone
		if loc == nil {
			loc = time.UTC
		}
		at := e.At.In(loc)
		line := "  " + human.ShortDate(date.NewAt(at), p) + " " + at.Format("15:04") + "  " + e.Describe(v.Lang)
		note := e.Note
		if e.Action == "resolve" && c.Resolution != nil {
			note = c.Resolution.RootCause.Label(v.Lang) + p.T("colon") + c.Resolution.Remedy
		}
		if note != "" {
			line += p.T("colon") + note
		}
		b.WriteString(line + "\n")
	}
	for _, target := range []struct {
		name  string
		clock Clock
	}{{p.T("complaint.first_response"), sla.FirstResponse}, {p.T("complaint.resolution"), sla.Resolution}} {
		clock := target.clock
		b.WriteString(p.T("complaint.clock", target.name, clock.State.Label(v.Lang), human.Duration(clock.Used, p), human.Duration(clock.Target, p)))
		if clock.Paused > 0 {
			b.WriteString(p.T("complaint.paused", human.Duration(clock.Paused, p)))
		}
		b.WriteString("\n")
	}
	return b.Flush()
}
