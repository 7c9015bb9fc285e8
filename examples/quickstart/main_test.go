package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"== Quote Q-2026-1127-001 v1",
		"Total",
		"CN¥84,314.38",
		"deposit  2026-11-27",
		"== 报价单 Q-2026-1127-001 v1",
		"总价",
		"￥84,314.38",
		"定金",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
