package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
)

func (s *Server) apiListSuppliers(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Suppliers.List(r.Context(), c.user.Tenant, agency.SupplierQuery{Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiGetSupplier(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.Suppliers.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// apiAvailability answers what an allotment still sells on each night
// from "from" for "nights" nights.
func (s *Server) apiAvailability(w http.ResponseWriter, r *http.Request, c who) {
	q := r.URL.Query()
	from, err := date.ParseISO(q.Get("from"))
	nights, nerr := strconv.Atoi(q.Get("nights"))
	if err != nil || nerr != nil {
		var ps []agency.Problem
		if err != nil {
			ps = append(ps, agency.Problem{Field: "from", Code: "invalid_date", Message: "a date as 2027-05-01"})
		}
		if nerr != nil {
			ps = append(ps, agency.Problem{Field: "nights", Code: "not_a_number", Message: "a number of nights"})
		}
		s.fail(w, r, &agency.ValidationError{Kind: agency.ErrInvalid, Problems: ps})
		return
	}
	av, err := s.cfg.Agency.Allotments.Availability(r.Context(), c.user.Tenant, agency.AvailabilityQuery{AllotmentID: r.PathValue("id"), From: from,
		Nights: nights, Units: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, av)
}

// apiScorecard is the month's scorecard (?month=2026-12, default this
// month): the caller's, or a manager's agency's.
func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request, c who) {
	now := s.now().In(s.cfg.Zone)
	year, month := now.Year(), now.Month()
	if m := r.URL.Query().Get("month"); m != "" {
		t, err := time.Parse("2006-01", m)
		if err != nil {
			s.fail(w, r, invalid("month", "invalid_month", "a month as 2026-12"))
			return
		}
		year, month = t.Year(), t.Month()
	}
	cny, _ := pricing.ParseCurrency("CNY")
	req := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant"}, Consultants: []string{c.user.ID}, Period: kpi.Month(year, month),
		Basis: kpi.ByBookingDate, Currency: cny}
	if c.user.Role == Manager {
		req.Scope, req.Consultants = kpi.Scope{Kind: "agency"}, nil
	}
	cards, err := s.cfg.Agency.KPIs.Scorecards(r.Context(), c.user.Tenant, req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, cards)
}

// apiPlanProgress is the caller's progress on this month's sales plan.
func (s *Server) apiPlanProgress(w http.ResponseWriter, r *http.Request, c who) {
	pr, err := s.cfg.Agency.KPIs.TrackPlan(r.Context(), c.user.Tenant, agency.PlanTracking{Consultant: c.user.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pr)
}
