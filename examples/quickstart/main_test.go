package main

import (
	"bytes"
	"context"
	"path/filepath"
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
		"== Quote ",
		"== 报价单 ",
		"deposit ",
		"定金",
		"type=quote.accepted",
		"== case 2: complaint",
		"SLA first response: met in 25m0s; resolution: met in 2h10m0s of 24h0m0s (paused 11h40m0s)",
		"type=complaint.opened",
		"5 events delivered",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
