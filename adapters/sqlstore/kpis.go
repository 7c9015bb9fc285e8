package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// KPIs returns the KPI repository.
func (s *Store) KPIs() agency.KPIRepo { return kpis{s} }

type kpis struct{ s *Store }

// scope is the consultant condition of a figures query and its arguments.
func scope(q agency.FiguresQuery) (string, []any) {
	if len(q.Consultants) == 0 {
		return "", nil
	}
	args := make([]any, len(q.Consultants))
	for i, c := range q.Consultants {
		args[i] = c
	}
	return " AND consultant IN (?" + strings.Repeat(", ?", len(args)-1) + ")", args
}

// Figures runs one aggregate query per table, each on an index that
// starts with the tenant and the period's column; no row comes back to Go.
func (r kpis) Figures(ctx context.Context, tenant agency.TenantID, q agency.FiguresQuery) (kpi.Figures, error) {
	if err := agency.CheckText(q.Consultants); err != nil {
		return kpi.Figures{}, err
	}
	in, inArgs := scope(q)
	args := func(head ...any) []any { return append(head, inArgs...) }
	from, to, prevFrom := nanos(q.From), nanos(q.To), nanos(q.PrevFrom)
	var f kpi.Figures
	var responses, satisfied sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END) FROM {surveys}
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
		SUM(CASE WHEN `+col+` >= ? AND sold_minor > 0 THEN 1 ELSE 0 END) FROM {bookings}
		WHERE tenant = ? AND `+col+` >= ? AND `+col+` < ? AND currency = ?`+in,
		args(mid, mid, mid, tenant, lo, hi, q.Currency.Code())...).Scan(&sales, &prev, &sold); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.NetSales, f.PrevNetSales, f.Bookings = pricing.FromMinor(sales.Int64, q.Currency), pricing.FromMinor(prev.Int64, q.Currency), int(sold.Int64)

	var received, answered sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at - received_at <= ? THEN 1 ELSE 0 END)
		FROM {complaints} WHERE tenant = ? AND received_at >= ? AND received_at < ?`+in,
		args(int64(24*time.Hour), tenant, from, to)...).Scan(&received, &answered); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ComplaintsReceived, f.AnsweredIn24h = int(received.Int64), int(answered.Int64)

	var due, resolved sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at <= resolve_due THEN 1 ELSE 0 END)
		FROM {complaints} WHERE tenant = ? AND resolve_due >= ? AND resolve_due < ? AND (resolved_at IS NOT NULL OR resolve_due <= ?)`+in,
		args(tenant, from, to, nanos(q.Now))...).Scan(&due, &resolved); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ComplaintsDue, f.ResolvedInSLA = int(due.Int64), int(resolved.Int64)

	var issued, blocked sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(ever_blocked) FROM {travel_contracts} WHERE tenant = ? AND issued_at >= ? AND issued_at < ?`+in,
		args(tenant, from, to)...).Scan(&issued, &blocked); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ContractsIssued, f.ContractsBlocked = int(issued.Int64), int(blocked.Int64)

	var reports, onTime sql.NullInt64
	if err := r.s.queryRow(ctx, `SELECT COUNT(*), SUM(on_schedule) FROM {market_reports} WHERE tenant = ? AND due_at >= ? AND due_at < ?`+in,
		args(tenant, from, to)...).Scan(&reports, &onTime); err != nil {
		return kpi.Figures{}, r.s.translate(err)
	}
	f.ReportsDue, f.ReportsOnSchedule = int(reports.Int64), int(onTime.Int64)
	return f, nil
}

func (r kpis) SaveReport(ctx context.Context, rec agency.ReportRecord) (agency.ReportRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ReportRecord{}, err
	}
	stored := rec
	stored.Version = 0
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.ReportRecord{}, err
	}
	on, _ := rec.Report.OnSchedule()
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {market_reports} (tenant, id, version, consultant, due_at, submitted_at, on_schedule, body)
			VALUES (?, ?, 1, ?, ?, ?, ?, ?)`, rec.Tenant, rec.ID, rec.Consultant, nanos(rec.Report.Due), nullNanos(rec.Report.SubmittedAt), flag(on),
			string(body)); err != nil {
			return agency.ReportRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {market_reports} SET version = version + 1, consultant = ?, due_at = ?, submitted_at = ?, on_schedule = ?, body = ?
		WHERE tenant = ? AND id = ? AND version = ?`, rec.Consultant, nanos(rec.Report.Due), nullNanos(rec.Report.SubmittedAt), flag(on), string(body),
		rec.Tenant, rec.ID, rec.Version)
	if err != nil {
		return agency.ReportRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.ReportRecord{}, fmt.Errorf("%w: report %s is not at version %d", agency.ErrConflict, rec.ID, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r kpis) Report(ctx context.Context, tenant agency.TenantID, id string) (agency.ReportRecord, error) {
	var rec agency.ReportRecord
	var version int
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, body FROM {market_reports} WHERE tenant = ? AND id = ?`, tenant, id), "report", id, &rec, &version)
	rec.Version = version
	return rec, err
}

func monthKey(year int, m time.Month) int { return year*100 + int(m) }

func (r kpis) SavePlan(ctx context.Context, rec agency.PlanRecord) (agency.PlanRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.PlanRecord{}, err
	}
	stored := rec
	stored.Version = 0
	body, err := json.Marshal(stored)
	if err != nil {
		return agency.PlanRecord{}, err
	}
	p := rec.Plan
	if rec.Version == 0 {
		if _, err := r.s.exec(ctx, `INSERT INTO {sales_plans} (tenant, consultant, month, version, body) VALUES (?, ?, ?, 1, ?)`,
			rec.Tenant, p.Consultant, monthKey(p.Year, p.Month), string(body)); err != nil {
			return agency.PlanRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {sales_plans} SET version = version + 1, body = ? WHERE tenant = ? AND consultant = ? AND month = ? AND version = ?`,
		string(body), rec.Tenant, p.Consultant, monthKey(p.Year, p.Month), rec.Version)
	if err != nil {
		return agency.PlanRecord{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return agency.PlanRecord{}, fmt.Errorf("%w: the plan is not at version %d", agency.ErrConflict, rec.Version)
	}
	rec.Version++
	return rec, nil
}

func (r kpis) Plan(ctx context.Context, tenant agency.TenantID, consultant string, year int, month time.Month) (agency.PlanRecord, error) {
	var rec agency.PlanRecord
	var version int
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT version, body FROM {sales_plans} WHERE tenant = ? AND consultant = ? AND month = ?`,
		tenant, consultant, monthKey(year, month)), "plan", fmt.Sprintf("of %s for %04d-%02d", consultant, year, int(month)), &rec, &version)
	rec.Version = version
	return rec, err
}

func (r kpis) AddObservation(ctx context.Context, tenant agency.TenantID, o market.Observation) error {
	if err := agency.CheckText(o); err != nil {
		return err
	}
	body, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, `INSERT INTO {market_observations} (tenant, id, observed_at, body) VALUES (?, ?, ?, ?)`, tenant, o.ID, nanos(o.ObservedAt), string(body))
	return err
}

func (r kpis) Observations(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]market.Observation, error) {
	rows, err := r.s.query(ctx, `SELECT body FROM {market_observations} WHERE tenant = ? AND observed_at >= ? AND observed_at < ? ORDER BY observed_at, id`,
		tenant, nanos(from), nanos(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []market.Observation
	for rows.Next() {
		var o market.Observation
		if err := r.s.scanDoc(rows, "observation", "in the period", &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
