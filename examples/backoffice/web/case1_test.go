package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	quotePath   = regexp.MustCompile(`<h1>(?:Quote|报价) [^ ]+ v(\d+)<span hidden id="quote-id">([^<]+)</span>`)
	bookingPath = regexp.MustCompile(`<h1>(TK-[^ ]+) ·`)
	depositLine = regexp.MustCompile(`deposit</td><td>[^<]+</td><td>([0-9.]+) CNY`)
	keepBox     = regexp.MustCompile(`name="keep" value="([^"]+)" checked> ([^<]+)<`)
)

// Case 1 on the screens, as the consultant works it: the inquiry logged,
// its needs confirmed, the recommended product proposed for the family,
// the quote read and accepted, the booking made, and the deposit paid by
// the bank statement.
func TestCase1OnTheScreens(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	status, body := b.post("/inquiries", url.Values{"customer_id": {"wang-lei"}, "channel": {"wechat"}, "destinations": {"Europe"},
		"earliest": {"2027-04-30"}, "latest": {"2027-05-02"}, "min_days": {"9"}, "max_days": {"11"},
		"party": {"1985-03-12, 1987-07-30, 2018-09-15"}, "budget": {"30000"}})
	if status != http.StatusOK {
		t.Fatalf("log: %d", status)
	}
	id := regexpInquiry(body)
	status, body = b.post("/inquiries/"+id+"/qualify", url.Values{"version": {regexpVersion(body)}})
	if status != http.StatusOK || !strings.Contains(body, "已确认需求") || !strings.Contains(body, `id="propose"`) {
		t.Fatalf("qualify: %d", status)
	}
	// A proposal naming two travellers for a party of three is refused, said next to the field.
	status, body = b.post("/inquiries/"+id+"/propose", url.Values{"product": {"EU-CLASSIC-10"}, "departure": {"2027-05-01"},
		"travellers": {"WANG, Lei\nLI, Mei"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-field="travellers"`) {
		t.Errorf("two travellers for three: %d", status)
	}
	status, body = b.post("/inquiries/"+id+"/propose", url.Values{"product": {"EU-CLASSIC-10"}, "departure": {"2027-05-01"},
		"travellers": {"WANG, Lei\nLI, Mei\nWANG, Xiaoyu"}})
	m := quotePath.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("propose: %d %s", status, body)
	}
	quote := m[2]
	for _, want := range []string{"CNY", "Paris", "客户看到的报价单", "逐日行程"} {
		if !strings.Contains(body, want) {
			t.Errorf("the quote screen does not show %q", want)
		}
	}
	// The family does not want the flamenco evening: the next trip
	// version without it, priced into the quote's second version.
	keep := url.Values{}
	dropped := false
	for _, m := range keepBox.FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[2], "Flamenco") {
			dropped = true
			continue
		}
		keep.Add("keep", m[1])
	}
	if !dropped {
		t.Fatalf("no flamenco to take out: %s", body)
	}
	status, body = b.post("/quotes/"+quote+"/adjust", keep)
	m = quotePath.FindStringSubmatch(body)
	_, plan, _ := strings.Cut(body, `<pre id="plan">`)
	if status != http.StatusOK || m == nil || m[1] != "2" || strings.Contains(plan, "Flamenco") || !strings.Contains(body, `id="versions"`) {
		t.Fatalf("adjusted: %d %s", status, body)
	}
	// The flamenco stays on offer, unticked, should the family change
	// their mind.
	if !regexp.MustCompile(`name="keep" value="[^"]+"> [^<]*Flamenco`).MatchString(body) {
		t.Errorf("the flamenco evening is no longer offered: %s", body)
	}
	version := m[1]
	status, body = b.post("/quotes/"+quote+"/accept", url.Values{"version": {version}})
	if status != http.StatusOK || !strings.Contains(body, `id="accepted"`) {
		t.Fatalf("accept: %d", status)
	}
	status, body = b.post("/quotes/"+quote+"/book", url.Values{"version": {version}, "payer": {"WANG LEI"}})
	mb := bookingPath.FindStringSubmatch(body)
	md := depositLine.FindStringSubmatch(body)
	if status != http.StatusOK || mb == nil || md == nil {
		t.Fatalf("book: %d %s", status, body)
	}
	ref, deposit := mb[1], md[1]
	status, body = b.upload("id,date,amount,payer,text\nBK-1,2026-12-01," + deposit + ",WANG LEI," + ref + " deposit\n")
	if status != http.StatusOK || !strings.Contains(body, ref) || !strings.Contains(body, "matched") {
		t.Fatalf("statement: %d %s", status, body)
	}
	if _, body := b.get("/bookings/" + ref); !strings.Contains(body, "BK-1") {
		t.Errorf("the deposit is not on the booking")
	}
	// The customer's page gathers the inquiry, both quote versions and the booking.
	_, body = b.get("/customers/wang-lei")
	for _, want := range []string{id, "v1", "v2", "已接受", ref, "TK-2026-1127"} {
		if !strings.Contains(body, want) {
			t.Errorf("the customer's page does not show %q", want)
		}
	}
}
