package feedback_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/pdftest"
)

// November's feedback report as PDF in both languages, read back by
// pdftotext.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	r, err := feedback.BuildReport(reportInput(t))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Document(t, "report-zh", r.Document(language.SimplifiedChinese), "客户反馈报告", "满意度", "SLA内解决率 66.7 %", "￥1,100.00", "改进措施")
	pdftest.Document(t, "report-en", r.Document(language.English), "Customer feedback report", "CSAT 66.7 % (2/3)", "CN¥1,100.00",
		"Improvement actions")
}
