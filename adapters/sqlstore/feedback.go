package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
)

// Complaints returns the complaint repository.
func (s *Store) Complaints() agency.ComplaintRepo { return complaints{s} }

// Surveys returns the survey repository.
func (s *Store) Surveys() agency.SurveyRepo { return surveys{s} }

// FollowUps returns the follow-up repository.
func (s *Store) FollowUps() agency.FollowUpRepo { return followUps{s} }

type complaints struct{ s *Store }

const complaintCols = `tenant, version, next_check_at, alerts, due_at, body`

func scanComplaint(sc scanner) (agency.ComplaintRecord, error) { return scanComplaintAnd(sc) }

// scanComplaintAnd scans complaintCols and then extra columns into extra.
func scanComplaintAnd(sc scanner, extra ...any) (agency.ComplaintRecord, error) {
	var r agency.ComplaintRecord
	var next, due sql.NullInt64
	var body string
	if err := sc.Scan(append([]any{&r.Tenant, &r.Version, &next, &r.Alerts, &due, &body}, extra...)...); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(body), &r.Complaint); err != nil {
		return r, fmt.Errorf("sqlstore: stored complaint: %w", err)
	}
	if next.Valid {
		t := fromNanos(next.Int64)
		r.NextCheck = &t
	}
	if due.Valid {
		t := fromNanos(due.Int64)
		r.DueAt = &t
	}
	return r, nil
}

func nullNanos(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: nanos(*t), Valid: true}
}

func (r complaints) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.ComplaintRecord, error) {
	rec, err := scanComplaint(r.s.queryRow(ctx, `SELECT `+complaintCols+` FROM {complaints} WHERE tenant = ? AND id = ?`, tenant, id))
	if errors.Is(err, sql.ErrNoRows) {
		return rec, fmt.Errorf("%w: complaint %s", agency.ErrNotFound, id)
	}
	return rec, r.s.translate(err)
}

