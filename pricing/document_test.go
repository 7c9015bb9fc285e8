package pricing_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/pricing"
)

func case1Doc(t *testing.T) (*pricing.Quote, pricing.QuoteView) {
	t.Helper()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	req.QuoteID = "c1c9f1c76601d67e8f9c48bfe4836946" // a machine ID, as the agency makes them
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	s, err := pricing.Schedule(q.Totals.Total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 45},
		date.New(2026, 11, 27), q.TravelDate)
	if err != nil {
		t.Fatal(err)
	}
	return q, pricing.QuoteView{Zone: shanghai, Place: "Beijing", Schedule: &s}
}

func TestRenderQuoteTextGolden(t *testing.T) {
	t.Parallel()
	q, v := case1Doc(t)
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		v.Lang = lang
		var b bytes.Buffer
		if err := pricing.RenderQuoteText(&b, q, v); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "case1-quote."+map[language.Tag]string{language.English: "en", language.SimplifiedChinese: "zh-CN"}[lang]+".txt", b.Bytes())
		text := b.String()
		if regexp.MustCompile(`[0-9a-f]{16,}|\d{4}-\d\d-\d\dT|Asia/`).MatchString(text) {
			t.Errorf("%s quote shows a machine ID, timestamp or zone ID:\n%s", lang, text)
		}
		if strings.Contains(text, "margin") || strings.Contains(text, "毛利") {
			t.Errorf("%s customer quote shows the margin", lang)
		}
	}
	v.Lang, v.Internal = language.English, true
	var b bytes.Buffer
	_ = pricing.RenderQuoteText(&b, q, v)
	if !strings.Contains(b.String(), "Margin") {
		t.Error("internal view lacks the margin")
	}
}

// A quote without taxes or a schedule prints no heading for them.
func TestRenderQuoteLeavesOutEmptySections(t *testing.T) {
	t.Parallel()
	req := baseRequest(t, []pricing.LineInput{line(t, "hotel", pricing.CategoryLodging, pricing.PerGroup, "100", 1)})
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := pricing.RenderQuoteText(&b, q, pricing.QuoteView{Lang: language.English}); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"Payment schedule", "of which tax", "Exchange rate", "Transport", "Meals"} {
		if strings.Contains(b.String(), absent) {
			t.Errorf("prints %q:\n%s", absent, b.String())
		}
	}
	if !strings.Contains(b.String(), "Quote Q1 · version 1") || !strings.Contains(b.String(), "(UTC)") {
		t.Errorf("header:\n%s", b.String())
	}
	if err := pricing.RenderQuoteText(&b, nil, pricing.QuoteView{}); err == nil {
		t.Error("nil quote rendered")
	}
}

// The HTML is read back by an independent parser (Python's html.parser):
// every amount of the text rendering stands in a table cell, and text that
// looks like markup stays text.
func TestRenderQuoteHTMLAgainstAParser(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed; skipping the check against its HTML parser")
	}
	q, v := case1Doc(t)
	q.Lines[0].Description = `<script>alert("x")</script> & "AF 381"`
	v.Lang = language.SimplifiedChinese
	var page bytes.Buffer
	if err := pricing.RenderQuoteHTML(&page, q, v); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "case1-quote.zh-CN.html", page.Bytes())
	cmd := exec.Command("python3", "-c", `
import sys, json
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.cells = []; self.cell = None; self.scripts = 0; self.lang = None
    def handle_starttag(self, tag, attrs):
        if tag == "td": self.cell = ""
        if tag == "script": self.scripts += 1
        if tag == "html": self.lang = dict(attrs).get("lang")
    def handle_endtag(self, tag):
        if tag == "td": self.cells.append(self.cell); self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell += data
p = P(); p.feed(sys.stdin.read()); p.close()
print(json.dumps({"cells": p.cells, "scripts": p.scripts, "lang": p.lang}))
`)
	cmd.Stdin = &page
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Cells   []string `json:"cells"`
		Scripts int      `json:"scripts"`
		Lang    string   `json:"lang"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.Scripts != 0 || parsed.Lang != "zh-CN" || parsed.Cells[0] != q.Lines[0].Description {
		t.Errorf("scripts %d, lang %q, first cell %q", parsed.Scripts, parsed.Lang, parsed.Cells[0])
	}
	cells := strings.Join(parsed.Cells, "\n")
	f := pricing.NewFormatter(language.SimplifiedChinese)
	for _, l := range q.Lines {
		if !strings.Contains(cells, f.Format(l.Total)) {
			t.Errorf("line %s amount %s not in a cell", l.ID, f.Format(l.Total))
		}
	}
	for _, want := range []string{f.Format(q.Totals.Total), "定金", "尾款", "成人", "儿童"} {
		if !strings.Contains(cells, want) {
			t.Errorf("no cell holds %q", want)
		}
	}
}
