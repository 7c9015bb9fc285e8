package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/internal/factory"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

func main() {
	db := flag.String("db", filepath.Join(os.TempDir(), "travelkit-quickstart.db"), "SQLite database file")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *db); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, dbPath string) error {
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	// Net rates: the Paris and Rome hotels from their 2027 contracts (Rome
	// night by night across its seasons), the other items from a table,
	// and the extra lines that are no itinerary item.
	rates, extras, err := factory.Case1ContractRates()
	if err != nil {
		return err
	}
	ids := agency.RandomIDs{}
	svc := agency.New(store, agency.WithRates(rates), agency.WithIDs(ids), agency.WithDisplayZone("Asia/Shanghai", "Beijing"))
	tenant := agency.TenantID("quickstart-" + ids.NewID()[:8]) // a fresh agency each run

	if err := suppliers(ctx, w, svc, tenant); err != nil {
		return err
	}
	customer, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, Name: "王磊 Wang Lei",
		Email: "wang.lei@example.com", Phone: "+86 138 0000 0000", Language: agency.Chinese})
	if err != nil {
		return err
	}
	trip, err := factory.Case1Trip()
	if err != nil {
		return err
	}
	proposal, err := svc.ProposeTrip(ctx, tenant, customer.ID, trip, 0)
	if err != nil {
		return err
	}
	req, err := factory.Case1Quote() // the agency's price rules and locked EUR/CNY rate
	if err != nil {
		return err
	}
	quote, err := svc.PriceTrip(ctx, tenant, proposal.TripID, proposal.Version, agency.QuoteOptions{
		Currency: req.Currency, Rules: req.Rules, FX: req.FX, FXBufferPct: decimal.NewFromInt(3),
		ValidFor: 72 * time.Hour, Extras: extras,
	})
	if err != nil {
		return err
	}
	accepted, err := svc.AcceptQuote(ctx, tenant, quote.QuoteID, quote.Version)
	if err != nil {
		return err
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	schedule, err := pricing.Schedule(accepted.Quote.Totals.Total,
		pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 45},
		date.NewAt(accepted.AcceptedAt.In(shanghai)), accepted.Quote.TravelDate)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "SQLite store: %s\n\n", dbPath)
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		if err := itinerary.RenderText(w, &proposal.Trip, lang); err != nil {
			return err
		}
		fmt.Fprintln(w)
		place := map[language.Tag]string{language.English: "Beijing", language.SimplifiedChinese: "北京"}[lang]
		view := pricing.QuoteView{Lang: lang, Zone: shanghai, Place: place, Schedule: &schedule}
		if err := pricing.RenderQuoteText(w, &accepted.Quote, view); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}

	later, err := case2(ctx, w, store, tenant, customer.ID)
	if err != nil {
		return err
	}

	// Deliver what happened — customer saved, trip proposed, quote issued,
	// quote accepted, complaint opened — through the log notifier, in the
	// customer's language.
	fmt.Fprintln(w, "== notifications ==")
	// The dispatcher's clock stands after case 2's story, so every event is due.
	d := agency.Dispatcher{Store: store, Clock: later, Notifier: notify.Log{Logger: slog.New(slog.NewTextHandler(w, nil))}}
	n, err := d.DeliverOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d events delivered\n", n)
	return nil
}

