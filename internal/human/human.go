package human

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/width"
)

// IsZh reports whether lang is Chinese; every other language reads English.
func IsZh(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "zh"
}

var (
	zhWeekdays = [7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}
	enWeekdays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// Weekday names a weekday: "星期六", "Sat".
func Weekday(d time.Weekday, zh bool) string {
	if zh {
		return zhWeekdays[d]
	}
	return enWeekdays[d]
}

// Date renders a date with its weekday: "Sat 1 May 2027", "2027年5月1日 星期六".
func Date(d date.Date, zh bool) string {
	y, m, dd := d.Date()
	if zh {
		return fmt.Sprintf("%d年%d月%d日 %s", y, int(m), dd, zhWeekdays[d.Weekday()])
	}
	return fmt.Sprintf("%s %d %s %d", enWeekdays[d.Weekday()], dd, m.String()[:3], y)
}

// ShortDate renders a date without its year: "Tue 11 May", "5月11日 星期二".
func ShortDate(d date.Date, zh bool) string {
	_, m, dd := d.Date()
	if zh {
		return fmt.Sprintf("%d月%d日 %s", int(m), dd, zhWeekdays[d.Weekday()])
	}
	return fmt.Sprintf("%s %d %s", enWeekdays[d.Weekday()], dd, m.String()[:3])
}

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
// UTC+8)", "2026年11月30日 星期一 16:48（Beijing当地时间，UTC+8）". A nil
// loc means UTC, named as such.
func Instant(t time.Time, loc *time.Location, place string, zh bool) string {
	if loc == nil {
		loc, place = time.UTC, ""
	}
	l := t.In(loc)
	_, off := l.Zone()
	where := Offset(off)
	if place != "" {
		if zh {
			where = place + "当地时间，" + where
		} else {
			where = place + " time, " + where
		}
	}
	if zh {
		return Date(date.NewAt(l), zh) + " " + l.Format("15:04") + "（" + where + "）"
	}
	return Date(date.NewAt(l), zh) + " " + l.Format("15:04") + " (" + where + ")"
}

// Duration renders a duration to the minute: "4 h", "4 h 30 min",
// "45 min"; "4小时", "4小时30分钟", "45分钟".
func Duration(d time.Duration, zh bool) string {
	d = d.Round(time.Minute)
	neg := d < 0
	if neg {
		d = -d
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var out string
	switch {
	case zh && h > 0 && m > 0:
		out = fmt.Sprintf("%d小时%d分钟", h, m)
	case zh && h > 0:
		out = fmt.Sprintf("%d小时", h)
	case zh:
		out = fmt.Sprintf("%d分钟", m)
	case h > 0 && m > 0:
		out = fmt.Sprintf("%d h %d min", h, m)
	case h > 0:
		out = fmt.Sprintf("%d h", h)
	default:
		out = fmt.Sprintf("%d min", m)
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
