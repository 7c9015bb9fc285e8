package market_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/internal/pdftest"
)

// The market report as PDF in both languages, read back by pdftotext.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	r := report(t)
	for _, c := range []struct {
		lang language.Tag
		name string
		want []string
	}{
		{language.SimplifiedChinese, "zh", []string{"市场调研报告", "价格定位", "方法", "无位可售"}},
		{language.English, "en", []string{"Market research report", "Price position", "Method", "not available"}},
		{language.TraditionalChinese, "zh-Hant", []string{"市場調研報告", "價格定位", "無位可售"}},
	} {
		text := pdftest.Document(t, "report-"+c.name, r.Document(c.lang), c.want...)
		i18ntest.Reads(t, c.lang, "market report", text)
	}
}
