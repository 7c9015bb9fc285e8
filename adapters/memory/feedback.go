package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
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

func copyRecord(r agency.ComplaintRecord) agency.ComplaintRecord {
	r.Complaint = *r.Complaint.Clone()
	if r.NextCheck != nil {
		t := *r.NextCheck
		r.NextCheck = &t
	}
	if r.DueAt != nil {
		t := *r.DueAt
		r.DueAt = &t
	}
	return r
}

type complaints struct{ s *Store }

func pickComplaints(st *state) map[string]agency.ComplaintRecord { return st.complaints }

func (r complaints) Get(ctx context.Context, tenant agency.TenantID, id string) (agency.ComplaintRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.ComplaintRecord{}, err
	}
	var out agency.ComplaintRecord
	err := r.s.do(ctx, func(tx *Store) error {
		rec, ok := lookup(tx, pickComplaints, key(string(tenant), id))
		if !ok {
			return fmt.Errorf("%w: complaint %s", agency.ErrNotFound, id)
		}
		out = copyRecord(rec)
		return nil
	})
	return out, err
}

func (r complaints) Save(ctx context.Context, rec agency.ComplaintRecord) (agency.ComplaintRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ComplaintRecord{}, err
	}
	err := r.s.do(ctx, func(tx *Store) error {
		k := key(string(rec.Tenant), rec.Complaint.ID)
		cur, ok := lookup(tx, pickComplaints, k)
		switch {
		case rec.Version == 0 && ok:
			return fmt.Errorf("%w: complaint %s already exists", agency.ErrConflict, rec.Complaint.ID)
		case rec.Version > 0 && !ok:
			return fmt.Errorf("%w: complaint %s", agency.ErrNotFound, rec.Complaint.ID)
		case rec.Version > 0 && cur.Version != rec.Version:
			return fmt.Errorf("%w: complaint %s is at version %d, not %d", agency.ErrConflict, rec.Complaint.ID, cur.Version, rec.Version)
		}
		rec.Version++
		tx.over.complaints[k] = copyRecord(rec)
		return nil
	})
	if err != nil {
		return agency.ComplaintRecord{}, err
	}
	return rec, nil
}

func (r complaints) Due(ctx context.Context, now time.Time, limit int) ([]agency.ComplaintRecord, error) {
	var out []agency.ComplaintRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickComplaints) {
			if rec.NextCheck != nil && !rec.NextCheck.After(now) {
				out = append(out, copyRecord(rec))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.ComplaintRecord) int {
		if c := a.NextCheck.Compare(*b.NextCheck); c != 0 {
			return c
		}
		return compareKeys(a, b)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

func compareKeys(a, b agency.ComplaintRecord) int {
	if a.Tenant != b.Tenant {
		if a.Tenant < b.Tenant {
			return -1
		}
		return 1
	}
	if a.Complaint.ID < b.Complaint.ID {
		return -1
	}
	if a.Complaint.ID > b.Complaint.ID {
		return 1
	}
	return 0
}

func (r complaints) List(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]agency.ComplaintRecord, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []agency.ComplaintRecord
	err := r.s.do(ctx, func(tx *Store) error {
		for _, rec := range merged(tx, pickComplaints) {
			at := rec.Complaint.ReceivedAt
			if rec.Tenant == tenant && !at.Before(from) && at.Before(to) {
				out = append(out, copyRecord(rec))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b agency.ComplaintRecord) int {
		if c := a.Complaint.ReceivedAt.Compare(b.Complaint.ReceivedAt); c != 0 {
			return c
		}
		return compareKeys(a, b)
	})
	return out, err
}

type surveys struct{ s *Store }

func copySurvey(v feedback.Survey) feedback.Survey {
	v.Ratings = maps.Clone(v.Ratings)
	if v.NPS != nil {
		n := *v.NPS
		v.NPS = &n
	}
	return v
}

func (r surveys) Add(ctx context.Context, tenant agency.TenantID, v feedback.Survey) error {
	if err := textsAnd(v, string(tenant)); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), v.ID)
		if _, ok := lookup(tx, func(st *state) map[string]feedback.Survey { return st.surveys }, k); ok {
			return fmt.Errorf("%w: survey %s already exists", agency.ErrConflict, v.ID)
		}
		tx.over.surveys[k] = copySurvey(v)
		return nil
	})
}

func (r surveys) List(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]feedback.Survey, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []feedback.Survey
	err := r.s.do(ctx, func(tx *Store) error {
		for k, v := range merged(tx, func(st *state) map[string]feedback.Survey { return st.surveys }) {
			if k == key(string(tenant), v.ID) && !v.RespondedAt.Before(from) && v.RespondedAt.Before(to) {
				out = append(out, copySurvey(v))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b feedback.Survey) int {
		if c := a.RespondedAt.Compare(b.RespondedAt); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out, err
}

func (r surveys) Summary(ctx context.Context, tenant agency.TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error) {
	if err := texts(string(tenant), consultant, team); err != nil {
		return feedback.SurveySummary{}, err
	}
	var sum feedback.SurveySummary
	list, err := r.List(ctx, tenant, from, to)
	for _, v := range list {
		if (consultant == "" || v.Consultant == consultant) && (team == "" || v.Team == team) {
			sum.Add(v)
		}
	}
	return sum, err
}

type followUps struct{ s *Store }

func (r followUps) Save(ctx context.Context, tenant agency.TenantID, f feedback.FollowUp) error {
	if err := textsAnd(f, string(tenant)); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		if f.DoneAt != nil {
			t := *f.DoneAt
			f.DoneAt = &t
		}
		tx.over.followUps[key(string(tenant), f.ID)] = f
		return nil
	})
}

func (r followUps) List(ctx context.Context, tenant agency.TenantID, from, to date.Date) ([]feedback.FollowUp, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []feedback.FollowUp
	err := r.s.do(ctx, func(tx *Store) error {
		for k, f := range merged(tx, func(st *state) map[string]feedback.FollowUp { return st.followUps }) {
			if k == key(string(tenant), f.ID) && f.Due >= from && f.Due <= to {
				if f.DoneAt != nil {
					t := *f.DoneAt
					f.DoneAt = &t
				}
				out = append(out, f)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b feedback.FollowUp) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out, err
}
