package feedback_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
)

func load(t testing.TB, zone string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const h = time.Hour

// shanghaiOffice works 09:00–12:00 and 13:00–18:00 Monday to Friday, with
// the 2026 National Day week off (1–7 October) and two weekend days worked
// in exchange (Sunday 27 September and Saturday 10 October).
func shanghaiOffice(t testing.TB) *feedback.Calendar {
	t.Helper()
	var holidays []date.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, date.New(2026, time.October, d))
	}
	c, err := feedback.NewCalendar(feedback.CalendarSpec{
		Zone:      "Asia/Shanghai",
		Week:      feedback.Weekdays(feedback.Window{From: 9 * h, To: 12 * h}, feedback.Window{From: 13 * h, To: 18 * h}),
		Holidays:  holidays,
		ExtraDays: []date.Date{date.New(2026, time.September, 27), date.New(2026, time.October, 10)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCalendarAdd(t *testing.T) {
	t.Parallel()
	sh := load(t, "Asia/Shanghai")
	paris := load(t, "Europe/Paris")
	office := shanghaiOffice(t)
	allDayParis, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", Week: [7][]feedback.Window{
		{{0, 24 * h}}, {{0, 24 * h}}, {{0, 24 * h}}, {{0, 24 * h}}, {{0, 24 * h}}, {{0, 24 * h}}, {{0, 24 * h}}}})
	if err != nil {
		t.Fatal(err)
	}
	parisOffice, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", Week: feedback.Weekdays(feedback.Window{From: 9 * h, To: 17 * h})})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		cal   *feedback.Calendar
		start time.Time
		add   time.Duration
		want  time.Time
	}{
		// 11:00 + 2 h: one hour before lunch, one after.
		{"lunch break", office, time.Date(2026, 11, 23, 11, 0, 0, 0, sh), 2 * h, time.Date(2026, 11, 23, 14, 0, 0, 0, sh)},
		// Received at lunch: the clock starts at 13:00.
		{"received at lunch", office, time.Date(2026, 11, 23, 12, 30, 0, 0, sh), time.Hour, time.Date(2026, 11, 23, 14, 0, 0, 0, sh)},
		// Friday 17:00 + 2 h: 1 h Friday, then Monday 09:00–10:00.
		{"over a weekend", office, time.Date(2026, 11, 27, 17, 0, 0, 0, sh), 2 * h, time.Date(2026, 11, 30, 10, 0, 0, 0, sh)},
		// Friday 25 Sep 17:00 + 2 h: 1 h Friday, then the working Sunday.
		{"调休 working Sunday", office, time.Date(2026, 9, 25, 17, 0, 0, 0, sh), 2 * h, time.Date(2026, 9, 27, 10, 0, 0, 0, sh)},
		// Wednesday 30 Sep 17:00 + 24 business hours across the holiday
		// week: 1 h on the 30th, 8 h on Thu 8 and Fri 9 Oct (17 h), then
		// 7 h on the working Saturday 10 Oct: 09–12 and 13–17.
		{"24 h across the holiday week", office, time.Date(2026, 9, 30, 17, 0, 0, 0, sh), 24 * h, time.Date(2026, 10, 10, 17, 0, 0, 0, sh)},
		// Paris springs forward on 28 March 2027: that day has 23 hours.
		// Saturday 12:00 + 24 h of a 24-hour calendar = 12 h on Saturday and
		// 12 h on Sunday from 00:00 CET, which is 13:00 CEST.
		{"DST spring forward", allDayParis, time.Date(2027, 3, 27, 12, 0, 0, 0, paris), 24 * h, time.Date(2027, 3, 28, 13, 0, 0, 0, paris)},
		// Falls back on 31 October 2027 (25 hours): 12 h from 00:00 CEST is 11:00 CET.
		{"DST fall back", allDayParis, time.Date(2027, 10, 30, 12, 0, 0, 0, paris), 24 * h, time.Date(2027, 10, 31, 11, 0, 0, 0, paris)},
		// Office hours keep their wall-clock times across the change.
		{"office hours over DST", parisOffice, time.Date(2027, 3, 26, 16, 0, 0, 0, paris), 2 * h, time.Date(2027, 3, 29, 10, 0, 0, 0, paris)},
		{"zero", office, time.Date(2026, 11, 28, 3, 0, 0, 0, sh), 0, time.Date(2026, 11, 28, 3, 0, 0, 0, sh)},
	}
	for _, tt := range tests {
		got, err := tt.cal.Add(tt.start, tt.add)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: Add = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		// Between is Add's inverse.
		if tt.add > 0 {
			if back := tt.cal.Between(tt.start, got); back != tt.add {
				t.Errorf("%s: Between = %v, want %v", tt.name, back, tt.add)
			}
		}
	}
}

