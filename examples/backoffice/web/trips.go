package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/document"
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
	switch lang {
	case agency.Chinese:
		return language.SimplifiedChinese
	case agency.ChineseTraditional:
		return language.TraditionalChinese
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

// Proposal is the recommended product proposed for the inquiry's party:
// each traveller's names, in the order of the inquiry's birth dates.
type Proposal struct {
	ProductID  string           `json:"product_id"`
	Departure  date.Date        `json:"departure"`
	Travellers []TravellerNames `json:"travellers"`
}

// TravellerNames are a traveller's names as in their travel document.
type TravellerNames struct {
	Surname    string `json:"surname"`
	GivenNames string `json:"given_names"`
}

// propose turns the chosen product into a trip and its quote on the
// inquiry version the caller read.
func (s *Server) propose(r *http.Request, c who, id string, version int, p Proposal) (agency.ProposalResult, error) {
	rec, err := s.cfg.Agency.Inquiries.Get(r.Context(), c.user.Tenant, id)
	if err != nil {
		return agency.ProposalResult{}, err
	}
	travellers := make([]itinerary.Traveller, len(p.Travellers))
	for i, n := range p.Travellers {
		travellers[i] = itinerary.Traveller{ID: "t" + strconv.Itoa(i+1), Surname: strings.TrimSpace(n.Surname), GivenNames: strings.TrimSpace(n.GivenNames)}
		if i < len(rec.Inquiry.Needs.Party) {
			travellers[i].BirthDate = rec.Inquiry.Needs.Party[i]
		}
	}
	opts, err := QuoteOptions()
	if err != nil {
		return agency.ProposalResult{}, err
	}
	if version == 0 {
		version = rec.Version
	}
	return s.cfg.Agency.Inquiries.ProposeProduct(r.Context(), c.user.Tenant, agency.ProductProposal{ID: id, Version: version, ProductID: p.ProductID,
		Departure: p.Departure, Travellers: travellers, Quote: opts})
}

// proposePage proposes the chosen recommendation for travellers named one
// per line as "SURNAME, Given names".
func (s *Server) proposePage(w http.ResponseWriter, r *http.Request, c who) {
	var problems []agency.Problem
	p := Proposal{ProductID: r.PostFormValue("product")}
	for i, line := range splitLines(r.PostFormValue("travellers")) {
		surname, given, ok := strings.Cut(line, ",")
		if !ok || strings.TrimSpace(surname) == "" || strings.TrimSpace(given) == "" {
			problems = append(problems, agency.Problem{Field: "travellers", Code: "name", Message: fmt.Sprintf("line %d: SURNAME, Given names", i+1)})
			continue
		}
		p.Travellers = append(p.Travellers, TravellerNames{Surname: surname, GivenNames: given})
	}
	var err error
	if p.Departure, err = date.ParseISO(r.PostFormValue("departure")); err != nil {
		problems = append(problems, agency.Problem{Field: "departure", Code: "invalid_date", Message: "a date as 2027-05-01"})
	}
	if len(problems) > 0 {
		s.inquiryWith(w, r, c, http.StatusUnprocessableEntity, problems, "")
		return
	}
	res, err := s.propose(r, c, r.PathValue("id"), 0, p)
	if err != nil {
		status, problems, msg := formProblems(err)
		s.inquiryWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/quotes/"+res.Quote.QuoteID, http.StatusSeeOther)
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

// quoteView is a quote with its trip, as the customer reads them, the
// items the consultant may take out, and the quote's earlier versions.
type quoteView struct {
	Quote    agency.QuoteVersion
	Trip     string
	Document string
	Accepted bool
	Optional []choice
	Versions []agency.QuoteSummary
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
	if err := pricing.RenderQuoteText(&doc, &qv.Quote, s.quoteView(r, c, qv)); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := quoteView{Quote: qv, Trip: trip.String(), Document: doc.String(), Accepted: qv.AcceptedAt != nil}
	if v.Optional, err = s.optionalItems(r, c, tv); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	if quotes, err := s.cfg.Agency.Trips.ListQuotes(r.Context(), c.user.Tenant, agency.TripQuery{CustomerID: qv.CustomerID,
		Page: agency.PageRequest{Limit: agency.MaxPageSize}}); err == nil {
		for _, q := range quotes.Items {
			if q.QuoteID == qv.QuoteID {
				v.Versions = append(v.Versions, q)
			}
		}
	}
	s.render(w, r, c, status, "quote.html", "inquiries", v, problems, msg)
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

// Order books an accepted quote: who pays, and each traveller's travel
// document in the order of the trip's travellers.
type Order struct {
	Payer     string           `json:"payer"`
	Documents []TravelDocument `json:"documents,omitempty"`
}

// TravelDocument is a traveller's document number and expiry.
type TravelDocument struct {
	Number string    `json:"number"`
	Expiry date.Date `json:"expiry"`
}

// book books the accepted quote version: 30 % deposit now, the balance 30
// days before departure, under a reference people can read out.
func (s *Server) book(r *http.Request, c who, quoteID string, version int, o Order) (agency.BookingRecord, error) {
	docs := map[string]agency.TravelDocument{}
	for i, d := range o.Documents {
		docs["t"+strconv.Itoa(i+1)] = agency.TravelDocument{Number: d.Number, Expiry: d.Expiry}
	}
	ref := "TK-" + s.now().In(s.cfg.Zone).Format("20060102") + "-" + shortCode()
	return s.cfg.Agency.Bookings.CreateFromQuote(r.Context(), c.user.Tenant, agency.QuoteBooking{Reference: ref, QuoteID: quoteID, Version: version,
		Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, Payer: o.Payer, Consultant: c.user.ID, Documents: docs})
}

// bookPage books the accepted quote with the documents given one per
// line as "number, expiry".
func (s *Server) bookPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	o := Order{Payer: r.PostFormValue("payer")}
	for i, line := range splitLines(r.PostFormValue("documents")) {
		number, expiry, _ := strings.Cut(line, ",")
		d, err := date.ParseISO(strings.TrimSpace(expiry))
		if err != nil || strings.TrimSpace(number) == "" {
			s.quoteWith(w, r, c, http.StatusUnprocessableEntity, []agency.Problem{{Field: "documents", Code: "document",
				Message: fmt.Sprintf("line %d: document number, expiry as 2031-06-30", i+1)}}, "")
			return
		}
		o.Documents = append(o.Documents, TravelDocument{Number: strings.TrimSpace(number), Expiry: d})
	}
	b, err := s.book(r, c, r.PathValue("id"), version, o)
	if err != nil {
		status, problems, msg := formProblems(err)
		s.quoteWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/bookings/"+b.Booking.Reference, http.StatusSeeOther)
}

// adjust makes the next trip version with only the optional items (sights
// and meals) kept that the consultant keeps — an item left out of an
// earlier version may come back — and prices it into the next version of
// the same quote. Transport and stays stay as they are.
func (s *Server) adjust(r *http.Request, c who, quoteID string, keep map[string]bool) (agency.QuoteVersion, error) {
	qv, err := s.cfg.Agency.Trips.GetQuote(r.Context(), c.user.Tenant, agency.QuoteRef{ID: quoteID})
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	tv, err := s.cfg.Agency.Trips.Get(r.Context(), c.user.Tenant, agency.TripRef{ID: qv.TripID})
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	choices, err := s.optionalItems(r, c, tv)
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	var unknown []agency.Problem
	for id := range keep {
		if !slices.ContainsFunc(choices, func(ch choice) bool { return ch.ID == id }) {
			unknown = append(unknown, agency.Problem{Field: "optional", Code: "unknown_item", Message: "no optional item " + id + " in this trip"})
		}
	}
	if len(unknown) > 0 {
		return agency.QuoteVersion{}, &agency.ValidationError{Kind: agency.ErrInvalid, Problems: unknown}
	}
	trip := tv.Trip.Clone()
	trip.Items = trip.Items[:0]
	for _, it := range tv.Trip.Items {
		if !optional(it) {
			trip.Items = append(trip.Items, it)
		}
	}
	for _, ch := range choices {
		if keep[ch.ID] {
			trip.Items = append(trip.Items, ch.Item)
		}
	}
	// Back in the order of the plan: by first day, the order within a day
	// kept.
	slices.SortStableFunc(trip.Items, func(a, b itinerary.Item) int {
		da, _, _ := a.Dates()
		db, _, _ := b.Dates()
		return int(da - db)
	})
	next, err := s.cfg.Agency.Trips.Propose(r.Context(), c.user.Tenant, agency.TripProposal{CustomerID: tv.CustomerID, Trip: trip, Version: tv.Version})
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	opts, err := QuoteOptions()
	if err != nil {
		return agency.QuoteVersion{}, err
	}
	return s.cfg.Agency.Trips.Price(r.Context(), c.user.Tenant, agency.Pricing{TripID: next.TripID, TripVersion: next.Version, QuoteID: quoteID,
		QuoteOptions: opts})
}

// optional says whether the consultant may take an item out: a sight or
// a meal, never transport or a stay.
func optional(it itinerary.Item) bool {
	return it.Kind == itinerary.KindActivity || it.Kind == itinerary.KindMeal
}

// choice is an optional item of a trip and whether the version shown
// has it.
type choice struct {
	itinerary.Item
	Kept bool
}

// optionalItems are the optional items of every version of the trip, the
// latest form of each, in the order first proposed; Kept says whether tv
// has it.
func (s *Server) optionalItems(r *http.Request, c who, tv agency.TripVersion) ([]choice, error) {
	var out []choice
	at := map[string]int{}
	for v := 1; v <= tv.Version; v++ {
		old := tv
		if v != tv.Version {
			var err error
			if old, err = s.cfg.Agency.Trips.Get(r.Context(), c.user.Tenant, agency.TripRef{ID: tv.TripID, Version: v}); err != nil {
				return nil, err
			}
		}
		for _, it := range old.Trip.Items {
			if !optional(it) {
				continue
			}
			if i, ok := at[it.ID]; ok {
				out[i].Item = it
				continue
			}
			at[it.ID] = len(out)
			out = append(out, choice{Item: it})
		}
	}
	for _, it := range tv.Trip.Items {
		if i, ok := at[it.ID]; ok {
			out[i].Kept = true
		}
	}
	return out, nil
}

func (s *Server) adjustPage(w http.ResponseWriter, r *http.Request, c who) {
	if err := r.ParseForm(); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	keep := map[string]bool{}
	for _, id := range r.PostForm["keep"] {
		keep[id] = true
	}
	if _, err := s.adjust(r, c, r.PathValue("id"), keep); err != nil {
		status, problems, msg := formProblems(err)
		s.quoteWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/quotes/"+r.PathValue("id"), http.StatusSeeOther)
}

// quoteView shows a quote in the caller's language, its validity in the
// agency's local time, headed by the agency and the customer.
func (s *Server) quoteView(r *http.Request, c who, qv agency.QuoteVersion) pricing.QuoteView {
	v := pricing.QuoteView{Lang: tag(c.lang()), Zone: s.cfg.Zone, Place: "Beijing", Agency: demoAgency}
	if c.lang() != agency.English {
		v.Place = "北京"
	}
	v.Agency.Contact = c.user.Name
	if cust, err := s.cfg.Agency.Customers.Get(r.Context(), c.user.Tenant, qv.CustomerID); err == nil {
		v.Customer = pricing.Party{Name: cust.Name, Phone: cust.Phone, Email: cust.Email}
	}
	return v
}

// quoteText writes a quote in the format asked for.
func (s *Server) quoteText(r *http.Request, c who) ([]byte, agency.DocumentFormat, error) {
	f := documentFormat(r)
	qv, err := s.cfg.Agency.Trips.GetQuote(r.Context(), c.user.Tenant, agency.QuoteRef{ID: r.PathValue("id")})
	if err != nil {
		return nil, f, err
	}
	v := s.quoteView(r, c, qv)
	var buf bytes.Buffer
	switch f {
	case agency.DocumentHTML:
		err = pricing.RenderQuoteHTML(&buf, &qv.Quote, v)
	case agency.DocumentPDF:
		if s.cfg.PDF == nil {
			return nil, f, invalid("format", "unsupported", "this back office writes no PDF: it has no font")
		}
		var d document.Document
		if d, err = pricing.QuoteDocument(&qv.Quote, v); err == nil {
			err = s.cfg.PDF.WriteDocument(&buf, d)
		}
	default:
		err = pricing.RenderQuoteText(&buf, &qv.Quote, v)
	}
	return buf.Bytes(), f, err
}

func (s *Server) quoteDocument(w http.ResponseWriter, r *http.Request, c who) {
	body, f, err := s.quoteText(r, c)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	serveDocument(w, f, pricing.Reference(r.PathValue("id")), body)
}

func (s *Server) apiQuoteDocument(w http.ResponseWriter, r *http.Request, c who) {
	body, f, err := s.quoteText(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDocument(w, f, pricing.Reference(r.PathValue("id")), body)
}
