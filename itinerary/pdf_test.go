package itinerary_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/internal/pdftest"
	"github.com/travelkit/travelkit/itinerary"
)

// Case 1's day-by-day plan as PDF in both languages: a section a day,
// read back by pdftotext.
func TestPlanPDF(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang language.Tag
		name string
		want []string
	}{
		{language.SimplifiedChinese, "zh", []string{"第1天", "第11天", "航班"}},
		{language.English, "en", []string{"Day 1", "Day 11", "Flight"}},
		{language.TraditionalChinese, "zh-Hant", []string{"第1天", "羅馬", "巴塞隆納", "航班"}},
	} {
		d, err := itinerary.Document(trip, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		text := pdftest.Document(t, "case1-plan-"+c.name, d, c.want...)
		i18ntest.Reads(t, c.lang, "plan", text)
	}
}
