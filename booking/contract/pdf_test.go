package contract_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/document/pdf"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/internal/pdftest"
)

// The contract and the confirmation letter of case 1 as PDF in both
// languages, read back by pdftotext: the text is the golden file's, every
// page carries the header and its number, amounts and Chinese read as
// written; the first page of the Chinese contract is rendered to PNG for a
// person to look at.
func TestPDFDocuments(t *testing.T) {
	t.Parallel()
	font, bold := pdftest.Font(t), pdftest.Bold(t)
	f := newFixture(t, "GF-2014-2402")
	cat := contract.DefaultCatalogue()
	letter := contract.LetterInput{Booking: f.booking, Schedule: f.schedule, Quote: f.quote, Trip: f.trip, Scale: booking.OutboundTraveller(),
		Emergency: "+86 138 0000 0000 (陈静, 24 h)", Requirements: []string{"Passport valid until 11 Nov 2027 or later", "Schengen visa"}}
	for _, c := range []struct {
		lang      language.Tag
		name      string
		want      []string
		wantPages int
	}{
		{language.SimplifiedChinese, "zh", []string{"旅游合同", "北京", "签约"}, 3},
		{language.English, "en", []string{"travel contract", "Signatures"}, 3},
		{language.TraditionalChinese, "zh-Hant", []string{"旅遊合同", "當地時間", "簽署"}, 3},
	} {
		for _, doc := range []struct {
			name  string
			build func() (document.Document, error)
		}{
			{"contract", func() (document.Document, error) { return cat.Document(&f.c, c.lang) }},
			{"letter", func() (document.Document, error) { return contract.LetterDocument(letter, c.lang) }},
		} {
			d, err := doc.build()
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := pdf.Render(&out, d, pdf.Options{Font: font, Bold: bold, Created: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			text := pdftest.Text(t, out.Bytes())
			golden.Check(t, "case1-"+doc.name+"-"+c.name+".pdf.txt", []byte(text))
			i18ntest.Reads(t, c.lang, doc.name, text, contractData...)
			pages := pdftest.Pages(t, out.Bytes())
			if pages < 1 || strings.Count(text, d.Header) != pages {
				t.Errorf("%s %s: %d pages, the header %q %d times", doc.name, c.name, pages, d.Header, strings.Count(text, d.Header))
			}
			if n := strconv.Itoa(pages); !regexp.MustCompile(`(?m)^1 ?/ ?`+n+`$`).MatchString(text) || !regexp.MustCompile(`(?m)^`+n+` ?/ ?`+n+`$`).MatchString(text) {
				t.Errorf("%s %s: page numbers missing", doc.name, c.name)
			}
			if !strings.Contains(text, strings.ReplaceAll(f.c.Price.Total.String(), "CNY ", "")) && !strings.Contains(text, "25,294.31") &&
				!strings.Contains(text, "25294.31") {
				t.Errorf("%s %s: the total is not in the text", doc.name, c.name)
			}
			if doc.name == "contract" {
				for _, w := range c.want {
					if !strings.Contains(text, w) {
						t.Errorf("contract %s: %q not in the text", c.name, w)
					}
				}
				if c.name == "zh" {
					pdftest.PNG(t, out.Bytes(), 1, "testdata/case1-contract-zh-page1.png")
				}
			}
		}
	}
}

// contractData is what the fixture wrote in Chinese — names, addresses,
// grades, consents, the arbitration body, and the places of the sheet,
// drafted in the customer's Simplified Chinese — which a reader of any
// language sees as written.
var contractData = []string{"北京环球旅行社有限公司", "北京市朝阳区建国路 1 号", "陈静", "四星级", "（官方评定）", "不同意", "同意", "北京仲裁委员会",
	"北京市文化和旅游局", "巴塞罗那", "罗马", "巴黎", "北京"}
