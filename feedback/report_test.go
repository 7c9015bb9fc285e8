package feedback_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
)

func intp(n int) *int { return &n }

func reportInput(t *testing.T) feedback.ReportInput {
	at := func(day, hh int) time.Time { return shAt(t, day, hh, 0) }
	surveys := []feedback.Survey{
		{ID: "s1", CustomerID: "c1", RespondedAt: at(10, 10), CSAT: 5, NPS: intp(10), Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 4}},
		{ID: "s2", CustomerID: "c2", RespondedAt: at(12, 10), CSAT: 3, NPS: intp(6), Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 2, feedback.AspectGuide: 5}},
		{ID: "s3", CustomerID: "c3", RespondedAt: at(20, 10), CSAT: 4, NPS: intp(8)},
		{ID: "s4", CustomerID: "c4", RespondedAt: at(21, 10), Comment: "fine"},
		{ID: "s5", CustomerID: "c5", RespondedAt: time.Date(2026, 12, 2, 10, 0, 0, 0, load(t, "Asia/Shanghai")), CSAT: 5},
	}
	// k1: met after a pause (8 h used); k2: still open past its due time;
	// k3: met in 4 h (10–12 and 13–15) with a refund.
	k1 := open(t)
	apply(t, k1, feedback.Acknowledge, at(23, 10).Add(30*time.Minute), feedback.Assess, at(23, 11), feedback.Investigate, at(23, 11).Add(30*time.Minute),
		feedback.WaitSupplier, at(23, 14), feedback.Resume, at(24, 10))
	if err := k1.Resolve(resolution(t), at(24, 14), "consultant-li", limits); err != nil {
		t.Fatal(err)
	}
	apply(t, k1, feedback.Respond, at(24, 15), feedback.Close, at(24, 16))
	k2 := open(t)
	k2.ID = "K2"
	apply(t, k2, feedback.Acknowledge, at(23, 10).Add(30*time.Minute))
	k3, err := feedback.Open(feedback.Complaint{ID: "K3", CustomerID: "c9", SupplierID: "hotel-lumiere", Category: "hotel_service",
		Priority: feedback.Medium, Channel: feedback.Email, Summary: "no hot water", ReceivedAt: at(25, 10)}, feedback.DefaultPolicy(), shanghaiOffice(t), "x")
	if err != nil {
		t.Fatal(err)
	}
	apply(t, k3, feedback.Acknowledge, at(25, 10), feedback.Assess, at(25, 11), feedback.Investigate, at(25, 11))
	if err := k3.Resolve(feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "partial refund", Compensations: []feedback.Compensation{
		{Kind: feedback.Refund, Amount: cny(t, "300"), Reason: "one night without hot water", ApprovedBy: "manager-wu", ChargeBack: "hotel-lumiere"}}},
		at(25, 14), "x", limits); err != nil {
		t.Fatal(err)
	}
	apply(t, k3, feedback.Respond, at(25, 14), feedback.Close, at(25, 15))
	done := at(27, 10)
	return feedback.ReportInput{
		From: date.New(2026, 11, 1), To: date.New(2026, 11, 30), Zone: load(t, "Asia/Shanghai"), Now: at(30, 12),
		Surveys: surveys, Complaints: []*feedback.Complaint{k1, k2, k3},
		FollowUps: []feedback.FollowUp{
			{ID: "f1", Due: date.New(2026, 11, 27), DoneAt: &done},
			{ID: "f2", Due: date.New(2026, 11, 28)},
			{ID: "f3", Due: date.New(2026, 12, 1)},
		},
		Actions: []feedback.ImprovementAction{
			{What: "Weekly housekeeping audit with Hôtel Lumière", Owner: "supplier-manager", Due: date.New(2026, 12, 15), Status: feedback.ActionOpen},
			{What: "Check-in briefing script for consultants", Owner: "team-lead", Due: date.New(2026, 11, 25), Status: feedback.ActionInProgress},
		},
	}
}

