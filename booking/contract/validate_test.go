package contract_test

import (
	"encoding/json"
	"errors"
	"golang.org/x/text/language"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// fixture is case 1 as an outbound group contract with every term right:
// it has no finding at all.
type fixture struct {
	c        contract.Contract
	src      contract.Sources
	booking  booking.Booking
	schedule pricing.PaymentSchedule
	quote    *pricing.Quote
	trip     *itinerary.Trip
	in       contract.DraftInput
}

// newFixture drafts case 1 on template ("" for GF-2014-2402).
func newFixture(t testing.TB, template string) *fixture {
	t.Helper()
	if template == "" {
		template = "GF-2014-2402"
	}
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	req.IssuedAt = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	schedule, err := pricing.Schedule(q.Totals.Total, pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30},
		date.New(2026, 11, 27), trip.Start)
	if err != nil {
		t.Fatal(err)
	}
	b := booking.Booking{Reference: "TK-2026-0001", CustomerID: "c1", QuoteID: q.ID, QuoteVersion: q.Version, TripID: trip.ID, TripVersion: 1,
		State: booking.Option, Total: q.Totals.Total, Zone: "Asia/Shanghai", Revision: 1,
		Services: []booking.Service{{ID: "stay-2", SupplierID: "hotel-pantheon", Product: "family-room", Start: date.New(2027, 5, 4),
			End: date.New(2027, 5, 7), Units: 1, Status: booking.ServiceConfirmed, SupplierRef: "PG-7781"},
			{ID: "air-pek-cdg", SupplierID: "air-france", Product: "AF381 Y", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 1), Units: 3,
				Status: booking.ServiceConfirmed, SupplierRef: "AF-7KQ2XM"}}}
	docs := map[string]string{"t1": "E12345678", "t2": "E23456789", "t3": "E34567890"}
	for _, tr := range trip.Party.Travellers {
		b.Travellers = append(b.Travellers, booking.Traveller{ID: tr.ID, Surname: tr.Surname, GivenNames: tr.GivenNames, Birth: tr.BirthDate,
			DocumentNumber: docs[tr.ID], DocumentExpiry: date.New(2032, 1, 31)})
	}
	details := casebook.Case1ContractDetails(trip, "四星级（官方评定）")
	in := contract.DraftInput{Number: "HT-2026-0001", Template: template, Booking: b, Schedule: schedule, Quote: q, Trip: trip, Lang: language.SimplifiedChinese,
		Agency: contract.Agency{Name: "北京环球旅行社有限公司", Licence: "L-BJ-CJ00123", Scopes: []contract.Scope{contract.ScopeDomestic, contract.ScopeOutbound},
			Address: "北京市朝阳区建国路 1 号", Phone: "+86 10 6500 0000", Email: "contracts@example.com"},
		Staff:   contract.Staff{Name: "陈静", Phone: "+86 138 0000 0000"},
		Details: details,
		Group: contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意",
			Merge: "不同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "arbitration", Body: "北京仲裁委员会"},
		PaymentMethod: "bank transfer", SignPlace: "北京", SignDate: date.New(2026, 11, 27), ComplaintPhone: "12345",
		Supervisor: "北京市文化和旅游局"}
	if template == "EU-PTD-2015" {
		in.EU = &contract.EUTerms{PriceRevision: true, PriceReduction: true, RevisionDays: 20, MinNumber: 3, MinNumberNotice: 20 * 24 * time.Hour,
			Formalities: "Schengen visa; passports valid 3 months after return", InsolvencyProtector: "Protector AG, +49 30 000000",
			LocalContact: "Rome office, +39 06 000000", ComplaintHandling: "complaints@example.com; ODR platform"}
	}
	cat := contract.DefaultCatalogue()
	c, err := cat.Draft(in)
	if err != nil {
		t.Fatal(err)
	}
	if template == "EU-PTD-2015" {
		c.TravellerScale = booking.OutboundTraveller() // the organiser's own termination fees
	}
	f := &fixture{c: c, booking: b, schedule: schedule, quote: q, trip: trip, in: in}
	f.src = contract.Sources{Booking: &f.booking, Schedule: &f.schedule, Quote: q, Trip: trip}
	return f
}

func codes(r contract.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, string(f.Code)+"@"+f.Field)
	}
	return out
}

