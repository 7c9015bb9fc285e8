package inquiry

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/csvout"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// englishFormats and chineseFormats say each reason and exclusion in
// words; %[n]s is its n-th value. Read-only.
var (
	englishFormats = map[Code]string{
		InterestMatch: "%[1]s %[2]s×%[3]s", PastPreference: "%[1]s %[2]s×%[3]s÷2 (%[4]s, %[5]s)", BudgetFit: "%[1]s within %[2]s",
		OverBudget: "%[1]s%% over %[2]s", SeasonFit: "suits month %[1]s", OffSeason: "off season in month %[1]s", PaceMatch: "%[1]s, asked %[2]s",
		HotelGradeFit: "%[1]s stars, asked %[2]s", HotelGradeBelow: "%[1]s stars, asked %[2]s",
		ExcludedDestination: "visits %[1]s", ExcludedAvoided: "features %[1]s", ExcludedNoDeparture: "no departure from %[1]s to %[2]s",
		ExcludedDuration: "%[1]s days, asked %[2]s to %[3]s", ExcludedPartySize: "%[1]s travellers, the product takes %[2]s to %[3]s",
		ExcludedAge:      "traveller %[1]s is %[2]s on %[3]s, the product takes %[4]s to %[5]s",
		ExcludedCurrency: "priced in %[1]s, the budget in %[2]s", ExcludedOverCeiling: "%[1]s is %[2]s%% over the budget of %[3]s, beyond the %[4]s%% tolerance",
	}
	chineseFormats = map[Code]string{
		InterestMatch: "%[1]s %[2]s×%[3]s", PastPreference: "%[1]s %[2]s×%[3]s÷2（%[4]s，%[5]s）", BudgetFit: "%[1]s，预算%[2]s以内",
		OverBudget: "超出预算%[2]s的%[1]s%%", SeasonFit: "适合%[1]s月出行", OffSeason: "%[1]s月非当季", PaceMatch: "%[1]s，需求%[2]s",
		HotelGradeFit: "%[1]s星，需求%[2]s星", HotelGradeBelow: "%[1]s星，需求%[2]s星",
		ExcludedDestination: "前往%[1]s", ExcludedAvoided: "包含%[1]s", ExcludedNoDeparture: "%[1]s至%[2]s无团期",
		ExcludedDuration: "%[1]s天，需求%[2]s至%[3]s天", ExcludedPartySize: "%[1]s人，产品接待%[2]s至%[3]s人",
		ExcludedAge:      "第%[1]s位旅客%[3]s时%[2]s岁，产品限%[4]s至%[5]s岁",
		ExcludedCurrency: "产品以%[1]s计价，预算为%[2]s", ExcludedOverCeiling: "%[1]s超出预算%[3]s的%[2]s%%，超过%[4]s%%的浮动范围",
	}
)

