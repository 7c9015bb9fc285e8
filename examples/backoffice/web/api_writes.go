package web

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// forbidden answers a request only a manager may make.
func forbidden(w http.ResponseWriter, what string) {
	writeProblem(w, Problem{Type: "/problems/manager-only", Title: "Only a manager may " + what, Status: http.StatusForbidden})
}

// apiPay records a payment against a booking at the version the caller
// read.
func (s *Server) apiPay(w http.ResponseWriter, r *http.Request, c who) {
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var p booking.Payment
	if err := decode(r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.cfg.Agency.Bookings.Pay(r.Context(), c.user.Tenant, agency.PaymentEntry{Reference: r.PathValue("reference"), Version: version,
		Payment: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// statementReply is how each line of an imported statement was matched.
type statementReply struct {
	Matches []booking.Match `json:"matches"`
}

// apiStatement imports a bank statement sent as CSV with the columns id,
// date, amount, payer and text; amounts without a currency column are in
// ?currency (CNY by default), and ?window days either side of a due date
// still match by amount.
func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request, c who) {
	q := r.URL.Query()
	cur := q.Get("currency")
	if cur == "" {
		cur = "CNY"
	}
	window := 3
	if v := q.Get("window"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.fail(w, r, invalid("window", "not_a_number", "window is a number of days"))
			return
		}
		window = n
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxStatement))
	if err != nil {
		s.fail(w, r, invalid("statement", "too_large", "a statement is at most 8 MiB"))
		return
	}
	m := booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text", DefaultCurrency: cur}
	header, _, _ := bytes.Cut(body, []byte("\n"))
	if slices.ContainsFunc(strings.Split(string(header), ","), func(col string) bool { return strings.EqualFold(strings.TrimSpace(col), "currency") }) {
		m.Currency = "currency"
	}
	lines, err := booking.ParseStatement(bytes.NewReader(body), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	matches, err := s.cfg.Agency.Bookings.ImportStatement(r.Context(), c.user.Tenant, agency.Statement{Lines: lines, Window: window})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, statementReply{Matches: matches})
}

// HoldOrder asks an allotment for rooms for a while.
type HoldOrder struct {
	From      date.Date `json:"from"`
	Nights    int       `json:"nights"`
	Units     int       `json:"units"`
	Hours     int       `json:"hours"` // how long the hold lasts
	LeadGuest string    `json:"lead_guest,omitempty"`
	Requests  []string  `json:"requests,omitempty"`
}

// apiHold holds rooms of an allotment; the Idempotency-Key header makes a
// retry return the first hold, kept by the library itself.
func (s *Server) apiHold(w http.ResponseWriter, r *http.Request, c who) {
	var o HoldOrder
	if err := decode(r, &o); err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.cfg.Agency.Allotments.Hold(r.Context(), c.user.Tenant, agency.HoldRequest{AllotmentID: r.PathValue("id"), From: o.From,
		Nights: o.Nights, Units: o.Units, For: time.Duration(o.Hours) * time.Hour, IdempotencyKey: r.Header.Get("Idempotency-Key"),
		LeadGuest: o.LeadGuest, Requests: o.Requests})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/holds/"+h.ID)
	writeVersioned(w, http.StatusCreated, h.Version, h)
}

func (s *Server) apiGetHold(w http.ResponseWriter, r *http.Request, c who) {
	h, err := s.cfg.Agency.Allotments.GetHold(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, h.Version, h)
}

// apiConfirmHold books the held rooms.
func (s *Server) apiConfirmHold(w http.ResponseWriter, r *http.Request, c who) {
	h, err := s.cfg.Agency.Allotments.Confirm(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, h.Version, h)
}

// apiCancelHold gives the held or booked rooms back to the allotment.
func (s *Server) apiCancelHold(w http.ResponseWriter, r *http.Request, c who) {
	h, err := s.cfg.Agency.Allotments.Cancel(r.Context(), c.user.Tenant, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, h.Version, h)
}

// apiListSupplierContracts lists the contract versions of a supplier.
func (s *Server) apiListSupplierContracts(w http.ResponseWriter, r *http.Request, c who) {
	p, err := pageOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.cfg.Agency.Suppliers.Get(r.Context(), c.user.Tenant, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.cfg.Agency.Suppliers.ListContracts(r.Context(), c.user.Tenant, agency.ContractQuery{SupplierID: r.PathValue("id"), Page: p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// apiAddSupplierContract adds a contract, or the next version of one, to
// a supplier; a manager's task.
func (s *Server) apiAddSupplierContract(w http.ResponseWriter, r *http.Request, c who) {
	if c.user.Role != Manager {
		forbidden(w, "add a supplier contract")
		return
	}
	var k supplier.Contract
	if err := decode(r, &k); err != nil {
		s.fail(w, r, err)
		return
	}
	if k.SupplierID == "" {
		k.SupplierID = r.PathValue("id")
	}
	if k.SupplierID != r.PathValue("id") {
		s.fail(w, r, invalid("supplier_id", "mismatch", "the contract names another supplier than the path"))
		return
	}
	if _, err := s.cfg.Agency.Suppliers.Get(r.Context(), c.user.Tenant, k.SupplierID); err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.cfg.Agency.Suppliers.AddContract(r.Context(), c.user.Tenant, k)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/suppliers/"+k.SupplierID+"/contracts")
	writeVersioned(w, http.StatusCreated, rec.Contract.Version, rec)
}

// PlanTarget is what a sales plan asks of a consultant in a month.
type PlanTarget struct {
	Target         pricing.Money `json:"target"`
	TargetBookings int           `json:"target_bookings"`
}

// planRef reads /plans/{consultant}/{month}.
func planRef(r *http.Request) (agency.PlanRef, error) {
	t, err := time.Parse("2006-01", r.PathValue("month"))
	if err != nil {
		return agency.PlanRef{}, invalid("month", "invalid_month", "a month as 2027-05")
	}
	return agency.PlanRef{Consultant: r.PathValue("consultant"), Year: t.Year(), Month: t.Month()}, nil
}

// apiGetPlan is a consultant's plan for a month: a consultant sees their
// own, a manager everyone's.
func (s *Server) apiGetPlan(w http.ResponseWriter, r *http.Request, c who) {
	ref, err := planRef(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.user.Role != Manager && ref.Consultant != c.user.ID {
		s.fail(w, r, agency.ErrNotFound)
		return
	}
	rec, err := s.cfg.Agency.KPIs.GetPlan(r.Context(), c.user.Tenant, ref)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// apiPutPlan sets a consultant's plan for a month, a manager's task: a
// new plan without If-Match (201), a change with the version read (200).
func (s *Server) apiPutPlan(w http.ResponseWriter, r *http.Request, c who) {
	if c.user.Role != Manager {
		forbidden(w, "set a sales plan")
		return
	}
	ref, err := planRef(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var t PlanTarget
	if err := decode(r, &t); err != nil {
		s.fail(w, r, err)
		return
	}
	plan := kpi.Plan{Consultant: ref.Consultant, Year: ref.Year, Month: ref.Month, Target: t.Target, TargetBookings: t.TargetBookings}
	if r.Header.Get("If-Match") == "" {
		rec, err := s.cfg.Agency.KPIs.CreatePlan(r.Context(), c.user.Tenant, plan)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeVersioned(w, http.StatusCreated, rec.Version, rec)
		return
	}
	version, ok := ifMatch(w, r)
	if !ok {
		return
	}
	rec, err := s.cfg.Agency.KPIs.UpdatePlan(r.Context(), c.user.Tenant, agency.PlanChange{Version: version, Plan: plan})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, rec.Version, rec)
}

// Observations are competitors' prices seen in the market.
type Observations struct {
	Observations []market.Observation `json:"observations"`
}

// ingested says how many observations were new.
type ingested struct {
	Ingested int `json:"ingested"`
}

// apiIngestObservations records competitors' prices; one seen before is
// not counted again.
func (s *Server) apiIngestObservations(w http.ResponseWriter, r *http.Request, c who) {
	var o Observations
	if err := decode(r, &o); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.cfg.Agency.Market.Ingest(r.Context(), c.user.Tenant, o.Observations)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ingested{Ingested: n})
}

// Adjustment names the optional items (sights and meals) the next version
// of a quote keeps; items left out of earlier versions may come back.
type Adjustment struct {
	Optional []string `json:"optional"`
}

// apiAdjust prices the next version of a quote with the optional items
// named.
func (s *Server) apiAdjust(w http.ResponseWriter, r *http.Request, c who) {
	var a Adjustment
	if err := decode(r, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	keep := make(map[string]bool, len(a.Optional))
	for _, id := range a.Optional {
		keep[id] = true
	}
	qv, err := s.adjust(r, c, r.PathValue("id"), keep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeVersioned(w, http.StatusOK, qv.Version, qv)
}
