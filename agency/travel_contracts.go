package agency

import (
	"context"
	"fmt"
	"io"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// TravelContracts keeps the contracts signed with customers (旅游合同, apart
// from the supplier contracts of Suppliers): drafted from a booking
// revision, its accepted quote and trip, validated with coded findings
// before they may be signed, signed, supplemented after amendments, and
// rendered with the confirmation letter (预订确认函) as text or print-ready
// HTML in the reader's language.
type TravelContracts struct{ c *core }

// ContractTerms are the agency's terms a contract is drafted with; the
// booking, its schedule, the accepted quote and the trip come from the
// store.
type ContractTerms struct {
	Number        string                          `json:"number"`
	Template      string                          `json:"template"`
	Agency        contract.Agency                 `json:"agency"`
	Staff         contract.Staff                  `json:"staff"`
	LocalOperator *contract.Operator              `json:"local_operator,omitempty"`
	Details       map[string]contract.ItemDetails `json:"details,omitempty"`
	Group         contract.Group                  `json:"group"`
	// GuideFeePerPerson, when set, states that a guide is arranged.
	GuideFeePerPerson pricing.Money      `json:"guide_fee_per_person,omitzero"`
	Insurance         contract.Insurance `json:"insurance"`
	Dispute           contract.Dispute   `json:"dispute"`
	PaymentMethod     string             `json:"payment_method"`
	SignPlace         string             `json:"sign_place"`
	ComplaintPhone    string             `json:"complaint_phone"`
	Supervisor        string             `json:"supervisor"`
	ShoppingAnnex     bool               `json:"shopping_annex,omitempty"`
	OptionalAnnex     bool               `json:"optional_annex,omitempty"`
	EU                *contract.EUTerms  `json:"eu,omitempty"`
}

// ContractDraft asks for the travel contract of a booking's current
// revision.
type ContractDraft struct {
	Booking string        `json:"booking"`
	Terms   ContractTerms `json:"terms"`
}

// TravelContractRef names a travel contract or one of its supplements (0
// is the contract).
type TravelContractRef struct {
	Number     string `json:"number"`
	Supplement int    `json:"supplement"`
}

// TravelContractQuery lists a booking's contracts and supplements.
type TravelContractQuery struct {
	Booking string      `json:"booking"`
	Page    PageRequest `json:"page"`
}

// DocumentFormat is how a document is written out.
type DocumentFormat string

// Document formats.
const (
	DocumentText DocumentFormat = "text"
	DocumentHTML DocumentFormat = "html" // print-ready A4
	DocumentPDF  DocumentFormat = "pdf"  // A4, written by Config.PDF
)

// ContractDocument asks for a contract written in a language (empty: the
// customer's) and a format.
type ContractDocument struct {
	TravelContractRef
	Language Language       `json:"language,omitempty"`
	Format   DocumentFormat `json:"format"`
}

// LetterDocument asks for the confirmation letter of a booking's current
// revision in a language (empty: the customer's) and a format. Scale is
// the cancellation scale the letter states (empty: the signed contract's
// traveller scale); Emergency and Requirements are the emergency contact
// and the travel document requirements.
type LetterDocument struct {
	Booking      string         `json:"booking"`
	Scale        booking.Scale  `json:"scale"`
	Emergency    string         `json:"emergency"`
	Requirements []string       `json:"requirements,omitempty"`
	Language     Language       `json:"language,omitempty"`
	Format       DocumentFormat `json:"format"`
}

// sources loads what a booking's contract is drafted from and checked
// against.
func (c *core) contractSources(ctx context.Context, st storage.Store, tenant TenantID, ref string) (BookingRecord, contract.Sources, error) {
	br, err := storage.Bookings().Get(ctx, st, tenant, ref)
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	qv, err := c.quote(ctx, st, tenant, QuoteRef{ID: br.Booking.QuoteID, Version: br.Booking.QuoteVersion})
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	tv, err := c.trip(ctx, st, tenant, TripRef{ID: br.Booking.TripID, Version: br.Booking.TripVersion})
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	b, sched := br.Booking, br.Ledger.Schedule
	return br, contract.Sources{Booking: &b, Schedule: &sched, Quote: &qv.Quote, Trip: &tv.Trip}, nil
}

func draftInput(br BookingRecord, src contract.Sources, t ContractTerms, signDate date.Date) contract.DraftInput {
	return contract.DraftInput{Number: t.Number, Template: t.Template, Booking: br.Booking, Schedule: br.Ledger.Schedule, Quote: src.Quote,
		Trip: src.Trip, Agency: t.Agency, Staff: t.Staff, LocalOperator: t.LocalOperator, Details: t.Details, Group: t.Group,
		GuideFeePerPerson: t.GuideFeePerPerson, Insurance: t.Insurance, Dispute: t.Dispute, PaymentMethod: t.PaymentMethod,
		SignPlace: t.SignPlace, SignDate: signDate, ComplaintPhone: t.ComplaintPhone, Supervisor: t.Supervisor,
		ShoppingAnnex: t.ShoppingAnnex, OptionalAnnex: t.OptionalAnnex, EU: t.EU}
}

// blockingCodes lists a validation's blocking finding codes.
func blockingCodes(r contract.Result) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Severity == contract.Blocking {
			out = append(out, string(f.Code))
		}
	}
	return out
}

