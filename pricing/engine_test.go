package pricing_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

var travelDate = date.New(2027, time.May, 1)

// baseRequest is a quote in EUR for two adults and a child of eight.
func baseRequest(t *testing.T, lines []pricing.LineInput, rules ...pricing.Rule) pricing.QuoteRequest {
	t.Helper()
	return pricing.QuoteRequest{
		QuoteID:    "Q1",
		Version:    1,
		Currency:   mustCur(t, "EUR"),
		TravelDate: travelDate,
		Travellers: []pricing.Traveller{
			{ID: "a1", BirthDate: date.New(1980, time.January, 1)},
			{ID: "a2", BirthDate: date.New(1982, time.February, 2)},
			{ID: "c1", BirthDate: date.New(2018, time.September, 15)},
		},
		Lines:    lines,
		Rules:    rules,
		IssuedAt: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		ValidFor: 24 * time.Hour,
	}
}

func line(t *testing.T, id string, cat pricing.Category, unit pricing.Unit, price string, qty int) pricing.LineInput {
	return pricing.LineInput{ID: id, Description: id, Category: cat, Unit: unit, Price: mustMoney(t, price, "EUR"), Quantity: qty}
}

func pct(t *testing.T, kind pricing.RuleKind, id, p string, cats ...pricing.Category) pricing.Rule {
	return pricing.Rule{ID: id, Kind: kind, Percent: dec(t, p), Match: pricing.Match{Categories: cats}}
}

// lineFigures is what a test checks of a priced line.
type lineFigures struct {
	ID                            string
	Net, Sell, Margin, Tax, Total string
}

func figures(q *pricing.Quote) []lineFigures {
	out := make([]lineFigures, len(q.Lines))
	for i, l := range q.Lines {
		out[i] = lineFigures{l.ID, l.Net.Amount().StringFixed(2), l.Sell.Amount().StringFixed(2),
			l.Margin.Amount().StringFixed(2), l.Tax.Amount().StringFixed(2), l.Total.Amount().StringFixed(2)}
	}
	return out
}

