package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
)

// demoAgency is the demo agency as its documents name it.
var demoAgency = pricing.Party{Name: "北京环球旅行社", Licence: "L-BJ-CJ00123", Address: "北京市朝阳区", Phone: "010-65000000"}

// demoTerms are the demo agency's contract terms for a booking's trip;
// grade is how the hotels' grade is written (a vague one, such as
// "准四星级", is a blocking finding).
func demoTerms(number, grade string, trip agency.TripVersion) agency.ContractTerms {
	return agency.ContractTerms{Number: number, Template: "GF-2014-2402",
		Agency: contract.Agency{Name: demoAgency.Name, Licence: demoAgency.Licence, Scopes: []contract.Scope{contract.ScopeOutbound},
			Address: demoAgency.Address, Phone: demoAgency.Phone},
		Staff:     contract.Staff{Name: "陈静", Phone: "13800000000"},
		Details:   casebook.Case1ContractDetails(&trip.Trip, grade),
		Group:     contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "court", Body: "北京市朝阳区人民法院"}, PaymentMethod: "bank transfer",
		SignPlace: "北京", ComplaintPhone: "12345"}
}

// draft drafts (or drafts again) the booking's travel contract under the
// demo agency's terms, with the hotels' grade as written, and validates it.
func (s *Server) draft(r *http.Request, c who, reference, grade string) (agency.TravelContractRecord, error) {
	b, err := s.cfg.Agency.Bookings.Get(r.Context(), c.user.Tenant, reference)
	if err != nil {
		return agency.TravelContractRecord{}, err
	}
	trip, err := s.cfg.Agency.Trips.Get(r.Context(), c.user.Tenant, agency.TripRef{ID: b.Booking.TripID, Version: b.Booking.TripVersion})
	if err != nil {
		return agency.TravelContractRecord{}, err
	}
	return s.cfg.Agency.TravelContracts.Draft(r.Context(), c.user.Tenant, agency.ContractDraft{Booking: b.Booking.Reference,
		Terms: demoTerms("HT-"+b.Booking.Reference, grade, trip)})
}

// draftPage drafts the booking's travel contract and validates it; its
// findings are shown in place.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, c who) {
	rec, err := s.draft(r, c, r.PathValue("reference"), r.PostFormValue("grade"))
	if err != nil {
		b, gerr := s.cfg.Agency.Bookings.Get(r.Context(), c.user.Tenant, r.PathValue("reference"))
		if gerr != nil {
			s.failPage(w, r, c, gerr)
			return
		}
		status, problems, msg := formProblems(err)
		s.render(w, r, c, status, "booking.html", "bookings", b, problems, msg)
		return
	}
	http.Redirect(w, r, "/contracts/"+rec.Contract.Number, http.StatusSeeOther)
}

// contractView is a contract with its latest validation's findings.
type contractView struct {
	Record   agency.TravelContractRecord
	Findings []contract.Finding
	Blocking int
	Signed   bool
}

func (s *Server) contractPage(w http.ResponseWriter, r *http.Request, c who) {
	s.contractWith(w, r, c, http.StatusOK, "")
}

func (s *Server) contractWith(w http.ResponseWriter, r *http.Request, c who, status int, msg string) {
	rec, err := s.cfg.Agency.TravelContracts.Get(r.Context(), c.user.Tenant, agency.TravelContractRef{Number: r.PathValue("number")})
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	v := contractView{Record: rec, Blocking: rec.Blocking(), Signed: rec.Contract.SignedAt != nil}
	if n := len(rec.Validations); n > 0 {
		v.Findings = rec.Validations[n-1].Result.Findings
	}
	s.render(w, r, c, status, "contract.html", "bookings", v, nil, msg)
}

func (s *Server) signPage(w http.ResponseWriter, r *http.Request, c who) {
	if _, err := s.cfg.Agency.TravelContracts.Sign(r.Context(), c.user.Tenant, agency.TravelContractRef{Number: r.PathValue("number")}); err != nil {
		status, _, msg := formProblems(err)
		s.contractWith(w, r, c, status, msg)
		return
	}
	http.Redirect(w, r, "/contracts/"+r.PathValue("number"), http.StatusSeeOther)
}

// documentFormat reads ?format=html (print-ready A4), pdf (A4) or text.
func documentFormat(r *http.Request) agency.DocumentFormat {
	switch r.URL.Query().Get("format") {
	case "html":
		return agency.DocumentHTML
	case "pdf":
		return agency.DocumentPDF
	}
	return agency.DocumentText
}

// serveDocument writes a contract or a letter: HTML documents carry their
// own print styles and no script, so their policy allows inline styles
// and nothing else.
func serveDocument(w http.ResponseWriter, f agency.DocumentFormat, name string, body []byte) {
	switch f {
	case agency.DocumentHTML:
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	case agency.DocumentPDF:
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="`+strings.Map(fileChar, name)+`.pdf"`)
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	_, _ = w.Write(body)
}

// fileChar keeps letters, digits and dashes of a file name.
func fileChar(r rune) rune {
	if r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
		return r
	}
	return '-'
}

// contractText renders the contract in the caller's language.
func (s *Server) contractText(r *http.Request, c who, f agency.DocumentFormat) ([]byte, error) {
	var buf bytes.Buffer
	err := s.cfg.Agency.TravelContracts.Render(r.Context(), c.user.Tenant, agency.ContractDocument{
		TravelContractRef: agency.TravelContractRef{Number: r.PathValue("number")}, Language: c.lang(), Format: f}, &buf)
	return buf.Bytes(), err
}

// letterText renders the booking's confirmation letter in the caller's
// language.
func (s *Server) letterText(r *http.Request, c who, f agency.DocumentFormat) ([]byte, error) {
	var buf bytes.Buffer
	err := s.cfg.Agency.TravelContracts.RenderLetter(r.Context(), c.user.Tenant, agency.LetterDocument{Booking: r.PathValue("reference"),
		Scale: booking.OutboundTraveller(), Emergency: "+86 138 0000 0000", Language: c.lang(), Format: f}, &buf)
	return buf.Bytes(), err
}

func (s *Server) contractDocument(w http.ResponseWriter, r *http.Request, c who) {
	body, err := s.contractText(r, c, documentFormat(r))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	serveDocument(w, documentFormat(r), r.PathValue("number"), body)
}

func (s *Server) letterDocument(w http.ResponseWriter, r *http.Request, c who) {
	body, err := s.letterText(r, c, documentFormat(r))
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	serveDocument(w, documentFormat(r), "letter-"+r.PathValue("reference"), body)
}

func (s *Server) apiContractDocument(w http.ResponseWriter, r *http.Request, c who) {
	body, err := s.contractText(r, c, documentFormat(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDocument(w, documentFormat(r), r.PathValue("number"), body)
}

func (s *Server) apiLetter(w http.ResponseWriter, r *http.Request, c who) {
	body, err := s.letterText(r, c, documentFormat(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDocument(w, documentFormat(r), "letter-"+r.PathValue("reference"), body)
}
