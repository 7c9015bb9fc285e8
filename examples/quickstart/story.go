package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// storyClock is the story's clock: the agency reads the time from it, and
// the story moves it forward from November 2026 to June 2027.
type storyClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the story's instant.
func (c *storyClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *storyClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// The agency's people: Chen Jing sells and reads Chinese, Li Na runs the
// complaints desk in English, Zhou Min checks the bank lines.
var staff = agency.StaffList{
	{ID: "chen", Name: "陈静", Email: "chen.jing@agency.example", Language: agency.Chinese},
	{ID: "li", Name: "Li Na", Email: "li.na@agency.example", Language: agency.English},
	{ID: "zhou", Name: "周敏", Email: "zhou.min@agency.example", Language: agency.Chinese},
}

// Outcome is what the story leaves for its reader to check.
type Outcome struct {
	Agency *agency.Agency
	Tenant agency.TenantID
	// Booking is case 1's booking; Lapsed is the option that lapsed.
	Booking, Lapsed string
	// Allotments are the hotels' allotments.
	Allotments []string
	// November and May are Chen's scorecards (by booking date, and by
	// departure date).
	November, May []kpi.Card
	// Plan is Chen's November plan as tracked on the 30th.
	Plan kpi.Progress
	// Evaluations are the hotels' May evaluations.
	Evaluations []supplier.Evaluation
	// Feedback is May's feedback report.
	Feedback feedback.Report
}

// story runs the job's two worked cases through all seven duties on one
// agency: it is the map of the library. Every chapter's events are
// delivered through n as the story goes.
type story struct {
	ctx     context.Context
	a       *agency.Agency
	clock   *storyClock
	tenant  agency.TenantID
	out     io.Writer
	deliver *agency.Dispatcher
	cst     *time.Location
	oc      Outcome
}

// runStory tells the story on store, writing what people read to out and
// delivering the events through n.
func runStory(ctx context.Context, store storage.Store, ids agency.IDGenerator, tenant agency.TenantID, n agency.Notifier, out io.Writer) (*Outcome, error) {
	cst, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return nil, err
	}
	clock := &storyClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, cst)}
	rates, _, err := casebook.Case1Rates() // net rates of the items no supplier contract prices
	if err != nil {
		return nil, err
	}
	limit, err := pricing.Parse("500", "CNY")
	if err != nil {
		return nil, err
	}
	a, err := agency.New(store, agency.Config{Clock: clock, IDs: ids, Rates: rates, Staff: staff, Finance: "zhou",
		// The complaints desk answers around the clock, by Paris time.
		Calendar:       &feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true},
		ApprovalLimits: feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}}})
	if err != nil {
		return nil, err
	}
	s := &story{ctx: ctx, a: a, clock: clock, tenant: tenant, out: out, deliver: a.Outbox.Dispatcher(n), cst: cst}
	s.oc = Outcome{Agency: a, Tenant: tenant, Booking: "TK-2026-1127", Lapsed: "TK-2026-1127-LN", Allotments: []string{"AL-PARIS", "AL-ROME"}}
	for _, chapter := range []func() error{
		s.suppliers, s.catalogue, s.inquiry, s.proposal, s.booking, s.contract, s.payments, s.confirmations,
		s.lapsedOption, s.balance, s.payables, s.trip, s.complaint, s.afterTheTrip, s.research, s.scorecards,
	} {
		if err := chapter(); err != nil {
			return nil, err
		}
		if err := s.flush(); err != nil {
			return nil, err
		}
	}
	return &s.oc, nil
}