func TestCase1ContractHasNoFinding(t *testing.T) {
	t.Parallel()
	v := contract.NewValidator(contract.Options{})
	for _, tpl := range []string{"GF-2014-2402", "EU-PTD-2015"} {
		f := newFixture(t, tpl)
		if r := v.Validate(&f.c, f.src); len(r.Findings) != 0 {
			t.Errorf("%s: %v", tpl, codes(r))
		}
	}
	f := newFixture(t, "GF-2014-2402")
	s := f.c.Sheet
	if s.Departure != "北京" || s.Destination != "巴塞罗那" || !slices.Equal(s.Stops, []string{"巴黎", "罗马"}) || s.Return != "北京" ||
		s.Days != 11 || s.Nights != 9 || len(s.Hotels) != 3 || f.c.Price.Adults != 2 || f.c.Price.Kids != 1 || !f.c.Travellers[2].Child {
		t.Errorf("sheet %+v, price %+v", s, f.c.Price)
	}
}

// Each finding code: the fixture changed in one way triggers it (and
// nothing else); the fixture itself (above) triggers none.
func TestEachFindingCode(t *testing.T) {
	t.Parallel()
	v := contract.NewValidator(contract.Options{})
	type tc struct {
		name     string
		template string
		change   func(f *fixture)
		want     contract.Code
		field    string
		sev      contract.Severity
	}
	money := func(s string) pricing.Money { m, _ := pricing.Parse(s, "CNY"); return m }
	cases := []tc{
		{"unknown template", "", func(f *fixture) { f.c.Template = "GF-1999-0001" }, contract.UnknownTemplate, "template", contract.Blocking},
		{"staff phone", "", func(f *fixture) { f.c.Staff.Phone = " " }, contract.MissingClause, "staff", contract.Blocking},
		{"hotel grade", "", func(f *fixture) { f.c.Sheet.Hotels[1].Grade = "" }, contract.MissingClause, "sheet.hotels[1]", contract.Blocking},
		{"sight time", "", func(f *fixture) { f.c.Sheet.Sights[0].MinMinutes = 0 }, contract.MissingClause, "sheet.sights[0]", contract.Blocking},
		{"meal standard", "", func(f *fixture) { f.c.Sheet.Meals[0].Standard = "" }, contract.MissingClause, "sheet.meals[0]", contract.Blocking},
		{"transport class", "", func(f *fixture) { f.c.Sheet.Transport[0].Class = "" }, contract.MissingClause, "sheet.transport[0]", contract.Blocking},
		{"signing date", "", func(f *fixture) { f.c.SignDate = 0 }, contract.MissingClause, "signing", contract.Blocking},
		{"complaint phone", "", func(f *fixture) { f.c.ComplaintPhone = "" }, contract.MissingClause, "complaint_phone", contract.Blocking},
		{"dispute body", "", func(f *fixture) { f.c.Dispute.Body = "" }, contract.MissingClause, "dispute", contract.Blocking},
		{"payment method", "", func(f *fixture) { f.c.Price.Method = "" }, contract.MissingClause, "price", contract.Blocking},
		{"document number", "", func(f *fixture) {
			f.c.Travellers[1].DocumentNumber = ""
			f.booking.Travellers[1].DocumentNumber = ""
		}, contract.MissingClause, "travellers[1]", contract.Blocking},
		{"shopping stop time", "", func(f *fixture) {
			f.c.Sheet.Shopping = []contract.Shop{{Name: "Galeries Lafayette"}}
			f.c.ShoppingAnnex = true
		}, contract.MissingClause, "sheet.shopping[0]", contract.Blocking},
		{"optional item price", "", func(f *fixture) { f.c.Sheet.Optional = []contract.OptionalItem{{Name: "Moulin Rouge"}} }, contract.MissingClause, "sheet.optional[0]", contract.Blocking},
		{"licence number", "", func(f *fixture) { f.c.Agency.Licence = "" }, contract.MissingLicenceNo, "agency.licence", contract.Blocking},
		{"licence scope", "", func(f *fixture) { f.c.Agency.Scopes = []contract.Scope{contract.ScopeDomestic} }, contract.LicenceScope, "agency.scopes", contract.Blocking},
		{"minimum size", "", func(f *fixture) { f.c.Group.MinSize = 0 }, contract.MissingMinGroup, "group", contract.Blocking},
		{"ticked consent", "", func(f *fixture) { f.c.Group.Terminate = "√" }, contract.MissingMinGroup, "group", contract.Blocking},
		{"准四星级", "", func(f *fixture) { f.c.Sheet.Hotels[0].Grade = "准四星级" }, contract.VagueStandard, "sheet.hotels[0].grade", contract.Blocking},
		{"豪华", "", func(f *fixture) { f.c.Sheet.Transport[1].Class = "豪华大巴" }, contract.VagueStandard, "sheet.transport[1].class", contract.Blocking},
		{"以…为准", "", func(f *fixture) { f.c.Sheet.Meals[2].Standard = "以餐厅实际提供为准" }, contract.VagueStandard, "sheet.meals[2].standard", contract.Blocking},
		{"与…同级", "", func(f *fixture) { f.c.Sheet.Hotels[2].Name = "Casa Gràcia 或与其同级酒店" }, contract.VagueStandard, "sheet.hotels[2].name", contract.Blocking},
		{"仅供参考", "", func(f *fixture) { f.c.Sheet.Notes = []string{"行程仅供参考"} }, contract.VagueStandard, "sheet.notes[0]", contract.Blocking},
		{"or similar", "", func(f *fixture) { f.c.Sheet.Hotels[0].Grade = "4 stars or similar" }, contract.VagueStandard, "sheet.hotels[0].grade", contract.Blocking},
		{"booking total", "", func(f *fixture) { f.booking.Total = money("85294.22") }, contract.TotalMismatch, "price.total", contract.Blocking},
		{"balance after departure", "", func(f *fixture) { f.c.Schedule.Instalments[1].Due = f.c.Sheet.Start + 1 }, contract.ScheduleMismatch, "schedule.instalments[1].due", contract.Blocking},
		{"days", "", func(f *fixture) { f.c.Sheet.Days = 10 }, contract.DatesMismatch, "sheet.days", contract.Blocking},
		{"trip dates", "", func(f *fixture) { f.trip.End-- }, contract.DatesMismatch, "sheet.start", contract.Blocking},
		{"nights", "", func(f *fixture) { f.c.Sheet.Hotels[2].CheckOut-- }, contract.NightsMismatch, "sheet.nights", contract.Blocking},
		{"pax", "", func(f *fixture) { f.c.Price.Kids = 0 }, contract.PaxMismatch, "price.adults", contract.Blocking},
		{"name", "", func(f *fixture) { f.c.Travellers[0].GivenNames = "LEE" }, contract.NameMismatch, "travellers[0].name", contract.Blocking},
		{"document", "", func(f *fixture) { f.c.Travellers[2].DocumentNumber = "E34567891" }, contract.NameMismatch, "travellers[2].document_number", contract.Blocking},
		{"local operator", "", func(f *fixture) {
			f.c.Delegated, f.c.LocalOperator = true, &contract.Operator{Name: "Roma Incoming Srl"}
		}, contract.MissingLocalOp, "local_operator", contract.Blocking},
		{"guide fee", "", func(f *fixture) { f.c.GuideArranged = true }, contract.MissingGuideFee, "price.guide_fee", contract.Blocking},
		{"not-formed notice", "", func(f *fixture) { f.c.NotFormedNoticeDays = 29 }, contract.LiabilityReduced, "not_formed_notice_days", contract.Blocking},
		{"agency penalty", "", func(f *fixture) { f.c.AgencyScale.Steps[2].Percent = decimal.NewFromInt(4) }, contract.LiabilityReduced, "agency_scale", contract.Blocking},
		{"price revision one-way", "EU-PTD-2015", func(f *fixture) { f.c.EU.PriceReduction = false }, contract.EUPriceClause, "eu.price_revision", contract.Blocking},
		{"price revision late", "EU-PTD-2015", func(f *fixture) { f.c.EU.RevisionDays = 19 }, contract.EUPriceClause, "eu.price_revision", contract.Blocking},
		{"minimum number late", "EU-PTD-2015", func(f *fixture) { f.c.EU.MinNumberNotice = 20*24*time.Hour - time.Hour }, contract.EUMinNumberDeadline, "eu.min_number_notice", contract.Blocking},
		{"EU organiser e-mail", "EU-PTD-2015", func(f *fixture) { f.c.Agency.Email = "" }, contract.MissingClause, "agency.email", contract.Blocking},
		{"EU insolvency", "EU-PTD-2015", func(f *fixture) { f.c.EU.InsolvencyProtector = "" }, contract.MissingClause, "eu.insolvency_protector", contract.Blocking},
		{"traveller scale", "", func(f *fixture) { f.c.TravellerScale.Steps[1].Percent = decimal.NewFromInt(10) }, contract.ScaleDeviates, "traveller_scale", contract.Warning},
		{"agency scale above", "", func(f *fixture) { f.c.AgencyScale.Steps[1].Percent = decimal.NewFromInt(3) }, contract.ScaleDeviates, "agency_scale", contract.Warning},
		{"outdated", "", func(f *fixture) { f.c.Template = "GF-2010-2402" }, contract.TemplateOutdated, "template", contract.Warning},
		{"insurance", "", func(f *fixture) { f.c.Insurance = "" }, contract.InsuranceMissing, "insurance", contract.Warning},
		{"shopping annex", "", func(f *fixture) {
			f.c.Sheet.Shopping = []contract.Shop{{Name: "Galeries Lafayette", Minutes: 60}}
		}, contract.ShoppingAnnexMissing, "shopping_annex", contract.Warning},
		{"supplier reference", "", func(f *fixture) { f.c.Services[0].SupplierRef = "" }, contract.SupplierUnconfirmed, "services[0].supplier_ref", contract.Warning},
		{"passport", "", func(f *fixture) {
			f.c.Travellers[1].DocumentExpiry = date.New(2027, 11, 10)
		}, contract.DocumentValidity, "travellers[1].document_expiry", contract.Warning},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.template)
			c.change(f)
			r := v.Validate(&f.c, f.src)
			if len(r.Findings) == 0 {
				t.Fatalf("no finding; want %s", c.want)
			}
			for _, got := range r.Findings {
				if got.Code != c.want {
					t.Errorf("finding %s@%s (%s); want only %s", got.Code, got.Field, got.Message, c.want)
				}
			}
			got := r.Findings[0]
			if got.Field != c.field || got.Severity != c.sev || got.Message == "" {
				t.Errorf("finding %+v; want field %s, %s", got, c.field, c.sev)
			}
			if got.Code != contract.UnknownTemplate && got.Code != contract.SupplierUnconfirmed && got.Code != contract.DocumentValidity &&
				got.Code != contract.TemplateOutdated && got.Article == "" {
				t.Errorf("finding %s names no article", got.Code)
			}
			if r.Blocks() != (c.sev == contract.Blocking) {
				t.Errorf("blocks %t for a %s finding", r.Blocks(), c.sev)
			}
		})
	}
}