func TestPriceRules(t *testing.T) {
	t.Parallel()
	T, L, A, S := pricing.CategoryTransport, pricing.CategoryLodging, pricing.CategoryActivities, pricing.CategoryServices
	withChild := func(l pricing.LineInput, child string) pricing.LineInput {
		c := mustMoney(t, child, "EUR")
		l.ChildPrice = &c
		return l
	}
	rooms := func(l pricing.LineInput, units, capacity int) pricing.LineInput {
		l.Units, l.Capacity = units, capacity
		return l
	}
	for2 := func(l pricing.LineInput, ids ...string) pricing.LineInput {
		l.Travellers = ids
		return l
	}
	fee := func(id string, basis pricing.FeeBasis, amount string, cats ...pricing.Category) pricing.Rule {
		a := mustMoney(t, amount, "EUR")
		return pricing.Rule{ID: id, Kind: pricing.RuleFee, FeeBasis: basis, Amount: &a, Match: pricing.Match{Categories: cats}}
	}
	tests := []struct {
		name  string
		lines []pricing.LineInput
		rules []pricing.Rule
		want  []lineFigures
		total string
	}{
		{
			// 3 travellers × 100 = 300 net; markup 20 % → 360.
			name:  "markup per person",
			lines: []pricing.LineInput{line(t, "x", A, pricing.PerPerson, "100", 1)},
			rules: []pricing.Rule{pct(t, pricing.RuleMarkup, "m", "20")},
			want:  []lineFigures{{"x", "300.00", "360.00", "60.00", "0.00", "360.00"}},
			total: "360.00",
		},
		{
			// Child price 60: 100 + 100 + 60 = 260 net; margin 20 % → 260 ÷ 0.8 = 325.
			name:  "margin with child price",
			lines: []pricing.LineInput{withChild(line(t, "x", A, pricing.PerPerson, "100", 1), "60")},
			rules: []pricing.Rule{pct(t, pricing.RuleMargin, "m", "20")},
			want:  []lineFigures{{"x", "260.00", "325.00", "65.00", "0.00", "325.00"}},
			total: "325.00",
		},
		{
			// Margin 15 % on 100: 100 ÷ 0.85 = 117.647058… → 117.65.
			name:  "margin rounds once",
			lines: []pricing.LineInput{line(t, "x", A, pricing.PerGroup, "100", 1)},
			rules: []pricing.Rule{pct(t, pricing.RuleMargin, "m", "15")},
			want:  []lineFigures{{"x", "100.00", "117.65", "17.65", "0.00", "117.65"}},
			total: "117.65",
		},
		{
			// Commissionable gross 150 per room-night × 1 room × 2 nights = 300
			// sell; commission 10 % → net 270.
			name:  "commission",
			lines: []pricing.LineInput{rooms(line(t, "h", L, pricing.PerRoomNight, "150", 2), 1, 3)},
			rules: []pricing.Rule{pct(t, pricing.RuleCommission, "c", "10")},
			want:  []lineFigures{{"h", "270.00", "300.00", "30.00", "0.00", "300.00"}},
			total: "300.00",
		},
		{
			// ⌈3 travellers ÷ 2 per room⌉ = 2 rooms × 2 nights × 100 = 400.
			name:  "rooms from capacity",
			lines: []pricing.LineInput{rooms(line(t, "h", L, pricing.PerRoomNight, "100", 2), 0, 2)},
			want:  []lineFigures{{"h", "400.00", "400.00", "0.00", "0.00", "400.00"}},
			total: "400.00",
		},
		{
			// Fixed sell 65 per car; the supplier-specific rule beats the
			// category markup.
			name: "fixed sell beats category rule",
			lines: []pricing.LineInput{func() pricing.LineInput {
				l := line(t, "car", T, pricing.PerUnit, "50", 1)
				l.Supplier = "cars-inc"
				return l
			}()},
			rules: []pricing.Rule{pct(t, pricing.RuleMarkup, "m", "50", T), func() pricing.Rule {
				a := mustMoney(t, "65", "EUR")
				return pricing.Rule{ID: "f", Kind: pricing.RuleFixedSell, Amount: &a, Match: pricing.Match{Suppliers: []string{"cars-inc"}}}
			}()},
			want:  []lineFigures{{"car", "50.00", "65.00", "15.00", "0.00", "65.00"}},
			total: "65.00",
		},
		{
			// Two room lines, a per-booking fee of 50 matching lodging: charged
			// once as a line of its own, never per room.
			name: "per-booking fee charged once",
			lines: []pricing.LineInput{
				for2(rooms(line(t, "r1", L, pricing.PerRoomNight, "100", 1), 1, 2), "a1", "a2"),
				for2(rooms(line(t, "r2", L, pricing.PerRoomNight, "100", 1), 1, 2), "c1"),
			},
			rules: []pricing.Rule{fee("svc", pricing.FeePerBooking, "50", L)},
			want: []lineFigures{
				{"r1", "100.00", "100.00", "0.00", "0.00", "100.00"},
				{"r2", "100.00", "100.00", "0.00", "0.00", "100.00"},
				{"fee:svc", "0.00", "50.00", "50.00", "0.00", "50.00"},
			},
			total: "250.00",
		},
		{
			// Per-person fee 10 × 3 travellers = 30; per-line fee 5 on each of
			// two activity lines.
			name: "per-person and per-line fees",
			lines: []pricing.LineInput{
				line(t, "x", A, pricing.PerGroup, "100", 1),
				line(t, "y", A, pricing.PerGroup, "20", 1),
			},
			rules: []pricing.Rule{fee("pp", pricing.FeePerPerson, "10"), fee("pl", pricing.FeePerLine, "5", A)},
			want: []lineFigures{
				{"x", "100.00", "105.00", "5.00", "0.00", "105.00"},
				{"y", "20.00", "25.00", "5.00", "0.00", "25.00"},
				{"fee:pp", "0.00", "30.00", "30.00", "0.00", "30.00"},
			},
			total: "160.00",
		},
		{
			// Markup 20 % → 120; discount 10 % → 108; fixed discount 3 → 105.
			name:  "discounts in order",
			lines: []pricing.LineInput{line(t, "x", A, pricing.PerGroup, "100", 1)},
			rules: []pricing.Rule{
				pct(t, pricing.RuleMarkup, "m", "20"),
				pct(t, pricing.RuleDiscount, "d10", "10"),
				func() pricing.Rule {
					a := mustMoney(t, "3", "EUR")
					return pricing.Rule{ID: "d3", Kind: pricing.RuleDiscount, Amount: &a}
				}(),
			},
			want:  []lineFigures{{"x", "100.00", "105.00", "5.00", "0.00", "105.00"}},
			total: "105.00",
		},
		{
			// Sell 240 (markup 20 % on 200): exclusive tax 10 % = 24 → 264.
			// Margin 40: tax on margin 6 % = 40 × 6/106 = 2.264… → 2.26,
			// contained. Inclusive 5 % on services line 50: 50 × 5/105 =
			// 2.380… → 2.38, contained.
			name: "taxes",
			lines: []pricing.LineInput{
				line(t, "x", A, pricing.PerGroup, "200", 1),
				line(t, "s", S, pricing.PerGroup, "50", 1),
			},
			rules: []pricing.Rule{
				pct(t, pricing.RuleMarkup, "m", "20", A),
				{ID: "vat", Kind: pricing.RuleTax, TaxMode: pricing.TaxExclusive, Percent: dec(t, "10"), Match: pricing.Match{Categories: []pricing.Category{A}}},
				{ID: "toms", Kind: pricing.RuleTax, TaxMode: pricing.TaxOnMargin, Percent: dec(t, "6"), Match: pricing.Match{Categories: []pricing.Category{A}}},
				{ID: "incl", Kind: pricing.RuleTax, TaxMode: pricing.TaxInclusive, Percent: dec(t, "5"), Match: pricing.Match{Categories: []pricing.Category{S}}},
			},
			want: []lineFigures{
				{"x", "200.00", "240.00", "40.00", "26.26", "264.00"},
				{"s", "50.00", "50.00", "0.00", "2.38", "50.00"},
			},
			total: "314.00",
		},
	}
	engine := pricing.NewEngine()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := engine.Price(baseRequest(t, tt.lines, tt.rules...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, figures(q)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if got := q.Totals.Total.Amount().StringFixed(2); got != tt.total {
				t.Errorf("total = %s, want %s", got, tt.total)
			}
			checkAddsUp(t, q)
		})
	}
}

