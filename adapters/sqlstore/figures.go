package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

type figures struct{ s *Store }

// scope is the consultant condition of a figures query and its arguments.
func scope(q storage.FiguresQuery) (string, []any) {
	if len(q.Consultants) == 0 {
		return "", nil
	}
	args := make([]any, len(q.Consultants))
	for i, c := range q.Consultants {
		args[i] = c
	}
	return " AND consultant IN (?" + strings.Repeat(", ?", len(args)-1) + ")", args
}

// KPI runs one aggregate query per table, each on an index that starts
// with the tenant and the period's column; no row comes back to Go.
func (r figures) KPI(ctx context.Context, tenant storage.TenantID, q storage.FiguresQuery) (kpi.Figures, error) {
	if err := storage.CheckText(q.Consultants); err != nil {
		return kpi.Figures{}, err
	}
	in, inArgs := scope(q)
	args := func(head ...any) []any { return append(head, inArgs...) }
	from, to, prevFrom := nanos(q.From), nanos(q.To), nanos(q.PrevFrom)
	var f kpi.Figures
	var responses, satisfied sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END) FROM {surveys}{use:surveys_listing}
		WHERE tenant = ? AND responded_at >= ? AND responded_at < ? AND csat > 0`+in, args(tenant, from, to)...).Scan(&responses, &satisfied); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.Responses, f.Satisfied = int(responses.Int64), int(satisfied.Int64)

	col, lo, mid, hi := "booked_at", prevFrom, from, to
	if q.Basis == kpi.ByDepartureDate {
		col, lo, mid, hi = "departure", int64(q.PrevFromDay), int64(q.FromDay), int64(q.ToDay)
	}
	var sales, prev, sold sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT SUM(CASE WHEN `+col+` >= ? THEN sold_minor ELSE 0 END), SUM(CASE WHEN `+col+` < ? THEN sold_minor ELSE 0 END),
		SUM(CASE WHEN `+col+` >= ? AND sold_minor > 0 THEN 1 ELSE 0 END) FROM {bookings}{use:bookings_`+strings.TrimSuffix(col, "_at")+`}
		WHERE tenant = ? AND `+col+` >= ? AND `+col+` < ? AND currency = ?`+in,
		args(mid, mid, mid, tenant, lo, hi, q.Currency.Code())...).Scan(&sales, &prev, &sold); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.NetSales, f.PrevNetSales, f.Bookings = pricing.FromMinor(sales.Int64, q.Currency), pricing.FromMinor(prev.Int64, q.Currency), int(sold.Int64)

	var received, answered sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at - received_at <= ? THEN 1 ELSE 0 END)
		FROM {complaints}{use:complaints_kpi_received} WHERE tenant = ? AND received_at >= ? AND received_at < ?`+in,
		args(int64(24*time.Hour), tenant, from, to)...).Scan(&received, &answered); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ComplaintsReceived, f.AnsweredIn24h = int(received.Int64), int(answered.Int64)

	var due, resolved sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= resolve_due THEN 1 ELSE 0 END)
		FROM {complaints}{use:complaints_kpi_due} WHERE tenant = ? AND resolve_due >= ? AND resolve_due < ? AND (resolved_at IS NOT NULL OR resolve_due <= ?)`+in,
		args(tenant, from, to, nanos(q.Now))...).Scan(&due, &resolved); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ComplaintsDue, f.ResolvedInSLA = int(due.Int64), int(resolved.Int64)

	var issued, blocked sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(ever_blocked) FROM {travel_contracts}{use:travel_contracts_kpi} WHERE tenant = ? AND issued_at >= ? AND issued_at < ?`+in,
		args(tenant, from, to)...).Scan(&issued, &blocked); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ContractsIssued, f.ContractsBlocked = int(issued.Int64), int(blocked.Int64)
	var signed, signedBlocked sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(signed_blocked) FROM {travel_contracts}{use:travel_contracts_signed} WHERE tenant = ? AND signed_at >= ? AND signed_at < ?`+in,
		args(tenant, from, to)...).Scan(&signed, &signedBlocked); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ContractsSigned, f.ContractsSignedBlocked = int(signed.Int64), int(signedBlocked.Int64)

	var reports, onTime sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(on_schedule) FROM {market_reports}{use:market_reports_due} WHERE tenant = ? AND due_at >= ? AND due_at < ?`+in,
		args(tenant, from, to)...).Scan(&reports, &onTime); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ReportsDue, f.ReportsOnSchedule = int(reports.Int64), int(onTime.Int64)
	return f, nil
}

func (r figures) SupplierPerformance(ctx context.Context, tenant storage.TenantID, supplierID string, from, to time.Time) (supplier.Performance, error) {
	var p supplier.Performance
	rows, err := r.s.query(ctx, `SELECT h.confirmed_at - h.created_at FROM {holds} h JOIN {allotments} a ON a.tenant = h.tenant AND a.id = h.allotment_id
		WHERE h.tenant = ? AND a.supplier_id = ? AND h.confirmed_at >= ? AND h.confirmed_at < ?`, tenant, supplierID, nanos(from), nanos(to))
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return p, r.s.translate(err)
		}
		p.Confirmations = append(p.Confirmations, time.Duration(d))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, r.s.translate(err)
	}
	// Requests answered: accepted (confirmed at some point) or declined.
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN h.confirmed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM {holds} h JOIN {allotments} a ON a.tenant = h.tenant AND a.id = h.allotment_id
		WHERE h.tenant = ? AND a.supplier_id = ? AND h.on_request = 1 AND (h.confirmed_at IS NOT NULL OR h.state = 'declined')
		AND h.created_at >= ? AND h.created_at < ?`, tenant, supplierID, nanos(from), nanos(to)).Scan(&p.OnRequestAsked, &p.OnRequestAccepted); err != nil {
		return p, r.s.translate(err)
	}
	first, last := date.NewAt(from), date.NewAt(to.Add(-time.Nanosecond))
	// Services supplied in the period: cost lines by the service's date.
	if err := r.s.queryRow(ctx, `SELECT COUNT(*) FROM {cost_lines} WHERE tenant = ? AND supplier_id = ? AND service_day >= ? AND service_day <= ?`,
		tenant, supplierID, int64(first), int64(last)).Scan(&p.Bookings); err != nil {
		return p, r.s.translate(err)
	}
	if err := r.s.queryRow(ctx, `SELECT COALESCE(SUM(line_count), 0), COALESCE(SUM(lines_exact), 0) FROM {invoices}
		WHERE tenant = ? AND supplier_id = ? AND issued >= ? AND issued <= ?`, tenant, supplierID, int64(first), int64(last)).Scan(&p.InvoiceLines, &p.InvoiceLinesExact); err != nil {
		return p, r.s.translate(err)
	}
	if err := r.s.queryRow(ctx, `SELECT COUNT(*) FROM {complaints} WHERE tenant = ? AND charged_back_to = ? AND received_at >= ? AND received_at < ?`,
		tenant, supplierID, nanos(from), nanos(to)).Scan(&p.ChargedBack); err != nil {
		return p, r.s.translate(err)
	}
	// Allotment nights whose release date fell in the period, and those the
	// supplier did not stop-sell before it.
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN n.stop_sold_on IS NOT NULL AND n.stop_sold_on < n.night - a.release_days THEN 0 ELSE 1 END), 0)
		FROM {allotment_nights} n JOIN {allotments} a ON a.tenant = n.tenant AND a.id = n.allotment_id
		WHERE n.tenant = ? AND a.supplier_id = ? AND a.kind = 'allotment' AND n.night - a.release_days >= ? AND n.night - a.release_days <= ?`,
		tenant, supplierID, int64(first), int64(last)).Scan(&p.Releases, &p.ReleasesOnTime); err != nil {
		return p, r.s.translate(err)
	}
	return p, nil
}

// SurveySummary counts in SQL: one row whatever the number of responses.
func (r figures) SurveySummary(ctx context.Context, tenant storage.TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error) {
	var s feedback.SurveySummary
	rated := func(col string) string {
		return `COALESCE(SUM(` + col + `), 0), COALESCE(SUM(CASE WHEN ` + col + ` > 0 THEN 1 ELSE 0 END), 0)`
	}
	q := `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN csat > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END), 0),
		` + rated("r_hotel") + `, ` + rated("r_transport") + `, ` + rated("r_guide") + `,
		` + rated("r_meals") + `, ` + rated("r_itinerary") + `, ` + rated("r_consultant") + `
		FROM {surveys}{use:surveys_listing} WHERE tenant = ? AND responded_at >= ? AND responded_at < ?
		AND (CAST(? AS {text}) = '' OR consultant = ?) AND (CAST(? AS {text}) = '' OR team = ?)`
	err := r.s.queryRow(ctx, q, tenant, nanos(from), nanos(to), consultant, consultant, team, team).Scan(
		&s.Responses, &s.CSATScored, &s.CSATGood, &s.Promoters, &s.Passives, &s.Detractors,
		&s.RatingSum[0], &s.RatingN[0], &s.RatingSum[1], &s.RatingN[1], &s.RatingSum[2], &s.RatingN[2],
		&s.RatingSum[3], &s.RatingN[3], &s.RatingSum[4], &s.RatingN[4], &s.RatingSum[5], &s.RatingN[5])
	return s, r.s.translate(err)
}

func (r figures) Conversion(ctx context.Context, tenant storage.TenantID, from, to time.Time) ([]storage.Conversion, error) {
	rows, err := r.s.query(ctx, `SELECT consultant, channel, lead_source, COUNT(*), SUM(proposed), SUM(won) FROM {inquiries}{use:inquiries_received}
		WHERE tenant = ? AND received_at >= ? AND received_at < ? GROUP BY consultant, channel, lead_source
		ORDER BY consultant, channel, lead_source`, tenant, nanos(from), nanos(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []storage.Conversion{}
	for rows.Next() {
		var c storage.Conversion
		var channel string
		if err := rows.Scan(&c.Consultant, &channel, &c.LeadSource, &c.Inquiries, &c.Proposed, &c.Won); err != nil {
			return nil, r.s.translate(err)
		}
		c.Channel = inquiry.Channel(channel)
		out = append(out, c)
	}
	return out, rows.Err()
}
