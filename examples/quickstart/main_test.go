package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "q.db")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Day 1 · Sat 1 May 2027 · Beijing → Paris",
		"第1天 · 2027年5月1日 星期六 · Beijing → Paris",
		"Supplier Hotel Pantheon Garden, contract C-PANTHEON-2027 v1: meets the procurement standards",
		"Hotel Pantheon Garden, family-3, 1 night from Tue 4 May (shoulder season)",
		"Hotel Pantheon Garden, family-3, 2 nights from Wed 5 May (high season)",
		"Quote Q-",
		"报价单 Q-",
		"(Beijing time, UTC+8)",
		"Deposit ",
		"定金",
		"type=quote.accepted",
		"Complaint C-",
		"First response: met, used 25 min of 1 h",
		"Resolution: met, used 2 h 10 min of 24 h (paused 11 h 40 min)",
		"解决：已达成",
		"type=complaint.opened",
		"9 events delivered",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// What people read shows references, local times and places, never
	// machine IDs, UTC timestamps or zone IDs; the operators' log after it
	// masks personal data.
	documents, log, _ := strings.Cut(out.String(), "== notifications ==")
	for _, bad := range []*regexp.Regexp{regexp.MustCompile(`[0-9a-f]{32}`), regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`),
		regexp.MustCompile(`(Asia|Europe)/[A-Z]`)} {
		if m := bad.FindString(documents); m != "" {
			t.Errorf("documents show %q", m)
		}
	}
	if strings.Contains(log, "wang.lei@") || strings.Contains(log, "王磊") {
		t.Error("the log shows personal data")
	}
}
