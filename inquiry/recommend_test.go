package inquiry_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// product makes a catalogue product of days days departing on the given
// dates, priced from price per person.
func product(id string, days int, price string, themes []itinerary.Theme, departures ...date.Date) inquiry.Product {
	start := date.New(2027, 1, 1)
	return inquiry.Product{ID: id, Template: itinerary.Template{ID: id, Title: "Product " + id, Themes: themes,
		Skeleton: itinerary.Trip{ID: id, Start: start, End: start + date.Date(days-1)}},
		Destinations: []string{"Europe", "France"}, Departures: departures, PriceFrom: cny(price)}
}

var may1 = date.New(2027, 5, 1)

// Each hard filter: a product that fails it (and only it) is left out
// with its code; the base product passes.
func TestEachFilter(t *testing.T) {
	t.Parallel()
	base := func() inquiry.Product {
		return product("P", 10, "25000.00", []itinerary.Theme{itinerary.ThemeHistory}, may1)
	}
	cases := []struct {
		name   string
		change func(p *inquiry.Product)
		code   inquiry.Code
	}{
		{"passes", func(p *inquiry.Product) {}, ""},
		{"destination", func(p *inquiry.Product) { p.Destinations = []string{"Japan"} }, inquiry.ExcludedDestination},
		{"avoided", func(p *inquiry.Product) { p.Template.Themes = append(p.Template.Themes, itinerary.ThemeShopping) }, inquiry.ExcludedAvoided},
		{"no departure", func(p *inquiry.Product) { p.Departures = []date.Date{date.New(2027, 6, 1)} }, inquiry.ExcludedNoDeparture},
		{"departure by rule", func(p *inquiry.Product) {
			p.Departures = nil
			p.Rules = []inquiry.DateRule{{From: date.New(2027, 4, 1), To: date.New(2027, 6, 30), Weekdays: []time.Weekday{time.Saturday}}}
		}, ""},
		{"too short", func(p *inquiry.Product) { p.Template.Skeleton.End = p.Template.Skeleton.Start + 7 }, inquiry.ExcludedDuration},
		{"too long", func(p *inquiry.Product) { p.Template.Skeleton.End = p.Template.Skeleton.Start + 11 }, inquiry.ExcludedDuration},
		{"party too big", func(p *inquiry.Product) { p.MaxPax = 2 }, inquiry.ExcludedPartySize},
		{"party too small", func(p *inquiry.Product) { p.MinPax = 4 }, inquiry.ExcludedPartySize},
		{"child too young", func(p *inquiry.Product) { p.MinAge = 12 }, inquiry.ExcludedAge},
		{"child exactly old enough", func(p *inquiry.Product) { p.MinAge = 8 }, ""},
		{"currency", func(p *inquiry.Product) { p.PriceFrom, _ = pricing.Parse("3000.00", "EUR") }, inquiry.ExcludedCurrency},
		{"over the ceiling", func(p *inquiry.Product) { p.PriceFrom = cny("30800.01") }, inquiry.ExcludedOverCeiling},
	}
	for _, c := range cases {
		n := case1Inquiry().Needs
		n.Avoid = []itinerary.Theme{itinerary.ThemeShopping}
		p := base()
		c.change(&p)
		l, err := inquiry.Recommend(n, nil, []inquiry.Product{p}, 0)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case c.code == "" && (len(l.Items) != 1 || len(l.Excluded) != 0):
			t.Errorf("%s: excluded %+v", c.name, l.Excluded)
		case c.code != "" && (len(l.Items) != 0 || len(l.Excluded) != 1 || l.Excluded[0].Code != c.code || l.Excluded[0].Detail == ""):
			t.Errorf("%s: items %d, excluded %+v; want %s", c.name, len(l.Items), l.Excluded, c.code)
		}
	}
	if _, err := inquiry.Recommend(inquiry.Needs{}, nil, nil, 0); !errors.Is(err, inquiry.ErrInvalid) {
		t.Errorf("no needs: %v", err)
	}
}

