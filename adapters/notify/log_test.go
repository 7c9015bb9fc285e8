package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"log/slog"

	"github.com/travelkit/travelkit/adapters/notify"
)

func TestLogMasksPersonalData(t *testing.T) {
	t.Parallel()
	for _, show := range []bool{false, true} {
		var buf bytes.Buffer
		l := notify.Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), ShowPersonalData: show}
		if err := l.Notify(context.Background(), note()); err != nil {
			t.Fatal(err)
		}
		var rec map[string]any
		if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["event_id"] != "ev-1" || rec["language"] != "zh-CN" || rec["type"] != "quote.issued" {
			t.Errorf("log record %v", rec)
		}
		want := map[bool][3]string{
			false: {"w***@example.com", "[7 characters redacted]", "[32 characters redacted]"},
			true:  {"wang.lei@example.com", "报价单 Q-1", note().Body},
		}[show]
		if rec["recipient"] != want[0] || rec["subject"] != want[1] || rec["body"] != want[2] {
			t.Errorf("show=%v: recipient %q subject %q body %q", show, rec["recipient"], rec["subject"], rec["body"])
		}
		if !show && (strings.Contains(buf.String(), "王磊") || strings.Contains(buf.String(), "wang.lei")) {
			t.Errorf("personal data in the log: %s", buf.String())
		}
	}
}

func TestMasks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ got, want string }{
		{notify.MaskEmail("wang.lei@example.com"), "w***@example.com"},
		{notify.MaskEmail("王磊@例子.中国"), "王***@例子.中国"},
		{notify.MaskEmail("no-at-sign"), "[10 characters redacted]"},
		{notify.MaskPhone("+86 138 0000 1234"), "*********1234"},
		{notify.MaskPhone("123"), "***"},
		{notify.MaskDocument("E12345678"), "******678"},
		{notify.MaskDocument("AB"), "**"},
		{notify.MaskText(""), ""},
		{notify.MaskRecipient("+33 1 23 45 67 89"), "*******6789"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
