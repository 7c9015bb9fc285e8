package feedback

import (
	"time"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/ref"
	"golang.org/x/text/language"
)

func isZh(lang language.Tag) bool { return human.IsZh(lang) }

// Label returns the aspect as people read it in lang.
func (a Aspect) Label(lang language.Tag) string {
	zh := map[Aspect]string{AspectHotel: "酒店", AspectTransport: "交通", AspectGuide: "导游", AspectMeals: "餐饮",
		AspectItinerary: "行程安排", AspectConsultant: "旅游顾问"}
	en := map[Aspect]string{AspectHotel: "Hotel", AspectTransport: "Transport", AspectGuide: "Guide", AspectMeals: "Meals",
		AspectItinerary: "Itinerary", AspectConsultant: "Consultant"}
	return pick(lang, zh[a], en[a], string(a))
}

// Label returns the root cause as people read it in lang.
func (r RootCause) Label(lang language.Tag) string {
	zh := map[RootCause]string{SupplierFault: "供应商责任", AgencyError: "旅行社失误", ExpectationGap: "期望差异",
		ForceMajeure: "不可抗力", OtherCause: "其他"}
	en := map[RootCause]string{SupplierFault: "supplier fault", AgencyError: "agency error", ExpectationGap: "expectation gap",
		ForceMajeure: "force majeure", OtherCause: "other"}
	return pick(lang, zh[r], en[r], string(r))
}

// Label returns the status as people read it in lang.
func (s Status) Label(lang language.Tag) string {
	zh := map[Status]string{Received: "已受理", Acknowledged: "已回应", Assessed: "已评估", Investigating: "调查中",
		WaitingCustomer: "等待客户", WaitingSupplier: "等待供应商", Responded: "已答复", Closed: "已结案"}
	en := map[Status]string{Received: "received", Acknowledged: "acknowledged", Assessed: "assessed", Investigating: "under investigation",
		WaitingCustomer: "waiting for the customer", WaitingSupplier: "waiting for the supplier", Responded: "answered", Closed: "closed"}
	return pick(lang, zh[s], en[s], string(s))
}

// Label returns the improvement action's status in lang.
func (s ActionStatus) Label(lang language.Tag) string {
	zh := map[ActionStatus]string{ActionOpen: "未开始", ActionInProgress: "进行中", ActionDone: "已完成"}
	en := map[ActionStatus]string{ActionOpen: "open", ActionInProgress: "in progress", ActionDone: "done"}
	return pick(lang, zh[s], en[s], string(s))
}

// Describe says what happened at a timeline step, in lang: "Acknowledged
// the complaint", "Waited for the supplier", "Closed the complaint".
func (e Entry) Describe(lang language.Tag) string {
	zh := map[Action]string{Acknowledge: "回应客户，确认受理", Assess: "评估投诉", Investigate: "开始调查",
		WaitCustomer: "等待客户回复（计时暂停）", WaitSupplier: "等待供应商回复（计时暂停）", Resume: "恢复处理",
		Respond: "向客户答复处理方案", Close: "结案", Reopen: "重新处理", Escalate: "升级处理", AddNote: "备注",
		"receive": "受理投诉", "resolve": "记录处理方案", "rate": "客户对处理结果评分"}
	en := map[Action]string{Acknowledge: "Acknowledged the complaint", Assess: "Assessed the complaint", Investigate: "Started the investigation",
		WaitCustomer: "Waited for the customer (clock paused)", WaitSupplier: "Waited for the supplier (clock paused)", Resume: "Resumed the work",
		Respond: "Answered the customer with the remedy", Close: "Closed the complaint", Reopen: "Reopened the complaint",
		Escalate: "Escalated the complaint", AddNote: "Note",
		"receive": "Received the complaint", "resolve": "Recorded the resolution", "rate": "The customer rated the resolution"}
	return pick(lang, zh[e.Action], en[e.Action], string(e.Action))
}

func pick(lang language.Tag, zh, en, raw string) string {
	switch {
	case isZh(lang) && zh != "":
		return zh
	case !isZh(lang) && en != "":
		return en
	}
	return raw
}

// LocalTime renders an instant in loc for people in lang, with the place
// and the UTC offset instead of a zone ID: "Sun 2 May 2027 20:35 (Paris
// time, UTC+2)".
func LocalTime(t time.Time, loc *time.Location, place string, lang language.Tag) string {
	return human.Instant(t, loc, place, isZh(lang))
}

// Reference returns the reference a person reads for a complaint ID: the
// ID itself when short and readable, else a short code with a check
// character ("C-7KXM2-P9AZ4-J").
func Reference(complaintID string) string { return ref.For("C", complaintID) }