func TestReportFigures(t *testing.T) {
	t.Parallel()
	r, err := feedback.BuildReport(reportInput(t))
	if err != nil {
		t.Fatal(err)
	}
	// Surveys in November: 4. CSAT 4–5 among the 3 scored: 2 → 66.7 %.
	// NPS: one promoter (10), one passive (8), one detractor (6): 0.0.
	// Hotel (4 + 2) / 2 = 3.0; guide 5.0.
	if r.Responses != 4 || r.CSAT != (feedback.Ratio{Good: 2, Total: 3}) || r.CSAT.Percent() != "66.7 %" || r.CSAT.AtLeast(80) {
		t.Errorf("CSAT %+v %s", r.CSAT, r.CSAT.Percent())
	}
	if r.NPS.Score() != "0.0" || r.NPS.Promoters != 1 || r.NPS.Detractors != 1 || r.NPS.Total != 3 {
		t.Errorf("NPS %+v", r.NPS)
	}
	if r.Aspects[0] != (feedback.AspectScore{Aspect: feedback.AspectHotel, Average: "3.0", N: 2}) ||
		r.Aspects[2] != (feedback.AspectScore{Aspect: feedback.AspectGuide, Average: "5.0", N: 1}) || r.Aspects[1].Average != "no data" {
		t.Errorf("aspects %+v", r.Aspects)
	}
	// Three complaints; two met within SLA, one open past due: 2/3.
	if r.Complaints != 3 || r.SLA != (feedback.Ratio{Good: 2, Total: 3}) {
		t.Errorf("complaints %d, SLA %+v", r.Complaints, r.SLA)
	}
	if diff := cmp.Diff([]feedback.Count{{Key: "hotel_service", N: 3}}, r.ByCategory); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]feedback.Count{{Key: "supplier_fault", N: 2}}, r.ByRootCause); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]feedback.Recurring{{RootCause: feedback.SupplierFault, Supplier: "hotel-lumiere", N: 2}}, r.Recurring); diff != "" {
		t.Error(diff)
	}
	// Handling 4 h and 8 h: nearest-rank median 4 h, P90 8 h.
	if r.Median == nil || *r.Median != 4*time.Hour || *r.P90 != 8*time.Hour {
		t.Errorf("median %v p90 %v", r.Median, r.P90)
	}
	// 800 voucher + 300 refund; 5000 points.
	if len(r.Compensation) != 1 || r.Compensation[0].String() != "1100.00 CNY" || r.Points != 5000 {
		t.Errorf("compensation %v, points %d", r.Compensation, r.Points)
	}
	if r.FollowUpsDue != 2 || r.FollowUpsOK != 1 || r.Overdue != 1 {
		t.Errorf("follow-ups %d/%d/%d", r.FollowUpsDue, r.FollowUpsOK, r.Overdue)
	}
	if r.Actions[0].Overdue || !r.Actions[1].Overdue {
		t.Errorf("actions %+v", r.Actions)
	}
	// The same report from a store's aggregated survey counts.
	in := reportInput(t)
	var sum feedback.SurveySummary
	for _, v := range in.Surveys[:4] { // the November responses
		sum.Add(v)
	}
	in.Surveys, in.SurveySummary = nil, &sum
	if again, err := feedback.BuildReport(in); err != nil || !cmp.Equal(again, r) {
		t.Errorf("report from a summary differs: %v\n%s", err, cmp.Diff(r, again))
	}
	js, err := json.Marshal(r)
	if err != nil || !bytes.Contains(js, []byte(`"sla":{"good":2,"total":3,"no_data":false}`)) || !bytes.Contains(js, []byte(`"compensation":[{"amount":"1100.00","currency":"CNY"}]`)) {
		t.Errorf("JSON %s, %v", js, err)
	}
	var en, zh bytes.Buffer
	if err := r.RenderText(&en, language.English); err != nil {
		t.Fatal(err)
	}
	_ = r.RenderText(&zh, language.SimplifiedChinese)
	for _, want := range []string{"Customer feedback report Sun 1 Nov 2026 – Mon 30 Nov 2026", "CSAT 66.7 % (2/3) · NPS 0.0",
		"  Hotel 3.0 (2)\n", "By root cause: supplier fault 2", "resolved within SLA 66.7 % (2/3)", "Handling time: median 4 h · P90 8 h",
		"CN¥1,100.00", "Recurring: supplier fault × hotel-lumiere: 2", "due Wed 25 Nov 2026, in progress (overdue)"} {
		if !strings.Contains(en.String(), want) {
			t.Errorf("English report lacks %q:\n%s", want, en.String())
		}
	}
	for _, want := range []string{"客户反馈报告 2026年11月1日 星期日", "  酒店 3.0 (2)", "按根本原因： 供应商责任 2", "SLA内解决率 66.7 %",
		"￥1,100.00", "\n改进措施\n", "进行中（逾期）"} {
		if !strings.Contains(zh.String(), want) {
			t.Errorf("Chinese report lacks %q:\n%s", want, zh.String())
		}
	}
}

