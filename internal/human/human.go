package human

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/width"

	"github.com/travelkit/travelkit/internal/i18n"
)

// Weekday names a weekday: "星期六", "Sat".
func Weekday(d time.Weekday, p *i18n.Printer) string {
	return p.T("weekday." + strconv.Itoa(int(d)))
}

// dateParts are a date's parts as the catalogs' date formats take them:
// year, month number, day, weekday, month name — numbers as plain digits.
func dateParts(d date.Date, p *i18n.Printer) []any {
	y, m, dd := d.Date()
	return []any{strconv.Itoa(y), strconv.Itoa(int(m)), strconv.Itoa(dd), Weekday(d.Weekday(), p), p.T("month." + strconv.Itoa(int(m)))}
}

// Date renders a date with its weekday: "Sat 1 May 2027", "2027年5月1日 星期六".
func Date(d date.Date, p *i18n.Printer) string { return p.T("date.long", dateParts(d, p)...) }

// ShortDate renders a date without its year: "Tue 11 May", "5月11日 星期二".
func ShortDate(d date.Date, p *i18n.Printer) string { return p.T("date.short", dateParts(d, p)...) }

// Offset renders an offset in seconds east of UTC: "UTC+8", "UTC+5:30",
// "UTC-3", "UTC".
func Offset(sec int) string {
	if sec == 0 {
		return "UTC"
	}
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	out := fmt.Sprintf("UTC%s%d", sign, sec/3600)
	if m := sec % 3600 / 60; m != 0 {
		out += fmt.Sprintf(":%02d", m)
	}
	return out
}

// Instant renders an instant as a local date and time in loc with a place
// people know and the UTC offset: "Mon 30 Nov 2026 16:48 (Beijing time,
// UTC+8)", "2026年11月30日 星期一 16:48（北京当地时间，UTC+8）". A nil loc
// means UTC, named as such.
func Instant(t time.Time, loc *time.Location, place string, p *i18n.Printer) string {
	if loc == nil {
		loc, place = time.UTC, ""
	}
	l := t.In(loc)
	_, off := l.Zone()
	where := Offset(off)
	if place != "" {
		where = p.T("instant.place", place, where)
	}
	return p.T("instant", Date(date.NewAt(l), p), l.Format("15:04"), where)
}

// Duration renders a duration to the minute: "4 h", "4 h 30 min",
// "45 min"; "4小时", "4小时30分钟", "45分钟".
func Duration(d time.Duration, p *i18n.Printer) string {
	d = d.Round(time.Minute)
	neg := d < 0
	if neg {
		d = -d
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var out string
	switch {
	case h > 0 && m > 0:
		out = p.T("duration.hm", strconv.Itoa(h), strconv.Itoa(m))
	case h > 0:
		out = p.T("duration.h", strconv.Itoa(h))
	default:
		out = p.T("duration.m", strconv.Itoa(m))
	}
	if neg {
		return "-" + out
	}
	return out
}

// Width counts the columns a monospaced font gives s: wide and fullwidth
// East Asian characters take two.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
