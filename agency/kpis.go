package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// FiguresQuery asks the store for one scope's KPI figures over a period.
type FiguresQuery struct {
	// Consultants are the scope's consultants; empty means the whole
	// agency.
	Consultants []string
	// From and To are the period's instants [From, To); PrevFrom starts
	// the previous period, which ends at From.
	From, To, PrevFrom time.Time
	// FromDay, ToDay and PrevFromDay are the same as dates (ToDay
	// excluded), for sales by departure date.
	FromDay, ToDay, PrevFromDay date.Date
	Basis                       kpi.SalesBasis
	// Currency is the one net sales are summed in; bookings in another
	// currency are not counted.
	Currency pricing.Currency
	// Now: open complaints whose resolution was due by now count as
	// failures; those due later are not yet counted.
	Now time.Time
}

// ReportRecord is a market research report as stored, with who wrote it.
type ReportRecord struct {
	Tenant     TenantID      `json:"tenant"`
	ID         string        `json:"id"`
	Consultant string        `json:"consultant"`
	Report     market.Report `json:"report"`
	Version    int           `json:"version"`
}

// PlanRecord is a consultant's sales plan for a month as stored.
type PlanRecord struct {
	Tenant  TenantID `json:"tenant"`
	Plan    kpi.Plan `json:"plan"`
	Version int      `json:"version"`
}

// KPIRepo gives the KPI figures, aggregated by the store's queries, and
// keeps research reports and sales plans.
type KPIRepo interface {
	// Figures counts one scope's figures for a period: survey responses
	// and satisfied ones, net sales of this and the previous period and
	// bookings sold, complaints received and answered within 24 hours,
	// complaints due and resolved within their SLA, contracts issued and
	// ever blocked, reports due and on schedule.
	Figures(ctx context.Context, tenant TenantID, q FiguresQuery) (kpi.Figures, error)
	// SaveReport inserts (Version 0) or updates a research report.
	SaveReport(ctx context.Context, r ReportRecord) (ReportRecord, error)
	// Report returns a research report; ErrNotFound when there is none.
	Report(ctx context.Context, tenant TenantID, id string) (ReportRecord, error)
	// SavePlan inserts (Version 0) or updates a consultant's plan for a
	// month.
	SavePlan(ctx context.Context, r PlanRecord) (PlanRecord, error)
	// Plan returns a consultant's plan for a month; ErrNotFound when none.
	Plan(ctx context.Context, tenant TenantID, consultant string, year int, month time.Month) (PlanRecord, error)
	// AddObservation stores a competitor observation; one with the same
	// ID is ErrConflict (observations are immutable: a correction is a
	// new one).
	AddObservation(ctx context.Context, tenant TenantID, o market.Observation) error
	// Observations lists the observations seen in [from, to), by instant
	// then ID.
	Observations(ctx context.Context, tenant TenantID, from, to time.Time) ([]market.Observation, error)
}

// FiguresFor makes the figures query of a scope for period p in zone.
func FiguresFor(consultants []string, p kpi.Period, zone *time.Location, basis kpi.SalesBasis, cur pricing.Currency, now time.Time) FiguresQuery {
	prev := p.Previous()
	from, to := p.Bounds(zone)
	prevFrom, _ := prev.Bounds(zone)
	return FiguresQuery{Consultants: consultants, From: from, To: to, PrevFrom: prevFrom, FromDay: p.From, ToDay: p.To + 1, PrevFromDay: prev.From,
		Basis: basis, Currency: cur, Now: now}
}

// ScorecardRequest asks for a scope's scorecards.
type ScorecardRequest struct {
	Scope kpi.Scope
	// Consultants are the scope's consultants (one for a consultant, the
	// members for a team, none for the agency).
	Consultants []string
	Period      kpi.Period
	// Periods is how many periods the trend shows, ending with Period
	// (at least 1).
	Periods  int
	Zone     *time.Location
	Basis    kpi.SalesBasis
	Currency pricing.Currency
	// Definitions are the KPIs; nil means kpi.DefaultDefinitions.
	Definitions []kpi.Definition
}