// flush delivers every event due.
func (s *story) flush() error {
	for {
		n, err := s.deliver.DeliverOnce(s.ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

func (s *story) at(year int, month time.Month, day, hour, minute int) {
	s.clock.set(time.Date(year, month, day, hour, minute, 0, 0, s.cst))
}

func (s *story) say(format string, args ...any) { fmt.Fprintf(s.out, format+"\n", args...) }

// suppliers: the hotels under their 2027 contracts, checked against the
// procurement standards, with allotments of family rooms for May.
func (s *story) suppliers() error {
	s.say("== Suppliers ==")
	ss, err := casebook.Case1Suppliers()
	if err != nil {
		return err
	}
	cs, err := casebook.Case1Contracts()
	if err != nil {
		return err
	}
	std := supplier.Standards{Licences: map[supplier.Kind][]string{supplier.Hotel: {"hotel_operating"}}, Insurance: true}
	for _, sp := range ss {
		if _, err := s.a.Suppliers.Create(s.ctx, s.tenant, sp); err != nil {
			return err
		}
		c := cs[sp.ID]
		if _, err := s.a.Suppliers.AddContract(s.ctx, s.tenant, *c); err != nil {
			return err
		}
		fs, err := s.a.Suppliers.CheckCompliance(s.ctx, s.tenant, agency.ComplianceCheck{SupplierID: sp.ID, ContractID: c.ID, On: date.New(2027, 5, 4),
			Standards: std})
		if err != nil {
			return err
		}
		verdict := "meets the procurement standards"
		if supplier.Blocks(fs) {
			verdict = fmt.Sprintf("%d blocking finding(s)", len(fs))
		}
		s.say("Supplier %s, contract %s v%d: %s", sp.Name, c.ID, c.Version, verdict)
	}
	for _, spec := range casebook.Case1Allotments() {
		if _, err := s.a.Allotments.Create(s.ctx, s.tenant, spec); err != nil {
			return err
		}
		s.say("Allotment %s: %d family rooms a night in May 2027, released %d days before", spec.ID, spec.Units, spec.Release.Days)
	}
	return nil
}

// catalogue: the packaged product the agency sells, and Chen's plan for
// November.
func (s *story) catalogue() error {
	trip, err := casebook.Case1Trip()
	if err != nil {
		return err
	}
	price, err := pricing.Parse("28500.00", "CNY")
	if err != nil {
		return err
	}
	eu := inquiry.Product{ID: "EU-CLASSIC-10", TitleZH: "欧洲经典十日",
		Destinations: []string{"Europe", "France", "Italy", "Spain"}, Departures: []date.Date{date.New(2027, 5, 1)}, PriceFrom: price,
		Template: itinerary.Template{ID: "EU-CLASSIC-10", Title: "Europe classics", Themes: []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeFood},
			Seasons: []time.Month{time.May}, Skeleton: *trip},
		Tags: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 7}}}
	if _, err := s.a.Catalogue.Create(s.ctx, s.tenant, eu); err != nil {
		return err
	}
	target, err := pricing.Parse("150000.00", "CNY")
	if err != nil {
		return err
	}
	_, err = s.a.KPIs.CreatePlan(s.ctx, s.tenant, kpi.Plan{Consultant: "chen", Year: 2026, Month: time.November, Target: target, TargetBookings: 2})
	return err
}

// inquiry: Wang Lei asks on WeChat for Europe in May with his wife and
// their daughter of eight; Chen answers, qualifies the inquiry and gets
// the catalogue's recommendations.
func (s *story) inquiry() error {
	s.say("\n== Case 1: the inquiry ==")
	s.at(2026, 11, 27, 9, 30)
	budget, err := pricing.Parse("30000.00", "CNY")
	if err != nil {
		return err
	}
	q := inquiry.Inquiry{ID: "INQ-1127-01", Channel: inquiry.WeChat, ReceivedAt: s.clock.Now(), Consultant: "chen", LeadSource: "referral",
		Needs: inquiry.Needs{Destinations: []string{"Europe"}, Earliest: date.New(2027, 4, 30), Latest: date.New(2027, 5, 2), MinDays: 9, MaxDays: 11,
			Party:     []date.Date{date.New(1985, 3, 12), date.New(1987, 7, 30), date.New(2018, 9, 15)},
			Budget:    &inquiry.Budget{Amount: budget, Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}, {Interest: itinerary.ThemeFood, Weight: 6}},
			Dietary:   "no pork", Room: "quiet room, high floor", Occasion: "10th wedding anniversary"}}
	rec, err := s.a.Inquiries.Log(s.ctx, s.tenant, agency.NewInquiry{Inquiry: q, Customer: agency.NewCustomer{Name: "王磊",
		Email: "wang.lei@example.com", Phone: "+86 138 0013 8000", WeChat: "wanglei85", Language: agency.Chinese}})
	if err != nil {
		return err
	}
	s.clock.set(s.clock.Now().Add(20 * time.Minute))
	if rec, err = s.a.Inquiries.Respond(s.ctx, s.tenant, agency.InquiryExchange{ID: q.ID, Version: rec.Version, Exchange: inquiry.Exchange{
		At: s.clock.Now(), By: "chen", Question: "孩子几岁？酒店有什么要求？", Answer: "8岁；安静的高楼层房间，结婚十周年"},
		Next: &inquiry.Action{What: "send the proposal", Due: s.clock.Now().Add(24 * time.Hour)}}); err != nil {
		return err
	}
	if _, err := s.a.Inquiries.Move(s.ctx, s.tenant, agency.InquiryMove{ID: q.ID, Version: rec.Version, Event: inquiry.Qualify, By: "chen"}); err != nil {
		return err
	}
	list, err := s.a.Inquiries.Recommend(s.ctx, s.tenant, agency.RecommendRequest{ID: q.ID, Limit: 3})
	if err != nil {
		return err
	}
	s.say("Inquiry %s from a new customer, answered in 20 minutes; recommended: %s (departure %s)", q.ID, list.Items[0].Product,
		list.Items[0].Departure)
	return nil
}