func TestReportNoData(t *testing.T) {
	t.Parallel()
	r, err := feedback.BuildReport(feedback.ReportInput{From: date.New(2026, 11, 1), To: date.New(2026, 11, 30),
		Zone: load(t, "Asia/Shanghai"), Now: shAt(t, 30, 12, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if !r.CSAT.NoData || !r.SLA.NoData || !r.NPS.NoData || r.CSAT.Percent() != "no data" || r.CSAT.AtLeast(0) || r.Median != nil {
		t.Errorf("empty period: %+v", r)
	}
	// An empty period prints no empty sections: no aspects, causes,
	// compensation, follow-ups or actions headings.
	var text bytes.Buffer
	if err := r.RenderText(&text, language.English); err != nil {
		t.Fatal(err)
	}
	for _, heading := range []string{"By category", "By root cause", "Compensation", "Follow-ups", "Improvement actions", "Hotel"} {
		if strings.Contains(text.String(), heading) {
			t.Errorf("empty report prints %q:\n%s", heading, text.String())
		}
	}
	if _, err := feedback.BuildReport(feedback.ReportInput{}); !errors.Is(err, feedback.ErrInvalid) {
		t.Errorf("no period: %v", err)
	}
}

func TestSurveyValidate(t *testing.T) {
	t.Parallel()
	err := feedback.Survey{CSAT: 6, NPS: intp(11), Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 0, "spa": 3}}.Validate()
	var ve *feedback.ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Field+":"+p.Code)
	}
	want := []string{"ID:required", "CustomerID:required", "RespondedAt:required", "CSAT:out_of_range", "NPS:out_of_range",
		"Ratings[hotel]:out_of_range", "Ratings[spa]:invalid_value"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	ok := feedback.Survey{ID: "s", CustomerID: "c", RespondedAt: time.Now(), NPS: intp(0)}
	if err := ok.Validate(); err != nil {
		t.Errorf("NPS 0 is an answer: %v", err)
	}
}

func TestFollowUps(t *testing.T) {
	t.Parallel()
	p := feedback.FollowUpPolicy{}
	f := p.ForTrip("f1", "c1", "T1", "li", date.New(2027, 5, 11))
	if f.Due != date.New(2027, 5, 14) || f.Overdue(date.New(2027, 5, 14)) || !f.Overdue(date.New(2027, 5, 15)) {
		t.Errorf("after trip: %+v", f)
	}
	c := open(t)
	if _, err := p.ForComplaint("f2", c); !errors.Is(err, feedback.ErrInvalid) {
		t.Errorf("open complaint: %v", err)
	}
	apply(t, c, feedback.Acknowledge, shAt(t, 23, 10, 30), feedback.Assess, shAt(t, 23, 11, 0), feedback.Investigate, shAt(t, 23, 11, 0))
	_ = c.Resolve(resolution(t), shAt(t, 23, 12, 0), "consultant-li", limits)
	apply(t, c, feedback.Respond, shAt(t, 23, 23, 30), feedback.Close, shAt(t, 23, 23, 50))
	g, err := feedback.FollowUpPolicy{AfterComplaintDays: 2}.ForComplaint("f2", c)
	if err != nil || g.Due != date.New(2026, 11, 25) || g.Ref != "K1" {
		t.Errorf("after complaint: %+v, %v", g, err)
	}
}
