package chart_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/pdftest"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/kpi/chart"
	"github.com/travelkit/travelkit/pricing"
)

func cny(s string) pricing.Money {
	m, _ := pricing.Parse(s, "CNY")
	return m
}

func cards(t *testing.T) []kpi.Card {
	var out []kpi.Card
	resp := []int{20, 0, 25}
	sat := []int{15, 0, 21}
	for i, p := range kpi.Month(2026, time.November).Last(3) {
		c, err := kpi.Score(kpi.Scope{Kind: "consultant", ID: "chen"}, p, kpi.Figures{Responses: resp[i], Satisfied: sat[i],
			NetSales: cny("100.00"), PrevNetSales: cny("90.00")}, []kpi.Definition{kpi.DefaultDefinitions()[0]})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// texts parses an SVG as XML and returns every text it draws.
func texts(t *testing.T, svg []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var out []string
	inText := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			inText = v.Name.Local == "text"
		case xml.CharData:
			if inText {
				out = append(out, strings.TrimSpace(string(v)))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

// The KPI trend parses as SVG and carries its values, the no-data
// period, the target and the period labels; the PNG decodes.
func TestTrendCarriesValues(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := chart.Trend(&b, cards(t), kpi.CSAT, language.English, chart.SVG); err != nil {
		t.Fatal(err)
	}
	words := texts(t, b.Bytes())
	all := strings.Join(words, "|")
	for _, want := range []string{"Customer satisfaction", "75.00%", "no data", "84.00%", "target ≥ 80%", "2026-09", "2026-10", "2026-11"} {
		if !strings.Contains(all, want) {
			t.Errorf("the chart lacks %q: %s", want, all)
		}
	}
	// The axis runs from 0 to 100 %, not squeezed around the values; the
	// period without data is named in the legend too.
	for _, tick := range []string{"0", "100"} {
		if !slices.Contains(words, tick) {
			t.Errorf("the axis has no %s tick: %s", tick, all)
		}
	}
	if strings.Count(all, "no data") < 2 {
		t.Errorf("no legend entry for the period without data: %s", all)
	}
	b.Reset()
	if err := chart.Trend(&b, cards(t), kpi.CSAT, language.SimplifiedChinese, chart.PNG); err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(&b); err != nil || img.Bounds().Dx() == 0 {
		t.Errorf("png: %v", err)
	}
	if err := chart.Trend(io.Discard, cards(t), "nps", language.English, chart.SVG); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("unknown KPI: %v", err)
	}
	if err := chart.Trend(io.Discard, cards(t), kpi.CSAT, language.English, "gif"); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestBurnUpCarriesAmounts(t *testing.T) {
	t.Parallel()
	plan := kpi.Plan{Consultant: "chen", Year: 2026, Month: time.November, Target: cny("300000.00"), TargetBookings: 10}
	daily := []pricing.Money{cny("10000.00"), cny("0.00"), cny("25000.50"), cny("14999.50")}
	pr, err := plan.Track(cny("50000.00"), 3, date.New(2026, 11, 4), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := chart.BurnUp(&b, pr, daily, language.English, chart.SVG); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(texts(t, b.Bytes()), "|")
	for _, want := range []string{"CN¥50,000.00", "forecast CN¥375,000.00", "target CN¥300,000.00", "2026-11"} {
		if !strings.Contains(all, want) {
			t.Errorf("the burn-up lacks %q: %s", want, all)
		}
	}
	if err := chart.BurnUp(io.Discard, pr, nil, language.English, chart.SVG); !errors.Is(err, kpi.ErrInvalid) {
		t.Errorf("no days: %v", err)
	}
}

// The HTML scorecard is well formed and embeds one chart per KPI.
func TestHTMLScorecard(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := chart.HTML(&b, cards(t), language.SimplifiedChinese); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	svgs := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "svg" {
			svgs++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if svgs != 1 || !strings.Contains(b.String(), "客户满意度") || !strings.Contains(b.String(), "无数据") {
		t.Errorf("%d charts in\n%.600s", svgs, b.String())
	}
}

// darkAbove counts the dark pixels in the top share of a PNG: where the
// title is drawn.
func darkAbove(t *testing.T, b []byte, share float64) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Min.Y+int(float64(r.Dy())*share); y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if cr, cg, cb, _ := img.At(x, y).RGBA(); cr+cg+cb < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

// With a CJK font the Chinese title is drawn in the PNG — without one the
// built-in fonts have no glyph for it — and the chart is written to
// testdata for a person to look at.
func TestTrendPNGDrawsChineseWithAFont(t *testing.T) {
	t.Parallel()
	font := pdftest.Font(t)
	var plain, cjk bytes.Buffer
	if err := chart.Trend(&plain, cards(t), kpi.CSAT, language.SimplifiedChinese, chart.PNG); err != nil {
		t.Fatal(err)
	}
	if err := chart.Trend(&cjk, cards(t), kpi.CSAT, language.SimplifiedChinese, chart.PNG, chart.WithFont(font.SFNT())); err != nil {
		t.Fatal(err)
	}
	without, with := darkAbove(t, plain.Bytes(), 0.1), darkAbove(t, cjk.Bytes(), 0.1)
	if with < 2*without+200 {
		t.Errorf("the title's ink: %d pixels with the CJK font, %d without", with, without)
	}
	if err := os.WriteFile("testdata/trend-zh.png", cjk.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := chart.Trend(&svg, cards(t), kpi.CSAT, language.SimplifiedChinese, chart.SVG, chart.WithFont(font.SFNT())); err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(texts(t, svg.Bytes()), "|"); !strings.Contains(all, "客户满意度") || !strings.Contains(all, "无数据") ||
		!strings.Contains(svg.String(), "Noto Sans CJK SC") {
		t.Errorf("the SVG's texts: %s", all)
	}
}

// A year of months does not crowd the axis: at most eight period labels,
// the latest among them.
func TestTrendThinsPeriodLabels(t *testing.T) {
	t.Parallel()
	var year []kpi.Card
	for _, p := range kpi.Month(2026, time.November).Last(12) {
		c, err := kpi.Score(kpi.Scope{Kind: "agency", ID: "bj"}, p, kpi.Figures{Responses: 10, Satisfied: 8}, []kpi.Definition{kpi.DefaultDefinitions()[0]})
		if err != nil {
			t.Fatal(err)
		}
		year = append(year, c)
	}
	var b bytes.Buffer
	if err := chart.Trend(&b, year, kpi.CSAT, language.English, chart.SVG); err != nil {
		t.Fatal(err)
	}
	var periods []string
	for _, w := range texts(t, b.Bytes()) {
		if strings.HasPrefix(w, "2026-") || strings.HasPrefix(w, "2025-") {
			periods = append(periods, w)
		}
	}
	if len(periods) > 8 || len(periods) < 4 || periods[len(periods)-1] != "2026-11" {
		t.Errorf("period labels %v", periods)
	}
}