// proposal: Chen designs the trip on the product's lines, with the Paris
// and Rome hotels under their contracts, prices it and proposes it.
func (s *story) proposal() error {
	s.at(2026, 11, 27, 11, 0)
	rec, err := s.a.Inquiries.Get(s.ctx, s.tenant, "INQ-1127-01")
	if err != nil {
		return err
	}
	trip, err := casebook.Case1ContractedTrip()
	if err != nil {
		return err
	}
	tv, err := s.a.Trips.Propose(s.ctx, s.tenant, agency.TripProposal{CustomerID: rec.Inquiry.CustomerID, Trip: trip})
	if err != nil {
		return err
	}
	opts, err := quoteOptions()
	if err != nil {
		return err
	}
	qv, err := s.a.Trips.Price(s.ctx, s.tenant, agency.Pricing{TripID: tv.TripID, TripVersion: tv.Version, QuoteID: "Q-1127-01", QuoteOptions: opts})
	if err != nil {
		return err
	}
	if _, err := s.a.Inquiries.Propose(s.ctx, s.tenant, agency.InquiryProposal{ID: rec.Inquiry.ID, TripID: tv.TripID, QuoteID: qv.QuoteID,
		By: "chen"}); err != nil {
		return err
	}
	s.say("\n== The trip, as the customer reads it ==")
	if err := itinerary.RenderText(s.out, &tv.Trip, language.English); err != nil {
		return err
	}
	s.say("")
	return pricing.RenderQuoteText(s.out, &qv.Quote, pricing.QuoteView{Lang: language.SimplifiedChinese, Zone: s.cst, Place: "北京"})
}

// quoteOptions are the agency's price rules and its locked EUR/CNY rate,
// with a 3 % FX buffer, valid for 72 hours, and the lines that are no
// itinerary item (visa, insurance, passes).
func quoteOptions() (agency.QuoteOptions, error) {
	req, err := casebook.Case1Quote()
	if err != nil {
		return agency.QuoteOptions{}, err
	}
	_, extras, err := casebook.Case1Rates()
	return agency.QuoteOptions{Currency: req.Currency, Rules: req.Rules, FX: req.FX, FXBufferPct: decimal.NewFromInt(3), ValidFor: 72 * time.Hour,
		Extras: extras}, err
}

// booking: Wang Lei accepts; the quote becomes a booking with the hotels
// held on the allotments, under an option until the 30th.
func (s *story) booking() error {
	s.say("\n== Booking ==")
	s.at(2026, 11, 27, 14, 0)
	qv, err := s.a.Trips.Accept(s.ctx, s.tenant, agency.QuoteRef{ID: "Q-1127-01", Version: 1})
	if err != nil {
		return err
	}
	expiry := date.New(2031, 6, 30)
	br, err := s.a.Bookings.CreateFromQuote(s.ctx, s.tenant, agency.QuoteBooking{Reference: s.oc.Booking, QuoteID: qv.QuoteID, Version: qv.Version,
		Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, Payer: "WANG LEI", Consultant: "chen",
		Documents: map[string]agency.TravelDocument{"t1": {Number: "E12345678", Expiry: expiry}, "t2": {Number: "E23456789", Expiry: expiry},
			"t3": {Number: "E34567890", Expiry: expiry}},
		Allotments: map[string]string{"stay-1": "AL-PARIS", "stay-2": "AL-ROME"}, HoldFor: 72 * time.Hour})
	if err != nil {
		return err
	}
	if _, err := s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: br.Booking.Reference, Event: booking.PlaceOption,
		OptionUntil: time.Date(2026, 11, 30, 18, 0, 0, 0, s.cst)}); err != nil {
		return err
	}
	s.say("Booking %s: %d services, %s; deposit %s due %s; the Paris and Rome rooms held", br.Booking.Reference, len(br.Booking.Services),
		br.Booking.Total, br.Booking.DepositDue, br.Ledger.Schedule.Instalments[0].Due)
	return nil
}

