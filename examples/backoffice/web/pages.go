package web

import (
	"bytes"

	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/kpi/chart"
	"github.com/travelkit/travelkit/pricing"
)

// view is what every screen's template gets.
type view struct {
	Lang     agency.Language
	User     *User
	CSRF     string
	Title    string
	Nav      string
	Problems []agency.Problem
	Message  string
	Data     any
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fsGlob("templates/*.html")
	if err != nil {
		return err
	}
	for _, name := range names {
		if name == "templates/layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(s.funcs()).ParseFS(files, "templates/layout.html", name)
		if err != nil {
			return err
		}
		s.pages[name[len("templates/"):]] = t
	}
	return nil
}

func fsGlob(pattern string) ([]string, error) {
	entries, err := files.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, "templates/"+e.Name())
	}
	_ = pattern
	return out, nil
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"t": func(lang agency.Language, key string, args ...any) string { return text(lang, key, args...) },
		"local": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(s.cfg.Zone).Format("2006-01-02 15:04")
		},
		"clock": s.slaClock,
		"money": func(m pricing.Money) string { return m.String() },
		"outstanding": func(l booking.Ledger) string {
			m, _ := l.Outstanding()
			return m.String()
		},
		"problem":  problemFor,
		"others":   otherProblems,
		"label":    label,
		"quoteref": pricing.Reference,
		"recommendations": func(lang agency.Language, l inquiry.List) string {
			var b bytes.Buffer
			if err := inquiry.RenderListText(&b, l, tag(lang)); err != nil {
				return err.Error()
			}
			return b.String()
		},
		"version": strconv.Itoa,
		"actions": func() []feedback.Action {
			return []feedback.Action{feedback.Acknowledge, feedback.Assess, feedback.Investigate, feedback.WaitSupplier, feedback.WaitCustomer,
				feedback.Resume, feedback.Respond, feedback.Close, feedback.Reopen, feedback.Escalate, feedback.AddNote}
		},
		"role": func(lang agency.Language, r Role) string { return text(lang, "role."+string(r)) },
		"causes": func() []feedback.RootCause {
			return []feedback.RootCause{feedback.SupplierFault, feedback.AgencyError, feedback.ExpectationGap, feedback.ForceMajeure, feedback.OtherCause}
		},
		"priorities": func() []feedback.Priority {
			return []feedback.Priority{feedback.High, feedback.Urgent, feedback.Medium, feedback.Low}
		},
	}
}

// problemFor returns the messages of the problems of one field.
func problemFor(ps []agency.Problem, field string) []string {
	var out []string
	for _, p := range ps {
		if p.Field == field {
			out = append(out, p.Message)
		}
	}
	return out
}

// otherProblems returns the problems of every field but those named: the
// ones a form shows together, so that none goes unsaid.
func otherProblems(ps []agency.Problem, fields ...string) []agency.Problem {
	var out []agency.Problem
	for _, p := range ps {
		if !slices.Contains(fields, p.Field) {
			out = append(out, p)
		}
	}
	return out
}