// detail writes a code's values in words.
func detail(formats map[Code]string, code Code, values []string) string {
	f, ok := formats[code]
	if !ok {
		return strings.Join(values, ", ")
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return fmt.Sprintf(f, args...)
}

// words are the fixed texts of the inquiry documents in one language.
type words struct {
	zh                                                       bool
	f                                                        *pricing.Formatter
	list, excluded, score, perPerson, total, departure, days string
	record                                                   string
	header                                                   []string
	channels                                                 map[Channel]string
	statuses                                                 map[Status]string
	interests                                                map[itinerary.Theme]string
	values                                                   map[string]string
	formats                                                  map[Code]string
	codes                                                    map[Code]string
	none, newCustomer, perPersonBasis, totalBasis            string
	colon                                                    string
}

func wordsFor(lang language.Tag) words {
	if human.IsZh(lang) {
		return words{zh: true, colon: "：", f: pricing.NewFormatter(lang), list: "产品推荐清单", excluded: "未推荐的产品", score: "得分", perPerson: "每人",
			total: "合计", departure: "出发", days: "天", none: "无", newCustomer: "新客户", perPersonBasis: "每人", totalBasis: "总额",
			record: "客户咨询记录表",
			header: []string{"编号", "咨询时间", "渠道", "顾问", "客户", "来源", "目的地", "出发日期", "人数", "预算", "兴趣", "状态", "首次回复",
				"下一步", "截止", "结果"},
			channels: map[Channel]string{Phone: "电话", Email: "邮件", WalkIn: "到店", Web: "网站", WeChat: "微信"},
			statuses: map[Status]string{New: "新咨询", Qualified: "已确认需求", Proposed: "已提案", Won: "已成交", Lost: "已流失"},
			interests: map[itinerary.Theme]string{itinerary.ThemeHistory: "历史", itinerary.ThemeCulture: "文化", itinerary.ThemeFood: "美食",
				itinerary.ThemeNature: "自然", itinerary.ThemeShopping: "购物", itinerary.ThemeFamily: "亲子", itinerary.ThemeBeach: "海滩",
				itinerary.ThemeAdventure: "探险"},
			formats: chineseFormats,
			values:  map[string]string{"relaxed": "轻松", "moderate": "适中", "intense": "紧凑", "stated": "客户表述", "inferred": "以往预订"},
			codes: map[Code]string{InterestMatch: "兴趣匹配", PastPreference: "以往偏好", BudgetFit: "预算内", OverBudget: "超出预算",
				SeasonFit: "当季", OffSeason: "非当季", PaceMatch: "节奏", HotelGradeFit: "酒店等级", HotelGradeBelow: "酒店等级偏低",
				ExcludedDestination: "目的地不符", ExcludedAvoided: "含需避免的内容", ExcludedNoDeparture: "无合适团期", ExcludedDuration: "天数不符",
				ExcludedPartySize: "人数不符", ExcludedAge: "年龄不符", ExcludedCurrency: "币种不符", ExcludedOverCeiling: "超出预算上限"}}
	}
	return words{colon: ": ", f: pricing.NewFormatter(lang), list: "Product recommendations", excluded: "Not recommended", score: "score", perPerson: "per person",
		total: "total", departure: "departs", days: "days", none: "none", newCustomer: "new customer", perPersonBasis: "per person", totalBasis: "in total",
		record: "Consultation record",
		header: []string{"ID", "Received", "Channel", "Consultant", "Customer", "Lead source", "Destinations", "Departure", "Party", "Budget",
			"Interests", "Status", "First response", "Next action", "Due", "Outcome"},
		channels: map[Channel]string{Phone: "phone", Email: "e-mail", WalkIn: "walk-in", Web: "web", WeChat: "WeChat"},
		statuses: map[Status]string{New: "new", Qualified: "qualified", Proposed: "proposed", Won: "won", Lost: "lost"},
		interests: map[itinerary.Theme]string{itinerary.ThemeHistory: "history", itinerary.ThemeCulture: "culture", itinerary.ThemeFood: "food",
			itinerary.ThemeNature: "nature", itinerary.ThemeShopping: "shopping", itinerary.ThemeFamily: "family", itinerary.ThemeBeach: "beach",
			itinerary.ThemeAdventure: "adventure"},
		formats: englishFormats,
		codes: map[Code]string{InterestMatch: "interest", PastPreference: "past preference", BudgetFit: "within budget", OverBudget: "over budget",
			SeasonFit: "in season", OffSeason: "off season", PaceMatch: "pace", HotelGradeFit: "hotel grade", HotelGradeBelow: "hotel grade below",
			ExcludedDestination: "other destinations", ExcludedAvoided: "features what to avoid", ExcludedNoDeparture: "no departure",
			ExcludedDuration: "length", ExcludedPartySize: "party size", ExcludedAge: "age", ExcludedCurrency: "currency",
			ExcludedOverCeiling: "above the budget's ceiling"}}
}

func (w words) interest(th itinerary.Theme) string {
	if s, ok := w.interests[th]; ok {
		return s
	}
	return string(th)
}

// RenderListText writes a recommendation list in lang: each product with
// its departure, price, score and every reason with its points, then the
// products left out with why. The reasons' codes stay machine-readable
// in the List itself.
func RenderListText(out io.Writer, l List, lang language.Tag) error {
	l = human.Flat(l) // no text a person gave makes lines of its own
	w := wordsFor(lang)
	b := bufio.NewWriter(out)
	b.WriteString(w.list + "\n")
	for i, r := range l.Items {
		title := r.Title
		if w.zh && r.TitleZH != "" {
			title = r.TitleZH
		}
		fmt.Fprintf(b, "\n%d. %s (%s)\n", i+1, title, r.Product)
		fmt.Fprintf(b, "   %s %s · %d %s · %s %s · %s %s · %s %s\n", w.departure, human.Date(r.Departure, w.zh), r.Days, w.days,
			w.perPerson, w.f.Format(r.PerPerson), w.total, w.f.Format(r.Total), w.score, r.Score.String())
		for _, re := range r.Reasons {
			fmt.Fprintf(b, "   %+8s  %s%s%s\n", re.Points.String(), w.codes[re.Code], w.colon, w.say(re.Code, re.Values))
		}
	}
	if len(l.Excluded) > 0 {
		b.WriteString("\n" + w.excluded + "\n")
		for _, e := range l.Excluded {
			fmt.Fprintf(b, "   %s  %s%s%s\n", e.Product, w.codes[e.Code], w.colon, w.say(e.Code, e.Values))
		}
	}
	return b.Flush()
}

// say writes a code's values in the reader's words: interests, paces and
// sources translated, amounts with the reader's currency symbol and
// grouping ("￥28,000.00", not "28000.00 CNY"), dates as they are.
func (w words) say(code Code, values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if t, ok := w.interests[itinerary.Theme(v)]; ok {
			out[i] = t
		} else if t, ok := w.values[v]; ok {
			out[i] = t
		} else if m, ok := moneyValue(v); ok {
			out[i] = w.f.Format(m)
		}
	}
	return detail(w.formats, code, out)
}