// terms are the Beijing agency's contract terms; grade is how the hotels'
// grade is written.
func (s *story) terms(grade string) agency.ContractTerms {
	trip, _ := casebook.Case1ContractedTrip()
	return agency.ContractTerms{Number: "HT-2026-1127", Template: "GF-2014-2402",
		Agency: contract.Agency{Name: "北京环球旅行社", Licence: "L-BJ-CJ00123", Scopes: []contract.Scope{contract.ScopeOutbound}, Address: "北京市朝阳区",
			Phone: "010-65000000"},
		Staff:     contract.Staff{Name: "陈静", Phone: "13800000000"},
		Details:   casebook.Case1ContractDetails(trip, grade),
		Group:     contract.Group{GroupTour: true, MinSize: 3, Transfer: "同意", Postpone: "同意", ChangeRoute: "不同意", Terminate: "同意"},
		Insurance: contract.InsuranceSelf, Dispute: contract.Dispute{Method: "court", Body: "北京市朝阳区人民法院"}, PaymentMethod: "bank transfer",
		SignPlace: "北京", ComplaintPhone: "12345"}
}

// contract: the travel contract drafted with a vague hotel grade is
// refused at signing; drafted again with the official grade, it is
// signed.
func (s *story) contract() error {
	s.say("\n== Travel contract ==")
	rec, err := s.a.TravelContracts.Draft(s.ctx, s.tenant, agency.ContractDraft{Booking: s.oc.Booking, Terms: s.terms("准四星级")})
	if err != nil {
		return err
	}
	ref := agency.TravelContractRef{Number: rec.Contract.Number}
	if _, err := s.a.TravelContracts.Sign(s.ctx, s.tenant, ref); !errors.Is(err, agency.ErrInvalidTransition) {
		return fmt.Errorf("a contract with a vague grade was signed: %v", err)
	}
	var blocking []string
	for _, f := range rec.Validations[0].Result.Findings {
		if f.Severity == contract.Blocking {
			blocking = append(blocking, string(f.Code)+" ("+f.Field+")")
		}
	}
	s.say("Contract %s refused at signing: %s", ref.Number, strings.Join(blocking, ", "))
	if rec, err = s.a.TravelContracts.Draft(s.ctx, s.tenant, agency.ContractDraft{Booking: s.oc.Booking, Terms: s.terms("四星级（官方评定）")}); err != nil {
		return err
	}
	s.clock.set(s.clock.Now().Add(30 * time.Minute))
	if rec, err = s.a.TravelContracts.Sign(s.ctx, s.tenant, ref); err != nil {
		return err
	}
	var doc strings.Builder
	if err := s.a.TravelContracts.Render(s.ctx, s.tenant, agency.ContractDocument{TravelContractRef: ref, Format: agency.DocumentText}, &doc); err != nil {
		return err
	}
	first, _, _ := strings.Cut(doc.String(), "\n")
	s.say("Contract %s signed with %d blocking findings; it begins: %s", ref.Number, rec.Blocking(), first)
	return nil
}

