package chart_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/kpi/chart"
)

// Three months of customer satisfaction against the 80 % line, as SVG.
func ExampleTrend() {
	var cards []kpi.Card
	for i, p := range kpi.Month(2026, time.November).Last(3) {
		c, _ := kpi.Score(kpi.Scope{Kind: "agency", ID: "bj"}, p, kpi.Figures{Responses: 100, Satisfied: 78 + 2*i},
			[]kpi.Definition{kpi.DefaultDefinitions()[0]})
		cards = append(cards, c)
	}
	var svg bytes.Buffer
	if err := chart.Trend(&svg, cards, kpi.CSAT, language.English, chart.SVG); err != nil {
		fmt.Println(err)
		return
	}
	s := svg.String()
	fmt.Println(strings.Contains(s, "<svg"), strings.Contains(s, "78.00%"), strings.Contains(s, "82.00%"), strings.Contains(s, "target ≥ 80%"))
	// Output: true true true true
}
