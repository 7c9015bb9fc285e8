package web

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/pricing"
)

// NewInquiry is an inquiry as a consultant logs it: who asks (an existing
// customer by ID, or a new one by name and contacts), how, and what for.
type NewInquiry struct {
	ID           string          `json:"id,omitempty"`
	CustomerID   string          `json:"customer_id,omitempty"`
	Name         string          `json:"name,omitempty"`
	Email        string          `json:"email,omitempty"`
	Phone        string          `json:"phone,omitempty"`
	Language     agency.Language `json:"language,omitempty"`
	Channel      inquiry.Channel `json:"channel"`
	LeadSource   string          `json:"lead_source,omitempty"`
	Destinations []string        `json:"destinations,omitempty"`
	Earliest     date.Date       `json:"earliest"`
	Latest       date.Date       `json:"latest"`
	MinDays      int             `json:"min_days,omitempty"`
	MaxDays      int             `json:"max_days,omitempty"`
	// Party lists each traveller's birth date.
	Party []date.Date `json:"party"`
	// BudgetPerPerson is in CNY, "" for none.
	BudgetPerPerson string `json:"budget_per_person,omitempty"`
}

func (s *Server) logInquiry(r *http.Request, c who, n NewInquiry) (agency.InquiryRecord, error) {
	needs := inquiry.Needs{Destinations: n.Destinations, Earliest: n.Earliest, Latest: n.Latest, MinDays: n.MinDays, MaxDays: n.MaxDays, Party: n.Party}
	if strings.TrimSpace(n.BudgetPerPerson) != "" {
		amount, err := pricing.Parse(strings.TrimSpace(n.BudgetPerPerson), "CNY")
		if err != nil {
			return agency.InquiryRecord{}, invalid("budget_per_person", "invalid_amount", err.Error())
		}
		needs.Budget = &inquiry.Budget{Amount: amount, Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)}
	}
	if n.ID == "" {
		n.ID = "INQ-" + s.now().In(s.cfg.Zone).Format("20060102") + "-" + shortCode()
	}
	return s.cfg.Agency.Inquiries.Log(r.Context(), c.user.Tenant, agency.NewInquiry{
		Inquiry: inquiry.Inquiry{ID: n.ID, Channel: n.Channel, ReceivedAt: s.now(), Consultant: c.user.ID, CustomerID: n.CustomerID,
			LeadSource: n.LeadSource, Needs: needs},
		Customer: agency.NewCustomer{Name: n.Name, Email: n.Email, Phone: n.Phone, Language: n.Language}})
}

func (s *Server) apiListInquiries(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Inquiries.List(r.Context(), c.user.Tenant, agency.InquiryQuery{Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiLogInquiry(w http.ResponseWriter, r *http.Request, c who) {
	var n NewInquiry
	if err := decode(r, &n); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.logInquiry(r, c, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec.Version))
	w.Header().Set("Location", "/api/v1/inquiries/"+rec.Inquiry.ID)
	writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) apiGetInquiry(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.Inquiries.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

func (s *Server) apiRecommend(w http.ResponseWriter, r *http.Request, c who) {
	list, err := s.cfg.Agency.Inquiries.Recommend(r.Context(), c.user.Tenant, agency.RecommendRequest{ID: r.PathValue("id"), Limit: 5})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) inquiriesPage(w http.ResponseWriter, r *http.Request, c who) {
	s.inquiriesWith(w, r, c, http.StatusOK, nil, nil)
}

func (s *Server) inquiriesWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, form map[string]string) {
	page, err := s.cfg.Agency.Inquiries.List(r.Context(), c.user.Tenant, agency.InquiryQuery{Page: screenPageOf(r)})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "inquiries.html", "inquiries", listing[agency.InquiryRecord]{Items: page.Items, Next: page.Next, Extra: form}, problems, "")
}

// shortCode is five random characters a person can read out on the
// phone (no 0/O or 1/I).
func shortCode() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// splitList reads a comma-separated field.
func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) logInquiryPage(w http.ResponseWriter, r *http.Request, c who) {
	form := map[string]string{}
	for _, k := range []string{"customer_id", "name", "email", "phone", "language", "channel", "destinations", "earliest", "latest", "min_days",
		"max_days", "party", "budget"} {
		form[k] = r.PostFormValue(k)
	}
	var problems []agency.Problem
	day := func(field string) date.Date {
		if form[field] == "" {
			return 0
		}
		d, err := date.ParseISO(form[field])
		if err != nil {
			problems = append(problems, agency.Problem{Field: field, Code: "invalid_date", Message: "a date as 2027-05-01"})
		}
		return d
	}
	number := func(field string) int {
		if form[field] == "" {
			return 0
		}
		n, err := strconv.Atoi(form[field])
		if err != nil {
			problems = append(problems, agency.Problem{Field: field, Code: "not_a_number", Message: "a whole number of days"})
		}
		return n
	}
	n := NewInquiry{CustomerID: form["customer_id"], Name: form["name"], Email: form["email"], Phone: form["phone"],
		Language: agency.Language(form["language"]), Channel: inquiry.Channel(form["channel"]), Destinations: splitList(form["destinations"]),
		Earliest: day("earliest"), Latest: day("latest"), MinDays: number("min_days"), MaxDays: number("max_days"), BudgetPerPerson: form["budget"]}
	for _, birth := range splitList(form["party"]) {
		d, err := date.ParseISO(birth)
		if err != nil {
			problems = append(problems, agency.Problem{Field: "party", Code: "invalid_date", Message: "birth dates as 1985-03-12, separated by commas"})
			break
		}
		n.Party = append(n.Party, d)
	}
	if len(problems) > 0 {
		s.inquiriesWith(w, r, c, http.StatusUnprocessableEntity, problems, form)
		return
	}
	rec, err := s.logInquiry(r, c, n)
	if err != nil {
		status, problems, msg := formProblems(err)
		if msg != "" {
			problems = []agency.Problem{{Code: "error", Message: msg}}
		}
		s.inquiriesWith(w, r, c, status, problems, form)
		return
	}
	http.Redirect(w, r, "/inquiries/"+rec.Inquiry.ID, http.StatusSeeOther)
}

// inquiryView is an inquiry with the catalogue's recommendations for it.
type inquiryView struct {
	Record agency.InquiryRecord
	List   inquiry.List
	Err    string
}

func (s *Server) inquiryPage(w http.ResponseWriter, r *http.Request, c who) {
	s.inquiryWith(w, r, c, http.StatusOK, nil, "")
}

func (s *Server) inquiryWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, msg string) {
	rec, err := s.cfg.Agency.Inquiries.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := inquiryView{Record: rec}
	if v.List, err = s.cfg.Agency.Inquiries.Recommend(r.Context(), c.user.Tenant, agency.RecommendRequest{ID: rec.Inquiry.ID, Limit: 5}); err != nil {
		v.Err = problemOf(err).Title
	}
	s.render(w, r, c, status, "inquiry.html", "inquiries", v, problems, msg)
}

func (s *Server) respondPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := s.cfg.Agency.Inquiries.Respond(r.Context(), c.user.Tenant, agency.InquiryExchange{ID: r.PathValue("id"), Version: version,
		Exchange: inquiry.Exchange{At: s.now(), By: c.user.ID, Question: r.PostFormValue("question"), Answer: r.PostFormValue("answer")}})
	if err != nil {
		status, problems, msg := formProblems(err)
		s.inquiryWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/inquiries/"+r.PathValue("id"), http.StatusSeeOther)
}
