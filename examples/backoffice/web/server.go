package web

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

//go:embed templates/*.html static/* openapi.json
var files embed.FS

// GCPercent is the garbage collector's target the application runs with
// (GOGC): a server answering many small requests collects four times less
// often than Go's default of 100, which keeps the slowest answers down, at
// the cost of a larger heap (bounded by MemoryLimit).
const GCPercent = 400

// MemoryLimit is the soft memory limit the application sets (GOMEMLIMIT),
// so that the larger GC target never lets the heap grow past it.
const MemoryLimit = 1 << 30

// Config is what the application runs on.
type Config struct {
	Agency *agency.Agency
	Users  *Users
	// Clock is the agency's clock (nil: the system clock).
	Clock agency.Clock
	// Secure marks session cookies Secure; set it when serving over TLS
	// or behind a TLS-terminating proxy.
	Secure bool
	// Zone shows instants in the agency's local time (default
	// Asia/Shanghai).
	Zone *time.Location
	// Logger receives server errors (nil: slog.Default()).
	Logger *slog.Logger
	// Readers is how many reads (GET and HEAD) are worked on at once; the
	// rest wait their turn in arrival order. Zero means twice the
	// processors Go uses, which keeps the slowest answers close to the
	// typical one under load instead of letting every request share the
	// processors and all finish late; negative means no limit. Changes are
	// never held back, so a slow upload cannot keep reads waiting.
	Readers int
	// PDF writes the documents asked for as PDF (the agency's Config.PDF);
	// nil answers such a request as unsupported.
	PDF agency.DocumentWriter
}

// Server is the back office.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	pages    map[string]*template.Template
	sessions sessions
	logins   limiter
	idem     idempotency
	static   http.Handler
	// reading admits reads in arrival order; nil when unlimited.
	reading chan struct{}
}

// New builds the application's handler.
func New(cfg Config) (*Server, error) {
	if cfg.Agency == nil || cfg.Users == nil {
		return nil, errors.New("web: an agency and users are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = agency.SystemClock{}
	}
	if cfg.Zone == nil {
		zone, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return nil, err
		}
		cfg.Zone = zone
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), logins: limiter{max: 5, window: time.Minute}}
	switch {
	case cfg.Readers == 0:
		s.reading = make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	case cfg.Readers > 0:
		s.reading = make(chan struct{}, cfg.Readers)
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	static, _ := fs.Sub(files, "static")
	s.static = http.StripPrefix("/static/", http.FileServerFS(static))
	s.routes()
	return s, nil
}

func (s *Server) now() time.Time { return s.cfg.Clock.Now() }

// ServeHTTP serves a request with the security headers every response
// carries.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.cfg.Secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if s.reading != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		// A channel's waiting senders go first come, first served.
		select {
		case s.reading <- struct{}{}:
		case <-r.Context().Done():
			return // the client gave up waiting
		}
		defer func() { <-s.reading }()
	}
	s.mux.ServeHTTP(w, r)
}

// who is the authenticated caller of a request.
type who struct {
	user *User
	sess *session // nil for an API token
	sid  string
}

func (c who) lang() agency.Language {
	if c.sess != nil && c.sess.lang != "" {
		return c.sess.lang
	}
	return c.user.Language
}

const cookieName = "__Host-tk_session"

func (s *Server) cookieName() string {
	if s.cfg.Secure {
		return cookieName
	}
	return "tk_session" // __Host- cookies must be Secure
}

// authenticate finds the caller: an API token for /api, a session cookie
// otherwise.
func (s *Server) authenticate(r *http.Request) (who, bool) {
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		u, ok := s.cfg.Users.byToken(strings.TrimPrefix(auth, "Bearer "))
		return who{user: u}, ok
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return who{}, false
	}
	sess := s.sessions.get(c.Value, s.now())
	if sess == nil {
		return who{}, false
	}
	u := s.cfg.Users.get(sess.user)
	return who{user: u, sess: sess, sid: c.Value}, u != nil
}

