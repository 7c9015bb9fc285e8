package feedback_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// Example_case2 is the job's worked case 2: during the trip a customer complains
// about the hotel's service. The consultant answers within the hour and
// apologises, asks the hotel what happened while the clock is paused, gives
// extra compensation (hotel points from the hotel, a voucher for a future
// trip approved by the manager and charged back to the hotel), closes the
// complaint within the day, follows up, and the customer rates the outcome 5.
// case2 is the worked case 2's complaint, handled and closed on 2–3 May 2027.
func case2() (*feedback.Complaint, func(day, hh, mm int) time.Time) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(day, hh, mm int) time.Time { return time.Date(2027, time.May, day, hh, mm, 0, 0, paris) }
	// The agency's duty desk answers trip emergencies around the clock.
	desk, _ := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true})
	c, err := feedback.Open(feedback.Complaint{
		ID: "K-0502-01", CustomerID: "c1", TripID: "T-2026-1127-001", ItemID: "stay-1", SupplierID: "hotel-lumiere",
		Consultant: "li", Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat,
		Summary: "Room not cleaned for two days; front desk unhelpful", ReceivedAt: at(2, 20, 10),
	}, feedback.DefaultPolicy(), desk, "wang.lei")
	if err != nil {
		panic(err) // a fixed, valid example
	}
	step := func(a feedback.Action, when time.Time, note string) {
		if err := c.Apply(a, when, "li", note); err != nil {
			fmt.Println(err)
		}
	}
	step(feedback.Acknowledge, at(2, 20, 35), "called the customer and apologised")
	step(feedback.Assess, at(2, 20, 40), "service failure at the hotel; high priority")
	step(feedback.Investigate, at(2, 20, 45), "")
	step(feedback.WaitSupplier, at(2, 20, 50), "asked the hotel manager for the facts and an offer")
	step(feedback.Resume, at(3, 8, 30), "manager confirms; offers 5,000 points and a re-cleaned room")
	voucher, _ := pricing.Parse("800", "CNY")
	err = c.Resolve(feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "room re-cleaned, manager's apology",
		Compensations: []feedback.Compensation{
			{Kind: feedback.Points, Points: 5000, Reason: "hotel goodwill", ApprovedBy: "hotel-manager"},
			{Kind: feedback.Voucher, Amount: &voucher, Expires: date.New(2028, 5, 31), Reason: "discount on a future trip",
				ApprovedBy: "manager-wu", ChargeBack: "hotel-lumiere"},
		}}, at(3, 9, 0), "li", feedback.ApprovalLimits{Points: 1000})
	if err != nil {
		fmt.Println(err)
	}
	step(feedback.Respond, at(3, 9, 15), "offered the remedy to the customer")
	step(feedback.Close, at(3, 10, 0), "customer accepts")
	_ = c.RecordSatisfaction(5, at(3, 10, 5), "li")
	return c, at
}

func Example_case2() {
	c, at := case2()
	follow, _ := feedback.FollowUpPolicy{AfterComplaintDays: 7}.ForComplaint("F-1", c)
	// At the follow-up call the customer answers the survey.
	nps := 10
	survey := feedback.Survey{ID: "S-1", CustomerID: "c1", ComplaintID: c.ID, RespondedAt: at(10, 11, 0), CSAT: 5, NPS: &nps,
		Ratings: map[feedback.Aspect]int{feedback.AspectConsultant: 5, feedback.AspectHotel: 4}, Comment: "handled quickly, thank you"}

	for _, e := range c.Timeline {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%s %-13s %-16s %s", e.At.Format("01-02 15:04"), e.Action, e.To, e.Note)))
	}
	s, _ := c.SLA(at(3, 10, 0))
	fmt.Println("first response:", s.FirstResponse.State, s.FirstResponse.Used)
	fmt.Println("resolution:", s.Resolution.State, s.Resolution.Used, "of", s.Resolution.Target, "(paused", s.Resolution.Paused.String()+")")
	fmt.Println("follow-up due", follow.Due)
	fmt.Println("survey:", survey.Validate(), "CSAT", survey.CSAT, "NPS", *survey.NPS, "—", survey.Comment)
	// Output:
	// 05-02 20:10 receive       received         Room not cleaned for two days; front desk unhelpful
	// 05-02 20:35 acknowledge   acknowledged     called the customer and apologised
	// 05-02 20:40 assess        assessed         service failure at the hotel; high priority
	// 05-02 20:45 investigate   investigating
	// 05-02 20:50 wait_supplier waiting_supplier asked the hotel manager for the facts and an offer
	// 05-03 08:30 resume        investigating    manager confirms; offers 5,000 points and a re-cleaned room
	// 05-03 09:00 resolve       investigating    supplier_fault: room re-cleaned, manager's apology
	// 05-03 09:15 respond       responded        offered the remedy to the customer
	// 05-03 10:00 close         closed           customer accepts
	// 05-03 10:05 rate          closed           5/5
	// first response: met 25m0s
	// resolution: met 2h10m0s of 24h0m0s (paused 11h40m0s)
	// follow-up due 2027-05-10
	// survey: <nil> CSAT 5 NPS 10 — handled quickly, thank you
}

