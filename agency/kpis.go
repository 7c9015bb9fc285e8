package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// KPIs scores consultants, teams and the agency on the job's KPIs
// (绩效考核) from the store's aggregate queries, compared exactly with "no
// data" kept apart, and keeps and tracks the consultants' monthly sales
// plans.
type KPIs struct{ c *core }

// ScorecardRequest asks for a scope's scorecards over the last Periods
// periods ending with Period, in the agency's zone.
type ScorecardRequest struct {
	Scope kpi.Scope `json:"scope"`
	// Consultants are the scope's consultants (one for a consultant, the
	// members for a team, none for the agency).
	Consultants []string   `json:"consultants,omitempty"`
	Period      kpi.Period `json:"period"`
	Periods     int        `json:"periods"`
	// Basis is how net sales are dated.
	Basis kpi.SalesBasis `json:"basis"`
	// Currency is the one net sales are summed in.
	Currency pricing.Currency `json:"currency"`
	// ContractBasis is what the contract error rate counts: kpi.ByDrafts
	// (the default: every contract drafted, errors caught before signing
	// included) or kpi.BySigned (contracts signed, errors found after).
	ContractBasis kpi.ContractBasis `json:"contract_basis,omitempty"`
	// Definitions are the KPIs; nil means kpi.DefaultDefinitions.
	Definitions []kpi.Definition `json:"definitions,omitempty"`
}

// PlanChange replaces a sales plan at Version.
type PlanChange struct {
	Version int      `json:"version"`
	Plan    kpi.Plan `json:"plan"`
}

// PlanRef names a consultant's plan for a month.
type PlanRef struct {
	Consultant string     `json:"consultant"`
	Year       int        `json:"year"`
	Month      time.Month `json:"month"`
}

// PlanQuery lists a consultant's plans by month (every consultant's,
// by consultant then month, when Consultant is empty).
type PlanQuery struct {
	Consultant string      `json:"consultant,omitempty"`
	Page       PageRequest `json:"page"`
}

// PlanTracking asks for a consultant's progress on the plan of the current
// month (the clock's date in the agency's zone); with Calendar, the run
// rate counts its working days.
type PlanTracking struct {
	Consultant string             `json:"consultant"`
	Calendar   *feedback.Calendar `json:"-"`
}

// figuresFor makes the figures query of a scope for period p.
func figuresFor(consultants []string, p kpi.Period, zone *time.Location, basis kpi.SalesBasis, cur pricing.Currency, now time.Time) storage.FiguresQuery {
	prev := p.Previous()
	from, to := p.Bounds(zone)
	prevFrom, _ := prev.Bounds(zone)
	return storage.FiguresQuery{Consultants: consultants, From: from, To: to, PrevFrom: prevFrom, FromDay: p.From, ToDay: p.To + 1,
		PrevFromDay: prev.From, Basis: basis, Currency: cur, Now: now}
}

// Scorecards computes a scope's scorecards over the last periods, oldest
// first, from the store's figures.
func (s KPIs) Scorecards(ctx context.Context, tenant TenantID, r ScorecardRequest) ([]kpi.Card, error) {
	if err := s.c.ready(tenant); err != nil {
		return nil, err
	}
	var ps problem.List
	if r.Currency.IsZero() {
		ps.Add("currency", "required", "net sales are summed in one currency")
	}
	if r.Basis != kpi.ByBookingDate && r.Basis != kpi.ByDepartureDate {
		ps.Add("basis", "unknown", "sales count by booking_date or departure_date")
	}
	switch r.ContractBasis {
	case "":
		r.ContractBasis = kpi.ByDrafts
	case kpi.ByDrafts, kpi.BySigned:
	default:
		ps.Add("contract_basis", "unknown", "the contract error rate counts drafts or signed contracts")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	defs := r.Definitions
	if defs == nil {
		defs = kpi.DefaultDefinitions()
	}
	now := s.c.clock.Now()
	var out []kpi.Card
	for _, p := range r.Period.Last(max(r.Periods, 1)) {
		f, err := s.c.store.Figures().KPI(ctx, tenant, figuresFor(r.Consultants, p, s.c.zone, r.Basis, r.Currency, now))
		if err != nil {
			return nil, err
		}
		f.Basis, f.ContractBasis = r.Basis, r.ContractBasis
		c, err := kpi.Score(r.Scope, p, f, defs)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// CreatePlan stores a consultant's plan for a month and records
// plan.saved; creating it again unchanged returns it.
func (s KPIs) CreatePlan(ctx context.Context, tenant TenantID, p kpi.Plan) (PlanRecord, error) {
	if err := p.Validate(); err != nil {
		return PlanRecord{}, err
	}
	var out PlanRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, created, err := create(u, storage.Plans(), []any{p.Consultant, storage.MonthKey(p.Year, p.Month)}, PlanRecord{Tenant: tenant, Plan: p},
			func(st PlanRecord) bool { return sameJSON(st.Plan, p) })
		out = rec
		if err != nil || !created {
			return err
		}
		return u.internal(p.Consultant, events.PlanSaved{Consultant: p.Consultant, Year: p.Year, Month: p.Month, Version: rec.Version})
	})
	return out, err
}

// UpdatePlan replaces a plan at the version it was read at.
func (s KPIs) UpdatePlan(ctx context.Context, tenant TenantID, ch PlanChange) (PlanRecord, error) {
	if ch.Version < 1 {
		return PlanRecord{}, problem.One(ErrInvalid, "version", "required", "name the version changed")
	}
	if err := ch.Plan.Validate(); err != nil {
		return PlanRecord{}, err
	}
	var out PlanRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		if out, err = storage.Plans().Put(u.ctx, u.tx, tenant, PlanRecord{Tenant: tenant, Plan: ch.Plan, Version: ch.Version}); err != nil {
			return err
		}
		p := ch.Plan
		return u.internal(p.Consultant, events.PlanSaved{Consultant: p.Consultant, Year: p.Year, Month: p.Month, Version: out.Version})
	})
	return out, err
}