// lapsedOption: Li Na asks by e-mail for the same product for two; her
// option holds a Paris room for a day and lapses; the room goes back and
// her inquiry is lost.
func (s *story) lapsedOption() error {
	s.say("\n== An option that lapses ==")
	s.at(2026, 11, 29, 11, 0)
	q := inquiry.Inquiry{ID: "INQ-1127-02", Channel: inquiry.Email, ReceivedAt: s.clock.Now(), Consultant: "chen", LeadSource: "web",
		Needs: inquiry.Needs{Destinations: []string{"Europe"}, Earliest: date.New(2027, 5, 1), Latest: date.New(2027, 5, 1), MinDays: 10, MaxDays: 11,
			Party: []date.Date{date.New(1990, 1, 5), date.New(1991, 2, 6)}}}
	rec, err := s.a.Inquiries.Log(s.ctx, s.tenant, agency.NewInquiry{Inquiry: q, Customer: agency.NewCustomer{Name: "Li Na",
		Email: "li.na@example.com", Language: agency.English}})
	if err != nil {
		return err
	}
	if _, err := s.a.Inquiries.Move(s.ctx, s.tenant, agency.InquiryMove{ID: q.ID, Event: inquiry.Qualify, By: "chen"}); err != nil {
		return err
	}
	opts, err := quoteOptions()
	if err != nil {
		return err
	}
	res, err := s.a.Inquiries.ProposeProduct(s.ctx, s.tenant, agency.ProductProposal{ID: q.ID, ProductID: "EU-CLASSIC-10", Departure: date.New(2027, 5, 1),
		Travellers: []itinerary.Traveller{{ID: "a1", Surname: "LI", GivenNames: "NA", BirthDate: date.New(1990, 1, 5)},
			{ID: "a2", Surname: "ZHANG", GivenNames: "WEI", BirthDate: date.New(1991, 2, 6)}}, Quote: opts})
	if err != nil {
		return err
	}
	if _, err := s.a.Trips.Accept(s.ctx, s.tenant, agency.QuoteRef{ID: res.Quote.QuoteID, Version: res.Quote.Version}); err != nil {
		return err
	}
	if _, err := s.a.Bookings.CreateFromQuote(s.ctx, s.tenant, agency.QuoteBooking{Reference: s.oc.Lapsed, QuoteID: res.Quote.QuoteID,
		Version: res.Quote.Version, Policy: pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 30}, Consultant: "chen",
		Allotments: map[string]string{"stay-1": "AL-PARIS"}, HoldFor: 72 * time.Hour}); err != nil {
		return err
	}
	if _, err := s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: s.oc.Lapsed, Event: booking.PlaceOption,
		OptionUntil: s.clock.Now().Add(24 * time.Hour)}); err != nil {
		return err
	}
	s.at(2026, 11, 30, 12, 0)
	n, err := s.a.Sweeps.Options(s.ctx, agency.SweepRequest{})
	if err != nil {
		return err
	}
	if _, err := s.a.Inquiries.Move(s.ctx, s.tenant, agency.InquiryMove{ID: rec.Inquiry.ID, Event: inquiry.Lose, By: "chen",
		Reason: inquiry.LostPrice}); err != nil {
		return err
	}
	s.say("%d option lapsed: booking %s, its Paris room given back; inquiry %s lost on price", n, s.oc.Lapsed, q.ID)
	return nil
}

// payments: the bank statement of the 28th brings the deposit; a line
// nobody can place goes to finance.
func (s *story) payments() error {
	s.say("\n== Payments ==")
	s.at(2026, 11, 28, 17, 0)
	b, err := s.a.Bookings.Get(s.ctx, s.tenant, s.oc.Booking)
	if err != nil {
		return err
	}
	csv := "id,date,amount,payer,text\n" +
		"BK-88,2026-11-28," + b.Booking.DepositDue.Amount().StringFixed(2) + ",WANG LEI,deposit " + s.oc.Booking + "\n" +
		"BK-89,2026-11-28,50.00,ZHAO QIANG,unknown transfer\n"
	return s.statement(csv)
}

func (s *story) statement(csv string) error {
	lines, err := booking.ParseStatement(strings.NewReader(csv), booking.Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", Text: "text",
		DefaultCurrency: "CNY"})
	if err != nil {
		return err
	}
	ms, err := s.a.Bookings.ImportStatement(s.ctx, s.tenant, agency.Statement{Lines: lines, Window: 3})
	if err != nil {
		return err
	}
	for _, m := range ms {
		s.say("Bank line %s %s: %s %s", m.Line.TxID, m.Line.Amount, m.State, m.Reference)
	}
	return nil
}

// confirmations: the suppliers confirm every service (the hotels book
// their held rooms, and each cost is frozen at the net sold); the
// deposit paid and the contract signed, the booking is confirmed; the
// inquiry is won.
func (s *story) confirmations() error {
	s.at(2026, 11, 29, 10, 0)
	b, err := s.a.Bookings.Get(s.ctx, s.tenant, s.oc.Booking)
	if err != nil {
		return err
	}
	for _, sv := range b.Booking.Services {
		if _, err := s.a.Bookings.AnswerService(s.ctx, s.tenant, agency.ServiceAnswer{Reference: s.oc.Booking, ServiceID: sv.ID,
			Status: booking.ServiceConfirmed, SupplierRef: "R-" + sv.ID}); err != nil {
			return err
		}
	}
	if b, err = s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: s.oc.Booking, Event: booking.Confirm}); err != nil {
		return err
	}
	if _, err := s.a.Inquiries.Move(s.ctx, s.tenant, agency.InquiryMove{ID: "INQ-1127-01", Event: inquiry.Win, By: "chen",
		BookingRef: s.oc.Booking}); err != nil {
		return err
	}
	pr, err := s.a.KPIs.TrackPlan(s.ctx, s.tenant, agency.PlanTracking{Consultant: "chen"})
	if err != nil {
		return err
	}
	s.oc.Plan = pr
	s.say("Booking %s %s: %d services confirmed by their suppliers; Chen's November: %s of %s", s.oc.Booking, b.Booking.State,
		len(b.Booking.Services), pr.Actual, pr.Plan.Target)
	return nil
}