// Boundaries compare exactly: the notice and the deadlines on the day
// pass, a day (or an hour) less does not.
func TestBoundaries(t *testing.T) {
	t.Parallel()
	v := contract.NewValidator(contract.Options{})
	type tc struct {
		name     string
		template string
		change   func(f *fixture)
		findings int
	}
	cases := []tc{
		{"outbound notice 30 days", "", func(f *fixture) { f.c.NotFormedNoticeDays = 30 }, 0},
		{"outbound notice 29 days", "", func(f *fixture) { f.c.NotFormedNoticeDays = 29 }, 1},
		{"passport exactly 6 months after return", "", func(f *fixture) { f.c.Travellers[0].DocumentExpiry = date.New(2027, 11, 11) }, 0},
		{"passport a day short", "", func(f *fixture) { f.c.Travellers[0].DocumentExpiry = date.New(2027, 11, 10) }, 1},
		{"EU revision 20 days", "EU-PTD-2015", func(f *fixture) { f.c.EU.RevisionDays = 20 }, 0},
		{"EU 11-day trip, 20 days notice", "EU-PTD-2015", func(f *fixture) { f.c.EU.MinNumberNotice = 20 * 24 * time.Hour }, 0},
		{"EU 6-day trip, 7 days notice", "EU-PTD-2015", func(f *fixture) {
			f.c.Sheet.Days, f.c.EU.MinNumberNotice = 6, 7*24*time.Hour
			f.c.Sheet.End = f.c.Sheet.Start + 5
			f.trip.End = f.trip.Start + 5
		}, 1}, // the booked Rome stay now lies outside the shortened dates
		{"EU 1-day trip, 48 hours", "EU-PTD-2015", func(f *fixture) {
			f.c.Sheet.Days, f.c.EU.MinNumberNotice = 1, 48*time.Hour
			f.c.Sheet.End = f.c.Sheet.Start
			f.trip.End = f.trip.Start
		}, 1},
		{"EU 1-day trip, 47 hours", "EU-PTD-2015", func(f *fixture) {
			f.c.Sheet.Days, f.c.EU.MinNumberNotice = 1, 47*time.Hour
			f.c.Sheet.End = f.c.Sheet.Start
			f.trip.End = f.trip.Start
		}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.template)
			c.change(f)
			if r := v.Validate(&f.c, f.src); len(r.Findings) != c.findings {
				t.Errorf("%d findings %v, want %d", len(r.Findings), codes(r), c.findings)
			}
		})
	}
}