// stepClock is the demo's clock for case 2: the complaint's story happens
// on 2–3 May 2027 during the trip, whatever today is.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// case2 runs the job's worked case 2 through the agency: during the trip the customer
// complains about the hotel; the consultant apologises within the hour,
// consults the hotel (the SLA clock paused), gives compensation approved by
// the manager and charged back to the hotel, closes the complaint within the
// day, follows up, and the customer answers the survey with top marks.
func case2(ctx context.Context, w io.Writer, store agency.Store, tenant agency.TenantID, customerID string) (agency.Clock, error) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return nil, err
	}
	clock := &stepClock{now: time.Date(2027, time.May, 2, 20, 10, 0, 0, paris)}
	limit, err := pricing.Parse("500", "CNY")
	if err != nil {
		return nil, err
	}
	svc := agency.New(store, agency.WithClock(clock),
		agency.WithSLA(feedback.DefaultPolicy(), feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true}),
		agency.WithApprovalLimits(feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}}))
	rec, err := svc.OpenComplaint(ctx, tenant, feedback.Complaint{CustomerID: customerID, TripID: "T-2026-1127-001",
		ItemID: "stay-1", SupplierID: "hotel-lumiere", Consultant: "li", Category: "hotel_service", Priority: feedback.High,
		Channel: feedback.WeChat, Summary: "room not cleaned for two days; front desk unhelpful", ReceivedAt: clock.now}, "wang.lei")
	if err != nil {
		return nil, err
	}
	act := func(after time.Duration, a feedback.Action, note string) error {
		clock.now = clock.now.Add(after)
		var err error
		rec, err = svc.ActOnComplaint(ctx, tenant, rec.Complaint.ID, rec.Version, a, "li", note)
		return err
	}
	voucher, err := pricing.Parse("800", "CNY")
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() error { return act(25*time.Minute, feedback.Acknowledge, "called the customer and apologised") },
		func() error { return act(5*time.Minute, feedback.Assess, "service failure at the hotel") },
		func() error { return act(5*time.Minute, feedback.Investigate, "") },
		func() error {
			return act(5*time.Minute, feedback.WaitSupplier, "asked the hotel manager for the facts and an offer")
		},
		func() error {
			return act(11*time.Hour+40*time.Minute, feedback.Resume, "hotel offers 5,000 points and a re-cleaned room")
		},
		func() error {
			clock.now = clock.now.Add(30 * time.Minute)
			var err error
			rec, err = svc.ResolveComplaint(ctx, tenant, rec.Complaint.ID, rec.Version, feedback.Resolution{
				RootCause: feedback.SupplierFault, Remedy: "room re-cleaned, manager's apology",
				Compensations: []feedback.Compensation{
					{Kind: feedback.Points, Points: 5000, Reason: "hotel goodwill", ApprovedBy: "hotel-manager"},
					{Kind: feedback.Voucher, Amount: &voucher, Expires: date.New(2028, 5, 31), Reason: "discount on a future trip",
						ApprovedBy: "manager-wu", ChargeBack: "hotel-lumiere"},
				}}, "li")
			return err
		},
		func() error { return act(15*time.Minute, feedback.Respond, "remedy offered to the customer") },
		func() error { return act(45*time.Minute, feedback.Close, "customer accepts") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	clock.now = clock.now.Add(7 * 24 * time.Hour) // the survey a week later
	nps := 10
	if err := svc.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: customerID, TripID: "T-2026-1127-001",
		ComplaintID: rec.Complaint.ID, Consultant: "li", RespondedAt: clock.now, CSAT: 5, NPS: &nps,
		Comment: "handled quickly, thank you"}); err != nil {
		return nil, err
	}
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		place := map[language.Tag]string{language.English: "Paris", language.SimplifiedChinese: "巴黎"}[lang]
		view := feedback.ComplaintView{Lang: lang, Zone: paris, Place: place, Now: clock.now}
		if err := feedback.RenderComplaintText(w, &rec.Complaint, view); err != nil {
			return nil, err
		}
		fmt.Fprintln(w)
	}
	clock.now = clock.now.Add(24 * time.Hour) // after the survey
	return clock, nil
}

// suppliers records the hotels and their contracts, and checks them
// against the company's procurement standards for the stay.
func suppliers(ctx context.Context, w io.Writer, svc *agency.Service, tenant agency.TenantID) error {
	ss, err := factory.Case1Suppliers()
	if err != nil {
		return err
	}
	cs, err := factory.Case1Contracts()
	if err != nil {
		return err
	}
	std := supplier.Standards{Licences: map[supplier.Kind][]string{supplier.Hotel: {"hotel_operating"}}, Insurance: true}
	for _, sp := range ss {
		if _, err := svc.SaveSupplier(ctx, tenant, sp, 0); err != nil {
			return err
		}
		c := cs[sp.ID]
		if _, err := svc.AddContract(ctx, tenant, *c); err != nil {
			return err
		}
		fs, err := svc.CheckCompliance(ctx, tenant, sp.ID, c.ID, date.New(2027, 5, 4), nil, std)
		if err != nil {
			return err
		}
		verdict := "meets the procurement standards"
		if supplier.Blocks(fs) {
			verdict = fmt.Sprintf("%d blocking finding(s)", len(fs))
		}
		fmt.Fprintf(w, "Supplier %s, contract %s v%d: %s\n", sp.Name, c.ID, c.Version, verdict)
	}
	fmt.Fprintln(w)
	return nil
}