// moneyValue reads an amount as a reason's values keep it: "27800.00 CNY".
func moneyValue(v string) (pricing.Money, bool) {
	amount, code, ok := strings.Cut(v, " ")
	if !ok || len(code) != 3 || strings.ToUpper(code) != code {
		return pricing.Money{}, false
	}
	m, err := pricing.Parse(amount, code)
	return m, err == nil
}

// RecordView says how the consultation record is shown: in which
// language, the zone instants are read in, and customers' names by ID.
type RecordView struct {
	Lang      language.Tag
	Zone      *time.Location
	Customers map[string]string
}

// InPeriod keeps the inquiries received from from to to (inclusive, dates
// in zone) and, when consultant is not empty, handled by that consultant,
// ordered by receipt then ID.
func InPeriod(inqs []Inquiry, consultant string, from, to date.Date, zone *time.Location) []Inquiry {
	if zone == nil {
		zone = time.UTC
	}
	var out []Inquiry
	for _, q := range inqs {
		d := date.NewAt(q.ReceivedAt.In(zone))
		if d >= from && d <= to && (consultant == "" || q.Consultant == consultant) {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b Inquiry) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// RecordTable is the consultation record as a header and rows of text,
// the form every export writes.
func RecordTable(inqs []Inquiry, v RecordView) (header []string, rows [][]string) {
	w := wordsFor(v.Lang)
	zone := v.Zone
	if zone == nil {
		zone = time.UTC
	}
	at := func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04") }
	for _, q := range inqs {
		n := &q.Needs
		customer := q.CustomerID
		if name, ok := v.Customers[q.CustomerID]; ok {
			customer = name
		}
		if q.NewCustomer {
			customer += " (" + w.newCustomer + ")"
		}
		dates := ""
		if n.Earliest != 0 {
			dates = n.Earliest.String() + " – " + n.Latest.String()
			if n.FlexDays > 0 {
				dates += " ±" + strconv.Itoa(n.FlexDays)
			}
		}
		budget := ""
		if b := n.Budget; b != nil {
			basis := w.perPersonBasis
			if b.Basis == Total {
				basis = w.totalBasis
			}
			budget = w.f.Format(b.Amount) + " " + basis
			if b.TolerancePct.Sign() > 0 {
				budget += " +" + b.TolerancePct.String() + "%"
			}
		}
		var interests []string
		for _, i := range n.Interests {
			interests = append(interests, w.interest(i.Interest)+" "+strconv.Itoa(i.Weight))
		}
		first, next, due := "", "", ""
		if q.FirstResponseAt != nil {
			first = at(*q.FirstResponseAt)
		}
		if q.Next != nil {
			next, due = q.Next.What, at(q.Next.Due)
		}
		outcome := q.BookingRef
		if q.Status == Lost {
			outcome = string(q.LostReason)
		}
		rows = append(rows, []string{q.ID, at(q.ReceivedAt), w.channels[q.Channel], q.Consultant, customer, q.LeadSource,
			strings.Join(n.Destinations, ", "), dates, strconv.Itoa(len(n.Party)), budget, strings.Join(interests, ", "),
			w.statuses[q.Status], first, next, due, outcome})
	}
	return slices.Clone(w.header), rows
}

// WriteRecordCSV writes the consultation record as CSV in UTF-8 with a
// byte-order mark, so spreadsheet programs open Chinese text correctly.
// A cell a spreadsheet would take for a formula (a customer's name
// beginning with "=", say) is written as text.
func WriteRecordCSV(out io.Writer, inqs []Inquiry, v RecordView) error {
	if _, err := io.WriteString(out, "\uFEFF"); err != nil {
		return err
	}
	header, rows := RecordTable(inqs, v)
	c := csvout.NewWriter(out)
	for _, r := range append([][]string{header}, rows...) {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	return c.Flush()
}

// RenderRecordText writes the consultation record as text in the view's
// language: one block per inquiry, each field on its own line.
func RenderRecordText(out io.Writer, inqs []Inquiry, v RecordView) error {
	inqs, v.Customers = human.Flat(inqs), human.Flat(v.Customers) // no text a person gave makes lines of its own
	w := wordsFor(v.Lang)
	header, rows := RecordTable(inqs, v)
	b := bufio.NewWriter(out)
	b.WriteString(w.record + "\n")
	width := 0
	for _, h := range header {
		width = max(width, human.Width(h))
	}
	for _, r := range rows {
		b.WriteString("\n")
		for i, h := range header {
			if r[i] == "" {
				continue
			}
			b.WriteString("  " + h + strings.Repeat(" ", width-human.Width(h)) + "  " + r[i] + "\n")
		}
	}
	if len(rows) == 0 {
		b.WriteString("\n  " + w.none + "\n")
	}
	return b.Flush()
}
