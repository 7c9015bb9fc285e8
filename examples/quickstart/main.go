package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
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
	rates, extras, err := sample.Case1Rates() // net rates of the trip's items, and extra lines
	if err != nil {
		return err
	}
	ids := agency.RandomIDs{}
	svc := agency.New(store, agency.WithRates(rates), agency.WithIDs(ids))
	tenant := agency.TenantID("quickstart-" + ids.NewID()[:8]) // a fresh agency each run

	customer, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, Name: "王磊 Wang Lei",
		Email: "wang.lei@example.com", Phone: "+86 138 0000 0000", Language: agency.Chinese})
	if err != nil {
		return err
	}
	trip, err := sample.Case1Trip()
	if err != nil {
		return err
	}
	proposal, err := svc.ProposeTrip(ctx, tenant, customer.ID, trip, 0)
	if err != nil {
		return err
	}
	req, err := sample.Case1Quote() // the agency's price rules and locked EUR/CNY rate
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

	fmt.Fprintf(w, "SQLite store: %s (tenant %s)\n\n", dbPath, tenant)
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		if err := itinerary.RenderText(w, &proposal.Trip, lang); err != nil {
			return err
		}
		fmt.Fprintln(w)
		printQuote(w, &accepted.Quote, schedule, lang)
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

// labels are the printed words in one language.
type labels struct {
	title, validUntil, rate, lines, subtotals, total, margin, tax, perTraveller, schedule string
	categories                                                                            map[pricing.Category]string
	kinds                                                                                 map[pricing.InstalmentKind]string
	types                                                                                 map[pricing.TravellerType]string
}

func labelsFor(lang language.Tag) labels {
	if lang == language.SimplifiedChinese {
		return labels{
			title: "报价单", validUntil: "有效期至", rate: "锁定汇率", lines: "费用明细", subtotals: "分类小计",
			total: "总价", margin: "毛利", tax: "其中税额", perTraveller: "每位旅客", schedule: "付款计划",
			categories: map[pricing.Category]string{
				pricing.CategoryTransport: "交通", pricing.CategoryLodging: "住宿", pricing.CategoryMeals: "餐饮",
				pricing.CategoryActivities: "景点活动", pricing.CategoryServices: "服务", pricing.CategoryOther: "其他",
			},
			kinds: map[pricing.InstalmentKind]string{pricing.InstalmentDeposit: "定金", pricing.InstalmentBalance: "尾款", pricing.InstalmentFull: "全款"},
			types: map[pricing.TravellerType]string{pricing.Adult: "成人", pricing.Child: "儿童", pricing.Infant: "婴儿"},
		}
	}
	return labels{
		title: "Quote", validUntil: "valid until", rate: "locked rate", lines: "Lines", subtotals: "Subtotals",
		total: "Total", margin: "margin", tax: "of which tax", perTraveller: "Per traveller", schedule: "Payment schedule",
		categories: map[pricing.Category]string{
			pricing.CategoryTransport: "Transport", pricing.CategoryLodging: "Lodging", pricing.CategoryMeals: "Meals",
			pricing.CategoryActivities: "Activities", pricing.CategoryServices: "Services", pricing.CategoryOther: "Other",
		},
		kinds: map[pricing.InstalmentKind]string{pricing.InstalmentDeposit: "deposit", pricing.InstalmentBalance: "balance", pricing.InstalmentFull: "in full"},
		types: map[pricing.TravellerType]string{pricing.Adult: "adult", pricing.Child: "child", pricing.Infant: "infant"},
	}
}

// stepClock is the demo's clock for case 2: the complaint's story happens
// on 2–3 May 2027 during the trip, whatever today is.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// case2 runs DOMAIN case 2 through the agency: during the trip the customer
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
	sla, err := rec.Complaint.SLA(clock.now)
	if err != nil {
		return nil, err
	}
	clock.now = clock.now.Add(7 * 24 * time.Hour) // the survey a week later
	nps := 10
	if err := svc.RecordSurvey(ctx, tenant, feedback.Survey{CustomerID: customerID, TripID: "T-2026-1127-001",
		ComplaintID: rec.Complaint.ID, Consultant: "li", RespondedAt: clock.now, CSAT: 5, NPS: &nps,
		Comment: "handled quickly, thank you"}); err != nil {
		return nil, err
	}
	fmt.Fprintln(w, "== case 2: complaint", rec.Complaint.ID, "==")
	for _, e := range rec.Complaint.Timeline {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("  %s  %-13s %-16s %s", e.At.In(paris).Format("01-02 15:04"), e.Action, e.To, e.Note), " "))
	}
	fmt.Fprintf(w, "  SLA first response: %s in %s; resolution: %s in %s of %s (paused %s)\n\n",
		sla.FirstResponse.State, sla.FirstResponse.Used, sla.Resolution.State, sla.Resolution.Used,
		sla.Resolution.Target, sla.Resolution.Paused)
	clock.now = clock.now.Add(24 * time.Hour) // after the survey
	return clock, nil
}

// printQuote writes the quote's lines, subtotals, shares and schedule.
func printQuote(w io.Writer, q *pricing.Quote, s pricing.PaymentSchedule, lang language.Tag) {
	l := labelsFor(lang)
	f := pricing.NewFormatter(lang)
	fmt.Fprintf(w, "== %s %s v%d — %s %s ==\n", l.title, q.ID, q.Version, l.validUntil, q.ExpiresAt.Format(time.RFC3339))
	for _, r := range q.Rates {
		fmt.Fprintf(w, "%s %s→%s %s (%s %s, +%s%%)\n", l.rate, r.From, r.To, r.Applied, r.Source, r.AsOf.Format("2006-01-02 15:04 MST"), r.BufferPct)
	}
	fmt.Fprintf(w, "\n%s\n", l.lines)
	for _, line := range q.Lines {
		fmt.Fprintf(w, "  %-62s %14s\n", line.Description, f.Format(line.Total))
	}
	fmt.Fprintf(w, "\n%s\n", l.subtotals)
	for _, st := range q.Subtotals {
		fmt.Fprintf(w, "  %-12s %14s\n", l.categories[st.Category], f.Format(st.Total))
	}
	fmt.Fprintf(w, "  %-12s %14s   (%s %s, %s %s)\n", l.total, f.Format(q.Totals.Total),
		l.margin, f.Format(q.Totals.Margin), l.tax, f.Format(q.Totals.Tax))
	fmt.Fprintf(w, "\n%s\n", l.perTraveller)
	for i, share := range q.PerTraveller {
		t := q.Travellers[i]
		fmt.Fprintf(w, "  %-12s %-6s %14s\n", t.Name, l.types[t.Type], f.Format(share.Total))
	}
	fmt.Fprintf(w, "\n%s\n", l.schedule)
	for _, in := range s.Instalments {
		fmt.Fprintf(w, "  %-8s %s %14s\n", l.kinds[in.Kind], in.Due, f.Format(in.Amount))
	}
	fmt.Fprintln(w)
}
