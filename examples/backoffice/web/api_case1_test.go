package web_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/itinerary"
)

// Case 1 through the API, as a vendor's own front end would drive it:
// inquiry, needs confirmed, product proposed, quote accepted, booked
// idempotently, the contract refused with a vague grade and signed with
// the official one — every request and response checked against the
// OpenAPI document.
func TestCase1ThroughTheAPI(t *testing.T) {
	a := newApp(t)
	const tok = "tk-demo-chen"
	r := a.api(tok, "POST", "/api/v1/inquiries", map[string]any{"customer_id": "wang-lei", "channel": "wechat", "destinations": []string{"Europe"},
		"earliest": "2027-04-30", "latest": "2027-05-02", "min_days": 9, "max_days": 11, "party": []string{"1985-03-12", "1987-07-30", "2018-09-15"},
		"budget_per_person": "30000"})
	var inq agency.InquiryRecord
	r.json(t, &inq)
	id, version := inq.Inquiry.ID, r.header.Get("ETag")
	proposal := map[string]any{"product_id": "EU-CLASSIC-10", "departure": "2027-05-01", "travellers": []map[string]string{
		{"surname": "WANG", "given_names": "Lei"}, {"surname": "LI", "given_names": "Mei"}, {"surname": "WANG", "given_names": "Xiaoyu"}}}
	if r := a.api(tok, "POST", "/api/v1/inquiries/"+id+"/proposal", proposal, "If-Match", version); r.status != http.StatusConflict {
		t.Errorf("proposing before the needs are confirmed: %d %s", r.status, r.body)
	}
	r = a.api(tok, "POST", "/api/v1/inquiries/"+id+"/qualification", nil, "If-Match", version)
	if r.status != http.StatusOK {
		t.Fatalf("qualify: %d %s", r.status, r.body)
	}
	r = a.api(tok, "POST", "/api/v1/inquiries/"+id+"/proposal", proposal, "If-Match", r.header.Get("ETag"))
	var res agency.ProposalResult
	r.json(t, &res)
	if r.status != http.StatusCreated || res.Quote.Quote.Totals.Total.IsZero() {
		t.Fatalf("propose: %d %s", r.status, r.body)
	}
	quote := res.Quote.QuoteID
	// Adjust: take a sight out, which costs less, then put it back, which
	// costs what the first version did.
	var sight string
	for _, it := range res.Trip.Trip.Items {
		if it.Kind == itinerary.KindActivity {
			sight = it.ID
		}
	}
	var optional []string
	for _, it := range res.Trip.Trip.Items {
		if (it.Kind == itinerary.KindActivity || it.Kind == itinerary.KindMeal) && it.ID != sight {
			optional = append(optional, it.ID)
		}
	}
	var v2, v3 agency.QuoteVersion
	r = a.api(tok, "POST", "/api/v1/quotes/"+quote+"/adjustment", map[string]any{"optional": optional})
	r.json(t, &v2)
	if less, err := v2.Quote.Totals.Total.Cmp(res.Quote.Quote.Totals.Total); r.status != http.StatusOK || v2.Version != 2 || r.header.Get("ETag") != `"2"` ||
		err != nil || less >= 0 {
		t.Fatalf("adjust without %s: %d %s", sight, r.status, r.body)
	}
	r = a.api(tok, "POST", "/api/v1/quotes/"+quote+"/adjustment", map[string]any{"optional": append(optional, sight)})
	r.json(t, &v3)
	if r.status != http.StatusOK || v3.Version != 3 || !v3.Quote.Totals.Total.Equal(res.Quote.Quote.Totals.Total) {
		t.Fatalf("adjust with %s back: %d %s (first %s)", sight, r.status, r.body, res.Quote.Quote.Totals.Total)
	}
	if r := a.api(tok, "POST", "/api/v1/quotes/"+quote+"/adjustment", map[string]any{"optional": []string{"no-such-item"}}); r.status != http.StatusUnprocessableEntity ||
		r.problem(t).Errors[0].Code != "unknown_item" {
		t.Errorf("adjust with an unknown item: %d %s", r.status, r.body)
	}
	r = a.api(tok, "POST", "/api/v1/quotes/"+quote+"/acceptance", nil, "If-Match", `"3"`)
	if r.status != http.StatusOK {
		t.Fatalf("accept: %d %s", r.status, r.body)
	}
	order := map[string]any{"payer": "WANG LEI", "documents": []map[string]string{{"number": "E12345678", "expiry": "2031-06-30"},
		{"number": "E23456789", "expiry": "2031-06-30"}, {"number": "E34567890", "expiry": "2031-06-30"}}}
	first := a.api(tok, "POST", "/api/v1/quotes/"+quote+"/booking", order, "If-Match", `"3"`, "Idempotency-Key", "book-1")
	again := a.api(tok, "POST", "/api/v1/quotes/"+quote+"/booking", order, "If-Match", `"3"`, "Idempotency-Key", "book-1")
	var b agency.BookingRecord
	first.json(t, &b)
	if first.status != http.StatusCreated || again.status != http.StatusCreated || string(again.body) != string(first.body) {
		t.Fatalf("book twice under one key: %d, %d", first.status, again.status)
	}
	ref := b.Booking.Reference
	r = a.api(tok, "POST", "/api/v1/bookings/"+ref+"/contract", map[string]string{"grade": "准四星级"})
	if r.status != http.StatusCreated || !strings.Contains(string(r.body), "VAGUE_STANDARD") {
		t.Fatalf("draft with a vague grade: %d %s", r.status, r.body)
	}
	number := "HT-" + ref
	if r := a.api(tok, "POST", "/api/v1/contracts/"+number+"/signature", nil); r.status != http.StatusConflict {
		t.Errorf("signing with a blocking finding: %d %s", r.status, r.body)
	}
	a.api(tok, "POST", "/api/v1/bookings/"+ref+"/contract", map[string]string{"grade": "四星级（官方评定）"})
	var k agency.TravelContractRecord
	r = a.api(tok, "POST", "/api/v1/contracts/"+number+"/signature", nil)
	r.json(t, &k)
	if r.status != http.StatusOK || k.Contract.SignedAt == nil {
		t.Fatalf("sign: %d %s", r.status, r.body)
	}
	if r := a.api(tok, "GET", "/api/v1/contracts/"+number+"/document", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), number) {
		t.Errorf("contract document: %d", r.status)
	}
	// The documents as PDF, read back as a person's reader would.
	for _, path := range []string{"/api/v1/contracts/" + number + "/document?format=pdf", "/api/v1/bookings/" + ref + "/letter?format=pdf",
		"/api/v1/quotes/" + quote + "/document?format=pdf"} {
		r := a.api(tok, "GET", path, nil)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.body, []byte("%PDF-")) ||
			!strings.HasPrefix(r.header.Get("Content-Disposition"), "inline; filename=") {
			t.Errorf("%s: %d %s %.80q", path, r.status, r.header.Get("Content-Type"), r.body)
			continue
		}
		text := pdfText(t, r.body)
		for _, want := range []string{"北京环球旅行社", map[bool]string{true: number, false: ref}[strings.Contains(path, "contract")]} {
			if strings.Contains(path, "quote") {
				want = map[string]string{"北京环球旅行社": "客户：王磊", number: "报价单"}[want]
			}
			if want != "" && !strings.Contains(text, want) {
				t.Errorf("%s: %q is not in the PDF's text:\n%s", path, want, text)
			}
		}
	}
	if r := a.api(tok, "GET", "/api/v1/bookings/"+ref+"/letter?format=html", nil); r.status != http.StatusOK ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), ref) {
		t.Errorf("letter: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := a.api(tok, "GET", "/api/v1/market/report", nil); r.status != http.StatusOK || !strings.Contains(string(r.body), "EU-CLASSIC-10") {
		t.Errorf("market report: %d %s", r.status, r.body)
	}
	if r := a.api("tk-demo-zhao", "GET", "/api/v1/contracts/"+number, nil); r.status != http.StatusNotFound {
		t.Errorf("the other agency reads the contract: %d", r.status)
	}
	if r := a.api("tk-demo-zhao", "GET", "/api/v1/quotes/"+quote, nil); r.status != http.StatusNotFound {
		t.Errorf("the other agency reads the quote: %d", r.status)
	}
}

// pdfText is a PDF's text as poppler's pdftotext reads it; without the
// tool the test is skipped, saying so (CI installs poppler-utils).
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI installs poppler-utils")
		}
		t.Skip("pdftotext is not installed (Debian's poppler-utils): skipping")
	}
	cmd := exec.Command(tool, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
