package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/supplier"
)

func (s *Server) suppliersPage(w http.ResponseWriter, r *http.Request, c who) {
	page, err := s.cfg.Agency.Suppliers.List(r.Context(), c.user.Tenant, agency.SupplierQuery{Page: screenPageOf(r)})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "suppliers.html", "suppliers", listing[agency.SupplierRecord]{Items: page.Items, Next: page.Next}, nil, "")
}

// supplierView is a supplier with its contracts, allotments and
// evaluation for the month.
type supplierView struct {
	Record     agency.SupplierRecord
	Contracts  []agency.SupplierContract
	Allotments []supplier.AllotmentSpec
	Evaluation *supplier.Evaluation
}

func (s *Server) supplierPage(w http.ResponseWriter, r *http.Request, c who) {
	id := r.PathValue("id")
	rec, err := s.cfg.Agency.Suppliers.Get(r.Context(), c.user.Tenant, id)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := supplierView{Record: rec}
	contracts, err := s.cfg.Agency.Suppliers.ListContracts(r.Context(), c.user.Tenant, agency.ContractQuery{SupplierID: id, Page: agency.PageRequest{Limit: 50}})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v.Contracts = contracts.Items
	allotments, err := s.cfg.Agency.Allotments.List(r.Context(), c.user.Tenant, agency.AllotmentQuery{SupplierID: id, Page: agency.PageRequest{Limit: 50}})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v.Allotments = allotments.Items
	if ev, err := s.cfg.Agency.Suppliers.Evaluate(r.Context(), c.user.Tenant, agency.EvaluationRequest{SupplierID: id,
		Day: date.NewAt(s.now().In(s.cfg.Zone)), Scheme: supplier.DefaultScheme()}); err == nil {
		v.Evaluation = &ev
	}
	s.render(w, r, c, http.StatusOK, "supplier.html", "suppliers", v, nil, "")
}

// allotmentView is an allotment's calendar: each night's counters and
// what still sells, with the holds on it.
type allotmentView struct {
	Spec      supplier.AllotmentSpec
	Nights    []supplier.Night
	Available map[date.Date]supplier.NightAvailability
	Holds     []supplier.Hold
	Form      map[string]string
}

func (s *Server) allotmentPage(w http.ResponseWriter, r *http.Request, c who) {
	s.allotmentWith(w, r, c, http.StatusOK, nil, nil)
}

// allotmentWith shows the allotment with the problems of a hold form and
// what was typed into it.
func (s *Server) allotmentWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, form map[string]string) {
	id := r.PathValue("id")
	spec, err := s.cfg.Agency.Allotments.Get(r.Context(), c.user.Tenant, id)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := allotmentView{Spec: spec, Available: map[date.Date]supplier.NightAvailability{}}
	if v.Nights, err = s.cfg.Agency.Allotments.Nights(r.Context(), c.user.Tenant, agency.NightsQuery{AllotmentID: id, From: spec.From, To: spec.To}); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	avail, err := s.cfg.Agency.Allotments.Availability(r.Context(), c.user.Tenant, agency.AvailabilityQuery{AllotmentID: id, From: spec.From,
		Nights: int(spec.To-spec.From) + 1, Units: 1})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	for _, a := range avail {
		v.Available[a.Night] = a
	}
	holds, err := s.cfg.Agency.Allotments.ListHolds(r.Context(), c.user.Tenant, agency.HoldQuery{AllotmentID: id, Page: agency.PageRequest{Limit: 100}})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v.Holds = holds.Items
	v.Form = form
	if v.Form == nil {
		v.Form = map[string]string{"from": spec.From.String(), "nights": "1", "units": "1", "hours": "48"}
	}
	s.render(w, r, c, status, "allotment.html", "suppliers", v, problems, "")
}

// holdPage holds rooms of the allotment from the form; every problem is
// shown next to its field.
func (s *Server) holdPage(w http.ResponseWriter, r *http.Request, c who) {
	form := map[string]string{}
	for _, f := range []string{"from", "nights", "units", "hours"} {
		form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	var ps []agency.Problem
	from, err := date.ParseISO(form["from"])
	if err != nil {
		ps = append(ps, agency.Problem{Field: "from", Code: "invalid_date", Message: text(c.lang(), "hold.bad_date")})
	}
	number := func(field, problemField string) int {
		n, err := strconv.Atoi(form[field])
		if err != nil {
			ps = append(ps, agency.Problem{Field: problemField, Code: "not_a_number", Message: text(c.lang(), "hold.bad_number")})
		}
		return n
	}
	nights, units, hours := number("nights", "Nights"), number("units", "Units"), number("hours", "for")
	if len(ps) > 0 {
		s.allotmentWith(w, r, c, http.StatusUnprocessableEntity, ps, form)
		return
	}
	if _, err := s.cfg.Agency.Allotments.Hold(r.Context(), c.user.Tenant, agency.HoldRequest{AllotmentID: r.PathValue("id"), From: from,
		Nights: nights, Units: units, For: time.Duration(hours) * time.Hour}); err != nil {
		status, problems, msg := formProblems(err)
		if msg != "" {
			problems = append(problems, agency.Problem{Message: msg})
		}
		s.allotmentWith(w, r, c, status, problems, form)
		return
	}
	http.Redirect(w, r, "/allotments/"+r.PathValue("id"), http.StatusSeeOther)
}

// holdChangePage confirms or releases a hold and goes back to its
// allotment.
func (s *Server) holdChangePage(change func(context.Context, agency.TenantID, string) (supplier.Hold, error)) func(http.ResponseWriter, *http.Request, who) {
	return func(w http.ResponseWriter, r *http.Request, c who) {
		h, err := change(r.Context(), c.user.Tenant, r.PathValue("id"))
		if err != nil {
			s.failPage(w, r, c, err)
			return
		}
		http.Redirect(w, r, "/allotments/"+h.AllotmentID, http.StatusSeeOther)
	}
}