// Draft drafts the travel contract of a booking's current revision,
// validates it, stores it with its findings and records
// travel_contract.drafted. An unsigned contract of the same revision is
// drafted again in place (its earlier validations kept); once the booking
// was amended since its last contract, the draft is that contract's next
// supplement.
func (s TravelContracts) Draft(ctx context.Context, tenant TenantID, d ContractDraft) (TravelContractRecord, error) {
	var out TravelContractRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		br, src, err := u.c.contractSources(u.ctx, u.tx, tenant, d.Booking)
		if err != nil {
			return err
		}
		loc, err := u.c.location(br.Booking.Zone)
		if err != nil {
			return err
		}
		in := draftInput(br, src, d.Terms, date.NewAt(u.now.In(loc)))
		// The sheet names places as the customer reads them.
		if in.Lang, err = u.c.documentLanguage(u.ctx, u.tx, tenant, "", br.Booking.CustomerID); err != nil {
			return err
		}
		existing, err := storage.TravelContracts().All(u.ctx, u.tx, tenant, storage.Query{Index: "booking", Equal: []any{d.Booking}}, maxScan)
		if err != nil {
			return err
		}
		var c contract.Contract
		rec := TravelContractRecord{Tenant: tenant}
		n := len(existing)
		switch {
		case n > 0 && existing[n-1].Contract.SignedAt == nil && existing[n-1].Contract.Revision == br.Booking.Revision:
			// Not signed yet and for this revision: drafted again in place.
			rec = existing[n-1]
			in.Number, in.Template = rec.Contract.Number, rec.Contract.Template
			c, err = u.c.catalogue.Draft(in)
			c.Supplement = rec.Contract.Supplement
		case n > 0:
			c, err = u.c.catalogue.Supplement(&existing[n-1].Contract, in)
		default:
			c, err = u.c.catalogue.Draft(in)
		}
		if err != nil {
			return err
		}
		r := u.c.validator.Validate(&c, src)
		rec.Contract, rec.UpdatedAt, rec.Consultant = c, u.now, br.Consultant
		rec.Validations = append(rec.Validations, ContractValidation{At: u.now, Result: r})
		if out, err = storage.TravelContracts().Put(u.ctx, u.tx, tenant, rec); err != nil {
			return err
		}
		return u.internal(c.Number, events.ContractDrafted{Number: c.Number, Supplement: c.Supplement, Booking: c.Booking, Revision: c.Revision,
			Blocking: max(out.Blocking(), 0), Codes: blockingCodes(r)})
	})
	return out, err
}

