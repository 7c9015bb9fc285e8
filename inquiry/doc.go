// Package inquiry answers customers' inquiries: the consultation record
// (客户咨询记录表) with needs, questions and answers, the next action and a
// status from new to won or lost, the first-response SLA on the business
// calendars of the feedback package; customer profiles accumulated across
// inquiries and trips with their provenance, and duplicate customers
// found by normalised e-mail, phone and name; a catalogue of packaged
// products; and the product recommendation list (产品推荐清单): hard
// filters first, each exclusion with a reason code, then a documented
// score with every contribution as a reason, in a deterministic order.
//
// The score of a product that passes the filters is the sum of:
// INTEREST_MATCH, weight × strength for each interest asked (weights and
// strengths 1–10); PAST_PREFERENCE, profile weight × strength ÷ 2 for
// each interest in the profile not asked this time; BUDGET_FIT 20 at or
// under the budget, or OVER_BUDGET 20 × (1 − over ÷ tolerance) within
// the tolerance, with the exact percentage over; SEASON 10 when the
// product suits the departure month; PACE 10 for the same pace, 5 for
// the next, 0 for the opposite; HOTEL_GRADE 5 when the grade is at least
// the one asked. Ties are broken by product ID.
//
// The consultation record exports as CSV (UTF-8 with a byte-order mark)
// and text in zh-CN and en; the inquiry/xlsx package writes it as an
// XLSX workbook, apart so that importing inquiry does not pull in a
// spreadsheet library.
package inquiry
