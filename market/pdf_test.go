package market_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/pdftest"
)

// The market report as PDF in both languages, read back by pdftotext.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	r := report(t)
	pdftest.Document(t, "report-zh", r.Document(language.SimplifiedChinese), "市场调研报告", "价格定位", "方法", "无位可售")
	pdftest.Document(t, "report-en", r.Document(language.English), "Market research report", "Price position", "Method", "not available")
}