// Get returns a travel contract or supplement.
func (s TravelContracts) Get(ctx context.Context, tenant TenantID, r TravelContractRef) (TravelContractRecord, error) {
	return read(s.c, ctx, tenant, storage.TravelContracts(), r.Number, int64(r.Supplement))
}

// List returns one page of a booking's contracts and supplements, by
// number then supplement.
func (s TravelContracts) List(ctx context.Context, tenant TenantID, q TravelContractQuery) (Page[TravelContractRecord], error) {
	return list(s.c, ctx, tenant, storage.TravelContracts(), storage.Query{Index: "booking", Equal: []any{q.Booking}, Page: q.Page})
}

// Validate validates a stored contract (or supplement) against its
// booking, quote and trip as they stand now, and stores the result with
// it: a blocking finding on a signed contract is an error the customer
// received.
func (s TravelContracts) Validate(ctx context.Context, tenant TenantID, r TravelContractRef) (TravelContractRecord, error) {
	var out TravelContractRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, err := storage.TravelContracts().Get(u.ctx, u.tx, tenant, r.Number, int64(r.Supplement))
		if err != nil {
			return err
		}
		_, src, err := u.c.contractSources(u.ctx, u.tx, tenant, rec.Contract.Booking)
		if err != nil {
			return err
		}
		rec.Validations = append(rec.Validations, ContractValidation{At: u.now, Result: u.c.validator.Validate(&rec.Contract, src)})
		rec.UpdatedAt = u.now
		out, err = storage.TravelContracts().Put(u.ctx, u.tx, tenant, rec)
		return err
	})
	return out, err
}

// Sign signs a contract (or supplement) at the clock's instant after
// validating it against the booking as it stands; a blocking finding
// refuses it with ErrInvalidTransition, stores the validation and records
// travel_contract.refused for the booking's consultant. Signing marks the
// booking's contract signed, which its confirm guard reads, and records
// travel_contract.signed for the customer.
func (s TravelContracts) Sign(ctx context.Context, tenant TenantID, r TravelContractRef) (TravelContractRecord, error) {
	var out TravelContractRecord
	var refused error
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, err := storage.TravelContracts().Get(u.ctx, u.tx, tenant, r.Number, int64(r.Supplement))
		if err != nil {
			return err
		}
		br, src, err := u.c.contractSources(u.ctx, u.tx, tenant, rec.Contract.Booking)
		if err != nil {
			return err
		}
		if br.Booking.Revision != rec.Contract.Revision {
			return fmt.Errorf("%w: contract %s is for revision %d of booking %s, now at revision %d: draft its supplement", ErrInvalidTransition,
				problem.Clip(r.Number), rec.Contract.Revision, problem.Clip(br.Booking.Reference), br.Booking.Revision)
		}
		res, signErr := u.c.validator.Sign(&rec.Contract, src, u.now)
		if signErr != nil && !res.Blocks() {
			return signErr // signed already, or no contract: nothing to store
		}
		rec.Validations = append(rec.Validations, ContractValidation{At: u.now, Result: res})
		rec.UpdatedAt = u.now
		if out, err = storage.TravelContracts().Put(u.ctx, u.tx, tenant, rec); err != nil {
			return err
		}
		c := &out.Contract
		if signErr != nil {
			refused = signErr
			to, err := u.toStaff(br.Consultant)
			if err != nil {
				return err
			}
			return u.emit(c.Number, events.ContractRefused{Number: c.Number, Supplement: c.Supplement, Booking: c.Booking, Codes: blockingCodes(res)}, to)
		}
		if !br.Booking.ContractSigned {
			br.Booking.ContractSigned = true
			if _, err := u.saveBooking(br); err != nil {
				return err
			}
		}
		cust, err := u.bookingCustomer(br.Booking.CustomerID)
		if err != nil {
			return err
		}
		return u.emit(c.Number, events.ContractSigned{Number: c.Number, Supplement: c.Supplement, Booking: c.Booking, CustomerName: cust.Name},
			toCustomer(cust))
	})
	if err != nil {
		return TravelContractRecord{}, err
	}
	if refused != nil {
		return out, refused // the refusal and its findings are stored
	}
	return out, nil
}

