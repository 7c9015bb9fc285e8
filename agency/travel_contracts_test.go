package agency_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/pricing"
)

// bookCase1 books case 1's accepted quote as ref, with every traveller's
// passport, without allotments.
func bookCase1(t testing.TB, a *agency.Agency, acc agency.QuoteVersion, ref string) agency.BookingRecord {
	t.Helper()
	rec, err := a.Bookings.CreateFromQuote(context.Background(), tenant, agency.QuoteBooking{Reference: ref, QuoteID: acc.QuoteID, Version: acc.Version,
		Consultant: "chen", Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		Documents: map[string]agency.TravelDocument{"t1": {Number: "E12345678", Expiry: date.New(2031, 6, 30)},
			"t2": {Number: "E23456789", Expiry: date.New(2031, 6, 30)}, "t3": {Number: "E34567890", Expiry: date.New(2031, 6, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// contractTerms are the Beijing agency's terms for case 1's contract;
// grade is how the hotels' grade is written.
func contractTerms(t testing.TB, number, licence, grade string, contracted bool) agency.ContractTerms {
	t.Helper()
	return agency.ContractTerms{Number: number, Template: "GF-2014-2402",
		Agency: contract.Agency{Name: "北京环球旅行社", Licence: licence, Scopes: []contract.Scope{contract.ScopeOutbound}, Address: "北京市朝阳区",
			Phone: "010-65000000"},
		Staff:     contract.Staff{Name: "陈静", Phone: "13800000000"},
		Details:   casebook.Case1ContractDetails(case1Trip(t, contracted), grade),
		Group:     contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "court", Body: "北京市朝阳区人民法院"}, PaymentMethod: "bank transfer",
		SignPlace: "北京", ComplaintPhone: "12345"}
}

// Case 1's contract: drafted with a vague grade and no licence number,
// refused at signing with its findings stored and the consultant told,
// drafted again in place, signed (the booking's contract now signed), and
// after an amendment a supplement. The cancellation is then charged under
// the signed contract's scale, and the letter states it.
func TestContractDraftSignSupplement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, clock := newAgency(t, memory.New())
	acc := runCase1(t, a, false)
	bookCase1(t, a, acc, "TK-9")
	terms := contractTerms(t, "HT-9", "", "准四星级", false)
	rec, err := a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-9", Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Blocking() != 4 || rec.Contract.SignDate.String() != "2026-11-27" { // no licence, three vague grades
		t.Errorf("draft: %d blocking %v, signed on %s", rec.Blocking(), rec.Validations[0].Result.Codes(), rec.Contract.SignDate)
	}
	ref := agency.TravelContractRef{Number: "HT-9"}
	if _, err := a.TravelContracts.Sign(ctx, tenant, ref); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("signing with blocking findings: %v", err)
	}
	got, _ := a.TravelContracts.Get(ctx, tenant, ref)
	if len(got.Validations) != 2 || got.Contract.SignedAt != nil {
		t.Errorf("refused contract: %d validations, signed %v", len(got.Validations), got.Contract.SignedAt)
	}
	if rec, err = a.TravelContracts.Validate(ctx, tenant, ref); err != nil || len(rec.Validations) != 3 || rec.Blocking() != 4 || !rec.EverBlocked() {
		t.Errorf("validated again: %d validations, %d blocking, %v", len(rec.Validations), rec.Blocking(), err)
	}
	terms = contractTerms(t, "HT-9", "L-BJ-CJ00123", "四星级（官方评定）", false)
	if rec, err = a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-9", Terms: terms}); err != nil || rec.Blocking() != 0 ||
		rec.Contract.Supplement != 0 || len(rec.Validations) != 4 {
		t.Fatalf("drafted again: %+v, %v", rec.Validations, err)
	}
	// Cancelling before a contract is signed names its scale.
	if _, err := a.Bookings.CancellationFee(ctx, tenant, agency.Cancellation{Reference: "TK-9", Reason: booking.ByCustomer}); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("a fee with no signed contract and no scale: %v", err)
	}
	clock.Add(time.Hour)
	if rec, err = a.TravelContracts.Sign(ctx, tenant, ref); err != nil || rec.Contract.SignedAt == nil {
		t.Fatalf("signing: %v", err)
	}
	if b, _ := a.Bookings.Get(ctx, tenant, "TK-9"); !b.Booking.ContractSigned {
		t.Error("the booking does not know its contract is signed")
	}
	if _, err := a.TravelContracts.Sign(ctx, tenant, ref); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("signing twice: %v", err)
	}

	// An amendment (a traveller's new passport) needs a supplement; the
	// amended booking cannot be signed under the old contract.
	res, err := a.Bookings.Amend(ctx, tenant, agency.Amendment{Reference: "TK-9", Change: booking.Amendment{
		SetTravellers: []booking.Traveller{{ID: "t2", Surname: "LI", GivenNames: "NA", DocumentNumber: "E99999999", DocumentExpiry: date.New(2032, 1, 1)}},
		On:            date.New(2026, 11, 27)}})
	if err != nil || !res.Result.NeedsSupplement {
		t.Fatalf("amend: %+v %v", res.Result, err)
	}
	sup, err := a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-9", Terms: terms})
	if err != nil || sup.Contract.Supplement != 1 || sup.Contract.Number != "HT-9" || sup.Contract.Revision != 2 || sup.Blocking() != 0 {
		t.Fatalf("supplement %+v %v", sup.Contract, err)
	}
	var doc strings.Builder
	if err := a.TravelContracts.Render(ctx, tenant, agency.ContractDocument{TravelContractRef: agency.TravelContractRef{Number: "HT-9", Supplement: 1},
		Format: agency.DocumentHTML}, &doc); err != nil || !strings.Contains(doc.String(), "团队出境旅游合同（示范文本） · 补充协议 1") ||
		!strings.Contains(doc.String(), "E99999999") {
		t.Errorf("supplement as HTML in the customer's language: %v\n%.400s", err, doc.String())
	}
	var ve *agency.ValidationError
	if err := a.TravelContracts.Render(ctx, tenant, agency.ContractDocument{TravelContractRef: ref, Language: agency.English, Format: agency.DocumentPDF},
		&doc); !errors.As(err, &ve) || ve.Problems[0].Code != "unsupported" {
		t.Errorf("PDF without a PDF writer: %v", err)
	}
	if err := a.TravelContracts.Render(ctx, tenant, agency.ContractDocument{TravelContractRef: ref, Language: agency.English, Format: "docx"},
		&doc); !errors.As(err, &ve) || ve.Problems[0].Code != "unknown" {
		t.Errorf("an unknown format: %v", err)
	}

	// The customer cancels on 20 April 2027, 11 days before departure:
	// the signed contract's traveller scale charges it, and the letter
	// states that scale without being told.
	clock.Set(time.Date(2027, 4, 20, 2, 0, 0, 0, time.UTC))
	signed, _ := a.TravelContracts.Get(ctx, tenant, ref)
	b, _ := a.Bookings.Get(ctx, tenant, "TK-9")
	loc, _ := time.LoadLocation(b.Booking.Zone)
	want, err := booking.QuoteCancellation(booking.CancellationInput{Scale: signed.Contract.TravellerScale, Total: b.Booking.Total,
		Paid: b.Booking.Paid, Departure: b.Booking.Departure(), Return: b.Booking.Return(), NoticeAt: clock.Now(), Zone: loc})
	if err != nil {
		t.Fatal(err)
	}
	var letter strings.Builder
	if err := a.TravelContracts.RenderLetter(ctx, tenant, agency.LetterDocument{Booking: "TK-9", Emergency: "+86 138 0000 0000",
		Language: agency.English, Format: agency.DocumentText}, &letter); err != nil ||
		!strings.HasPrefix(letter.String(), "Booking confirmation\n北京环球旅行社 · L-BJ-CJ00123 · 北京市朝阳区 · 010-65000000\nBooking TK-9 · revision 2\n") || strings.Contains(letter.String(), "E99999999") ||
		!strings.Contains(letter.String(), "%") {
		t.Errorf("confirmation: %v\n%.600s", err, letter.String())
	}
	cancelled, err := a.Bookings.Cancel(ctx, tenant, agency.Cancellation{Reference: "TK-9", Reason: booking.ByCustomer})
	if err != nil || !cancelled.Cancellation.Fee.Equal(want.Fee) || want.Fee.IsZero() || cancelled.Cancellation.ScaleName != signed.Contract.TravellerScale.Name {
		t.Errorf("cancelled under %q for %s (%v), the contract's scale %q charges %s", cancelled.Cancellation.ScaleName, cancelled.Cancellation.Fee, err,
			signed.Contract.TravellerScale.Name, want.Fee)
	}

	count := map[string]int{}
	for _, typ := range eventTypes(t, a) {
		count[typ]++
	}
	if count["travel_contract.drafted"] != 3 || count["travel_contract.refused"] != 1 || count["travel_contract.signed"] != 1 {
		t.Errorf("events %v", count)
	}
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		if e.Type == "travel_contract.refused" && (e.Audience != "staff" || e.Recipient != "chen.jing@agency.example") {
			t.Errorf("the refusal went to %s %q", e.Audience, e.Recipient)
		}
	}
}