// slaClock says how a complaint's resolution clock stands now.
func (s *Server) slaClock(lang agency.Language, rec agency.ComplaintRecord) string {
	switch {
	case rec.Complaint.Status == feedback.Closed || rec.Complaint.Status == feedback.Responded:
		return text(lang, "done")
	case rec.DueAt == nil:
		return text(lang, "paused")
	}
	left := rec.DueAt.Sub(s.now())
	if left < 0 {
		return text(lang, "overdue", duration(lang, -left))
	}
	return text(lang, "left", duration(lang, left))
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, c who, status int, page, nav string, data any, problems []agency.Problem, msg string) {
	t := s.pages[page]
	v := view{Lang: c.lang(), User: c.user, CSRF: c.sess.csrf, Nav: nav, Problems: problems, Message: msg, Data: data}
	var buf bytes.Buffer
	name := "layout.html"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") != "" && t.Lookup("fragment") != nil {
		name = "fragment"
	}
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		s.cfg.Logger.Error("backoffice: rendering", "page", page, "error", err)
		http.Error(w, "rendering failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// formProblems turns an error into the problems shown next to the fields,
// or the status and message of a page-wide error.
func formProblems(err error) (int, []agency.Problem, string) {
	p := problemOf(err)
	var ve *agency.ValidationError
	if errors.As(err, &ve) {
		return p.Status, ve.Problems, ""
	}
	return p.Status, nil, p.Title + ": " + p.Detail
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.loginForm(w, http.StatusOK, agency.Chinese, "")
}

func (s *Server) loginForm(w http.ResponseWriter, status int, lang agency.Language, msg string) {
	if l := agency.Language(""); l != "" {
		lang = l
	}
	var buf bytes.Buffer
	if err := s.pages["login.html"].ExecuteTemplate(&buf, "layout.html", view{Lang: lang, Message: msg}); err != nil {
		http.Error(w, "rendering failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name, password := r.PostFormValue("user"), r.PostFormValue("password")
	if !s.logins.allow(clientAddress(r)+"\x00"+name, s.now()) {
		s.loginForm(w, http.StatusTooManyRequests, agency.Chinese, text(agency.Chinese, "login.limited")+" / "+text(agency.English, "login.limited"))
		return
	}
	u, ok := s.cfg.Users.check(name, password)
	if !ok {
		s.loginForm(w, http.StatusUnauthorized, agency.Chinese, text(agency.Chinese, "login.failed")+" / "+text(agency.English, "login.failed"))
		return
	}
	id, _ := s.sessions.create(u.ID, u.Language, s.now())
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: id, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionLife.Seconds())})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, c who) {
	s.sessions.drop(c.sid)
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request, c who) {
	switch to := agency.Language(r.PostFormValue("to")); {
	case slices.Contains(agency.Languages(), to):
		c.sess.lang = to
	case c.lang() == agency.English:
		c.sess.lang = agency.Chinese
	default: // Chinese of either script toggles to English
		c.sess.lang = agency.English
	}
	back := r.PostFormValue("back")
	if back == "" || back[0] != '/' || (len(back) > 1 && (back[1] == '/' || back[1] == '\\')) {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// openComplaints lists the tenant's complaints that are not closed, most
// urgent first.
func (s *Server) openComplaints(r *http.Request, c who) ([]agency.ComplaintRecord, error) {
	var out []agency.ComplaintRecord
	q := agency.ComplaintQuery{Page: agency.PageRequest{Limit: agency.MaxPageSize}}
	for {
		page, err := s.cfg.Agency.Complaints.List(r.Context(), c.user.Tenant, q)
		if err != nil {
			return nil, err
		}
		for _, rec := range page.Items {
			if rec.Complaint.Status != feedback.Closed {
				out = append(out, rec)
			}
		}
		if page.Next == "" || len(out) >= 200 {
			break
		}
		q.Page.After = page.Next
	}
	slices.SortStableFunc(out, func(a, b agency.ComplaintRecord) int {
		switch {
		case a.DueAt == nil && b.DueAt == nil:
			return 0
		case a.DueAt == nil:
			return 1
		case b.DueAt == nil:
			return -1
		}
		return a.DueAt.Compare(*b.DueAt)
	})
	return out, nil
}

func (s *Server) today(w http.ResponseWriter, r *http.Request, c who) {
	open, err := s.openComplaints(r, c)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "today.html", "today", open, nil, "")
}

func (s *Server) todayComplaints(w http.ResponseWriter, r *http.Request, c who) {
	s.today(w, r, c)
}

func (s *Server) failPage(w http.ResponseWriter, r *http.Request, c who, err error) {
	status, _, msg := formProblems(err)
	if r.Context().Err() != nil {
		return // the client went away; nobody reads the answer
	}
	if status == http.StatusInternalServerError {
		s.cfg.Logger.Error("backoffice: page failed", "path", r.URL.Path, "error", err)
	}
	s.render(w, r, c, status, "error.html", "", nil, nil, msg)
}

// listing is one page of a list screen.
type listing[T any] struct {
	Items []T
	Next  string
	Query string
	Extra any
}

func (s *Server) customersPage(w http.ResponseWriter, r *http.Request, c who) {
	s.customersWith(w, r, c, http.StatusOK, nil, nil)
}

func (s *Server) customersWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, form map[string]string) {
	p := screenPageOf(r)
	page, err := s.cfg.Agency.Customers.List(r.Context(), c.user.Tenant, agency.CustomerQuery{Page: p})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "customers.html", "customers", listing[agency.Customer]{Items: page.Items, Next: page.Next, Extra: form}, problems, "")
}