// Budget boundaries: at the budget, inside the tolerance, exactly at it
// (kept, 0 points) and a cent beyond (left out); percentages exact.
func TestBudgetBoundaries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		price, pct, points string
		excluded           bool
		detail             string
	}{
		{"28000.00", "0", "20", false, ""},
		{"29400.00", "5", "10", false, ""},
		{"30333.33", "8.33", "3.33", false, ""},
		{"30800.00", "10", "0", false, ""},
		{"30800.01", "", "", true, "30800.01 CNY is 10.00% over"},
	}
	for _, c := range cases {
		n := case1Inquiry().Needs
		p := product("P", 10, c.price, nil, may1)
		l, err := inquiry.Recommend(n, nil, []inquiry.Product{p}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.excluded {
			if len(l.Excluded) != 1 || l.Excluded[0].Code != inquiry.ExcludedOverCeiling || !strings.Contains(l.Excluded[0].Detail, c.detail) {
				t.Errorf("%s: %+v", c.price, l.Excluded)
			}
			continue
		}
		r := l.Items[0]
		var budget inquiry.Reason
		for _, re := range r.Reasons {
			if re.Code == inquiry.BudgetFit || re.Code == inquiry.OverBudget {
				budget = re
			}
		}
		if !r.OverBudgetPct.Equal(decimal.RequireFromString(c.pct)) || !budget.Points.Equal(decimal.RequireFromString(c.points)) {
			t.Errorf("%s: over %s%%, %s points (%s); want %s%%, %s", c.price, r.OverBudgetPct, budget.Points, budget.Code, c.pct, c.points)
		}
	}
	// A total budget compares the party's total.
	n := case1Inquiry().Needs
	n.Budget = &inquiry.Budget{Amount: cny("75000.00"), Basis: inquiry.Total}
	l, _ := inquiry.Recommend(n, nil, []inquiry.Product{product("P", 10, "25000.00", nil, may1), product("Q", 10, "25000.01", nil, may1)}, 0)
	if len(l.Items) != 1 || l.Items[0].Product != "P" || l.Items[0].Total.String() != "75000.00 CNY" || l.Excluded[0].Product != "Q" {
		t.Errorf("total budget: %+v / %+v", l.Items, l.Excluded)
	}
}

// Every score contribution with its points, and the order: by score,
// ties by product ID.
func TestScoreContributionsAndTies(t *testing.T) {
	t.Parallel()
	n := case1Inquiry().Needs
	p := product("EU-10", 10, "29400.00", nil, may1)
	p.Tags = []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 4},
		{Interest: itinerary.ThemeBeach, Weight: 2}}
	p.Template.Seasons = []time.Month{time.April, time.May, time.June}
	p.Pace, p.HotelGrade = inquiry.Intense, 4
	profile := &inquiry.Profile{Preferences: []inquiry.Preference{{Interest: itinerary.ThemeBeach, Weight: 6, Source: inquiry.Inferred, From: "TK-B"},
		{Interest: itinerary.ThemeHistory, Weight: 2, Source: inquiry.Stated, From: "INQ-0"}}}
	l, err := inquiry.Recommend(n, profile, []inquiry.Product{p}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range l.Items[0].Reasons {
		got = append(got, fmt.Sprintf("%s %s %s", r.Code, r.Points, r.Detail))
	}
	want := []string{
		"OVER_BUDGET 10 5.00% over 28000.00 CNY",
		"INTEREST_MATCH 72 history 8×9",
		"INTEREST_MATCH 24 food 6×4",
		"PAST_PREFERENCE 6 beach 6×2÷2 (inferred, TK-B)",
		"SEASON 10 suits month 5",
		"PACE 5 intense, asked moderate",
		"HOTEL_GRADE 5 4 stars, asked 4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || l.Items[0].Score.String() != "132" {
		t.Errorf("reasons\n%s\nscore %s", strings.Join(got, "\n"), l.Items[0].Score)
	}
	// Off season, a lower grade, the opposite pace.
	p.Template.Seasons, p.HotelGrade, p.Pace = []time.Month{time.July}, 3, inquiry.Relaxed
	n.Pace = inquiry.Intense
	l, _ = inquiry.Recommend(n, nil, []inquiry.Product{p}, 0)
	codes := map[inquiry.Code]string{}
	for _, r := range l.Items[0].Reasons {
		codes[r.Code] = r.Points.String()
	}
	if codes[inquiry.OffSeason] != "0" || codes[inquiry.HotelGradeBelow] != "0" || codes[inquiry.PaceMatch] != "0" {
		t.Errorf("soft misses %v", codes)
	}
	// Three products with equal scores come out by ID; limit keeps two.
	tie := []inquiry.Product{product("C", 10, "20000.00", nil, may1), product("A", 10, "20000.00", nil, may1),
		product("B", 10, "20000.00", nil, may1)}
	l, _ = inquiry.Recommend(case1Inquiry().Needs, nil, tie, 2)
	if len(l.Items) != 2 || l.Items[0].Product != "A" || l.Items[1].Product != "B" || !l.Items[0].Score.Equal(l.Items[1].Score) {
		t.Errorf("ties: %+v", l.Items)
	}
}