// pdfWriter stands for document/pdf: it records what it is asked to write.
type pdfWriter struct{ titles []string }

func (w *pdfWriter) WriteDocument(out io.Writer, d document.Document) error {
	w.titles = append(w.titles, d.Title)
	_, err := io.WriteString(out, "%PDF "+d.Header)
	return err
}

// With a PDF writer configured, the contract and the letter go to it as
// documents, headed by the agency and the contract number.
func TestContractAndLetterAsPDF(t *testing.T) {
	t.Parallel()
	w := &pdfWriter{}
	a, _ := newAgency(t, memory.New(), func(c *agency.Config) { c.PDF = w })
	ctx := context.Background()
	acc := runCase1(t, a, false)
	bookCase1(t, a, acc, "TK-9")
	if _, err := a.TravelContracts.Draft(ctx, tenant, agency.ContractDraft{Booking: "TK-9",
		Terms: contractTerms(t, "HT-9", "L-BJ-CJ00123", "四星级（官方评定）", false)}); err != nil {
		t.Fatal(err)
	}
	ref := agency.TravelContractRef{Number: "HT-9"}
	var out strings.Builder
	if err := a.TravelContracts.Render(ctx, tenant, agency.ContractDocument{TravelContractRef: ref, Language: agency.Chinese, Format: agency.DocumentPDF},
		&out); err != nil || !strings.HasPrefix(out.String(), "%PDF ") || !strings.Contains(out.String(), ref.Number) {
		t.Fatalf("contract as PDF: %v %q", err, out.String())
	}
	rec, _ := a.TravelContracts.Get(ctx, tenant, ref)
	if err := a.TravelContracts.RenderLetter(ctx, tenant, agency.LetterDocument{Booking: rec.Contract.Booking, Language: agency.English,
		Format: agency.DocumentPDF}, &out); err != nil {
		t.Fatalf("letter as PDF: %v", err)
	}
	if len(w.titles) != 2 || !strings.Contains(w.titles[0], "旅游合同") || w.titles[1] != "Booking confirmation" {
		t.Errorf("documents written: %q", w.titles)
	}
}