func (s *Server) createCustomerPage(w http.ResponseWriter, r *http.Request, c who) {
	form := map[string]string{"Name": r.PostFormValue("name"), "Email": r.PostFormValue("email"), "Phone": r.PostFormValue("phone"),
		"Language": r.PostFormValue("language")}
	_, err := s.cfg.Agency.Customers.Create(r.Context(), c.user.Tenant, agency.NewCustomer{Name: form["Name"], Email: form["Email"],
		Phone: form["Phone"], Language: agency.Language(form["Language"])})
	if err != nil {
		status, problems, msg := formProblems(err)
		if msg != "" {
			problems = []agency.Problem{{Code: "error", Message: msg}}
		}
		s.customersWith(w, r, c, status, problems, form)
		return
	}
	http.Redirect(w, r, "/customers", http.StatusSeeOther)
}

func (s *Server) complaintsPage(w http.ResponseWriter, r *http.Request, c who) {
	s.complaintsWith(w, r, c, http.StatusOK, nil, nil)
}

func (s *Server) complaintsWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, form map[string]string) {
	p := screenPageOf(r)
	page, err := s.cfg.Agency.Complaints.List(r.Context(), c.user.Tenant, agency.ComplaintQuery{Status: feedback.Status(r.URL.Query().Get("status")), Page: p})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "complaints.html", "complaints", listing[agency.ComplaintRecord]{Items: page.Items, Next: page.Next, Extra: form}, problems, "")
}

func (s *Server) openComplaintPage(w http.ResponseWriter, r *http.Request, c who) {
	form := map[string]string{"ID": r.PostFormValue("id"), "CustomerID": r.PostFormValue("customer_id"), "Category": r.PostFormValue("category"),
		"Priority": r.PostFormValue("priority"), "Channel": r.PostFormValue("channel"), "Summary": r.PostFormValue("summary"),
		"SupplierID": r.PostFormValue("supplier_id")}
	rec, err := s.openComplaint(r, c, NewComplaint{ID: form["ID"], CustomerID: form["CustomerID"], SupplierID: form["SupplierID"],
		Category: form["Category"], Priority: feedback.Priority(form["Priority"]), Channel: feedback.Channel(form["Channel"]), Summary: form["Summary"]})
	if err != nil {
		status, problems, msg := formProblems(err)
		if msg != "" {
			problems = []agency.Problem{{Code: "error", Message: msg}}
		}
		s.complaintsWith(w, r, c, status, problems, form)
		return
	}
	http.Redirect(w, r, "/complaints/"+rec.Complaint.ID, http.StatusSeeOther)
}

func (s *Server) complaintPage(w http.ResponseWriter, r *http.Request, c who) {
	s.complaintWith(w, r, c, http.StatusOK, nil, "")
}

func (s *Server) complaintWith(w http.ResponseWriter, r *http.Request, c who, status int, problems []agency.Problem, msg string) {
	rec, err := s.cfg.Agency.Complaints.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "complaint.html", "complaints", rec, problems, msg)
}

