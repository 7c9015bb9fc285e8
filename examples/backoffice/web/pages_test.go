package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// upload posts a statement file as the bookings screen's form does.
func (b *browser) upload(csv string) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", b.csrf)
	if csv != "" {
		f, _ := mw.CreateFormFile("statement", "statement.csv")
		_, _ = f.Write([]byte(csv))
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", b.base+"/bookings/statement", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// The bank statement that pays case 1's deposit: the line naming the
// booking is matched and paid in; a line nobody expects is shown for a
// person to look at.
func TestStatementPaysTheDeposit(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	status, body := b.get("/bookings/TK-2026-1127")
	if status != http.StatusOK || !strings.Contains(body, "25294.31 CNY") {
		t.Fatalf("booking screen: %d", status)
	}
	csv := "id,date,amount,payer,text\n" +
		"BK-88,2026-12-01,7588.29,WANG LEI,TK-2026-1127 deposit\n" +
		"BK-89,2026-12-01,50.00,ZHAO QIANG,unknown transfer\n"
	status, body = b.upload(csv)
	if status != http.StatusOK {
		t.Fatalf("upload: %d %s", status, body)
	}
	for _, want := range []string{"BK-88", "TK-2026-1127", "7588.29 CNY", "BK-89"} {
		if !strings.Contains(body, want) {
			t.Errorf("the reconciliation does not show %q", want)
		}
	}
	if _, body := b.get("/bookings/TK-2026-1127"); !strings.Contains(body, "17706.02 CNY") || !strings.Contains(body, "BK-88") {
		t.Errorf("the booking after the statement: outstanding 17706.02 CNY and the payment BK-88 expected")
	}
	// The same statement again pays nothing twice.
	b.upload(csv)
	if _, body := b.get("/bookings/TK-2026-1127"); !strings.Contains(body, "17706.02 CNY") {
		t.Error("a statement imported twice paid twice")
	}
	if status, body := b.upload(""); status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-field="statement"`) {
		t.Errorf("no file: %d", status)
	}
	if status, _ := b.upload("id,date\nx,not a date\n"); status != http.StatusUnprocessableEntity {
		t.Errorf("a statement that does not parse: %d", status)
	}
	// The chart of the KPI dashboard.
	if status, svg := b.get("/kpis/trend.svg"); status != http.StatusOK || !strings.Contains(svg, "<svg") {
		t.Errorf("trend chart: %d", status)
	}
}

// A consultant switches the screens to Traditional Chinese and back: the
// screens and what the library writes (the KPIs' names) follow.
func TestTraditionalChinese(t *testing.T) {
	a := newApp(t)
	b := a.login("chen", "chen-demo-2026")
	status, body := b.post("/lang", url.Values{"to": {"zh-Hant"}, "back": {"/bookings/TK-2026-1127"}})
	if status != http.StatusOK || !strings.Contains(body, `lang="zh-Hant"`) && !strings.Contains(body, "預訂") {
		t.Fatalf("switch to zh-Hant: %d", status)
	}
	for _, want := range []string{"客戶", "預訂", "简体中文"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Traditional screen lacks %q", want)
		}
	}
	if strings.Contains(body, ">预订<") || strings.Contains(body, ">客户<") {
		t.Error("the Traditional screen shows Simplified navigation")
	}
	if _, kpis := b.get("/kpis"); !strings.Contains(kpis, "客戶滿意度") || strings.Contains(kpis, "客户满意度") {
		t.Errorf("the scorecard's KPIs in zh-Hant: %s", kpis)
	}
	if _, body = b.post("/lang", url.Values{"to": {"zh-CN"}}); !strings.Contains(body, "繁體中文") || !strings.Contains(body, ">预订<") {
		t.Errorf("back to Simplified: %s", body)
	}
	if _, body = b.post("/lang", url.Values{"to": {"fr"}}); !strings.Contains(body, ">Bookings<") {
		t.Error("an unknown language toggles to English")
	}
}