// GetPlan returns a consultant's plan for a month.
func (s KPIs) GetPlan(ctx context.Context, tenant TenantID, r PlanRef) (PlanRecord, error) {
	return read(s.c, ctx, tenant, storage.Plans(), r.Consultant, storage.MonthKey(r.Year, r.Month))
}

// ListPlans returns one page of sales plans.
func (s KPIs) ListPlans(ctx context.Context, tenant TenantID, q PlanQuery) (Page[PlanRecord], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[PlanRecord]{}, err
	}
	sq := storage.Query{Page: q.Page}
	if q.Consultant != "" {
		sq.Equal = []any{q.Consultant}
	}
	return storage.Plans().List(ctx, s.c.store, tenant, sq)
}

// TrackPlan measures a consultant's plan for the month of today: net
// sales and bookings month to date from the store, by booking date.
func (s KPIs) TrackPlan(ctx context.Context, tenant TenantID, t PlanTracking) (kpi.Progress, error) {
	if err := s.c.ready(tenant); err != nil {
		return kpi.Progress{}, err
	}
	now := s.c.clock.Now()
	today := date.NewAt(now.In(s.c.zone))
	rec, err := storage.Plans().Get(ctx, s.c.store, tenant, t.Consultant, storage.MonthKey(today.Year(), today.Month()))
	if err != nil {
		return kpi.Progress{}, err
	}
	month := rec.Plan.Period()
	mtd, _ := kpi.Custom(month.From, today)
	f, err := s.c.store.Figures().KPI(ctx, tenant, figuresFor([]string{t.Consultant}, mtd, s.c.zone, kpi.ByBookingDate, rec.Plan.Target.Currency(), now))
	if err != nil {
		return kpi.Progress{}, err
	}
	return rec.Plan.Track(f.NetSales, f.Bookings, today, t.Calendar)
}

// Market keeps competitor observations and the market research reports
// (市场调研报告) built from them, scheduled and submitted for the
// on-schedule KPI.
type Market struct{ c *core }

// ObservationQuery lists the observations seen in [From, To).
type ObservationQuery struct {
	From time.Time   `json:"from"`
	To   time.Time   `json:"to"`
	Page PageRequest `json:"page"`
}

// ReportSchedule records that a consultant owes a research report by Due.
type ReportSchedule struct {
	ID         string    `json:"id"`
	Consultant string    `json:"consultant"`
	Title      string    `json:"title"`
	Due        time.Time `json:"due"`
}

// ReportSubmission submits a report written by a consultant.
type ReportSubmission struct {
	ID         string        `json:"id"`
	Consultant string        `json:"consultant"`
	Report     market.Report `json:"report"`
}

// ReportQuery lists the reports due in [From, To).
type ReportQuery struct {
	From time.Time   `json:"from"`
	To   time.Time   `json:"to"`
	Page PageRequest `json:"page"`
}

// Ingest validates every observation (all problems at once) and stores
// them together, recording observations.ingested; nothing is stored if one
// is refused. An observation seen in the future beyond the clock-skew
// allowance is refused; one stored already unchanged is skipped. It
// returns how many were new.
func (s Market) Ingest(ctx context.Context, tenant TenantID, obs []market.Observation) (int, error) {
	if s.c == nil {
		return 0, errNotBuilt
	}
	var ps problem.List
	for i := range obs {
		var ve *ValidationError
		if err := obs[i].Validate(); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				ps.Add(fmt.Sprintf("observations[%d].%s", i, p.Field), p.Code, p.Message)
			}
		}
		if err := s.c.notFuture("observed_at", obs[i].ObservedAt); err != nil {
			ps.Add(fmt.Sprintf("observations[%d].observed_at", i), "in_future", "the instant lies in the future beyond the clock-skew allowance")
		}
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return 0, err
	}
	n := 0
	err := s.c.change(ctx, tenant, func(u *unit) error {
		for _, o := range obs {
			_, created, err := create(u, storage.Observations(), []any{o.ID}, o, func(st market.Observation) bool { return sameJSON(st, o) })
			if err != nil {
				return err
			}
			if created {
				n++
			}
		}
		return u.internal("observations", events.ObservationsIngested{Count: n})
	})
	return n, err
}