func (s *Server) actPage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := s.cfg.Agency.Complaints.Act(r.Context(), c.user.Tenant, agency.ComplaintAction{ID: r.PathValue("id"), Version: version,
		Action: feedback.Action(r.PostFormValue("action")), Note: r.PostFormValue("note"), By: c.user.ID})
	if err != nil {
		status, problems, msg := formProblems(err)
		s.complaintWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/complaints/"+r.PathValue("id"), http.StatusSeeOther)
}

func (s *Server) resolvePage(w http.ResponseWriter, r *http.Request, c who) {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	rec, err := s.cfg.Agency.Complaints.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err == nil {
		var voucher *pricing.Money
		if voucher, err = moneyFrom(r.PostFormValue("voucher")); err == nil {
			_, err = s.cfg.Agency.Complaints.Resolve(r.Context(), c.user.Tenant,
				resolution(c, rec, feedback.RootCause(r.PostFormValue("root_cause")), r.PostFormValue("remedy"), voucher, version))
		}
	}
	if err != nil {
		status, problems, msg := formProblems(err)
		s.complaintWith(w, r, c, status, problems, msg)
		return
	}
	http.Redirect(w, r, "/complaints/"+r.PathValue("id"), http.StatusSeeOther)
}

// screenPage is how many rows a list screen shows: what a person reads
// at a glance, and a page that answers quickly under load.
const screenPage = 20

// screenPageOf reads a list screen's cursor.
func screenPageOf(r *http.Request) agency.PageRequest {
	return agency.PageRequest{Limit: screenPage, After: r.URL.Query().Get("after")}
}

func (s *Server) bookingsPage(w http.ResponseWriter, r *http.Request, c who) {
	p := screenPageOf(r)
	page, err := s.cfg.Agency.Bookings.Summaries(r.Context(), c.user.Tenant, agency.BookingQuery{Page: p})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "bookings.html", "bookings", listing[agency.BookingSummary]{Items: page.Items, Next: page.Next}, nil, "")
}

func (s *Server) bookingPage(w http.ResponseWriter, r *http.Request, c who) {
	b, err := s.cfg.Agency.Bookings.Get(r.Context(), c.user.Tenant, r.PathValue("reference"))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "booking.html", "bookings", b, nil, "")
}

// maxStatement bounds a form, an uploaded bank statement included.
const maxStatement = 8 << 20

// statementPage imports an uploaded bank statement (CSV with the columns
// id, date, amount, payer, text) and shows how each line was matched.
func (s *Server) statementPage(w http.ResponseWriter, r *http.Request, c who) {
	file, _, err := r.FormFile("statement")
	if err != nil {
		s.render(w, r, c, http.StatusUnprocessableEntity, "reconciliation.html", "bookings", nil,
			[]agency.Problem{{Field: "statement", Code: "required", Message: text(c.lang(), "statement.missing")}}, "")
		return
	}
	defer file.Close()
	lines, err := booking.ParseStatement(file, booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text",
		DefaultCurrency: "CNY"})
	var matches []booking.Match
	if err == nil {
		matches, err = s.cfg.Agency.Bookings.ImportStatement(r.Context(), c.user.Tenant, agency.Statement{Lines: lines, Window: 3})
	}
	if err != nil {
		status, problems, msg := formProblems(err)
		s.render(w, r, c, status, "reconciliation.html", "bookings", nil, problems, msg)
		return
	}
	s.render(w, r, c, http.StatusOK, "reconciliation.html", "bookings", matches, nil, "")
}

