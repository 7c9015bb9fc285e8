package contract_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/internal/golden"
)

// wellFormed reads an HTML page with an independent tokenizer and checks
// that every element that is not void is closed, in order.
func wellFormed(t *testing.T, page []byte) {
	t.Helper()
	void := map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "link": true, "input": true}
	z := html.NewTokenizer(bytes.NewReader(page))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(stack) > 0 {
				t.Fatalf("unclosed elements %v", stack)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !void[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// Golden documents of case 1: the contract and the confirmation letter,
// as text and HTML, in both languages; the HTML read back by a parser.
func TestGoldenDocuments(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	cat := contract.DefaultCatalogue()
	letter := contract.LetterInput{Booking: f.booking, Schedule: f.schedule, Quote: f.quote, Trip: f.trip, Scale: booking.OutboundTraveller(),
		Emergency: "+86 138 0000 0000 (陈静, 24 h)", Requirements: []string{"Passport valid until 11 Nov 2027 or later", "Schengen visa"}}
	for _, lang := range []struct {
		tag  language.Tag
		name string
	}{{language.SimplifiedChinese, "zh"}, {language.English, "en"}, {language.TraditionalChinese, "zh-Hant"}} {
		for _, doc := range []struct {
			name string
			text func(io.Writer) error
			html func(io.Writer) error
		}{
			{"contract", func(w io.Writer) error { return cat.RenderText(w, &f.c, lang.tag) }, func(w io.Writer) error { return cat.RenderHTML(w, &f.c, lang.tag) }},
			{"letter", func(w io.Writer) error { return contract.RenderLetterText(w, letter, lang.tag) },
				func(w io.Writer) error { return contract.RenderLetterHTML(w, letter, lang.tag) }},
		} {
			var text, page bytes.Buffer
			if err := doc.text(&text); err != nil {
				t.Fatal(err)
			}
			if err := doc.html(&page); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "case1-"+doc.name+"-"+lang.name+".txt", text.Bytes())
			golden.Check(t, "case1-"+doc.name+"-"+lang.name+".html", page.Bytes())
			wellFormed(t, page.Bytes())
		}
	}
}

// Text from the contract is escaped in HTML, never markup.
func TestHTMLEscapesContractText(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	f.c.Agency.Name = `<script>alert("x")</script> & Co`
	var page bytes.Buffer
	if err := contract.DefaultCatalogue().RenderHTML(&page, &f.c, language.English); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "<script>") || !strings.Contains(page.String(), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co") {
		t.Errorf("agency name not escaped")
	}
	wellFormed(t, page.Bytes())
	if err := contract.DefaultCatalogue().RenderText(io.Discard, nil, language.English); !errors.Is(err, contract.ErrInvalid) {
		t.Errorf("rendering nothing: %v", err)
	}
	if err := contract.RenderLetterText(io.Discard, contract.LetterInput{}, language.English); !errors.Is(err, contract.ErrInvalid) {
		t.Errorf("a letter of nothing: %v", err)
	}
}

// A traveller's name with line breaks cannot forge a price block in the
// text letter or the text contract: each name stays on its own line.
func TestNamesCannotForgeLinesOfTheTextDocuments(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	forged := "WANG\n\nPrice\n  Total  1.00 CNY (paid in full)"
	b := f.booking
	b.Travellers = append([]booking.Traveller(nil), b.Travellers...)
	b.Travellers[0].Surname = forged
	letter := contract.LetterInput{Booking: b, Schedule: f.schedule, Quote: f.quote, Trip: f.trip, Scale: booking.OutboundTraveller(),
		Emergency: "+86 138 0000 0000\r\nTotal 0.00", Requirements: []string{"passport\u2028Total 0.00"}}
	var out strings.Builder
	if err := contract.RenderLetterText(&out, letter, language.English); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if trimmed := strings.TrimSpace(line); trimmed == "Price" || strings.HasPrefix(trimmed, "Total  1.00") ||
			strings.HasPrefix(trimmed, "Total 0.00") || strings.ContainsAny(line, "\r\u2028") {
			t.Errorf("a forged line: %q", line)
		}
	}
	if !strings.Contains(out.String(), "WANG  PRICE   TOTAL  1.00 CNY (PAID IN FULL)/LEI") {
		t.Errorf("the name is not kept on its line:\n%s", out.String())
	}
	if b.Travellers[0].Surname != forged || f.booking.Travellers[0].Surname == forged {
		t.Error("rendering changed the booking")
	}
}

// A letter without an emergency contact or document requirements says
// whom to call and whom to ask, never "none" of what the customer needs.
func TestLetterSaysWhatToDoInsteadOfNone(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	in := contract.LetterInput{Booking: f.booking, Schedule: f.schedule, Quote: f.quote, Trip: f.trip, Scale: booking.OutboundTraveller(),
		Agency: contract.Agency{Name: "北京环球旅行社", Phone: "010-65000000"}}
	var zh, en bytes.Buffer
	if err := contract.RenderLetterText(&zh, in, language.SimplifiedChinese); err != nil {
		t.Fatal(err)
	}
	if err := contract.RenderLetterText(&en, in, language.English); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want, not string }{
		{zh.String(), "旅行社电话 010-65000000", "  无\n"},
		{zh.String(), "护照和签证要求请向您的旅游顾问确认", "  无\n"},
		{en.String(), "the agency on 010-65000000", "  none\n"},
		{en.String(), "Ask your travel consultant for the passport and visa requirements", "  none\n"},
	} {
		if !strings.Contains(c.text, c.want) || strings.Contains(c.text, c.not) {
			t.Errorf("want %q and no %q:\n%s", c.want, c.not, c.text)
		}
	}
	in.Agency = contract.Agency{}
	zh.Reset()
	_ = contract.RenderLetterText(&zh, in, language.SimplifiedChinese)
	if strings.Contains(zh.String(), "紧急联系") {
		t.Errorf("an emergency section with no one to call:\n%s", zh.String())
	}
}
