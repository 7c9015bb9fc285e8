// Package kpi scores consultants, teams and the agency on the job's
// measures: customer satisfaction (share of responses scoring 4–5),
// month-on-month net sales growth (cancellations and refunds deducted, by
// booking or departure date, stated), complaints answered within 24 hours
// and resolved within their SLA (complaints received earlier but due in
// the period included), the contract error rate (contracts with a
// blocking finding ÷ contracts issued) and research reports on schedule.
//
// Values are exact fractions compared with their targets exactly — 80 %
// meets "≥ 80 %", 5 % does not meet "< 5 %" — and "no data" (no
// responses, no contracts, a previous month without sales) is a result of
// its own, never 0 %. Periods are months, quarters or custom spans of
// days in the agency's zone.
//
// Sales plans set a target per consultant and month; Track gives
// achievement, the run-rate forecast (month to date ÷ elapsed days × days
// in the month, on calendar days or a feedback calendar's working days)
// and the daily rate still needed. Charts live in kpi/chart, so that
// importing kpi does not pull in a charting library.
package kpi
