package feedback_test

import (
	"testing"
	"time"

	"github.com/travelkit/travelkit/feedback"
)

// BenchmarkDueAcrossHolidayWeek: the due time of a 24-business-hour target
// that spans the National Day week.
func BenchmarkDueAcrossHolidayWeek(b *testing.B) {
	office := shanghaiOffice(b)
	start := time.Date(2026, 9, 30, 17, 0, 0, 0, load(b, "Asia/Shanghai"))
	want := time.Date(2026, 10, 10, 17, 0, 0, 0, load(b, "Asia/Shanghai"))
	b.ReportAllocs()
	for b.Loop() {
		due, err := office.Add(start, 24*time.Hour)
		if err != nil || !due.Equal(want) {
			b.Fatal(due, err)
		}
	}
}

// BenchmarkSLAStatus: a complaint's SLA at an instant, from its timeline.
func BenchmarkSLAStatus(b *testing.B) {
	c := open(b)
	apply(b, c, feedback.Acknowledge, shAt(b, 23, 10, 30))
	now := shAt(b, 25, 15, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.SLA(now); err != nil {
			b.Fatal(err)
		}
	}
}
