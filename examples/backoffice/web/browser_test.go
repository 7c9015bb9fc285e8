package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the browser the tests drive: Debian's chromium.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("BACKOFFICE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI must run the browser tests")
	}
	t.Skip("chromium is not installed: skipping the browser tests")
	return ""
}

// tab starts a headless Chromium with a profile of its own.
func tab(t *testing.T) context.Context {
	t.Helper()
	// A profile of its own, removed after the browser has exited (not
	// t.TempDir, which fails on files Chromium writes while closing).
	profile, err := os.MkdirTemp("", "backoffice-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		time.Sleep(200 * time.Millisecond)
		_ = os.RemoveAll(profile)
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTime)
	return ctx
}

// shot saves a screenshot of the page for a reviewer.
func shot(t *testing.T, name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var png []byte
		if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
			return err
		}
		dir := filepath.Join("testdata", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// see reads the text of the page's main part.
func see(ctx context.Context, t *testing.T, want ...string) {
	t.Helper()
	var body string
	if err := chromedp.Run(ctx, chromedp.Text("main", &body, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the page does not show %q:\n%s", w, body)
		}
	}
}

// submit runs actions that end in a form's submission and waits for the
// page the server answers with.
func submit(actions ...chromedp.Action) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := chromedp.RunResponse(ctx, actions...)
		return err
	})
}

func login(ctx context.Context, base, user, password string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/login"),
		chromedp.SendKeys("#user", user, chromedp.ByID),
		chromedp.SendKeys("#password", password, chromedp.ByID),
		submit(chromedp.Click("#login", chromedp.ByID)),
		chromedp.WaitVisible("nav", chromedp.ByQuery),
	}
}

func act(action, note string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.SetValue("#action", action, chromedp.ByID),
		chromedp.SendKeys("#note", note, chromedp.ByID),
		submit(chromedp.Click("#act", chromedp.ByID)),
		chromedp.WaitVisible("#status", chromedp.ByID),
	}
}