// documentLanguage is the language a document is written in: the one
// asked for, else the customer's.
func (c *core) documentLanguage(ctx context.Context, st storage.Store, tenant TenantID, lang Language, customerID string) (language.Tag, error) {
	if lang == "" {
		cust, err := storage.Customers().Get(ctx, st, tenant, customerID)
		if err != nil {
			return language.Und, err
		}
		lang = cust.Language
	}
	tag, err := language.Parse(string(lang))
	if err != nil {
		return language.Und, problem.One(ErrInvalid, "language", "invalid_value", "a language is a BCP 47 tag such as en or zh-CN")
	}
	return tag, nil
}

func (c *core) checkFormat(f DocumentFormat) error {
	switch {
	case f == DocumentPDF && c.pdf == nil:
		return problem.One(ErrInvalid, "format", "unsupported", "this agency writes no PDF: its configuration has no PDF writer")
	case f != DocumentText && f != DocumentHTML && f != DocumentPDF:
		return problem.One(ErrInvalid, "format", "unknown", fmt.Sprintf("document format %q is text, html or pdf", problem.Clip(string(f))))
	}
	return nil
}

// write writes d in format f.
func (c *core) write(out io.Writer, f DocumentFormat, d document.Document) error {
	switch f {
	case DocumentHTML:
		return document.WriteHTML(out, d)
	case DocumentPDF:
		return c.pdf.WriteDocument(out, d)
	}
	return document.WriteText(out, d)
}

// Render writes a stored contract (or supplement) as text, HTML or PDF.
func (s TravelContracts) Render(ctx context.Context, tenant TenantID, d ContractDocument, out io.Writer) error {
	if err := s.c.ready(tenant); err != nil {
		return err
	}
	if err := s.c.checkFormat(d.Format); err != nil {
		return err
	}
	rec, err := storage.TravelContracts().Get(ctx, s.c.store, tenant, d.Number, int64(d.Supplement))
	if err != nil {
		return err
	}
	br, err := storage.Bookings().Get(ctx, s.c.store, tenant, rec.Contract.Booking)
	if err != nil {
		return err
	}
	tag, err := s.c.documentLanguage(ctx, s.c.store, tenant, d.Language, br.Booking.CustomerID)
	if err != nil {
		return err
	}
	doc, err := s.c.catalogue.Document(&rec.Contract, tag)
	if err != nil {
		return err
	}
	return s.c.write(out, d.Format, doc)
}

// RenderLetter writes the confirmation letter (预订确认函) of a booking's
// current revision as text, HTML or PDF: its services with the special
// requests, the price, the schedule and the cancellation scale of the
// signed contract (unless the request names one).
func (s TravelContracts) RenderLetter(ctx context.Context, tenant TenantID, d LetterDocument, out io.Writer) error {
	if err := s.c.ready(tenant); err != nil {
		return err
	}
	if err := s.c.checkFormat(d.Format); err != nil {
		return err
	}
	br, src, err := s.c.contractSources(ctx, s.c.store, tenant, d.Booking)
	if err != nil {
		return err
	}
	tag, err := s.c.documentLanguage(ctx, s.c.store, tenant, d.Language, br.Booking.CustomerID)
	if err != nil {
		return err
	}
	scale := d.Scale
	var from contract.Agency
	if signed, err := s.c.signedContract(ctx, s.c.store, tenant, d.Booking); err == nil {
		from = signed.Contract.Agency
		if len(scale.Steps) == 0 {
			scale = signed.Contract.TravellerScale
		}
	}
	in := contract.LetterInput{Booking: br.Booking, Schedule: br.Ledger.Schedule, Quote: src.Quote, Trip: src.Trip, Scale: scale,
		Emergency: d.Emergency, Requirements: d.Requirements, Agency: from}
	doc, err := contract.LetterDocument(in, tag)
	if err != nil {
		return err
	}
	return s.c.write(out, d.Format, doc)
}
