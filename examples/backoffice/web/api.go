package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

func subtleEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// dateIn is the date years after t.
func dateIn(t time.Time, years int) date.Date { return date.NewAt(t.AddDate(years, 0, 0)) }

func (s *Server) openapi(w http.ResponseWriter, _ *http.Request) {
	body, _ := files.ReadFile("openapi.json")
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// etag is a version as an entity tag.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the version a change was made on; a change without it is
// 428 Precondition Required.
func ifMatch(w http.ResponseWriter, r *http.Request) (int, bool) {
	v := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		writeProblem(w, Problem{Type: "/problems/precondition-required", Title: "If-Match with the version you read is required",
			Status: http.StatusPreconditionRequired})
		return 0, false
	}
	return n, true
}

// page reads limit and after.
func pageOf(r *http.Request) (agency.PageRequest, error) {
	p := agency.PageRequest{After: r.URL.Query().Get("after")}
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return p, invalid("limit", "not_a_number", "limit is a number")
		}
		p.Limit = n
	}
	return p, nil
}

// decode reads a JSON body, refusing unknown fields and more than 1 MiB.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("", "bad_json", err.Error())
	}
	return nil
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	if r.Context().Err() != nil {
		return // the client went away
	}
	if p.Status == http.StatusInternalServerError {
		s.cfg.Logger.Error("backoffice: request failed", "path", r.URL.Path, "error", err)
	}
	writeProblem(w, p)
}

// idempotent makes a create repeatable under an Idempotency-Key: the same
// key and body get the first response again; the same key with another
// body is refused.
func (s *Server) idempotent(h func(http.ResponseWriter, *http.Request, who)) func(http.ResponseWriter, *http.Request, who) {
	return func(w http.ResponseWriter, r *http.Request, c who) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			h(w, r, c)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(body)
		id := string(c.user.Tenant) + "\x00" + c.user.ID + "\x00" + r.URL.Path + "\x00" + key
		s.idem.mu.Lock()
		if s.idem.seen == nil {
			s.idem.seen = map[string]stored{}
		}
		prev, ok := s.idem.seen[id]
		s.idem.mu.Unlock()
		if ok && s.now().Sub(prev.at) < 24*time.Hour {
			if prev.body != hex.EncodeToString(sum[:]) {
				writeProblem(w, Problem{Type: "/problems/idempotency-key-reused", Title: "This Idempotency-Key was used for another request",
					Status: http.StatusUnprocessableEntity, Errors: []FieldProblem{{Field: "Idempotency-Key", Code: "reused",
						Message: "the key was used with another body"}}})
				return
			}
			for k, v := range prev.header {
				w.Header()[k] = v
			}
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prev.status)
			_, _ = w.Write(prev.reply)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h(rec, r, c)
		if rec.status < 500 {
			s.idem.mu.Lock()
			s.idem.seen[id] = stored{body: hex.EncodeToString(sum[:]), status: rec.status, header: w.Header().Clone(), reply: rec.buf.Bytes(), at: s.now()}
			s.idem.mu.Unlock()
		}
	}
}

type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(status int) { r.status = status; r.ResponseWriter.WriteHeader(status) }

func (r *recorder) Write(b []byte) (int, error) { r.buf.Write(b); return r.ResponseWriter.Write(b) }

// Me is the caller as the API describes it.
type Me struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Role     Role            `json:"role"`
	Tenant   agency.TenantID `json:"tenant"`
	Language agency.Language `json:"language"`
}

func (s *Server) apiMe(w http.ResponseWriter, _ *http.Request, c who) {
	writeJSON(w, http.StatusOK, Me{ID: c.user.ID, Name: c.user.Name, Role: c.user.Role, Tenant: c.user.Tenant, Language: c.user.Language})
}