// Case 2 as the people do it, in a real browser: Li Na (English) sees the
// complaint on today's screen with its SLA clock, works it, and is told a
// voucher above her limit needs approval; Wu, the manager (Chinese),
// approves it; Li responds and closes it within the SLA. Every form shows
// its problems next to the field.
func TestBrowserCase2(t *testing.T) {
	ctx := tab(t)
	a := newApp(t)
	base := a.srv.URL
	if err := chromedp.Run(ctx, login(ctx, base, "li", "li-demo-2026"), chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	// The session speaks the user's language: Li reads English.
	see(ctx, t, "Today", "K-PARIS-1", "left", "room not cleaned")
	if err := chromedp.Run(ctx, shot(t, "today-en")); err != nil {
		t.Fatal(err)
	}
	// The customer's WeChat message is logged as case 2's complaint.
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/complaints"),
		chromedp.SendKeys(`#new-complaint input[name="id"]`, "K-CASE-2", chromedp.ByQuery),
		chromedp.SendKeys(`#new-complaint input[name="customer_id"]`, "wang-lei", chromedp.ByQuery),
		chromedp.SendKeys(`#new-complaint input[name="supplier_id"]`, "hotel-lumiere", chromedp.ByQuery),
		chromedp.SendKeys(`#new-complaint textarea[name="summary"]`, "room not cleaned for two days; front desk unhelpful", chromedp.ByQuery),
		submit(chromedp.Click("#open-complaint", chromedp.ByID)), chromedp.WaitVisible("#status", chromedp.ByID), shot(t, "complaint-logged-en")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "K-CASE-2", "received", "room not cleaned")
	for _, step := range []struct{ action, note, status string }{
		{"acknowledge", "called the customer and apologised", "acknowledged"},
		{"assess", "service failure at the hotel", "assessed"},
		{"investigate", "asked the hotel manager", "investigating"},
	} {
		a.clock.add(4 * time.Minute)
		if err := chromedp.Run(ctx, act(step.action, step.note)); err != nil {
			t.Fatal(err)
		}
		see(ctx, t, step.status, step.note)
	}
	// A voucher above the limit: the form says why, next to it.
	if err := chromedp.Run(ctx, chromedp.SendKeys("#remedy", "room re-cleaned, manager's apology", chromedp.ByID),
		chromedp.SendKeys("#voucher", "800", chromedp.ByID), submit(chromedp.Click("#resolve", chromedp.ByID)),
		chromedp.WaitVisible(".field-error", chromedp.ByQuery), shot(t, "complaint-approval-needed-en")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "approver other than the handler", "investigating")

	// The manager approves, in Chinese.
	mgr := tab(t)
	if err := chromedp.Run(mgr, login(mgr, base, "wu", "wu-demo-2026"), chromedp.Navigate(base+"/complaints/K-CASE-2"),
		chromedp.WaitVisible("#status", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	see(mgr, t, "处理记录", "调查中", "高")
	if err := chromedp.Run(mgr, chromedp.SendKeys("#remedy", "房间已重新打扫，经理致歉", chromedp.ByID), chromedp.SendKeys("#voucher", "800", chromedp.ByID),
		submit(chromedp.Click("#resolve", chromedp.ByID)), chromedp.WaitVisible("#resolution", chromedp.ByID), shot(t, "complaint-approved-zh")); err != nil {
		t.Fatal(err)
	}
	see(mgr, t, "800.00 CNY", "(wu)", "供应商责任", "代金券")

	// Li responds and closes; the clock says it is resolved.
	a.clock.add(30 * time.Minute)
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/complaints/K-CASE-2"), chromedp.WaitVisible("#status", chromedp.ByID),
		act("respond", "remedy offered to the customer"), act("close", "customer accepts"), shot(t, "complaint-closed-en")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "closed", "resolved", "customer accepts")
	var rec struct {
		ResolvedAt, ResolveDue time.Time
	}
	r := a.api("tk-demo-li", "GET", "/api/v1/complaints/K-CASE-2", nil)
	var raw map[string]any
	r.json(t, &raw)
	rec.ResolvedAt, _ = time.Parse(time.RFC3339Nano, raw["resolved_at"].(string))
	rec.ResolveDue, _ = time.Parse(time.RFC3339Nano, raw["resolve_due"].(string))
	if rec.ResolvedAt.IsZero() || rec.ResolvedAt.After(rec.ResolveDue) {
		t.Errorf("resolved at %s, due %s", rec.ResolvedAt, rec.ResolveDue)
	}

	// Switching language; the scorecard; a form with problems; the outbox.
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/customers"), submit(chromedp.Click("#lang", chromedp.ByID)), chromedp.WaitVisible("nav", chromedp.ByQuery),
		chromedp.Navigate(base+"/customers"), chromedp.SendKeys(`input[name="email"]`, "not-an-address", chromedp.ByQuery),
		submit(chromedp.Submit(`input[name="email"]`, chromedp.ByQuery)), chromedp.WaitVisible(".field-error", chromedp.ByQuery), shot(t, "customer-problems-zh")); err != nil {
		t.Fatal(err)
	}
	var nameError, emailError string
	if err := chromedp.Run(ctx, chromedp.Text(`.field-error[data-field="name"]`, &nameError, chromedp.ByQuery),
		chromedp.Text(`.field-error[data-field="email"]`, &emailError, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if nameError == "" || emailError == "" {
		t.Errorf("problems next to the fields: name %q, email %q", nameError, emailError)
	}
	see(ctx, t, "请更正以下问题", "新建客户")
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/outbox?state=pending"), chromedp.WaitVisible("table", chromedp.ByQuery), shot(t, "outbox-zh"),
		chromedp.Navigate(base+"/kpis"), chromedp.WaitVisible("#scorecard", chromedp.ByID), shot(t, "kpis-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "本月考核", "净销售额", "近六个月投诉按时解决率")

	// Case 1's inquiry, logged on the screen; the recommendations say why.
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/inquiries"),
		chromedp.SetValue(`input[name="customer_id"]`, "wang-lei", chromedp.ByQuery),
		chromedp.SetValue(`input[name="destinations"]`, "Europe", chromedp.ByQuery),
		chromedp.SetValue(`input[name="earliest"]`, "2027-04-30", chromedp.ByQuery),
		chromedp.SetValue(`input[name="latest"]`, "2027-05-02", chromedp.ByQuery),
		chromedp.SetValue(`input[name="min_days"]`, "9", chromedp.ByQuery),
		chromedp.SetValue(`input[name="max_days"]`, "11", chromedp.ByQuery),
		chromedp.SetValue(`input[name="party"]`, "1985-03-12, 1987-07-30, 2018-09-15", chromedp.ByQuery),
		chromedp.SetValue(`input[name="budget"]`, "30000", chromedp.ByQuery),
		submit(chromedp.Click("#log-inquiry", chromedp.ByID)), chromedp.WaitVisible("#recommendations", chromedp.ByID), shot(t, "inquiry-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "等待首次答复", "欧洲经典十日", "推荐产品及理由")

	// Needs confirmed, the recommendation proposed for the family, the
	// quote read, accepted and booked.
	if err := chromedp.Run(ctx, submit(chromedp.Click("#qualify", chromedp.ByID)), chromedp.WaitVisible("#propose", chromedp.ByID),
		chromedp.SendKeys("#travellers", "WANG, Lei\nLI, Mei\nWANG, Xiaoyu", chromedp.ByID),
		submit(chromedp.Click("#propose", chromedp.ByID)), chromedp.WaitVisible("#quote-document", chromedp.ByID), shot(t, "quote-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "客户看到的报价单", "逐日行程", "CNY")
	// The family leaves out the flamenco evening: the trip's next version,
	// priced into the quote's second version.
	if err := chromedp.Run(ctx, chromedp.Click(`//label[contains(., "Flamenco")]//input`, chromedp.BySearch),
		submit(chromedp.Click("#adjust", chromedp.ByID)), chromedp.WaitVisible("#versions", chromedp.ByID), shot(t, "quote-adjusted-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "v2", "报价版本")
	if err := chromedp.Run(ctx, submit(chromedp.Click("#accept", chromedp.ByID)), chromedp.WaitVisible("#accepted", chromedp.ByID),
		chromedp.SendKeys("#payer", "WANG LEI", chromedp.ByID),
		chromedp.SendKeys("#documents", "E12345678, 2031-06-30\nE23456789, 2031-06-30\nE34567890, 2031-06-30", chromedp.ByID),
		submit(chromedp.Click("#book", chromedp.ByID)),
		chromedp.WaitVisible("#outstanding", chromedp.ByID), shot(t, "new-booking-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "付款计划", "deposit", "balance")

	// The travel contract: a vague hotel grade is found in place and
	// blocks signing; the official grade signs; the letter opens.
	if err := chromedp.Run(ctx, chromedp.SetValue("#grade", "准四星级", chromedp.ByID), submit(chromedp.Click("#draft", chromedp.ByID)),
		chromedp.WaitVisible("#findings", chromedp.ByID), shot(t, "contract-findings-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "VAGUE_STANDARD", "未签署")
	var bookingURL string
	if err := chromedp.Run(ctx, chromedp.AttributeValue(`a[href^="/bookings/TK-"]`, "href", &bookingURL, nil, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(base+bookingURL), chromedp.WaitVisible("#grade", chromedp.ByID),
		submit(chromedp.Click("#draft", chromedp.ByID)), chromedp.WaitVisible("#sign", chromedp.ByID),
		submit(chromedp.Click("#sign", chromedp.ByID)), chromedp.WaitVisible("#contract-state", chromedp.ByID), shot(t, "contract-signed-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "已签署")
	if err := chromedp.Run(ctx, chromedp.Navigate(base+bookingURL+"/letter?format=html"), chromedp.WaitVisible("body", chromedp.ByQuery),
		shot(t, "letter-zh")); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/allotments/AL-PARIS"), chromedp.WaitVisible("#calendar", chromedp.ByID),
		shot(t, "allotment-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "2027-05-01", "可售")

	// Case 1's deposit arrives on the bank statement, uploaded on the
	// bookings screen.
	statement := filepath.Join(t.TempDir(), "statement.csv")
	if err := os.WriteFile(statement, []byte("id,date,amount,payer,text\nBK-88,2026-12-01,7588.29,WANG LEI,TK-2026-1127 deposit\n"+
		"BK-89,2026-12-01,50.00,ZHAO QIANG,unknown transfer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The upload goes through htmx (with its progress bar); the report
	// replaces the page's main part.
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/bookings"), chromedp.WaitReady("#importing", chromedp.ByID),
		chromedp.SetUploadFiles("#statement", []string{statement}, chromedp.ByID),
		chromedp.Click("#upload", chromedp.ByID), chromedp.WaitVisible("#matches", chromedp.ByID), shot(t, "reconciliation-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "对账结果", "BK-88", "TK-2026-1127", "7588.29 CNY", "BK-89")
	var location string
	if err := chromedp.Run(ctx, chromedp.Location(&location)); err != nil || location != base+"/bookings" {
		t.Errorf("the upload left the page for %q (%v): htmx did not send it", location, err)
	}
	if err := chromedp.Run(ctx, submit(chromedp.Click(`a[href="/bookings/TK-2026-1127"]`, chromedp.ByQuery)), chromedp.WaitVisible("#outstanding", chromedp.ByID),
		shot(t, "booking-zh")); err != nil {
		t.Fatal(err)
	}
	see(ctx, t, "17706.02 CNY", "收款记录", "BK-88")
}