// trendChart draws the caller's (a manager's: the agency's) sales and
// conversion over the last six months as SVG.
func (s *Server) trendChart(w http.ResponseWriter, r *http.Request, c who) {
	now := s.now().In(s.cfg.Zone)
	cny, _ := pricing.ParseCurrency("CNY")
	var cards []kpi.Card
	for back := 5; back >= 0; back-- {
		month := time.Date(now.Year(), now.Month()-time.Month(back), 1, 0, 0, 0, 0, s.cfg.Zone)
		req := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant"}, Consultants: []string{c.user.ID}, Period: kpi.Month(month.Year(), month.Month()),
			Basis: kpi.ByBookingDate, Currency: cny}
		if c.user.Role == Manager {
			req.Scope, req.Consultants = kpi.Scope{Kind: "agency"}, nil
		}
		got, err := s.cfg.Agency.KPIs.Scorecards(r.Context(), c.user.Tenant, req)
		if err != nil {
			s.failPage(w, r, c, err)
			return
		}
		cards = append(cards, got...)
	}
	var buf bytes.Buffer
	if err := chart.Trend(&buf, cards, kpi.ComplaintResolved, tag(c.lang()), chart.SVG); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request, c who) {
	p := screenPageOf(r)
	state := agency.EventState(r.URL.Query().Get("state"))
	if state != agency.EventDelivered && state != agency.EventDead {
		state = agency.EventPending
	}
	page, err := s.cfg.Agency.Outbox.List(r.Context(), c.user.Tenant, agency.EventQuery{State: state, Page: p})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "outbox.html", "outbox", listing[agency.Event]{Items: page.Items, Next: page.Next, Query: string(state)}, nil, "")
}

func (s *Server) requeuePage(w http.ResponseWriter, r *http.Request, c who) {
	if err := s.cfg.Agency.Outbox.Requeue(r.Context(), c.user.Tenant, r.PathValue("id")); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	http.Redirect(w, r, "/outbox?state=dead", http.StatusSeeOther)
}

// kpiView is the dashboard: the month's scorecard and the sales plans.
type kpiView struct {
	Rows  []scoreRow
	Plans []kpi.Progress
}

// scoreRow is one KPI of the dashboard.
type scoreRow struct {
	Name, Value string
}

func (s *Server) kpisPage(w http.ResponseWriter, r *http.Request, c who) {
	now := s.now().In(s.cfg.Zone)
	cny, _ := pricing.ParseCurrency("CNY")
	req := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant"}, Consultants: []string{c.user.ID}, Period: kpi.Month(now.Year(), now.Month()),
		Basis: kpi.ByBookingDate, Currency: cny}
	if c.user.Role == Manager {
		req.Scope, req.Consultants = kpi.Scope{Kind: "agency"}, nil
	}
	cards, err := s.cfg.Agency.KPIs.Scorecards(r.Context(), c.user.Tenant, req)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	var rows []scoreRow
	for _, card := range cards {
		rows = append(rows, scoreRow{Name: text(c.lang(), "kpi.net_sales"), Value: card.NetSales.String()},
			scoreRow{Name: text(c.lang(), "bookings"), Value: strconv.Itoa(card.Bookings)})
		for _, res := range card.Results {
			value := text(c.lang(), "kpi.none")
			if !res.Value.NoData {
				value = res.Value.String()
			}
			rows = append(rows, scoreRow{Name: res.Definition.Label(tag(c.lang())), Value: value})
		}
	}
	// The sales plans: the caller's, or a manager's team's.
	consultants := []string{c.user.ID}
	if c.user.Role == Manager {
		consultants = nil
		plans, err := s.cfg.Agency.KPIs.ListPlans(r.Context(), c.user.Tenant, agency.PlanQuery{Page: agency.PageRequest{Limit: 100}})
		if err != nil {
			s.failPage(w, r, c, err)
			return
		}
		for _, p := range plans.Items {
			if p.Plan.Year == now.Year() && p.Plan.Month == now.Month() {
				consultants = append(consultants, p.Plan.Consultant)
			}
		}
	}
	var progress []kpi.Progress
	for _, who := range consultants {
		pr, err := s.cfg.Agency.KPIs.TrackPlan(r.Context(), c.user.Tenant, agency.PlanTracking{Consultant: who})
		if errors.Is(err, agency.ErrNotFound) {
			continue // no plan this month
		}
		if err != nil {
			s.failPage(w, r, c, err)
			return
		}
		progress = append(progress, pr)
	}
	s.render(w, r, c, http.StatusOK, "kpis.html", "kpis", kpiView{Rows: rows, Plans: progress}, nil, "")
}