// checkAddsUp asserts the quote's invariants: totals are the sums of the
// lines, subtotals of their categories, and traveller shares of the total.
func checkAddsUp(t *testing.T, q *pricing.Quote) {
	t.Helper()
	var net, sell, total, shares, subs decimal.Decimal
	for _, l := range q.Lines {
		net, sell, total = net.Add(l.Net.Amount()), sell.Add(l.Sell.Amount()), total.Add(l.Total.Amount())
		if !l.Margin.Amount().Equal(l.Sell.Amount().Sub(l.Net.Amount())) {
			t.Errorf("line %s: margin %s ≠ sell − net", l.ID, l.Margin)
		}
		for _, m := range []pricing.Money{l.Net, l.Sell, l.Tax, l.Total} {
			if !m.IsRounded() {
				t.Errorf("line %s: %s not rounded", l.ID, m)
			}
		}
	}
	if !net.Equal(q.Totals.Net.Amount()) || !sell.Equal(q.Totals.Sell.Amount()) || !total.Equal(q.Totals.Total.Amount()) {
		t.Errorf("totals %+v are not the sums of the lines", q.Totals)
	}
	for _, s := range q.Subtotals {
		subs = subs.Add(s.Total.Amount())
	}
	if !subs.Equal(total) {
		t.Errorf("subtotals sum to %s, total %s", subs, total)
	}
	for _, s := range q.PerTraveller {
		var own decimal.Decimal
		for _, ls := range s.Lines {
			own = own.Add(ls.Amount.Amount())
		}
		if !own.Equal(s.Total.Amount()) {
			t.Errorf("traveller %s: lines sum to %s, total %s", s.Traveller, own, s.Total)
		}
		shares = shares.Add(s.Total.Amount())
	}
	if !shares.Equal(total) {
		t.Errorf("traveller shares sum to %s, total %s", shares, total)
	}
}

