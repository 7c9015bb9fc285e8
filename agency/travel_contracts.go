package agency

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"

	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// ContractValidation is one validation of a travel contract, kept with
// the contract revision it checked.
type ContractValidation struct {
	At     time.Time       `json:"at"`
	Result contract.Result `json:"result"`
}

// TravelContractRecord is a travel contract (or one of its supplements)
// as stored, with every validation it went through.
type TravelContractRecord struct {
	Tenant      TenantID             `json:"tenant"`
	Contract    contract.Contract    `json:"contract"`
	Validations []ContractValidation `json:"validations"`
	// Consultant is the booking's, whose contract error rate it counts in.
	Consultant string    `json:"consultant,omitempty"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Blocking counts the blocking findings of the latest validation; -1 when
// the contract was never validated.
func (r TravelContractRecord) Blocking() int {
	if len(r.Validations) == 0 {
		return -1
	}
	return r.Validations[len(r.Validations)-1].Result.Blocking()
}

// EverBlocked reports whether any validation of the contract found a
// blocking finding: the contract error rate counts such contracts.
func (r TravelContractRecord) EverBlocked() bool {
	for _, v := range r.Validations {
		if v.Result.Blocks() {
			return true
		}
	}
	return false
}

// TravelContractRepo keeps the travel contracts signed with customers
// (apart from ContractRepo, which keeps supplier contracts).
type TravelContractRepo interface {
	// Get returns a contract or one of its supplements (0 is the contract);
	// ErrNotFound when there is none.
	Get(ctx context.Context, tenant TenantID, number string, supplement int) (TravelContractRecord, error)
	// Save inserts (Version 0) or updates (Version = the stored version) a
	// contract and returns it with its new version; stale or duplicate is
	// ErrConflict.
	Save(ctx context.Context, r TravelContractRecord) (TravelContractRecord, error)
	// ForBooking lists a booking's contracts and supplements by number and
	// supplement.
	ForBooking(ctx context.Context, tenant TenantID, reference string) ([]TravelContractRecord, error)
}

// Contract events.
const (
	EventContractReady   = "contract.ready"
	EventContractSigned  = "contract.signed"
	EventContractRefused = "contract.refused"
)

type contractPayload struct {
	Number     string   `json:"number"`
	Supplement int      `json:"supplement"`
	Booking    string   `json:"booking"`
	Revision   int      `json:"revision"`
	Blocking   int      `json:"blocking"`
	Codes      []string `json:"codes,omitempty"`
}

// ContractTerms are the agency's terms a contract is drafted with; the
// booking, its schedule, the accepted quote and the trip come from the
// store.
type ContractTerms struct {
	Number        string
	Template      string
	Agency        contract.Agency
	Staff         contract.Staff
	LocalOperator *contract.Operator
	Details       map[string]contract.ItemDetails
	Group         contract.Group
	// GuideFeePerPerson, when set, states that a guide is arranged.
	GuideFeePerPerson pricing.Money
	Insurance         contract.Insurance
	Dispute           contract.Dispute
	PaymentMethod     string
	SignPlace         string
	ComplaintPhone    string
	Supervisor        string
	ShoppingAnnex     bool
	OptionalAnnex     bool
	EU                *contract.EUTerms
}

// contractSources loads what a booking's contract is drafted from and
// checked against.
func (s *Service) contractSources(ctx context.Context, tx Store, tenant TenantID, ref string) (BookingRecord, contract.Sources, error) {
	br, err := tx.Bookings().Get(ctx, tenant, ref)
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	qv, err := tx.Quotes().Get(ctx, tenant, br.Booking.QuoteID, br.Booking.QuoteVersion)
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	tv, err := tx.Trips().Get(ctx, tenant, br.Booking.TripID, br.Booking.TripVersion)
	if err != nil {
		return BookingRecord{}, contract.Sources{}, err
	}
	b, sched := br.Booking, br.Ledger.Schedule
	return br, contract.Sources{Booking: &b, Schedule: &sched, Quote: &qv.Quote, Trip: &tv.Trip}, nil
}

func (s *Service) draftInput(br BookingRecord, src contract.Sources, t ContractTerms, zoneDate date.Date) contract.DraftInput {
	return contract.DraftInput{Number: t.Number, Template: t.Template, Booking: br.Booking, Schedule: br.Ledger.Schedule, Quote: src.Quote,
		Trip: src.Trip, Agency: t.Agency, Staff: t.Staff, LocalOperator: t.LocalOperator, Details: t.Details, Group: t.Group,
		GuideFeePerPerson: t.GuideFeePerPerson, Insurance: t.Insurance, Dispute: t.Dispute, PaymentMethod: t.PaymentMethod,
		SignPlace: t.SignPlace, SignDate: zoneDate, ComplaintPhone: t.ComplaintPhone, Supervisor: t.Supervisor,
		ShoppingAnnex: t.ShoppingAnnex, OptionalAnnex: t.OptionalAnnex, EU: t.EU}
}

// DraftContract drafts the travel contract of a booking's current
// revision, validates it, stores it with its findings and records
// contract.ready. An unsigned contract of the same revision is drafted
// again in place (its earlier validations kept); once the booking was
// amended since its last contract, the draft is that contract's next
// supplement.
func (s *Service) DraftContract(ctx context.Context, tenant TenantID, ref string, terms ContractTerms) (TravelContractRecord, error) {
	if err := s.ready(); err != nil {
		return TravelContractRecord{}, err
	}
	var out TravelContractRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		br, src, err := s.contractSources(ctx, tx, tenant, ref)
		if err != nil {
			return err
		}
		loc, err := s.location(br.Booking.Zone)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		in := s.draftInput(br, src, terms, date.NewAt(now.In(loc)))
		existing, err := tx.TravelContracts().ForBooking(ctx, tenant, ref)
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
			c, err = s.catalogue.Draft(in)
			c.Supplement = rec.Contract.Supplement
		case n > 0:
			c, err = s.catalogue.Supplement(&existing[n-1].Contract, in)
		default:
			c, err = s.catalogue.Draft(in)
		}
		if err != nil {
			return err
		}
		r := s.validator.Validate(&c, src)
		rec.Contract, rec.UpdatedAt, rec.Consultant = c, now, br.Consultant
		rec.Validations = append(rec.Validations, ContractValidation{At: now, Result: r})
		if out, err = tx.TravelContracts().Save(ctx, rec); err != nil {
			return err
		}
		return s.addContractEvent(ctx, tx, tenant, EventContractReady, out, nil)
	})
	return out, err
}

// ValidateContract validates a stored contract (or supplement) against its
// booking, quote and trip as they stand now, and stores the result with it.
func (s *Service) ValidateContract(ctx context.Context, tenant TenantID, number string, supplement int) (TravelContractRecord, error) {
	if err := s.ready(); err != nil {
		return TravelContractRecord{}, err
	}
	var out TravelContractRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		rec, err := tx.TravelContracts().Get(ctx, tenant, number, supplement)
		if err != nil {
			return err
		}
		_, src, err := s.contractSources(ctx, tx, tenant, rec.Contract.Booking)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		rec.Validations = append(rec.Validations, ContractValidation{At: now, Result: s.validator.Validate(&rec.Contract, src)})
		rec.UpdatedAt = now
		out, err = tx.TravelContracts().Save(ctx, rec)
		return err
	})
	return out, err
}

// SignContract signs a contract (or supplement) at the clock's instant
// after validating it against the booking as it stands; a blocking
// finding refuses it with ErrInvalidTransition, stores the validation and
// records contract.refused. Signing marks the booking's contract signed,
// which its confirm guard reads.
func (s *Service) SignContract(ctx context.Context, tenant TenantID, number string, supplement int) (TravelContractRecord, error) {
	if err := s.ready(); err != nil {
		return TravelContractRecord{}, err
	}
	var out TravelContractRecord
	var refused error
	err := s.store.InTx(ctx, func(tx Store) error {
		rec, err := tx.TravelContracts().Get(ctx, tenant, number, supplement)
		if err != nil {
			return err
		}
		br, src, err := s.contractSources(ctx, tx, tenant, rec.Contract.Booking)
		if err != nil {
			return err
		}
		if br.Booking.Revision != rec.Contract.Revision {
			return fmt.Errorf("%w: contract %s is for revision %d of booking %s, now at revision %d: draft its supplement", ErrInvalidTransition,
				problem.Clip(number), rec.Contract.Revision, problem.Clip(br.Booking.Reference), br.Booking.Revision)
		}
		now := s.clock.Now()
		r, signErr := s.validator.Sign(&rec.Contract, src, now)
		if signErr != nil && !r.Blocks() {
			return signErr // signed already, or no contract: nothing to store
		}
		rec.Validations = append(rec.Validations, ContractValidation{At: now, Result: r})
		rec.UpdatedAt = now
		if out, err = tx.TravelContracts().Save(ctx, rec); err != nil {
			return err
		}
		if signErr != nil {
			refused = signErr
			return s.addContractEvent(ctx, tx, tenant, EventContractRefused, out, &r)
		}
		if !br.Booking.ContractSigned {
			br.Booking.ContractSigned = true
			br.Booking.Paid = netPaid(br.Ledger, br.Booking.Total.Currency())
			if _, err := s.saveBooking(ctx, tx, br); err != nil {
				return err
			}
		}
		return s.addContractEvent(ctx, tx, tenant, EventContractSigned, out, nil)
	})
	if err != nil {
		return TravelContractRecord{}, err
	}
	if refused != nil {
		return out, refused // the refusal and its findings are stored
	}
	return out, nil
}

func (s *Service) addContractEvent(ctx context.Context, tx Store, tenant TenantID, typ string, rec TravelContractRecord, r *contract.Result) error {
	p := contractPayload{Number: rec.Contract.Number, Supplement: rec.Contract.Supplement, Booking: rec.Contract.Booking,
		Revision: rec.Contract.Revision, Blocking: max(rec.Blocking(), 0)}
	if r != nil {
		for _, f := range r.Findings {
			if f.Severity == contract.Blocking {
				p.Codes = append(p.Codes, string(f.Code))
			}
		}
	}
	e, err := s.newEventOf(tenant, typ, rec.Contract.Number, Chinese, p)
	if err != nil {
		return err
	}
	return tx.Outbox().Add(ctx, e)
}

// DocumentFormat is how a document is written out.
type DocumentFormat string

// Document formats.
const (
	DocumentText DocumentFormat = "text"
	DocumentHTML DocumentFormat = "html" // print-ready A4
)

// LetterTerms are what a confirmation letter says beyond the booking: the
// cancellation scale that applies, the emergency contact and the travel
// document requirements.
type LetterTerms struct {
	Scale        booking.Scale
	Emergency    string
	Requirements []string
}

// RenderContract writes a stored contract (or supplement) in lang as text
// or HTML.
func (s *Service) RenderContract(ctx context.Context, tenant TenantID, number string, supplement int, lang Language, format DocumentFormat, out io.Writer) error {
	if err := s.ready(); err != nil {
		return err
	}
	if format != DocumentText && format != DocumentHTML {
		return problem.One(ErrInvalid, "format", "unknown", fmt.Sprintf("document format %q is text or html", problem.Clip(string(format))))
	}
	rec, err := s.store.TravelContracts().Get(ctx, tenant, number, supplement)
	if err != nil {
		return err
	}
	if format == DocumentHTML {
		return s.catalogue.RenderHTML(out, &rec.Contract, language.Make(string(lang)))
	}
	return s.catalogue.RenderText(out, &rec.Contract, language.Make(string(lang)))
}

// RenderConfirmation writes the confirmation letter (预订确认函) of a
// booking's current revision in lang as text or HTML.
func (s *Service) RenderConfirmation(ctx context.Context, tenant TenantID, ref string, t LetterTerms, lang Language, format DocumentFormat, out io.Writer) error {
	if err := s.ready(); err != nil {
		return err
	}
	if format != DocumentText && format != DocumentHTML {
		return problem.One(ErrInvalid, "format", "unknown", fmt.Sprintf("document format %q is text or html", problem.Clip(string(format))))
	}
	br, src, err := s.contractSources(ctx, s.store, tenant, ref)
	if err != nil {
		return err
	}
	in := contract.LetterInput{Booking: br.Booking, Schedule: br.Ledger.Schedule, Quote: src.Quote, Trip: src.Trip, Scale: t.Scale,
		Emergency: t.Emergency, Requirements: t.Requirements}
	if format == DocumentHTML {
		return contract.RenderLetterHTML(out, in, language.Make(string(lang)))
	}
	return contract.RenderLetterText(out, in, language.Make(string(lang)))
}
