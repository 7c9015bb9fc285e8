package feedback

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"golang.org/x/text/language"

	"github.com/rickb777/date/v2"
	"github.com/travelkit/travelkit/internal/human"
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
	zh := map[State]string{Running: "计时中", Paused: "已暂停", Met: "已达成", Breached: "已超时"}
	en := map[State]string{Running: "running", Paused: "paused", Met: "met", Breached: "breached"}
	return pick(lang, zh[s], en[s], string(s))
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
	zh := isZh(v.Lang)
	t := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	sla, err := c.SLA(v.Now)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(out)
	fmt.Fprintf(b, "%s %s · %s\n", t("Complaint", "投诉"), Reference(c.ID), c.Status.Label(v.Lang))
	fmt.Fprintf(b, "%s%s\n", t("About: ", "内容："), c.Summary)
	fmt.Fprintf(b, "%s%s\n", t("Received ", "受理时间："), human.Instant(c.ReceivedAt, v.Zone, v.Place, zh))
	for _, e := range c.Timeline {
		if e.Action == "receive" {
			continue // the opening entry is the line above
		}
		loc := v.Zone
		if loc == nil {
			loc = time.UTC
		}
		at := e.At.In(loc)
		line := "  " + human.ShortDate(date.NewAt(at), zh) + " " + at.Format("15:04") + "  " + e.Describe(v.Lang)
		note := e.Note
		if e.Action == "resolve" && c.Resolution != nil {
			note = c.Resolution.RootCause.Label(v.Lang) + t(": ", "：") + c.Resolution.Remedy
		}
		if note != "" {
			line += t(": ", "：") + note
		}
		b.WriteString(line + "\n")
	}
	for _, target := range []struct {
		name  string
		clock Clock
	}{{t("First response", "首次响应"), sla.FirstResponse}, {t("Resolution", "解决"), sla.Resolution}} {
		clock := target.clock
		fmt.Fprintf(b, "%s%s%s%s %s", target.name, t(": ", "："), clock.State.Label(v.Lang), t(", used", "，用时"),
			human.Duration(clock.Used, zh)+t(" of ", " / ")+human.Duration(clock.Target, zh))
		if clock.Paused > 0 {
			fmt.Fprintf(b, t(" (paused %s)", "（暂停 %s）"), human.Duration(clock.Paused, zh))
		}
		b.WriteString("\n")
	}
	return b.Flush()
}