// balance: the reminder goes out a week before the balance is due; the
// balance arrives by bank; the booking is paid.
func (s *story) balance() error {
	s.at(2027, 3, 25, 8, 0)
	n, err := s.a.Sweeps.Reminders(s.ctx, s.tenant, agency.ReminderSweep{Policy: booking.DefaultReminders()})
	if err != nil {
		return err
	}
	s.say("%d payment reminder sent", n)
	s.at(2027, 3, 29, 9, 0)
	b, err := s.a.Bookings.Get(s.ctx, s.tenant, s.oc.Booking)
	if err != nil {
		return err
	}
	left, err := b.Booking.Total.Sub(b.Booking.Paid)
	if err != nil {
		return err
	}
	if err := s.statement("id,date,amount,payer,text\nBK-301,2027-03-28," + left.Amount().StringFixed(2) + ",WANG LEI,balance " + s.oc.Booking + "\n"); err != nil {
		return err
	}
	if _, err := s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: s.oc.Booking, Event: booking.Pay}); err != nil {
		return err
	}
	var letter strings.Builder
	if err := s.a.TravelContracts.RenderLetter(s.ctx, s.tenant, agency.LetterDocument{Booking: s.oc.Booking, Emergency: "+86 10 6500 0000",
		Requirements: []string{"护照有效期至2027年8月10日以后"}, Format: agency.DocumentText}, &letter); err != nil {
		return err
	}
	s.say("\n== The confirmation letter ==\n%s", letter.String())
	return nil
}

// payables: the hotels invoice what was frozen; the invoices match.
func (s *story) payables() error {
	s.say("== Payables ==")
	s.at(2027, 4, 6, 10, 0)
	for _, sup := range []string{"hotel-lumiere", "hotel-pantheon"} {
		costs, err := s.a.Payables.ListCostLines(s.ctx, s.tenant, agency.CostQuery{SupplierID: sup, Booking: s.oc.Booking})
		if err != nil {
			return err
		}
		inv := supplier.Invoice{ID: "INV-" + sup, SupplierID: sup, Number: "2027/" + sup, Issued: date.New(2027, 4, 5)}
		for _, c := range costs.Items {
			inv.Lines = append(inv.Lines, supplier.InvoiceLine{CostLine: c.ID, Amount: c.Expected})
		}
		rec, err := s.a.Payables.RecordInvoice(s.ctx, s.tenant, agency.InvoiceEntry{Invoice: inv, Tolerance: supplier.Tolerance{Percent: decimal.NewFromInt(1)}})
		if err != nil {
			return err
		}
		flagged := 0
		for _, v := range rec.Match.Variances {
			if v.Flagged {
				flagged++
			}
		}
		s.say("Invoice %s: %d line(s), %d flagged, %d unmatched", inv.Number, len(inv.Lines), flagged, len(rec.Match.Unmatched))
	}
	return nil
}

// trip: the family departs on 1 May.
func (s *story) trip() error {
	s.at(2027, 5, 1, 10, 0)
	_, err := s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: s.oc.Booking, Event: booking.Depart})
	return err
}

