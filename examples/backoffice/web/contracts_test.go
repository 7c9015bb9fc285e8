package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var contractTitle = regexp.MustCompile(`<h1>(?:Travel contract|旅游合同) ([^ ]+) ·`)

// The travel contract of case 1's booking: drafted with a vague hotel
// grade it shows the blocking finding in place and cannot be signed;
// drafted again with the official grade it is signed, and the contract
// and the confirmation letter open as print-ready documents.
func TestContractOnTheScreens(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	ref := bookCase1(t, a, b)
	status, body := b.post("/bookings/"+ref+"/contract", url.Values{"grade": {"准四星级"}})
	m := contractTitle.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil || !strings.Contains(body, "VAGUE_STANDARD") || !strings.Contains(body, "未签署") {
		t.Fatalf("vague grade: %d %s", status, body)
	}
	number := m[1]
	if status, body := b.post("/contracts/"+number+"/sign", nil); status != http.StatusConflict || !strings.Contains(body, "VAGUE_STANDARD") {
		t.Errorf("signing with a blocking finding: %d", status)
	}
	if status, body := b.post("/bookings/"+ref+"/contract", url.Values{"grade": {"四星级（官方评定）"}}); status != http.StatusOK ||
		strings.Contains(body, `class="finding blocking"`) {
		i := strings.Index(body, `id="findings"`)
		t.Fatalf("official grade: %d %s", status, body[max(i, 0):min(len(body), max(i, 0)+3000)])
	}
	if status, body := b.post("/contracts/"+number+"/sign", nil); status != http.StatusOK || !strings.Contains(body, "已签署") {
		t.Fatalf("sign: %d %s", status, body)
	}
	resp, err := b.c.Get(b.base + "/contracts/" + number + "/document?format=html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("contract document: %d %v", resp.StatusCode, resp.Header)
	}
	if status, doc := b.get("/contracts/" + number + "/document"); status != http.StatusOK || !strings.Contains(doc, number) {
		t.Errorf("contract as text: %d", status)
	}
	if status, letter := b.get("/bookings/" + ref + "/letter"); status != http.StatusOK || !strings.Contains(letter, ref) {
		t.Errorf("confirmation letter: %d", status)
	}
}

// bookCase1 logs, proposes, accepts and books case 1 on the screens and
// returns the booking's reference.
func bookCase1(t *testing.T, a *app, b *browser) string {
	t.Helper()
	_, body := b.post("/inquiries", url.Values{"customer_id": {"wang-lei"}, "channel": {"wechat"}, "destinations": {"Europe"},
		"earliest": {"2027-04-30"}, "latest": {"2027-05-02"}, "min_days": {"9"}, "max_days": {"11"},
		"party": {"1985-03-12, 1987-07-30, 2018-09-15"}, "budget": {"30000"}})
	id := regexpInquiry(body)
	b.post("/inquiries/"+id+"/qualify", url.Values{"version": {regexpVersion(body)}})
	_, body = b.post("/inquiries/"+id+"/propose", url.Values{"product": {"EU-CLASSIC-10"}, "departure": {"2027-05-01"},
		"travellers": {"WANG, Lei\nLI, Mei\nWANG, Xiaoyu"}})
	m := quotePath.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no quote: %s", body)
	}
	b.post("/quotes/"+m[2]+"/accept", url.Values{"version": {m[1]}})
	_, body = b.post("/quotes/"+m[2]+"/book", url.Values{"version": {m[1]}, "payer": {"WANG LEI"},
		"documents": {"E12345678, 2031-06-30\nE23456789, 2031-06-30\nE34567890, 2031-06-30"}})
	mb := bookingPath.FindStringSubmatch(body)
	if mb == nil {
		t.Fatalf("no booking: %s", body)
	}
	return mb[1]
}
