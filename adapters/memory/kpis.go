package memory

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// KPIs returns the KPI repository.
func (s *Store) KPIs() agency.KPIRepo { return kpis{s} }

type kpis struct{ s *Store }

func pickReports(st *state) map[string]agency.ReportRecord { return st.reports }
func pickPlans(st *state) map[string]agency.PlanRecord     { return st.plans }

func within(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// Figures aggregates in Go what the SQL store aggregates in its queries,
// by the same rules (see agency.KPIRepo).
func (r kpis) Figures(ctx context.Context, tenant agency.TenantID, q agency.FiguresQuery) (kpi.Figures, error) {
	if err := texts(append([]string{string(tenant)}, q.Consultants...)...); err != nil {
		return kpi.Figures{}, err
	}
	in := func(c string) bool { return len(q.Consultants) == 0 || slices.Contains(q.Consultants, c) }
	var f kpi.Figures
	var sales, prev int64
	err := r.s.do(ctx, func(tx *Store) error {
		for k, v := range merged(tx, func(st *state) map[string]feedback.Survey { return st.surveys }) {
			if k == key(string(tenant), v.ID) && in(v.Consultant) && within(v.RespondedAt, q.From, q.To) && v.CSAT > 0 {
				f.Responses++
				if v.CSAT >= 4 {
					f.Satisfied++
				}
			}
		}
		for _, b := range merged(tx, pickBookings) {
			if b.Tenant != tenant || !in(b.Consultant) || b.Booking.Total.Currency() != q.Currency {
				continue
			}
			n := b.NetSale()
			var this, before bool
			if q.Basis == kpi.ByDepartureDate {
				d := b.Booking.Departure()
				this, before = d >= q.FromDay && d < q.ToDay, d >= q.PrevFromDay && d < q.FromDay
			} else {
				this, before = within(b.BookedAt, q.From, q.To), within(b.BookedAt, q.PrevFrom, q.From)
			}
			if this {
				sales += n
				if n > 0 {
					f.Bookings++
				}
			}
			if before {
				prev += n
			}
		}
		for _, c := range merged(tx, pickComplaints) {
			if c.Tenant != tenant || !in(c.Complaint.Consultant) {
				continue
			}
			if within(c.Complaint.ReceivedAt, q.From, q.To) {
				f.ComplaintsReceived++
				if c.FirstResponseAt != nil && c.FirstResponseAt.Sub(c.Complaint.ReceivedAt) <= 24*time.Hour {
					f.AnsweredIn24h++
				}
			}
			if c.ResolveDue != nil && within(*c.ResolveDue, q.From, q.To) && (c.ResolvedAt != nil || !c.ResolveDue.After(q.Now)) {
				f.ComplaintsDue++
				if c.ResolvedAt != nil && !c.ResolvedAt.After(*c.ResolveDue) {
					f.ResolvedInSLA++
				}
			}
		}
		for _, c := range merged(tx, pickTravelContracts) {
			if c.Tenant == tenant && in(c.Consultant) && len(c.Validations) > 0 && within(c.Validations[0].At, q.From, q.To) {
				f.ContractsIssued++
				if c.EverBlocked() {
					f.ContractsBlocked++
				}
			}
		}
		for _, rep := range merged(tx, pickReports) {
			if rep.Tenant == tenant && in(rep.Consultant) && within(rep.Report.Due, q.From, q.To) {
				f.ReportsDue++
				if on, _ := rep.Report.OnSchedule(); on {
					f.ReportsOnSchedule++
				}
			}
		}
		return nil
	})
	f.NetSales, f.PrevNetSales = pricing.FromMinor(sales, q.Currency), pricing.FromMinor(prev, q.Currency)
	return f, err
}

func (r kpis) SaveReport(ctx context.Context, rec agency.ReportRecord) (agency.ReportRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.ReportRecord{}, err
	}
	return saveVersioned(ctx, r.s, pickReports, key(string(rec.Tenant), rec.ID), "report "+rec.ID, rec,
		func(x *agency.ReportRecord) *int { return &x.Version })
}

func (r kpis) Report(ctx context.Context, tenant agency.TenantID, id string) (agency.ReportRecord, error) {
	if err := texts(string(tenant), id); err != nil {
		return agency.ReportRecord{}, err
	}
	return getRecord(ctx, r.s, pickReports, key(string(tenant), id), "report "+id)
}

func planKey(tenant agency.TenantID, consultant string, year int, month time.Month) string {
	return key(string(tenant), consultant, strconv.Itoa(year), strconv.Itoa(int(month)))
}

func (r kpis) SavePlan(ctx context.Context, rec agency.PlanRecord) (agency.PlanRecord, error) {
	if err := agency.CheckText(rec); err != nil {
		return agency.PlanRecord{}, err
	}
	p := rec.Plan
	return saveVersioned(ctx, r.s, pickPlans, planKey(rec.Tenant, p.Consultant, p.Year, p.Month),
		fmt.Sprintf("the plan of %s for %s", p.Consultant, p.Period().Label), rec, func(x *agency.PlanRecord) *int { return &x.Version })
}

func (r kpis) Plan(ctx context.Context, tenant agency.TenantID, consultant string, year int, month time.Month) (agency.PlanRecord, error) {
	if err := texts(string(tenant), consultant); err != nil {
		return agency.PlanRecord{}, err
	}
	return getRecord(ctx, r.s, pickPlans, planKey(tenant, consultant, year, month), fmt.Sprintf("plan of %s for %04d-%02d", consultant, year, int(month)))
}

func pickObservations(st *state) map[string]market.Observation { return st.observations }

func (r kpis) AddObservation(ctx context.Context, tenant agency.TenantID, o market.Observation) error {
	if err := textsAnd(o, string(tenant)); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		k := key(string(tenant), o.ID)
		if _, ok := lookup(tx, pickObservations, k); ok {
			return fmt.Errorf("%w: observation %s already exists", agency.ErrConflict, o.ID)
		}
		tx.over.observations[k] = deepCopy(o)
		return nil
	})
}

func (r kpis) Observations(ctx context.Context, tenant agency.TenantID, from, to time.Time) ([]market.Observation, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	var out []market.Observation
	err := r.s.do(ctx, func(tx *Store) error {
		for k, o := range merged(tx, pickObservations) {
			if k == key(string(tenant), o.ID) && within(o.ObservedAt, from, to) {
				out = append(out, deepCopy(o))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b market.Observation) int {
		if c := a.ObservedAt.Compare(b.ObservedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}