// Scorecards computes a scope's scorecards over the last periods, oldest
// first, from the store's figures.
func (s *Service) Scorecards(ctx context.Context, tenant TenantID, r ScorecardRequest) ([]kpi.Card, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	var ps problem.List
	if r.Zone == nil {
		ps.Add("zone", "required", "periods are read in the agency's zone")
	}
	if r.Currency.IsZero() {
		ps.Add("currency", "required", "net sales are summed in one currency")
	}
	if r.Basis != kpi.ByBookingDate && r.Basis != kpi.ByDepartureDate {
		ps.Add("basis", "unknown", "sales count by booking_date or departure_date")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	defs := r.Definitions
	if defs == nil {
		defs = kpi.DefaultDefinitions()
	}
	now := s.clock.Now()
	var out []kpi.Card
	for _, p := range r.Period.Last(max(r.Periods, 1)) {
		f, err := s.store.KPIs().Figures(ctx, tenant, FiguresFor(r.Consultants, p, r.Zone, r.Basis, r.Currency, now))
		if err != nil {
			return nil, err
		}
		f.Basis = r.Basis
		c, err := kpi.Score(r.Scope, p, f, defs)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// SavePlan stores a consultant's plan for a month (Version 0 to add).
func (s *Service) SavePlan(ctx context.Context, tenant TenantID, p kpi.Plan, version int) (PlanRecord, error) {
	if err := s.ready(); err != nil {
		return PlanRecord{}, err
	}
	if err := p.Validate(); err != nil {
		return PlanRecord{}, err
	}
	return s.store.KPIs().SavePlan(ctx, PlanRecord{Tenant: tenant, Plan: p, Version: version})
}

// TrackPlan measures a consultant's plan for the month of today (the
// clock's date in zone): net sales and bookings month to date from the
// store, by booking date; with cal, the run rate counts its working days.
func (s *Service) TrackPlan(ctx context.Context, tenant TenantID, consultant string, zone *time.Location, cal *feedback.Calendar) (kpi.Progress, error) {
	if err := s.ready(); err != nil {
		return kpi.Progress{}, err
	}
	if zone == nil {
		return kpi.Progress{}, problem.One(ErrInvalid, "zone", "required", "a plan month is read in the agency's zone")
	}
	now := s.clock.Now()
	today := date.NewAt(now.In(zone))
	rec, err := s.store.KPIs().Plan(ctx, tenant, consultant, today.Year(), today.Month())
	if err != nil {
		return kpi.Progress{}, err
	}
	month := rec.Plan.Period()
	mtd, _ := kpi.Custom(month.From, today)
	q := FiguresFor([]string{consultant}, mtd, zone, kpi.ByBookingDate, rec.Plan.Target.Currency(), now)
	f, err := s.store.KPIs().Figures(ctx, tenant, q)
	if err != nil {
		return kpi.Progress{}, err
	}
	return rec.Plan.Track(f.NetSales, f.Bookings, today, cal)
}

// ScheduleReport records that a consultant owes a research report by
// due: until it is submitted it counts as due and not on schedule.
func (s *Service) ScheduleReport(ctx context.Context, tenant TenantID, id, consultant, title string, due time.Time) (ReportRecord, error) {
	if err := s.ready(); err != nil {
		return ReportRecord{}, err
	}
	if id == "" || consultant == "" || due.IsZero() {
		return ReportRecord{}, problem.One(ErrInvalid, "report", "required", "a report has an ID, its consultant and its due instant")
	}
	return s.store.KPIs().SaveReport(ctx, ReportRecord{Tenant: tenant, ID: id, Consultant: consultant, Report: market.Report{Title: title, Due: due}})
}

// SubmitReport stores a research report with its author, submitted now
// (for the on-schedule KPI): the scheduled report of that ID when there
// is one (its due instant stands), else a new one due at r.Due. A report
// is submitted once; again is ErrConflict.
func (s *Service) SubmitReport(ctx context.Context, tenant TenantID, id, consultant string, r market.Report) (ReportRecord, error) {
	if err := s.ready(); err != nil {
		return ReportRecord{}, err
	}
	if id == "" || consultant == "" {
		return ReportRecord{}, problem.One(ErrInvalid, "report", "required", "a report has an ID and its consultant")
	}
	now := s.clock.Now()
	r.SubmittedAt = &now
	var out ReportRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		rec := ReportRecord{Tenant: tenant, ID: id, Consultant: consultant}
		switch cur, err := tx.KPIs().Report(ctx, tenant, id); {
		case err == nil && cur.Report.SubmittedAt != nil:
			return fmt.Errorf("%w: report %s was submitted already", ErrConflict, problem.Clip(id))
		case err == nil:
			rec.Version, rec.Consultant, r.Due = cur.Version, cur.Consultant, cur.Report.Due
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if r.Due.IsZero() {
			return problem.One(ErrInvalid, "due", "required", "an unscheduled report carries its due instant")
		}
		rec.Report = r
		var err error
		out, err = tx.KPIs().SaveReport(ctx, rec)
		return err
	})
	return out, err
}

// IngestObservations validates every observation (all problems at once)
// and stores them together; nothing is stored if one is refused.
func (s *Service) IngestObservations(ctx context.Context, tenant TenantID, obs []market.Observation) error {
	if err := s.ready(); err != nil {
		return err
	}
	var ps problem.List
	for i := range obs {
		var ve *ValidationError
		if err := obs[i].Validate(); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				ps.Add(fmt.Sprintf("observations[%d].%s", i, p.Field), p.Code, p.Message)
			}
		}
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Store) error {
		for _, o := range obs {
			if err := tx.KPIs().AddObservation(ctx, tenant, o); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarketReport builds a research report from the observations stored for
// the report's period (in.Observations is ignored), ready to submit.
func (s *Service) MarketReport(ctx context.Context, tenant TenantID, in market.ReportInput) (market.Report, error) {
	if err := s.ready(); err != nil {
		return market.Report{}, err
	}
	if in.Zone == nil || in.To < in.From {
		return market.Report{}, problem.One(ErrInvalid, "period", "range", "a report covers a forward period in a zone")
	}
	obs, err := s.store.KPIs().Observations(ctx, tenant, in.From.MidnightIn(in.Zone), (in.To + 1).MidnightIn(in.Zone))
	if err != nil {
		return market.Report{}, err
	}
	in.Observations = obs
	return market.BuildReport(in)
}