// A broken contract reports everything in one call.
func TestBrokenContractReportsEveryFinding(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	c := &f.c
	c.Agency.Licence, c.Agency.Scopes = "", nil
	c.Group.Postpone = "x"
	c.Sheet.Hotels[0].Grade = "准五星"
	c.Sheet.Days = 12
	c.Price.Kids = 2
	c.Travellers[0].Surname = "WONG"
	c.GuideArranged = true
	c.NotFormedNoticeDays = 7
	c.Insurance = ""
	c.SignPlace = ""
	f.booking.Total = c.Price.Total.MulInt(2)
	r := contract.NewValidator(contract.Options{}).Validate(c, f.src)
	want := []string{
		"MISSING_CLAUSE@signing", "MISSING_LICENCE_NO@agency.licence", "LICENCE_SCOPE@agency.scopes", "MISSING_MIN_GROUP@group",
		"MISSING_GUIDE_FEE@price.guide_fee", "LIABILITY_REDUCED@not_formed_notice_days", "VAGUE_STANDARD@sheet.hotels[0].grade",
		"TOTAL_MISMATCH@price.total", "DATES_MISMATCH@sheet.days", "PAX_MISMATCH@price.adults", "NAME_MISMATCH@travellers[0].name",
		"INSURANCE_CHOICE_MISSING@insurance",
	}
	if got := codes(r); !slices.Equal(got, want) {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
	if r.Blocking() != 11 { // every one but the insurance warning
		t.Errorf("%d blocking", r.Blocking())
	}
	for _, fd := range r.Findings {
		if strings.Contains(fd.Want+fd.Got, "E12345678") {
			t.Errorf("a finding shows a document number: %+v", fd)
		}
	}
}

func TestScaleDiffIsReadable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "GF-2014-2402")
	f.c.TravellerScale.Steps[1].Percent = decimal.NewFromInt(10)
	f.c.AgencyScale.Steps[2].Percent = decimal.NewFromInt(4)
	r := contract.NewValidator(contract.Options{}).Validate(&f.c, f.src)
	got := map[string]string{}
	for _, fd := range r.Findings {
		got[string(fd.Code)] = fd.Got
	}
	if got["SCALE_DEVIATES_FROM_MODEL"] != "29–15 days: 10% (model 5%)" || got["LIABILITY_REDUCED"] != "14–7 days: 4% (model 5%)" {
		t.Errorf("diffs %v", got)
	}
}

