package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/pricing"
)

// Case 1's contract through the agency: drafted with a vague grade and no
// licence number, refused at signing with its findings stored and
// contract.refused recorded, drafted again in place, signed (the booking's
// contract now signed), and after an amendment a supplement.
func TestContractDraftSignSupplement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, clock, extras := newService(t, store)
	acc := runCase1(t, svc, extras)
	if _, err := svc.BookQuote(ctx, tenant, agency.QuoteBooking{Reference: "TK-9", QuoteID: acc.QuoteID, Version: acc.Version, Zone: "Asia/Shanghai",
		Policy:    pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		Documents: map[string]agency.TravelDocument{"t1": {Number: "E12345678"}, "t2": {Number: "E23456789"}, "t3": {Number: "E34567890"}}}); err != nil {
		t.Fatal(err)
	}
	trip, _ := sample.Case1Trip()
	details := sample.Case1ContractDetails(trip, "准四星级")
	terms := agency.ContractTerms{Number: "HT-9", Template: "GF-2014-2402",
		Agency:  contract.Agency{Name: "北京环球旅行社", Scopes: []contract.Scope{contract.ScopeOutbound}, Address: "北京市朝阳区", Phone: "010-65000000"},
		Staff:   contract.Staff{Name: "陈静", Phone: "13800000000"},
		Details: details, Group: contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "court", Body: "北京市朝阳区人民法院"}, PaymentMethod: "bank transfer",
		SignPlace: "北京", ComplaintPhone: "12345"}
	rec, err := svc.DraftContract(ctx, tenant, "TK-9", terms)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Blocking() != 4 || rec.Contract.SignDate.String() != "2026-11-27" { // no licence, three vague grades
		t.Errorf("draft: %d blocking %v, signed on %s", rec.Blocking(), rec.Validations[0].Result.Codes(), rec.Contract.SignDate)
	}
	if _, err := svc.SignContract(ctx, tenant, "HT-9", 0); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("signing with blocking findings: %v", err)
	}
	got, _ := store.TravelContracts().Get(ctx, tenant, "HT-9", 0)
	if len(got.Validations) != 2 || got.Contract.SignedAt != nil {
		t.Errorf("refused contract: %d validations, signed %v", len(got.Validations), got.Contract.SignedAt)
	}

	terms.Agency.Licence = "L-BJ-CJ00123"
	for id, d := range details {
		if d.Grade != "" {
			d.Grade = "四星级（官方评定）"
			details[id] = d
		}
	}
	if rec, err = svc.ValidateContract(ctx, tenant, "HT-9", 0); err != nil || len(rec.Validations) != 3 || rec.Blocking() != 4 || !rec.EverBlocked() {
		t.Errorf("validated again: %d validations, %d blocking, %v", len(rec.Validations), rec.Blocking(), err)
	}
	if rec, err = svc.DraftContract(ctx, tenant, "TK-9", terms); err != nil || rec.Blocking() != 0 || rec.Contract.Supplement != 0 || len(rec.Validations) != 4 {
		t.Fatalf("drafted again: %+v, %v", rec.Validations, err)
	}
	clock.Add(time.Hour)
	if rec, err = svc.SignContract(ctx, tenant, "HT-9", 0); err != nil || rec.Contract.SignedAt == nil {
		t.Fatalf("signing: %v", err)
	}
	if b, _ := store.Bookings().Get(ctx, tenant, "TK-9"); !b.Booking.ContractSigned {
		t.Error("the booking does not know its contract is signed")
	}
	if _, err := svc.SignContract(ctx, tenant, "HT-9", 0); !errors.Is(err, agency.ErrInvalidTransition) {
		t.Errorf("signing twice: %v", err)
	}

	// An amendment (a traveller's new passport) needs a supplement.
	_, res, err := svc.AmendBooking(ctx, tenant, "TK-9", booking.Amendment{SetTravellers: []booking.Traveller{{ID: "t2", Surname: "LI", GivenNames: "NA",
		DocumentNumber: "E99999999"}}, On: date.New(2026, 11, 27)})
	if err != nil || !res.NeedsSupplement {
		t.Fatalf("amend: %+v %v", res, err)
	}
	sup, err := svc.DraftContract(ctx, tenant, "TK-9", terms)
	if err != nil || sup.Contract.Supplement != 1 || sup.Contract.Number != "HT-9" || sup.Contract.Revision != 2 || sup.Blocking() != 0 {
		t.Fatalf("supplement %+v %v", sup.Contract, err)
	}
	var doc strings.Builder
	if err := svc.RenderContract(ctx, tenant, "HT-9", 1, agency.Chinese, agency.DocumentHTML, &doc); err != nil ||
		!strings.Contains(doc.String(), "团队出境旅游合同（示范文本） · 补充协议 1") || !strings.Contains(doc.String(), "E99999999") {
		t.Errorf("supplement as HTML: %v\n%.400s", err, doc.String())
	}
	doc.Reset()
	if err := svc.RenderConfirmation(ctx, tenant, "TK-9", agency.LetterTerms{Scale: booking.OutboundTraveller(), Emergency: "+86 138 0000 0000"},
		agency.English, agency.DocumentText, &doc); err != nil || !strings.HasPrefix(doc.String(), "Booking confirmation\nBooking TK-9 · revision 2\n") ||
		strings.Contains(doc.String(), "E99999999") {
		t.Errorf("confirmation: %v\n%.400s", err, doc.String())
	}
	if err := svc.RenderContract(ctx, tenant, "HT-9", 0, agency.English, "pdf", &doc); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("an unknown format: %v", err)
	}
	types := eventTypes(t, store)
	count := map[string]int{}
	for _, typ := range types {
		count[typ]++
	}
	if count[agency.EventContractReady] != 3 || count[agency.EventContractRefused] != 1 || count[agency.EventContractSigned] != 1 {
		t.Errorf("events %v", count)
	}
}