// complaint: case 2. On the second evening in Paris the room has not been
// cleaned for two days. Li Na's desk hears of it at risk of its first
// response, apologises within the hour, consults the hotel (the SLA clock
// paused), gives compensation approved by the manager and charged back to
// the hotel, and closes it within the day.
func (s *story) complaint() error {
	s.say("\n== Case 2: a complaint during the trip ==")
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return err
	}
	s.clock.set(time.Date(2027, 5, 2, 22, 10, 0, 0, paris))
	b, err := s.a.Bookings.Get(s.ctx, s.tenant, s.oc.Booking)
	if err != nil {
		return err
	}
	rec, err := s.a.Complaints.Open(s.ctx, s.tenant, agency.NewComplaint{By: "li", Complaint: feedback.Complaint{CustomerID: b.Booking.CustomerID,
		TripID: b.Booking.TripID, ItemID: "stay-1", SupplierID: "hotel-lumiere", Consultant: "chen", Assignee: "li", Category: "hotel_service",
		Priority: feedback.High, Channel: feedback.WeChat, Summary: "room not cleaned for two days; front desk unhelpful", ReceivedAt: s.clock.Now()}})
	if err != nil {
		return err
	}
	s.clock.set(s.clock.Now().Add(46 * time.Minute))
	if _, err := s.a.Sweeps.SLA(s.ctx, agency.SweepRequest{}); err != nil {
		return err
	}
	act := func(after time.Duration, a feedback.Action, note string) error {
		s.clock.set(s.clock.Now().Add(after))
		var err error
		rec, err = s.a.Complaints.Act(s.ctx, s.tenant, agency.ComplaintAction{ID: rec.Complaint.ID, Version: rec.Version, Action: a, By: "li", Note: note})
		return err
	}
	voucher, err := pricing.Parse("800", "CNY")
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { return act(4*time.Minute, feedback.Acknowledge, "called the customer and apologised") },
		func() error { return act(5*time.Minute, feedback.Assess, "service failure at the hotel") },
		func() error { return act(5*time.Minute, feedback.Investigate, "") },
		func() error {
			return act(5*time.Minute, feedback.WaitSupplier, "asked the hotel manager for the facts and an offer")
		},
		func() error {
			return act(11*time.Hour+40*time.Minute, feedback.Resume, "hotel offers 5,000 points and a re-cleaned room")
		},
		func() error {
			s.clock.set(s.clock.Now().Add(30 * time.Minute))
			var err error
			rec, err = s.a.Complaints.Resolve(s.ctx, s.tenant, agency.ComplaintResolution{ID: rec.Complaint.ID, Version: rec.Version, By: "li",
				Resolution: feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "room re-cleaned, manager's apology",
					Compensations: []feedback.Compensation{
						{Kind: feedback.Points, Points: 5000, Reason: "hotel goodwill", ApprovedBy: "hotel-manager"},
						{Kind: feedback.Voucher, Amount: &voucher, Expires: date.New(2028, 5, 31), Reason: "discount on a future trip",
							ApprovedBy: "manager-wu", ChargeBack: "hotel-lumiere"}}}})
			return err
		},
		func() error { return act(15*time.Minute, feedback.Respond, "remedy offered to the customer") },
		func() error { return act(45*time.Minute, feedback.Close, "customer accepts") },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	if _, err := s.a.Complaints.Rate(s.ctx, s.tenant, agency.ComplaintRating{ID: rec.Complaint.ID, Version: rec.Version, Score: 5, By: "li"}); err != nil {
		return err
	}
	for _, v := range []feedback.ComplaintView{{Lang: language.English, Zone: paris, Place: "Paris", Now: s.clock.Now()},
		{Lang: language.SimplifiedChinese, Zone: paris, Place: "巴黎", Now: s.clock.Now()}} {
		if err := feedback.RenderComplaintText(s.out, &rec.Complaint, v); err != nil {
			return err
		}
		s.say("")
	}
	return nil
}

// afterTheTrip: the family is home; the trip is completed, which plans
// its follow-up visit; Chen makes the visits and the customer answers the
// survey.
func (s *story) afterTheTrip() error {
	s.at(2027, 5, 12, 9, 0)
	if _, err := s.a.Bookings.Apply(s.ctx, s.tenant, agency.BookingChange{Reference: s.oc.Booking, Event: booking.Complete}); err != nil {
		return err
	}
	s.at(2027, 5, 14, 10, 0)
	due, err := s.a.Feedback.ListFollowUps(s.ctx, s.tenant, agency.FollowUpQuery{From: date.New(2027, 5, 1), To: date.New(2027, 5, 14)})
	if err != nil {
		return err
	}
	for _, f := range due.Items {
		if _, err := s.a.Feedback.CompleteFollowUp(s.ctx, s.tenant, agency.FollowUpDone{ID: f.FollowUp.ID, Version: f.Version,
			Notes: "customer happy; thinking of Japan next spring"}); err != nil {
			return err
		}
	}
	b, err := s.a.Bookings.Get(s.ctx, s.tenant, s.oc.Booking)
	if err != nil {
		return err
	}
	nps := 10
	if _, err := s.a.Feedback.RecordSurvey(s.ctx, s.tenant, feedback.Survey{ID: "S-" + s.oc.Booking, CustomerID: b.Booking.CustomerID,
		TripID: b.Booking.TripID, Consultant: "chen", RespondedAt: s.clock.Now(), CSAT: 5, NPS: &nps,
		Ratings: map[feedback.Aspect]int{feedback.AspectHotel: 3, feedback.AspectConsultant: 5}, Comment: "complaint handled quickly, thank you"}); err != nil {
		return err
	}
	s.say("Trip completed; %d follow-up visits made; survey CSAT 5, NPS 10", len(due.Items))
	return nil
}

