package web

import (
	"net/http"

	"github.com/travelkit/travelkit/agency"
)

// customerView is a customer with their inquiries, quotes and bookings.
type customerView struct {
	Customer  agency.Customer
	Inquiries []agency.InquiryRecord
	Quotes    []agency.QuoteSummary
	Bookings  []agency.BookingSummary
}

func (s *Server) customerPage(w http.ResponseWriter, r *http.Request, c who) {
	id := r.PathValue("id")
	cust, err := s.cfg.Agency.Customers.Get(r.Context(), c.user.Tenant, id)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := customerView{Customer: cust}
	page := agency.PageRequest{Limit: 50}
	inquiries, err := s.cfg.Agency.Inquiries.List(r.Context(), c.user.Tenant, agency.InquiryQuery{CustomerID: id, Page: page})
	if err == nil {
		v.Inquiries = inquiries.Items
		var quotes agency.Page[agency.QuoteSummary]
		if quotes, err = s.cfg.Agency.Trips.ListQuotes(r.Context(), c.user.Tenant, agency.TripQuery{CustomerID: id, Page: page}); err == nil {
			v.Quotes = quotes.Items
			var bookings agency.Page[agency.BookingSummary]
			if bookings, err = s.cfg.Agency.Bookings.Summaries(r.Context(), c.user.Tenant, agency.BookingQuery{CustomerID: id, Page: page}); err == nil {
				v.Bookings = bookings.Items
			}
		}
	}
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "customer.html", "customers", v, nil, "")
}