func (r complaints) Save(ctx context.Context, rec agency.ComplaintRecord) (agency.ComplaintRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ComplaintRecord{}, err
	}
	body, err := json.Marshal(rec.Complaint)
	if err != nil {
		return agency.ComplaintRecord{}, err
	}
	c := &rec.Complaint
	if rec.Version == 0 {
		_, err := r.s.exec(ctx, `INSERT INTO {complaints} (tenant, id, version, status, customer_id, consultant, received_at, next_check_at, alerts, body,
			assignee, due_at, charged_back_to, first_response_at, resolve_due, resolved_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			rec.Tenant, c.ID, c.Status, c.CustomerID, c.Consultant, nanos(c.ReceivedAt), nullNanos(rec.NextCheck), rec.Alerts, string(body), c.Assignee,
			nullNanos(rec.DueAt), c.ChargedBackTo(), nullNanos(rec.FirstResponseAt), nullNanos(rec.ResolveDue), nullNanos(rec.ResolvedAt))
		if err != nil {
			return agency.ComplaintRecord{}, err
		}
		rec.Version = 1
		return rec, nil
	}
	res, err := r.s.exec(ctx, `UPDATE {complaints} SET version = version + 1, status = ?, consultant = ?, next_check_at = ?, alerts = ?, body = ?,
		assignee = ?, due_at = ?, charged_back_to = ?, first_response_at = ?, resolve_due = ?, resolved_at = ? WHERE tenant = ? AND id = ? AND version = ?`,
		c.Status, c.Consultant, nullNanos(rec.NextCheck), rec.Alerts, string(body), c.Assignee, nullNanos(rec.DueAt), c.ChargedBackTo(),
		nullNanos(rec.FirstResponseAt), nullNanos(rec.ResolveDue), nullNanos(rec.ResolvedAt), rec.Tenant, c.ID, rec.Version)
	if err != nil {
		return agency.ComplaintRecord{}, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		rec.Version++
		return rec, nil
	}
	if _, err := r.Get(ctx, rec.Tenant, c.ID); err != nil {
		return agency.ComplaintRecord{}, err
	}
	return agency.ComplaintRecord{}, fmt.Errorf("%w: complaint %s is not at version %d", agency.ErrConflict, c.ID, rec.Version)
}

func (r complaints) query(ctx context.Context, q string, args ...any) ([]agency.ComplaintRecord, error) {
	rows, err := r.s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agency.ComplaintRecord
	for rows.Next() {
		rec, err := scanComplaint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

func (r complaints) Due(ctx context.Context, now time.Time, limit int) ([]agency.ComplaintRecord, error) {
	lock := ""
	if r.s.tx != nil {
		lock = r.s.d.SkipLocked
	}
	return r.query(ctx, `SELECT `+complaintCols+` FROM {complaints} WHERE next_check_at IS NOT NULL AND next_check_at <= ?
		ORDER BY next_check_at, tenant, id LIMIT ?`+lock, nanos(now), limit)
}

func (r complaints) List(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]agency.ComplaintRecord, error) {
	return r.query(ctx, `SELECT `+complaintCols+` FROM {complaints} WHERE tenant = ? AND received_at >= ? AND received_at < ?
		ORDER BY received_at, id`, tenant, nanos(from), nanos(to))
}

type surveys struct{ s *Store }

func (r surveys) Add(ctx context.Context, tenant agency.TenantID, v feedback.Survey) error {
	if err := agency.CheckText(v); err != nil {
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var nps sql.NullInt64
	if v.NPS != nil {
		nps = sql.NullInt64{Int64: int64(*v.NPS), Valid: true}
	}
	var rt [6]int
	for i, a := range feedback.Aspects() {
		rt[i] = v.Ratings[a]
	}
	_, err = r.s.exec(ctx, `INSERT INTO {surveys} (tenant, id, responded_at, consultant, team, csat, nps,
		r_hotel, r_transport, r_guide, r_meals, r_itinerary, r_consultant, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tenant, v.ID, nanos(v.RespondedAt), v.Consultant, v.Team, v.CSAT, nps, rt[0], rt[1], rt[2], rt[3], rt[4], rt[5], string(body))
	return err
}

// Summary counts in SQL: one row whatever the number of responses.
func (r surveys) Summary(ctx context.Context, tenant agency.TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error) {
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
		FROM {surveys} WHERE tenant = ? AND responded_at >= ? AND responded_at < ?
		AND (CAST(? AS TEXT) = '' OR consultant = ?) AND (CAST(? AS TEXT) = '' OR team = ?)`
	err := r.s.queryRow(ctx, q, tenant, nanos(from), nanos(to), consultant, consultant, team, team).Scan(
		&s.Responses, &s.CSATScored, &s.CSATGood, &s.Promoters, &s.Passives, &s.Detractors,
		&s.RatingSum[0], &s.RatingN[0], &s.RatingSum[1], &s.RatingN[1], &s.RatingSum[2], &s.RatingN[2],
		&s.RatingSum[3], &s.RatingN[3], &s.RatingSum[4], &s.RatingN[4], &s.RatingSum[5], &s.RatingN[5])
	return s, r.s.translate(err)
}

func (r surveys) List(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]feedback.Survey, error) {
	rows, err := r.s.query(ctx, `SELECT body FROM {surveys} WHERE tenant = ? AND responded_at >= ? AND responded_at < ?
		ORDER BY responded_at, id`, tenant, nanos(from), nanos(to))
	if err != nil {
		return nil, r.s.translate(err)
	}
	defer rows.Close()
	var out []feedback.Survey
	for rows.Next() {
		var body string
		var v feedback.Survey
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return nil, fmt.Errorf("sqlstore: stored survey: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

type followUps struct{ s *Store }

func (r followUps) Save(ctx context.Context, tenant agency.TenantID, f feedback.FollowUp) error {
	if err := agency.CheckText(f); err != nil {
		return err
	}
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, `INSERT INTO {follow_ups} (tenant, id, due, body) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant, id) DO UPDATE SET due = excluded.due, body = excluded.body`, tenant, f.ID, int64(f.Due), string(body))
	return err
}

func (r followUps) List(ctx context.Context, tenant agency.TenantID, from, to date.Date) ([]feedback.FollowUp, error) {
	rows, err := r.s.query(ctx, `SELECT body FROM {follow_ups} WHERE tenant = ? AND due >= ? AND due <= ? ORDER BY due, id`,
		tenant, int64(from), int64(to))
	if err != nil {
		return nil, r.s.translate(err)
	}
	defer rows.Close()
	var out []feedback.FollowUp
	for rows.Next() {
		var body string
		var f feedback.FollowUp
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &f); err != nil {
			return nil, fmt.Errorf("sqlstore: stored follow-up: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