func TestSignRefusedWithBlockingFindings(t *testing.T) {
	t.Parallel()
	v := contract.NewValidator(contract.Options{})
	at := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	f := newFixture(t, "GF-2014-2402")
	f.c.Agency.Licence = ""
	r, err := v.Sign(&f.c, f.src, at)
	if !errors.Is(err, contract.ErrInvalidTransition) || !r.Blocks() || f.c.SignedAt != nil || !strings.Contains(err.Error(), "MISSING_LICENCE_NO") {
		t.Errorf("signing a contract without licence: %v, %+v", err, r)
	}
	f.c.Agency.Licence = "L-BJ-CJ00123"
	f.c.Insurance = "" // a warning does not stop signing
	r, err = v.Sign(&f.c, f.src, at)
	if err != nil || f.c.SignedAt == nil || !f.c.SignedAt.Equal(at) || len(r.Findings) != 1 {
		t.Errorf("signing: %v, %+v", err, r)
	}
	if _, err := v.Sign(&f.c, f.src, at); !errors.Is(err, contract.ErrInvalidTransition) {
		t.Errorf("signing twice: %v", err)
	}
}

func TestDraftAndSupplementRefusals(t *testing.T) {
	t.Parallel()
	cat := contract.DefaultCatalogue()
	f := newFixture(t, "GF-2014-2402")
	bad := f.in
	bad.Template, bad.Number, bad.Quote = "GF-0000", "", nil
	var ve *contract.ValidationError
	if _, err := cat.Draft(bad); !errors.As(err, &ve) || !errors.Is(err, contract.ErrInvalid) || len(ve.Problems) != 3 {
		t.Errorf("bad draft: %v", err)
	}
	other := f.in
	other.Booking.QuoteVersion = 2
	if _, err := cat.Draft(other); !errors.Is(err, contract.ErrInvalid) {
		t.Errorf("a quote the booking did not come from: %v", err)
	}
	if _, err := cat.Supplement(&f.c, f.in); !errors.Is(err, contract.ErrInvalid) {
		t.Errorf("a supplement of the same revision: %v", err)
	}
	next := f.in
	next.Booking.Revision = 2
	s, err := cat.Supplement(&f.c, next)
	if err != nil || s.Supplement != 1 || s.Number != f.c.Number || s.Revision != 2 {
		t.Errorf("supplement %+v, %v", s, err)
	}
	if _, err := contract.NewCatalogue(contract.Template{Code: "X", Law: contract.LawPRC}, contract.Template{Code: "X"}); !errors.As(err, &ve) ||
		len(ve.Problems) != 6 {
		t.Errorf("bad templates: %v", err)
	}
}

