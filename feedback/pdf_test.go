package feedback_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
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
	for _, c := range []struct {
		lang language.Tag
		name string
		want []string
	}{
		{language.SimplifiedChinese, "zh", []string{"客户反馈报告", "满意度", "SLA内解决率 66.7 %", "￥1,100.00", "改进措施"}},
		{language.English, "en", []string{"Customer feedback report", "CSAT 66.7 % (2/3)", "CN¥1,100.00", "Improvement actions"}},
		{language.TraditionalChinese, "zh-Hant", []string{"客戶反饋報告", "滿意度", "改進措施"}},
	} {
		text := pdftest.Document(t, "report-"+c.name, r.Document(c.lang), c.want...)
		i18ntest.Reads(t, c.lang, "feedback report", text)
	}
}