// page wraps a screen handler: it needs a session (else the login page)
// and, for a change, the session's CSRF token.
func (s *Server) page(h func(http.ResponseWriter, *http.Request, who)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authenticate(r)
		if !ok || c.sess == nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxStatement) // before the form is parsed
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !s.csrfOK(r, c.sess) {
			http.Error(w, "forged or missing CSRF token", http.StatusForbidden)
			return
		}
		h(w, r, c)
	}
}

func (s *Server) csrfOK(r *http.Request, sess *session) bool {
	token := r.Header.Get("X-CSRF-Token")
	if token == "" {
		token = r.PostFormValue("csrf")
	}
	return token != "" && len(token) == len(sess.csrf) && subtleEqual(token, sess.csrf)
}

// api wraps an API handler: it needs a token or a session; a session's
// change needs its CSRF token, since a browser sends the cookie by itself.
func (s *Server) api(h func(http.ResponseWriter, *http.Request, who)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authenticate(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="travelkit"`)
			writeProblem(w, Problem{Type: "/problems/unauthenticated", Title: "Authentication required", Status: http.StatusUnauthorized})
			return
		}
		if c.sess != nil && r.Method != http.MethodGet && !s.csrfOK(r, c.sess) {
			writeProblem(w, Problem{Type: "/problems/csrf", Title: "Forged or missing CSRF token", Status: http.StatusForbidden})
			return
		}
		h(w, r, c)
	}
}

func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", s.static)
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.page(s.logout))
	m.HandleFunc("POST /lang", s.page(s.switchLanguage))
	m.HandleFunc("GET /{$}", s.page(s.today))
	m.HandleFunc("GET /today/complaints", s.page(s.todayComplaints))
	m.HandleFunc("GET /customers", s.page(s.customersPage))
	m.HandleFunc("POST /customers", s.page(s.createCustomerPage))
	m.HandleFunc("GET /customers/{id}", s.page(s.customerPage))
	m.HandleFunc("GET /complaints", s.page(s.complaintsPage))
	m.HandleFunc("POST /complaints", s.page(s.openComplaintPage))
	m.HandleFunc("GET /complaints/{id}", s.page(s.complaintPage))
	m.HandleFunc("POST /complaints/{id}/act", s.page(s.actPage))
	m.HandleFunc("POST /complaints/{id}/resolve", s.page(s.resolvePage))
	m.HandleFunc("GET /inquiries", s.page(s.inquiriesPage))
	m.HandleFunc("POST /inquiries", s.page(s.logInquiryPage))
	m.HandleFunc("GET /inquiries/{id}", s.page(s.inquiryPage))
	m.HandleFunc("POST /inquiries/{id}/respond", s.page(s.respondPage))
	m.HandleFunc("POST /inquiries/{id}/qualify", s.page(s.qualifyPage))
	m.HandleFunc("POST /inquiries/{id}/propose", s.page(s.proposePage))
	m.HandleFunc("GET /quotes/{id}", s.page(s.quotePage))
	m.HandleFunc("GET /quotes/{id}/document", s.page(s.quoteDocument))
	m.HandleFunc("POST /quotes/{id}/accept", s.page(s.acceptPage))
	m.HandleFunc("POST /quotes/{id}/adjust", s.page(s.adjustPage))
	m.HandleFunc("POST /quotes/{id}/book", s.page(s.bookPage))
	m.HandleFunc("GET /suppliers", s.page(s.suppliersPage))
	m.HandleFunc("GET /suppliers/{id}", s.page(s.supplierPage))
	m.HandleFunc("GET /allotments/{id}", s.page(s.allotmentPage))
	m.HandleFunc("POST /allotments/{id}/holds", s.page(s.holdPage))
	m.HandleFunc("POST /holds/{id}/confirm", s.page(s.holdChangePage(s.cfg.Agency.Allotments.Confirm)))
	m.HandleFunc("POST /holds/{id}/cancel", s.page(s.holdChangePage(s.cfg.Agency.Allotments.Cancel)))
	m.HandleFunc("GET /bookings", s.page(s.bookingsPage))
	m.HandleFunc("GET /bookings/{reference}", s.page(s.bookingPage))
	m.HandleFunc("POST /bookings/statement", s.page(s.statementPage))
	m.HandleFunc("POST /bookings/{reference}/contract", s.page(s.draftPage))
	m.HandleFunc("GET /bookings/{reference}/letter", s.page(s.letterDocument))
	m.HandleFunc("GET /contracts/{number}", s.page(s.contractPage))
	m.HandleFunc("POST /contracts/{number}/sign", s.page(s.signPage))
	m.HandleFunc("GET /contracts/{number}/document", s.page(s.contractDocument))
	m.HandleFunc("GET /outbox", s.page(s.outboxPage))
	m.HandleFunc("POST /outbox/{id}/requeue", s.page(s.requeuePage))
	m.HandleFunc("GET /kpis", s.page(s.kpisPage))
	m.HandleFunc("GET /market", s.page(s.marketPage))
	m.HandleFunc("GET /kpis/trend.svg", s.page(s.trendChart))

	m.HandleFunc("GET /api/v1/openapi.json", s.openapi)
	m.HandleFunc("GET /api/v1/me", s.api(s.apiMe))
	m.HandleFunc("GET /api/v1/customers", s.api(s.apiListCustomers))
	m.HandleFunc("POST /api/v1/customers", s.api(s.idempotent(s.apiCreateCustomer)))
	m.HandleFunc("GET /api/v1/customers/{id}", s.api(s.apiGetCustomer))
	m.HandleFunc("PUT /api/v1/customers/{id}", s.api(s.apiUpdateCustomer))
	m.HandleFunc("GET /api/v1/complaints", s.api(s.apiListComplaints))
	m.HandleFunc("POST /api/v1/complaints", s.api(s.idempotent(s.apiOpenComplaint)))
	m.HandleFunc("GET /api/v1/complaints/{id}", s.api(s.apiGetComplaint))
	m.HandleFunc("POST /api/v1/complaints/{id}/actions", s.api(s.apiActComplaint))
	m.HandleFunc("POST /api/v1/complaints/{id}/resolution", s.api(s.apiResolveComplaint))
	m.HandleFunc("GET /api/v1/inquiries", s.api(s.apiListInquiries))
	m.HandleFunc("POST /api/v1/inquiries", s.api(s.idempotent(s.apiLogInquiry)))
	m.HandleFunc("GET /api/v1/inquiries/{id}", s.api(s.apiGetInquiry))
	m.HandleFunc("GET /api/v1/inquiries/{id}/recommendations", s.api(s.apiRecommend))
	m.HandleFunc("POST /api/v1/inquiries/{id}/qualification", s.api(s.apiQualify))
	m.HandleFunc("POST /api/v1/inquiries/{id}/proposal", s.api(s.apiPropose))
	m.HandleFunc("GET /api/v1/quotes/{id}", s.api(s.apiGetQuote))
	m.HandleFunc("GET /api/v1/quotes/{id}/document", s.api(s.apiQuoteDocument))
	m.HandleFunc("POST /api/v1/quotes/{id}/acceptance", s.api(s.apiAccept))
	m.HandleFunc("POST /api/v1/quotes/{id}/booking", s.api(s.idempotent(s.apiBook)))
	m.HandleFunc("POST /api/v1/bookings/{reference}/contract", s.api(s.apiDraft))
	m.HandleFunc("GET /api/v1/contracts/{number}", s.api(s.apiGetContract))
	m.HandleFunc("POST /api/v1/contracts/{number}/signature", s.api(s.apiSign))
	m.HandleFunc("GET /api/v1/contracts/{number}/document", s.api(s.apiContractDocument))
	m.HandleFunc("GET /api/v1/bookings/{reference}/letter", s.api(s.apiLetter))
	m.HandleFunc("GET /api/v1/market/report", s.api(s.apiMarketReport))
	m.HandleFunc("GET /api/v1/suppliers", s.api(s.apiListSuppliers))
	m.HandleFunc("GET /api/v1/suppliers/{id}", s.api(s.apiGetSupplier))
	m.HandleFunc("GET /api/v1/allotments/{id}/availability", s.api(s.apiAvailability))
	m.HandleFunc("GET /api/v1/scorecard", s.api(s.apiScorecard))
	m.HandleFunc("GET /api/v1/plan", s.api(s.apiPlanProgress))
	m.HandleFunc("GET /api/v1/bookings", s.api(s.apiListBookings))
	m.HandleFunc("GET /api/v1/bookings/{reference}", s.api(s.apiGetBooking))
	m.HandleFunc("GET /api/v1/outbox", s.api(s.apiListOutbox))
	m.HandleFunc("POST /api/v1/quotes/{id}/adjustment", s.api(s.apiAdjust))
	m.HandleFunc("POST /api/v1/bookings/{reference}/payments", s.api(s.idempotent(s.apiPay)))
	m.HandleFunc("POST /api/v1/statements", s.api(s.apiStatement))
	m.HandleFunc("POST /api/v1/allotments/{id}/holds", s.api(s.apiHold))
	m.HandleFunc("GET /api/v1/holds/{id}", s.api(s.apiGetHold))
	m.HandleFunc("POST /api/v1/holds/{id}/confirmation", s.api(s.apiConfirmHold))
	m.HandleFunc("POST /api/v1/holds/{id}/cancellation", s.api(s.apiCancelHold))
	m.HandleFunc("GET /api/v1/suppliers/{id}/contracts", s.api(s.apiListSupplierContracts))
	m.HandleFunc("POST /api/v1/suppliers/{id}/contracts", s.api(s.idempotent(s.apiAddSupplierContract)))
	m.HandleFunc("GET /api/v1/plans/{consultant}/{month}", s.api(s.apiGetPlan))
	m.HandleFunc("PUT /api/v1/plans/{consultant}/{month}", s.api(s.apiPutPlan))
	m.HandleFunc("POST /api/v1/market/observations", s.api(s.apiIngestObservations))
	m.HandleFunc("POST /api/v1/outbox/{id}/requeue", s.api(s.apiRequeue))
}

// resolution builds the library's resolution of a complaint from the
// form or request: a manager approves what they resolve, on behalf of the
// complaint's handler; a consultant resolves alone, within the limits.
func resolution(c who, rec agency.ComplaintRecord, rootCause feedback.RootCause, remedy string, voucher *pricing.Money, version int) agency.ComplaintResolution {
	by := c.user.ID
	approver := ""
	if c.user.Role == Manager {
		approver = c.user.ID
		if rec.Complaint.Assignee != "" && rec.Complaint.Assignee != c.user.ID {
			by = rec.Complaint.Assignee
		}
	}
	res := feedback.Resolution{RootCause: rootCause, Remedy: remedy}
	if voucher != nil {
		res.Compensations = []feedback.Compensation{{Kind: feedback.Voucher, Amount: voucher, Reason: remedy, ApprovedBy: approver,
			Expires: dateIn(rec.Complaint.ReceivedAt, 1)}}
	}
	return agency.ComplaintResolution{ID: rec.Complaint.ID, Version: version, By: by, Resolution: res}
}

// idempotency remembers the responses of creates by Idempotency-Key.
type idempotency struct {
	mu   sync.Mutex
	seen map[string]stored
}

type stored struct {
	body   string
	status int
	header http.Header
	reply  []byte
	at     time.Time
}
