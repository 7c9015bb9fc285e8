package feedback

import (
	"time"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/ref"
	"golang.org/x/text/language"
)

// Label returns the aspect as people read it in lang.
func (a Aspect) Label(lang language.Tag) string {
	return i18n.For(lang).Or("aspect."+string(a), string(a))
}

// Label returns the root cause as people read it in lang.
func (r RootCause) Label(lang language.Tag) string {
	return i18n.For(lang).Or("root_cause."+string(r), string(r))
}

// Label returns the status as people read it in lang.
func (s Status) Label(lang language.Tag) string {
	return i18n.For(lang).Or("complaint.status."+string(s), string(s))
}

// Label returns the improvement action's status in lang.
func (s ActionStatus) Label(lang language.Tag) string {
	return i18n.For(lang).Or("action_status."+string(s), string(s))
}

// Describe says what happened at a timeline step, in lang: "Acknowledged
// the complaint", "Waited for the supplier", "Closed the complaint".
func (e Entry) Describe(lang language.Tag) string {
	return i18n.For(lang).Or("timeline."+string(e.Action), string(e.Action))
}

// LocalTime renders an instant in loc for people in lang, with the place
// and the UTC offset instead of a zone ID: "Sun 2 May 2027 20:35 (Paris
// time, UTC+2)".
func LocalTime(t time.Time, loc *time.Location, place string, lang language.Tag) string {
	return human.Instant(t, loc, place, i18n.For(lang))
}

// Reference returns the reference a person reads for a complaint ID: the
// ID itself when short and readable, else a short code with a check
// character ("C-7KXM2-P9AZ4-J").
func Reference(complaintID string) string { return ref.For("C", complaintID) }
