package web

import (
	"net/http"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
)

func (s *Server) apiQualify(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	rec, err := s.cfg.Agency.Inquiries.Move(r.Context(), c.user.Tenant, agency.InquiryMove{ID: r.PathValue("id"), Version: version,
		Event: inquiry.Qualify, By: c.user.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

func (s *Server) apiPropose(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var p Proposal
	if err := decode(r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.propose(r, c, r.PathValue("id"), version, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/quotes/"+res.Quote.QuoteID)
	writeJSON(w, http.StatusCreated, res)
}

func (s *Server) apiGetQuote(w http.ResponseWriter, r *http.Request, c who) {
	qv, err := s.cfg.Agency.Trips.GetQuote(r.Context(), c.user.Tenant, agency.QuoteRef{ID: r.PathValue("id")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, qv.Version, qv)
}

func (s *Server) apiAccept(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	qv, err := s.cfg.Agency.Trips.Accept(r.Context(), c.user.Tenant, agency.QuoteRef{ID: r.PathValue("id"), Version: version})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, qv.Version, qv)
}

func (s *Server) apiBook(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var o Order
	if err := decode(r, &o); err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.book(r, c, r.PathValue("id"), version, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(b.Version))
	w.Header().Set("Location", "/api/v1/bookings/"+b.Booking.Reference)
	writeJSON(w, http.StatusCreated, b)
}

// ContractRequest drafts a booking's travel contract; Grade is how the
// hotels' grade is written.
type ContractRequest struct {
	Grade string `json:"grade"`
}

func (s *Server) apiDraft(w http.ResponseWriter, r *http.Request, c who) {
	var req ContractRequest
	if err := decode(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.draft(r, c, r.PathValue("reference"), req.Grade)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/contracts/"+rec.Contract.Number)
	writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) apiGetContract(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.TravelContracts.Get(r.Context(), c.user.Tenant, agency.TravelContractRef{Number: r.PathValue("number")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

func (s *Server) apiSign(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.TravelContracts.Sign(r.Context(), c.user.Tenant, agency.TravelContractRef{Number: r.PathValue("number")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}