func ExampleCalendar_Add() {
	var holidays []date.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, date.New(2026, time.October, d))
	}
	office, _ := feedback.NewCalendar(feedback.CalendarSpec{
		Zone:      "Asia/Shanghai",
		Week:      feedback.Weekdays(feedback.Window{From: 9 * time.Hour, To: 12 * time.Hour}, feedback.Window{From: 13 * time.Hour, To: 18 * time.Hour}),
		Holidays:  holidays,
		ExtraDays: []date.Date{date.New(2026, time.October, 10)}, // a working Saturday (调休)
	})
	sh, _ := time.LoadLocation("Asia/Shanghai")
	due, _ := office.Add(time.Date(2026, 9, 30, 17, 0, 0, 0, sh), 24*time.Hour)
	fmt.Println(due.Format("Mon 2006-01-02 15:04"))
	// Output: Sat 2026-10-10 17:00
}

// The same complaint as the customer's consultant reads it, in English and
// in Chinese: every step says what happened, in Paris time.
func ExampleRenderComplaintText() {
	c, at := case2()
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		place := map[language.Tag]string{language.English: "Paris", language.SimplifiedChinese: "巴黎"}[lang]
		_ = feedback.RenderComplaintText(os.Stdout, c, feedback.ComplaintView{Lang: lang, Zone: paris, Place: place, Now: at(3, 12, 0)})
	}
	// Output:
	// Complaint K-0502-01 · closed
	// About: Room not cleaned for two days; front desk unhelpful
	// Received Sun 2 May 2027 20:10 (Paris time, UTC+2)
	//   Sun 2 May 20:35  Acknowledged the complaint: called the customer and apologised
	//   Sun 2 May 20:40  Assessed the complaint: service failure at the hotel; high priority
	//   Sun 2 May 20:45  Started the investigation
	//   Sun 2 May 20:50  Waited for the supplier (clock paused): asked the hotel manager for the facts and an offer
	//   Mon 3 May 08:30  Resumed the work: manager confirms; offers 5,000 points and a re-cleaned room
	//   Mon 3 May 09:00  Recorded the resolution: supplier fault: room re-cleaned, manager's apology
	//   Mon 3 May 09:15  Answered the customer with the remedy: offered the remedy to the customer
	//   Mon 3 May 10:00  Closed the complaint: customer accepts
	//   Mon 3 May 10:05  The customer rated the resolution: 5/5
	// First response: met, used 25 min of 1 h
	// Resolution: met, used 2 h 10 min of 24 h (paused 11 h 40 min)
	// 投诉 K-0502-01 · 已结案
	// 内容：Room not cleaned for two days; front desk unhelpful
	// 受理时间：2027年5月2日 星期日 20:10（巴黎当地时间，UTC+2）
	//   5月2日 星期日 20:35  回应客户，确认受理：called the customer and apologised
	//   5月2日 星期日 20:40  评估投诉：service failure at the hotel; high priority
	//   5月2日 星期日 20:45  开始调查
	//   5月2日 星期日 20:50  等待供应商回复（计时暂停）：asked the hotel manager for the facts and an offer
	//   5月3日 星期一 08:30  恢复处理：manager confirms; offers 5,000 points and a re-cleaned room
	//   5月3日 星期一 09:00  记录处理方案：供应商责任：room re-cleaned, manager's apology
	//   5月3日 星期一 09:15  向客户答复处理方案：offered the remedy to the customer
	//   5月3日 星期一 10:00  结案：customer accepts
	//   5月3日 星期一 10:05  客户对处理结果评分：5/5
	// 首次响应：已达成，用时 25分钟 / 1小时
	// 解决：已达成，用时 2小时10分钟 / 24小时（暂停 11小时40分钟）
}