func records() []inquiry.Inquiry {
	a := case1Inquiry()
	a.NewCustomer = true
	_ = a.Respond(inquiry.Exchange{At: a.ReceivedAt.Add(40 * time.Minute), By: "chen", Question: "孩子几岁？", Answer: "8岁"})
	a.Next = &inquiry.Action{What: "send the proposal", Due: a.ReceivedAt.Add(48 * time.Hour)}
	b := case1Inquiry()
	b.ID, b.CustomerID, b.Channel, b.ReceivedAt = "INQ-2", "c2", inquiry.Phone, a.ReceivedAt.Add(3*time.Hour)
	b.Needs = inquiry.Needs{Destinations: []string{"云南"}, Party: []date.Date{date.New(1990, 1, 1)}}
	b.Status, b.LostReason = inquiry.Lost, inquiry.LostPrice
	c := case1Inquiry()
	c.ID, c.Consultant, c.ReceivedAt = "INQ-3", "li", a.ReceivedAt.Add(time.Hour)
	return []inquiry.Inquiry{b, c, a}
}

// The consultation record for one consultant and period: CSV with a BOM
// read back by encoding/csv, and text in both languages (golden).
func TestRecordExports(t *testing.T) {
	t.Parallel()
	inqs := inquiry.InPeriod(records(), "chen", date.New(2026, 11, 20), date.New(2026, 11, 20), shanghai)
	if len(inqs) != 2 || inqs[0].ID != "INQ-1" || inqs[1].ID != "INQ-2" {
		t.Fatalf("period: %+v", inqs)
	}
	v := inquiry.RecordView{Lang: language.SimplifiedChinese, Zone: shanghai, Customers: map[string]string{"c1": "王磊", "c2": "李娜"}}
	var b bytes.Buffer
	if err := inquiry.WriteRecordCSV(&b, inqs, v); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "编号" || rows[1][4] != "王磊（新客户）" || rows[1][12] != "2026-11-20 10:40" || rows[2][15] != "价格" ||
		rows[1][9] != "￥28,000.00 每人 +10%" || rows[1][11] != "新咨询" || rows[1][10] != "历史 8, 美食 6" {
		t.Errorf("rows %q", rows)
	}
	for _, lang := range []struct {
		tag  language.Tag
		name string
	}{{language.SimplifiedChinese, "zh"}, {language.English, "en"}, {language.TraditionalChinese, "zh-Hant"}} {
		v.Lang = lang.tag
		var text bytes.Buffer
		if err := inquiry.RenderRecordText(&text, inqs, v); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "record-"+lang.name+".txt", text.Bytes())
	}
}

// A customer's name that a spreadsheet would run as a formula is written
// to the record's CSV as text.
func TestRecordCSVWritesFormulasAsText(t *testing.T) {
	t.Parallel()
	inqs := inquiry.InPeriod(records(), "chen", date.New(2026, 11, 20), date.New(2026, 11, 20), shanghai)
	v := inquiry.RecordView{Lang: language.English, Zone: shanghai, Customers: map[string]string{"c1": `=HYPERLINK("http://evil.example","x")`,
		"c2": "@SUM(1+1)"}}
	var b bytes.Buffer
	if err := inquiry.WriteRecordCSV(&b, inqs, v); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if rows[1][4] != `'=HYPERLINK("http://evil.example","x") (new customer)` || rows[2][4] != "'@SUM(1+1)" {
		t.Errorf("customers %q, %q", rows[1][4], rows[2][4])
	}
}