// ListObservations returns one page of the observations seen in the window,
// by instant then ID.
func (s Market) ListObservations(ctx context.Context, tenant TenantID, q ObservationQuery) (Page[market.Observation], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[market.Observation]{}, err
	}
	return storage.Observations().List(ctx, s.c.store, tenant, storage.Query{Index: "observed", From: storage.Nanos(q.From),
		To: storage.Nanos(q.To), Page: q.Page})
}

// Build builds a research report from the observations stored for the
// report's period (in.Observations is ignored), ready to submit.
func (s Market) Build(ctx context.Context, tenant TenantID, in market.ReportInput) (market.Report, error) {
	if err := s.c.ready(tenant); err != nil {
		return market.Report{}, err
	}
	if in.Zone == nil {
		in.Zone = s.c.zone
	}
	if in.To < in.From {
		return market.Report{}, problem.One(ErrInvalid, "period", "range", "a report covers a forward period")
	}
	obs, err := storage.Observations().All(ctx, s.c.store, tenant, storage.Query{Index: "observed",
		From: storage.Nanos(in.From.MidnightIn(in.Zone)), To: storage.Nanos((in.To + 1).MidnightIn(in.Zone))}, maxScan)
	if err != nil {
		return market.Report{}, err
	}
	in.Observations = obs
	return market.BuildReport(in)
}

// Schedule records that a consultant owes a research report by its due
// instant: until it is submitted it counts as due and not on schedule.
// Scheduling it again unchanged returns it.
func (s Market) Schedule(ctx context.Context, tenant TenantID, r ReportSchedule) (ReportRecord, error) {
	if r.ID == "" || r.Consultant == "" || r.Due.IsZero() {
		return ReportRecord{}, problem.One(ErrInvalid, "report", "required", "a report has an ID, its consultant and its due instant")
	}
	var out ReportRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec := ReportRecord{Tenant: tenant, ID: r.ID, Consultant: r.Consultant, Report: market.Report{Title: r.Title, Due: r.Due}}
		var err error
		out, _, err = create(u, storage.Reports(), []any{r.ID}, rec, func(st ReportRecord) bool {
			return st.Consultant == r.Consultant && st.Report.Title == r.Title && st.Report.Due.Equal(r.Due)
		})
		return err
	})
	return out, err
}

// Submit stores a research report with its author, submitted now (for the
// on-schedule KPI): the scheduled report of that ID when there is one (its
// due instant stands), else a new one due at Report.Due. A report is
// submitted once; again is ErrConflict.
func (s Market) Submit(ctx context.Context, tenant TenantID, r ReportSubmission) (ReportRecord, error) {
	if r.ID == "" || r.Consultant == "" {
		return ReportRecord{}, problem.One(ErrInvalid, "report", "required", "a report has an ID and its consultant")
	}
	var out ReportRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rep := r.Report
		now := u.now
		rep.SubmittedAt = &now
		rec := ReportRecord{Tenant: tenant, ID: r.ID, Consultant: r.Consultant}
		switch cur, err := storage.Reports().Get(u.ctx, u.tx, tenant, r.ID); {
		case err == nil && cur.Report.SubmittedAt != nil:
			return fmt.Errorf("%w: report %s was submitted already", ErrConflict, problem.Clip(r.ID))
		case err == nil:
			rec.Version, rec.Consultant, rep.Due = cur.Version, cur.Consultant, cur.Report.Due
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if rep.Due.IsZero() {
			return problem.One(ErrInvalid, "due", "required", "an unscheduled report carries its due instant")
		}
		rec.Report = rep
		var err error
		if out, err = storage.Reports().Put(u.ctx, u.tx, tenant, rec); err != nil {
			return err
		}
		on, _ := rep.OnSchedule()
		return u.internal(r.ID, events.ReportSubmitted{ReportID: r.ID, Consultant: rec.Consultant, OnSchedule: on})
	})
	return out, err
}

// GetReport returns a research report.
func (s Market) GetReport(ctx context.Context, tenant TenantID, id string) (ReportRecord, error) {
	return read(s.c, ctx, tenant, storage.Reports(), id)
}

// ListReports returns one page of the reports due in the window, by due
// instant then ID.
func (s Market) ListReports(ctx context.Context, tenant TenantID, q ReportQuery) (Page[ReportRecord], error) {
	if err := s.c.ready(tenant); err != nil {
		return Page[ReportRecord]{}, err
	}
	return storage.Reports().List(ctx, s.c.store, tenant, storage.Query{Index: "due", From: storage.Nanos(q.From), To: storage.Nanos(q.To),
		Page: q.Page})
}