func TestPriceAgeBandOnServiceDate(t *testing.T) {
	t.Parallel()
	// c2 turns 12 on 3 May 2027: a child on the travel date (1 May) but an
	// adult on a service on 3 May. i1 is an infant (1 year old).
	l1 := line(t, "d1", pricing.CategoryActivities, pricing.PerPerson, "100", 1)
	child, infant := mustMoney(t, "60", "EUR"), mustMoney(t, "10", "EUR")
	l1.ChildPrice, l1.InfantPrice = &child, &infant
	l3 := l1
	l3.ID, l3.ServiceDate = "d3", date.New(2027, time.May, 3)
	req := baseRequest(t, []pricing.LineInput{l1, l3})
	req.Travellers = []pricing.Traveller{
		{ID: "a1", BirthDate: date.New(1980, time.January, 1)},
		{ID: "c2", BirthDate: date.New(2015, time.May, 3)},
		{ID: "i1", BirthDate: date.New(2026, time.January, 1)},
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	// d1: 100 + 60 + 10 = 170; d3: 100 + 100 + 10 = 210.
	if got := []string{q.Lines[0].Net.String(), q.Lines[1].Net.String()}; !cmp.Equal(got, []string{"170.00 EUR", "210.00 EUR"}) {
		t.Errorf("nets = %v", got)
	}
	if got := []pricing.TravellerType{q.Travellers[0].Type, q.Travellers[1].Type, q.Travellers[2].Type}; !cmp.Equal(got,
		[]pricing.TravellerType{pricing.Adult, pricing.Child, pricing.Infant}) {
		t.Errorf("types = %v", got)
	}
	// Shares follow each traveller's own price: d1 170 → 100/60/10.
	if got := q.PerTraveller[1].Lines[0].Amount.String(); got != "60.00 EUR" {
		t.Errorf("child's share of d1 = %s", got)
	}
	checkAddsUp(t, q)
}

func TestPriceFXLocksRates(t *testing.T) {
	t.Parallel()
	req := baseRequest(t, []pricing.LineInput{line(t, "x", pricing.CategoryActivities, pricing.PerGroup, "100", 1)})
	req.Currency = mustCur(t, "CNY")
	req.FX = rateTable(t)
	req.FXBufferPct = dec(t, "3")
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	// 100 EUR × 7.8125 × 1.03 = 804.6875 → 804.69 CNY.
	if got := q.Lines[0].Sell.String(); got != "804.69 CNY" {
		t.Errorf("sell = %s", got)
	}
	if len(q.Rates) != 1 || !q.Rates[0].Applied.Equal(dec(t, "8.046875")) || q.Rates[0].Source != "desk" {
		t.Errorf("locked rates = %+v", q.Rates)
	}
	if want := req.IssuedAt.Add(24 * time.Hour); !q.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", q.ExpiresAt, want)
	}
}