func BenchmarkValidateCase1(b *testing.B) {
	f := newFixture(b, "GF-2014-2402")
	v := contract.NewValidator(contract.Options{})
	b.ReportAllocs()
	for b.Loop() {
		if r := v.Validate(&f.c, f.src); len(r.Findings) != 0 {
			b.Fatal(r.Findings)
		}
	}
}

// The baseline: writing the same contract out as JSON.
func BenchmarkMarshalCase1Baseline(b *testing.B) {
	f := newFixture(b, "GF-2014-2402")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(&f.c); err != nil {
			b.Fatal(err)
		}
	}
}

// A contract total that disagrees with the booking, the quote and its
// lines — which agree with each other — is one finding naming them all,
// with want the sources' total, got the contract's and the signed
// difference; nights stated against hotels and stays that agree, one
// finding too. Sources that disagree among themselves make one finding
// per value.
func TestOneFindingPerMismatchNamingItsSources(t *testing.T) {
	t.Parallel()
	money := func(s string) pricing.Money { m, _ := pricing.Parse(s, "CNY"); return m }
	v := contract.NewValidator(contract.Options{})
	f := newFixture(t, "GF-2014-2402")
	right := f.c.Price.Total
	f.c.Price.Total, _ = right.Add(money("1.00"))
	f.c.Sheet.Nights++
	r := v.Validate(&f.c, f.src)
	var totals, nights []contract.Finding
	for _, fd := range r.Findings {
		switch fd.Code {
		case contract.TotalMismatch:
			totals = append(totals, fd)
		case contract.NightsMismatch:
			nights = append(nights, fd)
		}
	}
	if len(totals) != 1 || totals[0].Want != right.String() || totals[0].Got != f.c.Price.Total.String() || totals[0].Field != "price.total" ||
		totals[0].Detail["difference"] != "+1.00 CNY" ||
		totals[0].Detail["sources"] != "the accepted quote's total, the sum of the quote's rounded lines, the booking's total" {
		t.Errorf("total findings %+v", totals)
	}
	if len(nights) != 1 || nights[0].Detail["sources"] != "the hotels' nights, the itinerary's stays" || nights[0].Detail["difference"] != "+1" ||
		nights[0].Got != strconv.Itoa(f.c.Sheet.Nights) {
		t.Errorf("nights findings %+v", nights)
	}
	// The booking alone disagrees: the contract matches the quote, so one
	// finding names the booking.
	g := newFixture(t, "GF-2014-2402")
	g.booking.Total, _ = g.c.Price.Total.Add(money("0.01"))
	r = v.Validate(&g.c, g.src)
	if len(r.Findings) == 0 || r.Findings[0].Code != contract.TotalMismatch || r.Findings[0].Detail["sources"] != "the booking's total" ||
		r.Findings[0].Want != g.booking.Total.String() || r.Findings[0].Detail["difference"] != "-0.01 CNY" {
		t.Errorf("findings %+v", r.Findings)
	}
}
