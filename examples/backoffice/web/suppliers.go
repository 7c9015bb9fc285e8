package web

import (
	"net/http"

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
}

func (s *Server) allotmentPage(w http.ResponseWriter, r *http.Request, c who) {
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
	s.render(w, r, c, http.StatusOK, "allotment.html", "suppliers", v, nil, "")
}