func TestCalendarBetweenAndNextOpen(t *testing.T) {
	t.Parallel()
	sh := load(t, "Asia/Shanghai")
	office := shanghaiOffice(t)
	mon := func(hh, mm int) time.Time { return time.Date(2026, 11, 23, hh, mm, 0, 0, sh) }
	if got := office.Between(mon(11, 0), mon(14, 0)); got != 2*h {
		t.Errorf("Between over lunch = %v", got)
	}
	if got := office.Between(mon(14, 0), mon(11, 0)); got != 0 {
		t.Errorf("reversed Between = %v", got)
	}
	// Friday 17:00 to Monday 10:00: 1 h + 1 h.
	if got := office.Between(time.Date(2026, 11, 27, 17, 0, 0, 0, sh), time.Date(2026, 11, 30, 10, 0, 0, 0, sh)); got != 2*h {
		t.Errorf("Between over the weekend = %v", got)
	}
	for _, tt := range []struct{ at, want time.Time }{
		{mon(10, 0), mon(10, 0)},
		{mon(12, 30), mon(13, 0)},
		{mon(18, 0), time.Date(2026, 11, 24, 9, 0, 0, 0, sh)},
		{time.Date(2026, 11, 28, 10, 0, 0, 0, sh), time.Date(2026, 11, 30, 9, 0, 0, 0, sh)},
		{time.Date(2026, 9, 30, 18, 30, 0, 0, sh), time.Date(2026, 10, 8, 9, 0, 0, 0, sh)},
	} {
		if got, err := office.NextOpen(tt.at); err != nil || !got.Equal(tt.want) {
			t.Errorf("NextOpen(%v) = %v, %v; want %v", tt.at, got, err, tt.want)
		}
	}
}

func TestCalendarValidation(t *testing.T) {
	t.Parallel()
	_, err := feedback.NewCalendar(feedback.CalendarSpec{
		Zone:      "Mars/Base",
		Week:      [7][]feedback.Window{1: {{From: 9 * h, To: 12 * h}, {From: 11 * h, To: 13 * h}}, 2: {{From: 10 * h, To: 9 * h}}, 3: {{From: 20 * h, To: 25 * h}}},
		Holidays:  []date.Date{date.New(2026, 10, 1)},
		ExtraDays: []date.Date{date.New(2026, 10, 1)},
	})
	var ve *feedback.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Field+":"+p.Code)
	}
	want := []string{"Zone:unknown_zone", "Week[Monday][1]:overlapping_windows", "Week[Tuesday][0]:invalid_window",
		"Week[Wednesday][0]:invalid_window", "ExtraDays:holiday_and_workday"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "UTC"}); !errors.Is(err, feedback.ErrInvalid) {
		t.Errorf("no working time: %v", err)
	}
	// Extra working days that would take an empty Monday's hours add no
	// working time: refused, with and without other working days.
	for _, spec := range []feedback.CalendarSpec{
		{Zone: "UTC", ExtraDays: []date.Date{date.New(2026, 1, 3)}},
		{Zone: "UTC", ExtraDays: []date.Date{date.New(2026, 1, 3)}, Week: [7][]feedback.Window{time.Tuesday: {{From: 9 * h, To: 17 * h}}}},
	} {
		_, err := feedback.NewCalendar(spec)
		var ve *feedback.ValidationError
		if !errors.As(err, &ve) || ve.Problems[0].Code != "no_working_time" {
			t.Errorf("extra days without hours: %v", err)
		}
	}
	// A calendar whose only working day is past is bounded, not endless.
	once, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "UTC", ExtraDays: []date.Date{date.New(2026, 1, 3)},
		ExtraHours: []feedback.Window{{From: 9 * h, To: 18 * h}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := once.Add(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Hour); !errors.Is(err, feedback.ErrNoWorkingTime) {
		t.Errorf("unreachable working time: %v", err)
	}
	if _, err := once.NextOpen(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, feedback.ErrNoWorkingTime) {
		t.Errorf("NextOpen: %v", err)
	}
	// 24×7.
	always, _ := feedback.NewCalendar(feedback.CalendarSpec{Zone: "UTC", AlwaysOpen: true})
	at := time.Date(2026, 11, 28, 23, 0, 0, 0, time.UTC)
	if got, _ := always.Add(at, 24*h); !got.Equal(at.Add(24 * h)) {
		t.Errorf("24x7 Add = %v", got)
	}
}
