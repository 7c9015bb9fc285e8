// Command quickstart prices DOMAIN.md case 1 — ten days through Paris, Rome
// and Barcelona for two adults and a child of eight — and prints the quote
// with its payment schedule in English and in Chinese.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/sample"
	"github.com/travelkit/travelkit/pricing"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	req, err := sample.Case1Quote() // 43 lines, net rates in EUR, quoted in CNY
	if err != nil {
		return err
	}
	quote, err := pricing.NewEngine().Price(req)
	if err != nil {
		return err
	}
	accepted := date.NewAt(quote.IssuedAt) // the customer accepts the day it is issued
	schedule, err := pricing.Schedule(quote.Totals.Total,
		pricing.PaymentPolicy{DepositPct: decimal.NewFromInt(30), BalanceDaysBefore: 45},
		accepted, quote.TravelDate)
	if err != nil {
		return err
	}
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		printQuote(w, quote, schedule, lang)
	}
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
