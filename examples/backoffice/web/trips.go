package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// QuoteOptions are the demo agency's price rules and locked EUR/CNY rate
// (case 1's), a 3 % FX buffer, 72 hours' validity and the lines that are
// no itinerary item.
func QuoteOptions() (agency.QuoteOptions, error) {
	req, err := casebook.Case1Quote()
	if err != nil {
		return agency.QuoteOptions{}, err
	}
	_, extras, err := casebook.Case1Rates()
	return agency.QuoteOptions{Currency: req.Currency, Rules: req.Rules, FX: req.FX, FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour,
		Extras: extras}, err
}

func tag(lang agency.Language) language.Tag {
	if lang == agency.Chinese {
		return language.SimplifiedChinese
	}
	return language.English
}

// qualifyPage confirms the inquiry's needs, so that a product can be
// proposed.
func (s *Server) qualifyPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := s.cfg.Agency.Inquiries.Move(r.Context(), c.user.Tenant, agency.InquiryMove{ID: r.PathValue("id"), Version: version,
		Event: inquiry.Qualify, By: c.user.ID}); err != nil {
		status, problems, msg := formProblems(err)
		s.inquiryWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/inquiries/"+r.PathValue("id"), http.StatusSeeOther)
}

// proposePage turns the chosen recommendation into a trip and its quote,
// for travellers named one per line as "SURNAME, Given names", in the
// order of the inquiry's birth dates.
func (s *Server) proposePage(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.Inquiries.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	var problems []agency.Problem
	var travellers []itinerary.Traveller
	lines := splitLines(r.PostFormValue("travellers"))
	for i, line := range lines {
		surname, given, ok := strings.Cut(line, ",")
		if !ok || strings.TrimSpace(surname) == "" || strings.TrimSpace(given) == "" {
			problems = append(problems, agency.Problem{Field: "travellers", Code: "name", Message: fmt.Sprintf("line %d: SURNAME, Given names", i+1)})
			continue
		}
		var birth date.Date
		if i < len(rec.Inquiry.Needs.Party) {
			birth = rec.Inquiry.Needs.Party[i]
		}
		travellers = append(travellers, itinerary.Traveller{ID: "t" + strconv.Itoa(i+1), Surname: strings.TrimSpace(surname),
			GivenNames: strings.TrimSpace(given), BirthDate: birth})
	}
	departure, err := date.ParseISO(r.PostFormValue("departure"))
	if err != nil {
		problems = append(problems, agency.Problem{Field: "departure", Code: "invalid_date", Message: "a date as 2027-05-01"})
	}
	if len(problems) > 0 {
		s.inquiryWith(w, r, c, http.StatusUnprocessableEntity, problems, "")
		return
	}
	opts, err := QuoteOptions()
	if err == nil {
		var res agency.ProposalResult
		res, err = s.cfg.Agency.Inquiries.ProposeProduct(r.Context(), c.user.Tenant, agency.ProductProposal{ID: rec.Inquiry.ID, Version: rec.Version,
			ProductID: r.PostFormValue("product"), Departure: departure, Travellers: travellers, Quote: opts})
		if err == nil {
			http.Redirect(w, r, "/quotes/"+res.Quote.QuoteID, http.StatusSeeOther)
			return
		}
	}
	status, problems, msg := formProblems(err)
	s.inquiryWith(w, r, c, status, problems, msg)
}

func splitLines(s string) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if l := strings.TrimSpace(line); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// quoteView is a quote with its trip, as the customer reads them.
type quoteView struct {
	Quote    agency.QuoteVersion
	Trip     string
	Document string
	Accepted bool
}

func (s *Server) quotePage(w http.ResponseWriter, r *http.Request, c who) {
	s.quoteWith(w, r, c, http.StatusOK, nil, "")
}

func (s *Server) quoteWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, msg string) {
	qv, err := s.cfg.Agency.Trips.GetQuote(r.Context(), c.user.Tenant, agency.QuoteRef{ID: r.PathValue("id")})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	tv, err := s.cfg.Agency.Trips.Get(r.Context(), c.user.Tenant, agency.TripRef{ID: qv.TripID, Version: qv.TripVersion})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	var trip, doc bytes.Buffer
	if err := itinerary.RenderText(&trip, &tv.Trip, tag(c.lang())); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	place := "Beijing"
	if c.lang() == agency.Chinese {
		place = "北京"
	}
	if err := pricing.RenderQuoteText(&doc, &qv.Quote, pricing.QuoteView{Lang: tag(c.lang()), Zone: s.cfg.Zone, Place: place}); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "quote.html", "inquiries", quoteView{Quote: qv, Trip: trip.String(), Document: doc.String(), Accepted: qv.AcceptedAt != nil},
		problems, msg)
}

// acceptPage records the customer's acceptance of the quote version shown.
func (s *Server) acceptPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := s.cfg.Agency.Trips.Accept(r.Context(), c.user.Tenant, agency.QuoteRef{ID: r.PathValue("id"), Version: version}); err != nil {
		status, problems, msg := formProblems(err)
		s.quoteWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/quotes/"+r.PathValue("id"), http.StatusSeeOther)
}

// bookPage books the accepted quote: 30 % deposit now, the balance 30
// days before departure.
func (s *Server) bookPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	// Travel documents, one per traveller in order: "number, expiry".
	docs := map[string]agency.TravelDocument{}
	for i, line := range splitLines(r.PostFormValue("documents")) {
		number, expiry, _ := strings.Cut(line, ",")
		d, err := date.ParseISO(strings.TrimSpace(expiry))
		if err != nil || strings.TrimSpace(number) == "" {
			s.quoteWith(w, r, c, http.StatusUnprocessableEntity, []agency.Problem{{Field: "documents", Code: "document",
				Message: fmt.Sprintf("line %d: document number, expiry as 2031-06-30", i+1)}}, "")
			return
		}
		docs["t"+strconv.Itoa(i+1)] = agency.TravelDocument{Number: strings.TrimSpace(number), Expiry: d}
	}
	ref := "TK-" + s.now().In(s.cfg.Zone).Format("20060102") + "-" + shortCode()
	b, err := s.cfg.Agency.Bookings.CreateFromQuote(r.Context(), c.user.Tenant, agency.QuoteBooking{Reference: ref, QuoteID: r.PathValue("id"),
		Version: version, Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, Payer: r.PostFormValue("payer"),
		Consultant: c.user.ID, Documents: docs})
	if err != nil {
		status, problems, msg := formProblems(err)
		s.quoteWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/bookings/"+b.Booking.Reference, http.StatusSeeOther)
}
