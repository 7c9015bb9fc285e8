// Command quickstart runs DOMAIN.md case 1 end to end on the embedded
// SQLite store: it saves the customer, proposes the ten-day Paris–Rome–
// Barcelona trip for two adults and a child of eight, prices it (net rates
// in EUR, quoted in CNY at a locked rate), accepts the quote, and delivers
// the resulting events through the log notifier. It prints the day-by-day
// plan and the quote with its payment schedule in English and Chinese.
//
//	go run ./examples/quickstart [-db path/to/file.db]
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
	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/internal/sample"
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
	store, err := sqlstore.OpenSQLite(ctx, dbPath)
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

	// Deliver what happened — customer saved, trip proposed, quote issued,
	// quote accepted — through the log notifier, in the customer's language.
	fmt.Fprintln(w, "== notifications ==")
	d := agency.Dispatcher{Store: store, Notifier: notify.Log{Logger: slog.New(slog.NewTextHandler(w, nil))}}
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