// research: competitors' prices seen in May, the research report built
// from them and submitted before it is due.
func (s *story) research() error {
	s.say("\n== Market research ==")
	s.at(2027, 5, 3, 9, 0)
	due := time.Date(2027, 5, 31, 18, 0, 0, 0, s.cst)
	if _, err := s.a.Market.Schedule(s.ctx, s.tenant, agency.ReportSchedule{ID: "MR-2027-05", Consultant: "chen", Title: "Europe, May 2027",
		Due: due}); err != nil {
		return err
	}
	s.at(2027, 5, 25, 9, 0)
	var obs []market.Observation
	for i, p := range []struct {
		who, price string
		day        int
	}{{"ctrip", "27800.00", 4}, {"fliggy", "29900.00", 9}, {"tuniu", "26500.00", 16}, {"ctrip", "28200.00", 23}} {
		price, err := pricing.Parse(p.price, "CNY")
		if err != nil {
			return err
		}
		obs = append(obs, market.Observation{ID: fmt.Sprintf("OBS-05-%d", i), Competitor: p.who, Product: "Europe 10 days", Destination: "Europe",
			Departure: date.New(2027, 6, 5), Days: 10, Price: price, Basis: market.PerPerson, ObservedAt: time.Date(2027, 5, p.day, 10, 0, 0, 0, s.cst),
			Source: p.who + ".com", Available: true})
	}
	if _, err := s.a.Market.Ingest(s.ctx, s.tenant, obs); err != nil {
		return err
	}
	ours, err := pricing.Parse("28500.00", "CNY")
	if err != nil {
		return err
	}
	r, err := s.a.Market.Build(s.ctx, s.tenant, market.ReportInput{Title: "Europe, May 2027", From: date.New(2027, 5, 1), To: date.New(2027, 5, 31),
		Ours: []market.Ours{{Product: "EU-CLASSIC-10", Destination: "Europe", Departure: date.New(2027, 6, 5), Days: 10, Price: ours, Basis: market.PerPerson}},
		Rule: market.SetRule{WindowDays: 7}, Window: market.ISOWeek, ThresholdPct: decimal.NewFromInt(5), Due: due})
	if err != nil {
		return err
	}
	if _, err := s.a.Market.Submit(s.ctx, s.tenant, agency.ReportSubmission{ID: "MR-2027-05", Consultant: "chen", Report: r}); err != nil {
		return err
	}
	p := r.Positions[0]
	s.say("Report MR-2027-05 submitted: EU-CLASSIC-10 against %d competitor prices, median %s", len(p.Set), p.Median)
	return nil
}

// scorecards: in June the hotels are evaluated on May, the month's
// feedback is reported, and Chen's scorecards are computed.
func (s *story) scorecards() error {
	s.say("\n== June: evaluations, feedback, scorecards ==")
	s.at(2027, 6, 1, 9, 0)
	for _, sup := range []string{"hotel-lumiere", "hotel-pantheon"} {
		ev, err := s.a.Suppliers.Evaluate(s.ctx, s.tenant, agency.EvaluationRequest{SupplierID: sup, Day: date.New(2027, 5, 31), Scheme: supplier.DefaultScheme()})
		if err != nil {
			return err
		}
		s.oc.Evaluations = append(s.oc.Evaluations, ev)
		s.say("%s in May: %s · %s", ev.SupplierName, ev.Score.StringFixed(1), ev.Standing.Name)
	}
	rep, err := s.a.Feedback.Report(s.ctx, s.tenant, agency.ReportRequest{From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)})
	if err != nil {
		return err
	}
	s.oc.Feedback = rep
	s.say("Feedback in May: %d complaint(s), SLA met %s, CSAT %s, NPS %s", rep.Complaints, rep.SLA.Percent(), rep.CSAT.Percent(), rep.NPS.Score())
	cny, err := pricing.ParseCurrency("CNY")
	if err != nil {
		return err
	}
	chen := agency.ScorecardRequest{Scope: kpi.Scope{Kind: "consultant", ID: "chen"}, Consultants: []string{"chen"}, Currency: cny}
	nov := chen
	nov.Period, nov.Basis = kpi.Month(2026, time.November), kpi.ByBookingDate
	if s.oc.November, err = s.a.KPIs.Scorecards(s.ctx, s.tenant, nov); err != nil {
		return err
	}
	may := chen
	may.Period, may.Basis = kpi.Month(2027, time.May), kpi.ByDepartureDate
	if s.oc.May, err = s.a.KPIs.Scorecards(s.ctx, s.tenant, may); err != nil {
		return err
	}
	s.say("")
	return kpi.RenderText(s.out, append(append([]kpi.Card(nil), s.oc.November...), s.oc.May...), language.English)
}
