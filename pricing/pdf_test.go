package pricing_test

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/internal/pdftest"
	"github.com/travelkit/travelkit/pricing"
)

// Case 1's quote as PDF in both languages, headed by the agency and the
// customer like the contract, read back by pdftotext.
func TestQuotePDF(t *testing.T) {
	t.Parallel()
	q, v := case1Doc(t)
	v.Agency = pricing.Party{Name: "北京环球旅行社有限公司", Licence: "L-BJ-CJ00123", Phone: "+86 10 6500 0000", Contact: "陈静"}
	v.Customer = pricing.Party{Name: "王磊", Phone: "+86 139 0000 0000"}
	total := pricing.NewFormatter(language.SimplifiedChinese).Format(q.Totals.Total)
	for _, c := range []struct {
		lang language.Tag
		name string
		want []string
	}{
		{language.SimplifiedChinese, "zh-CN", []string{"报价单", "旅行社：北京环球旅行社有限公司", "客户：王磊", "北京当地时间", "付款计划", total}},
		{language.English, "en", []string{"Quote", "Agency: 北京环球旅行社有限公司", "Customer: 王磊", "Payment schedule"}},
		{language.TraditionalChinese, "zh-Hant", []string{"報價單", "旅行社：北京环球旅行社有限公司", "客戶：王磊", "付款計劃"}},
	} {
		v.Lang, v.Place = c.lang, "Beijing"
		if c.name != "en" {
			v.Place = "北京"
		}
		d, err := pricing.QuoteDocument(q, v)
		if err != nil {
			t.Fatal(err)
		}
		text := pdftest.Document(t, "case1-quote-document."+c.name, d, c.want...)
		i18ntest.Reads(t, c.lang, "quote", text, "北京环球旅行社有限公司", "王磊", "陈静")
		if !strings.HasPrefix(d.Header, "北京环球旅行社有限公司") {
			t.Errorf("header %q", d.Header)
		}
	}
	if _, err := pricing.QuoteDocument(nil, v); err == nil {
		t.Error("a document of no quote")
	}
}
