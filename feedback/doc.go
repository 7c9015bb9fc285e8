// Package feedback handles what customers say after and during a trip:
// complaints under SLA, surveys, follow-up visits (回访) and the feedback
// report with improvement measures (客户反馈报告及改进措施).
//
// Business calendars have working windows per weekday in an IANA zone
// (several a day, such as a lunch break), holidays and extra working days
// (China's 调休); Add, Between and NextOpen walk calendar dates in the zone,
// so results stay right across DST changes, and every walk is bounded.
//
// A [Complaint] follows the ISO 10002 lifecycle — received, acknowledged,
// assessed, investigating, waiting on the customer or a supplier (the SLA
// clock paused), responded, closed — with escalation and reopening. Every
// change is appended to its timeline; a resolution records the root cause,
// the remedy and compensation (points, vouchers, refunds) with approval above
// the handler's limits and an optional charge-back to the supplier at fault.
// The SLA policy and calendar in force are copied onto the complaint when it
// opens. SLA computes, at any instant and from the timeline alone, each
// target's due time, time used and paused, and state; a breach is sticky
// and an open complaint past its due time is breached at once.
//
// [BuildReport] turns surveys, complaints, follow-ups and improvement actions
// into the period's report: CSAT and NPS ("no data" without answers), SLA
// compliance, handling-time percentiles, causes, compensation per currency.
// [Report.RenderText] and [RenderComplaintText] write them for people in zh-CN
// or English, with translated aspects, causes and statuses and timeline
// steps that say what happened.
package feedback