func (s *Server) apiListCustomers(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Customers.List(r.Context(), c.user.Tenant, agency.CustomerQuery{NamePrefix: r.URL.Query().Get("name"), Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiCreateCustomer(w http.ResponseWriter, r *http.Request, c who) {
	var n agency.NewCustomer
	if err := decode(r, &n); err != nil {
		s.fail(w, r, err)
		return
	}
	cust, err := s.cfg.Agency.Customers.Create(r.Context(), c.user.Tenant, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(cust.Version))
	w.Header().Set("Location", "/api/v1/customers/"+cust.ID)
	writeJSON(w, http.StatusCreated, cust)
}

func (s *Server) apiGetCustomer(w http.ResponseWriter, r *http.Request, c who) {
	cust, err := s.cfg.Agency.Customers.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, cust.Version, cust)
}

// CustomerDetails are a customer's details as a PUT replaces them.
type CustomerDetails struct {
	Name     string          `json:"name"`
	Email    string          `json:"email,omitempty"`
	Phone    string          `json:"phone,omitempty"`
	WeChat   string          `json:"wechat,omitempty"`
	Language agency.Language `json:"language"`
}

func (s *Server) apiUpdateCustomer(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var d CustomerDetails
	if err := decode(r, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	cust, err := s.cfg.Agency.Customers.Update(r.Context(), c.user.Tenant, agency.CustomerChange{ID: r.PathValue("id"), Version: version,
		Name: d.Name, Email: d.Email, Phone: d.Phone, WeChat: d.WeChat, Language: d.Language})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, cust.Version, cust)
}

func (s *Server) apiListComplaints(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Complaints.List(r.Context(), c.user.Tenant, agency.ComplaintQuery{Status: feedback.Status(r.URL.Query().Get("status")), Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// NewComplaint is a complaint as the API logs it; the handler is the
// caller.
type NewComplaint struct {
	ID         string            `json:"id"`
	CustomerID string            `json:"customer_id"`
	SupplierID string            `json:"supplier_id,omitempty"`
	Category   string            `json:"category"`
	Priority   feedback.Priority `json:"priority"`
	Channel    feedback.Channel  `json:"channel"`
	Summary    string            `json:"summary"`
}

func (s *Server) openComplaint(r *http.Request, c who, n NewComplaint) (agency.ComplaintRecord, error) {
	return s.cfg.Agency.Complaints.Open(r.Context(), c.user.Tenant, agency.NewComplaint{By: c.user.ID, Complaint: feedback.Complaint{
		ID: n.ID, CustomerID: n.CustomerID, SupplierID: n.SupplierID, Category: n.Category, Priority: n.Priority, Channel: n.Channel,
		Summary: n.Summary, Assignee: c.user.ID, Consultant: c.user.ID, ReceivedAt: s.now()}})
}

func (s *Server) apiOpenComplaint(w http.ResponseWriter, r *http.Request, c who) {
	var n NewComplaint
	if err := decode(r, &n); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.openComplaint(r, c, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec.Version))
	w.Header().Set("Location", "/api/v1/complaints/"+rec.Complaint.ID)
	writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) apiGetComplaint(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.cfg.Agency.Complaints.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// ComplaintAction is an action on a complaint.
type ComplaintAction struct {
	Action feedback.Action `json:"action"`
	Note   string          `json:"note,omitempty"`
}

func (s *Server) apiActComplaint(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var a ComplaintAction
	if err := decode(r, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.cfg.Agency.Complaints.Act(r.Context(), c.user.Tenant, agency.ComplaintAction{ID: r.PathValue("id"), Version: version,
		Action: a.Action, Note: a.Note, By: c.user.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// ComplaintResolution is how the caller resolves a complaint: a root
// cause, the remedy and, optionally, a voucher.
type ComplaintResolution struct {
	RootCause feedback.RootCause `json:"root_cause"`
	Remedy    string             `json:"remedy"`
	Voucher   *pricing.Money     `json:"voucher,omitempty"`
}

func (s *Server) apiResolveComplaint(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var body ComplaintResolution
	if err := decode(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.cfg.Agency.Complaints.Get(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err = s.cfg.Agency.Complaints.Resolve(r.Context(), c.user.Tenant, resolution(c, rec, body.RootCause, body.Remedy, body.Voucher, version))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

func (s *Server) apiListBookings(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Bookings.Summaries(r.Context(), c.user.Tenant, agency.BookingQuery{Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiGetBooking(w http.ResponseWriter, r *http.Request, c who) {
	b, err := s.cfg.Agency.Bookings.Get(r.Context(), c.user.Tenant, r.PathValue("reference"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, b.Version, b)
}

func (s *Server) apiListOutbox(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := agency.EventState(r.URL.Query().Get("state"))
	if state == "" {
		state = agency.EventPending
	}
	page, err := s.cfg.Agency.Outbox.List(r.Context(), c.user.Tenant, agency.EventQuery{State: state, Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiRequeue(w http.ResponseWriter, r *http.Request, c who) {
	if err := s.cfg.Agency.Outbox.Requeue(r.Context(), c.user.Tenant, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// moneyFrom parses an amount in CNY from a form; "" is none.
func moneyFrom(amount string) (*pricing.Money, error) {
	if strings.TrimSpace(amount) == "" {
		return nil, nil
	}
	m, err := pricing.Parse(strings.TrimSpace(amount), "CNY")
	if err != nil {
		return nil, fmt.Errorf("%w: voucher: %v", agency.ErrInvalid, err)
	}
	return &m, nil
}