func TestListTextGolden(t *testing.T) {
	t.Parallel()
	l, err := inquiry.Recommend(case1Inquiry().Needs, nil, exampleCatalogue(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []struct {
		tag  language.Tag
		name string
	}{{language.SimplifiedChinese, "zh"}, {language.English, "en"}, {language.TraditionalChinese, "zh-Hant"}} {
		var text bytes.Buffer
		if err := inquiry.RenderListText(&text, l, lang.tag); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "list-"+lang.name+".txt", text.Bytes())
		i18ntest.Reads(t, lang.tag, "recommendations", text.String(), "欧洲经典十日（巴黎、罗马、巴塞罗那）", "意大利美食九日", "Japan", "Europe")
	}
}

// exampleCatalogue is a small catalogue around case 1.
func exampleCatalogue() []inquiry.Product {
	eu := product("EU-CLASSIC-10", 10, "27800.00", []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeCulture, itinerary.ThemeFood}, may1, date.New(2027, 5, 8))
	eu.TitleZH, eu.Template.Title = "欧洲经典十日（巴黎、罗马、巴塞罗那）", "Europe classics, 10 days (Paris, Rome, Barcelona)"
	eu.Tags = []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 7}}
	eu.Template.Seasons, eu.Pace, eu.HotelGrade = []time.Month{time.April, time.May, time.June, time.September}, inquiry.Moderate, 4
	it := product("IT-FOOD-9", 9, "29900.00", []itinerary.Theme{itinerary.ThemeFood, itinerary.ThemeCulture}, date.New(2027, 4, 30))
	it.TitleZH, it.Template.Title, it.Destinations = "意大利美食九日", "Italy for food lovers, 9 days", []string{"Europe", "Italy"}
	it.Tags = []inquiry.Weighted{{Interest: itinerary.ThemeFood, Weight: 10}, {Interest: itinerary.ThemeHistory, Weight: 4}}
	it.Pace, it.HotelGrade = inquiry.Relaxed, 4
	ch := product("CH-ALPS-10", 10, "33000.00", []itinerary.Theme{itinerary.ThemeNature}, may1)
	ch.TitleZH, ch.Template.Title, ch.Destinations = "瑞士阿尔卑斯十日", "Swiss Alps, 10 days", []string{"Europe", "Switzerland"}
	jp := product("JP-KYOTO-8", 8, "18000.00", []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeFood}, may1)
	jp.TitleZH, jp.Template.Title, jp.Destinations = "京都八日", "Kyoto, 8 days", []string{"Japan"}
	return []inquiry.Product{jp, ch, it, eu}
}

// BenchmarkRecommend10k ranks 10,000 products for case 1; the baseline
// only walks them through their first-departure lookup.
func BenchmarkRecommend10k(b *testing.B) {
	themes := []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeCulture, itinerary.ThemeFood, itinerary.ThemeNature, itinerary.ThemeBeach}
	var ps []inquiry.Product
	for i := range 10_000 {
		p := product(fmt.Sprintf("P%05d", i), 7+i%6, fmt.Sprintf("%d.00", 15000+i%20000), []itinerary.Theme{themes[i%5], themes[(i/5)%5]},
			may1+date.Date(i%9), may1+date.Date(7+i%9), may1+date.Date(21+i%9))
		p.Tags = []inquiry.Weighted{{Interest: themes[i%5], Weight: 1 + i%10}}
		p.Pace, p.HotelGrade = []inquiry.Pace{inquiry.Relaxed, inquiry.Moderate, inquiry.Intense}[i%3], 3+i%3
		if i%4 == 0 {
			p.Destinations = []string{"Asia"}
		}
		ps = append(ps, p)
	}
	n := case1Inquiry().Needs
	b.Run("recommend", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if l, err := inquiry.Recommend(n, nil, ps, 20); err != nil || len(l.Items) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("departures-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			k := 0
			for i := range ps {
				if _, ok := ps[i].FirstDeparture(n.Earliest-2, n.Latest+2); ok {
					k++
				}
			}
			if k == 0 {
				b.Fatal("no departures")
			}
		}
	})
}

// A product's price from is the lowest adult share of its reference
// quote, priced by the pricing engine: case 1's quote for two adults
// and a child.
func TestPriceFromThroughPricing(t *testing.T) {
	t.Parallel()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	req.IssuedAt = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	e := pricing.NewEngine()
	got, err := inquiry.PriceFrom(e, req)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := e.Price(req)
	want := q.PerTraveller[0].Total
	for i, tr := range q.Travellers {
		if c, _ := q.PerTraveller[i].Total.Cmp(want); tr.Type == pricing.Adult && c < 0 {
			want = q.PerTraveller[i].Total
		}
	}
	if !got.Equal(want) || got.String() != "30391.11 CNY" {
		t.Errorf("price from %s, want %s", got, want)
	}
	req.Travellers = req.Travellers[2:] // the child alone
	if _, err := inquiry.PriceFrom(e, req); !errors.Is(err, inquiry.ErrInvalid) || !strings.Contains(err.Error(), "no adult") {
		t.Errorf("no adult: %v", err)
	}
}