func TestPriceReportsEveryProblem(t *testing.T) {
	t.Parallel()
	gbp := mustMoney(t, "10", "GBP")
	lines := []pricing.LineInput{
		{ID: "x", Description: "x", Category: pricing.CategoryActivities, Unit: pricing.PerPerson, Price: mustMoney(t, "10", "EUR"), Quantity: -1},
		{ID: "x", Description: "no price", Category: pricing.CategoryMeals, Unit: pricing.PerGroup, Quantity: 1},
		{ID: "y", Description: "pounds", Category: "spa", Unit: pricing.PerGroup, Price: gbp, Quantity: 1, Travellers: []string{"nobody"}},
		{ID: "z", Description: "rooms", Category: pricing.CategoryLodging, Unit: pricing.PerRoomNight, Price: mustMoney(t, "-5", "EUR"), Quantity: 1, Units: 1, Capacity: 2},
	}
	req := baseRequest(t, lines, pct(t, pricing.RuleMargin, "m", "100"))
	req.FX = rateTable(t)
	req.Version = 0
	_, err := pricing.NewEngine().Price(req)
	if !errors.Is(err, pricing.ErrInvalid) {
		t.Fatalf("error = %v, want ErrInvalid", err)
	}
	want := []string{
		"Version:out_of_range",
		"Lines[0].Quantity:out_of_range",
		"Lines[1].Price:required",
		"Rules[0].Percent:out_of_range",
		"Lines[1].ID:duplicate",
		"Lines[2].Category:invalid_value",
		"Lines[2].Travellers[0]:unknown_reference",
		"Lines[2].Price:missing_rate",
		"Lines[3].Price:negative",
		"Lines[3].Units:out_of_range",
	}
	if diff := cmp.Diff(want, codes(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "GBP→EUR") {
		t.Errorf("missing rate should name the pair: %v", err)
	}

	// An empty party and no lines.
	empty := baseRequest(t, nil)
	empty.Travellers = nil
	empty.Currency = pricing.Currency{}
	empty.ValidFor = 0
	_, err = pricing.NewEngine().Price(empty)
	if diff := cmp.Diff([]string{"Currency:required", "Travellers:required", "Lines:required", "ValidFor:out_of_range"}, codes(t, err)); diff != "" {
		t.Errorf("empty request problems (-want +got):\n%s", diff)
	}
}

func TestPriceDiscountBelowNet(t *testing.T) {
	t.Parallel()
	lines := []pricing.LineInput{line(t, "x", pricing.CategoryActivities, pricing.PerGroup, "100", 1)}
	rules := []pricing.Rule{pct(t, pricing.RuleMarkup, "m", "10"), pct(t, pricing.RuleDiscount, "d", "15")}
	_, err := pricing.NewEngine().Price(baseRequest(t, lines, rules...))
	if diff := cmp.Diff([]string{"Lines[0]:below_net"}, codes(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	rules[1].AllowBelowNet = true
	q, err := pricing.NewEngine().Price(baseRequest(t, lines, rules...))
	if err != nil {
		t.Fatal(err)
	}
	// 110 − 15 % = 93.50; margin −6.50.
	if q.Lines[0].Sell.String() != "93.50 EUR" || q.Lines[0].Margin.String() != "-6.50 EUR" {
		t.Errorf("sell %s margin %s", q.Lines[0].Sell, q.Lines[0].Margin)
	}
}

func TestPriceZeroEngine(t *testing.T) {
	t.Parallel()
	var e pricing.Engine
	if _, err := e.Price(pricing.QuoteRequest{}); !errors.Is(err, pricing.ErrInvalid) {
		t.Errorf("zero engine error = %v", err)
	}
}

func TestAgeOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		birth, on date.Date
		want      int
	}{
		{date.New(2015, 5, 3), date.New(2027, 5, 2), 11},
		{date.New(2015, 5, 3), date.New(2027, 5, 3), 12},
		{date.New(2016, 2, 29), date.New(2027, 2, 28), 10},
		{date.New(2016, 2, 29), date.New(2027, 3, 1), 11},
		{date.New(2016, 2, 29), date.New(2028, 2, 29), 12},
	}
	for _, tt := range tests {
		if got := pricing.AgeOn(tt.birth, tt.on); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.birth, tt.on, got, tt.want)
		}
	}
}

func TestPriceWithoutCurrency(t *testing.T) {
	t.Parallel()
	l := line(t, "x", pricing.CategoryMeals, pricing.PerGroup, "1", 1)
	l.Price = pricing.Money{}.Neg() // an amount that has no currency
	_, err := pricing.NewEngine().Price(baseRequest(t, []pricing.LineInput{l}))
	if diff := cmp.Diff([]string{"Lines[0].Price:invalid_currency"}, codes(t, err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
