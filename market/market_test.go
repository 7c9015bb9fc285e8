package market_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func money(t testing.TB, amount, code string) pricing.Money {
	t.Helper()
	m, err := pricing.Parse(amount, code)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func rates(t testing.TB) pricing.FXSource {
	t.Helper()
	cny, _ := pricing.ParseCurrency("CNY")
	eur, _ := pricing.ParseCurrency("EUR")
	rt, err := pricing.NewRateTable(cny, pricing.Rate{From: eur, To: cny, Value: decimal.RequireFromString("7.7"),
		AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func ours(t testing.TB) market.Ours {
	return market.Ours{Product: "EU-CLASSIC-10", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10,
		Inclusions: []string{"flights", "hotel"}, Price: money(t, "10000.00", "CNY"), Basis: market.PerPerson}
}

// observation is a like-for-like offer unless changed.
func observation(t testing.TB, id, competitor, price, code string, seen time.Time) market.Observation {
	return market.Observation{ID: id, Competitor: competitor, Product: "Europe 10 days", Destination: "europe", Departure: date.New(2027, 5, 3),
		Days: 10, Inclusions: []string{"Flights", "hotel", "meals"}, Price: money(t, price, code), Basis: market.PerPerson, ObservedAt: seen,
		Source: "ctrip", Available: true}
}

var seen = time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai)

// The comparison set: every exclusion counted by reason (an unavailable
// competitor and a corrected observation among them), a EUR price
// converted at the locked rate, median, mean and indices exact.
func TestCompareCountsExclusionsAndIndexesExactly(t *testing.T) {
	t.Parallel()
	a := observation(t, "o1", "ctrip", "9000.00", "CNY", seen)
	b := observation(t, "o2", "tuniu", "10000.00", "CNY", seen)
	c := observation(t, "o3", "kuoni", "1500.00", "EUR", seen) // 11 550.00 CNY
	wrong := observation(t, "o4", "fliggy", "1.00", "CNY", seen)
	fixed := observation(t, "o5", "fliggy", "12000.00", "CNY", seen.Add(time.Hour))
	fixed.Corrects = "o4"
	sold := observation(t, "o6", "caissa", "8000.00", "CNY", seen)
	sold.Available = false
	far := observation(t, "o7", "ctrip", "5000.00", "CNY", seen)
	far.Departure = date.New(2027, 5, 20)
	short := observation(t, "o8", "ctrip", "5000.00", "CNY", seen)
	short.Days = 7
	japan := observation(t, "o9", "ctrip", "5000.00", "CNY", seen)
	japan.Destination = "Japan"
	bare := observation(t, "o10", "ctrip", "5000.00", "CNY", seen)
	bare.Inclusions = []string{"hotel"}
	total := observation(t, "o11", "ctrip", "30000.00", "CNY", seen)
	total.Basis = market.Total
	p, err := market.Compare(ours(t), []market.Observation{a, b, c, wrong, fixed, sold, far, short, japan, bare, total},
		market.SetRule{WindowDays: 7, DaysTolerance: 1}, rates(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[market.Reason]int{market.Superseded: 1, market.Unavailable: 1, market.OutsideWindow: 1, market.OtherDuration: 1,
		market.OtherDestination: 1, market.MissingInclusions: 1, market.OtherBasis: 1}
	if len(p.Excluded) != len(want) {
		t.Errorf("excluded %v", p.Excluded)
	}
	for k, v := range want {
		if p.Excluded[k] != v {
			t.Errorf("excluded %s: %d, want %d", k, p.Excluded[k], v)
		}
	}
	// The set: 9 000, 10 000, 11 550, 12 000: median 10 775, mean 10 637.50.
	if len(p.Set) != 4 || p.Median.String() != "10775.00 CNY" || p.Mean.String() != "10637.50 CNY" ||
		p.IndexMedian.String() != "92.81" || p.IndexMean.String() != "94.01" || p.Min.String() != "9000.00 CNY" ||
		p.Max.String() != "12000.00 CNY" || len(p.Rates) != 1 || p.NoData {
		t.Errorf("position %+v", p)
	}
	// An odd set whose mean does not terminate: 9 000, 10 000, 12 000.
	p, _ = market.Compare(ours(t), []market.Observation{a, b, fixed}, market.SetRule{WindowDays: 7, DaysTolerance: 1}, rates(t))
	if p.Median.String() != "10000.00 CNY" || p.IndexMedian.String() != "100" || p.Mean.String() != "10333.33 CNY" || p.IndexMean.String() != "96.77" {
		t.Errorf("odd set %+v", p)
	}
	// Only the unavailable offer: no data, not an index of 0 or 100.
	p, err = market.Compare(ours(t), []market.Observation{sold}, market.SetRule{WindowDays: 7}, nil)
	if err != nil || !p.NoData || !p.IndexMedian.IsZero() || p.Excluded[market.Unavailable] != 1 {
		t.Errorf("no data %+v %v", p, err)
	}
	if _, err := market.Compare(ours(t), []market.Observation{c}, market.SetRule{WindowDays: 7, DaysTolerance: 1}, nil); !errors.Is(err, pricing.ErrMissingRate) {
		t.Errorf("no rate: %v", err)
	}
}

// Weekly trend with an empty week: no data there, and no change across it.
func TestTrendWithEmptyWeek(t *testing.T) {
	t.Parallel()
	mk := func(id, price string, day int) market.Priced {
		o := observation(t, id, "ctrip", price, "CNY", time.Date(2026, 11, day, 12, 0, 0, 0, shanghai))
		return market.Priced{Observation: o, Price: o.Price}
	}
	set := []market.Priced{mk("a", "10000.00", 2), mk("b", "11000.00", 4), mk("c", "12000.00", 10), mk("d", "9900.00", 24), mk("e", "9000.00", 30)}
	pts, err := market.Trend(set, market.ISOWeek, date.New(2026, 11, 2), date.New(2026, 12, 6), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pts {
		s := p.Label + " "
		switch {
		case p.NoData:
			s += "no data"
		case p.Change == nil:
			s += p.Median.String()
		default:
			s += p.Median.String() + " " + p.Change.String()
		}
		got = append(got, s)
	}
	want := []string{"2026-W45 10500.00 CNY", "2026-W46 12000.00 CNY 14.29", "2026-W47 no data", "2026-W48 9900.00 CNY", "2026-W49 9000.00 CNY -9.09"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("trend\n got %v\nwant %v", got, want)
	}
	months, _ := market.Trend(set, market.Month, date.New(2026, 10, 1), date.New(2026, 11, 30), shanghai)
	if len(months) != 2 || !months[0].NoData || months[1].Label != "2026-11" || months[1].Median.String() != "10000.00 CNY" || months[1].Change != nil {
		t.Errorf("months %+v", months)
	}
	if _, err := market.Trend(set, "fortnight", date.New(2026, 11, 2), date.New(2026, 11, 3), shanghai); !errors.Is(err, market.ErrInvalid) {
		t.Errorf("unknown window: %v", err)
	}
}

func TestMovesBeyondThreshold(t *testing.T) {
	t.Parallel()
	a := observation(t, "a", "ctrip", "10000.00", "CNY", seen)
	b := observation(t, "b", "ctrip", "10499.00", "CNY", seen.Add(24*time.Hour)) // +4.99 %
	c := observation(t, "c", "ctrip", "9974.05", "CNY", seen.Add(48*time.Hour))  // −5.00 %
	d := observation(t, "d", "tuniu", "8000.00", "CNY", seen)
	ms := market.Moves([]market.Observation{c, a, d, b}, decimal.NewFromInt(5))
	if len(ms) != 1 || ms[0].Change.String() != "-5" || ms[0].From.String() != "10499.00 CNY" {
		t.Errorf("moves %+v", ms)
	}
}

const csvFile = "ID,Competitor,Product,Destination,Departure,Days,Price,Currency,Basis,Inclusions,Observed,Source,Available,Corrects\n" +
	"o1,ctrip,Europe 10 days,Europe,2027-05-03,10,9000.00,CNY,per_person,flights;hotel,2026-11-20T10:00:00+08:00,ctrip.com,yes,\n" +
	"o2,kuoni,Europe Classic,Europe,2027-05-01,10,1500.00,EUR,per_person,flights; hotel; meals,2026-11-20T11:00:00+08:00,kuoni.ch,no,\n" +
	"o3,ctrip,Europe 10 days,Europe,2027-05-03,10,9100.00,CNY,per_person,flights;hotel,2026-11-21T10:00:00+08:00,ctrip.com,,o1\n"

var csvMapping = market.Mapping{ID: "id", Competitor: "competitor", Product: "product", Destination: "destination", Departure: "departure",
	Days: "days", Price: "price", Currency: "currency", Basis: "basis", Inclusions: "inclusions", ObservedAt: "observed", Source: "source",
	Available: "available", Corrects: "corrects"}

func TestParseObservations(t *testing.T) {
	t.Parallel()
	obs, err := market.ParseObservations(strings.NewReader(csvFile), csvMapping)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 3 || obs[1].Available || len(obs[1].Inclusions) != 3 || obs[1].Inclusions[2] != "meals" || obs[2].Corrects != "o1" ||
		obs[1].Price.String() != "1500.00 EUR" || !obs[0].ObservedAt.Equal(seen) || len(market.Current(obs)) != 2 {
		t.Errorf("observations %+v", obs)
	}
	bad := "ID,Competitor,Product,Destination,Departure,Days,Price,Observed,Source\n" +
		"x1,,P,Europe,2027-13-01,ten,abc,yesterday,web\n" +
		"x2,c,P,Europe,2027-05-01,0,-5.00,2026-11-20T10:00:00Z,web\n"
	m := csvMapping
	m.Currency, m.Basis, m.Inclusions, m.Available, m.Corrects, m.DefaultCurrency, m.DefaultBasis = "", "", "", "", "", "CNY", market.PerPerson
	_, err = market.ParseObservations(strings.NewReader(bad), m)
	var ve *market.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, market.ErrInvalid) {
		t.Fatalf("bad file: %v", err)
	}
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	want := []string{"line 2.departure", "line 2.days", "line 2.price", "line 2.observed", "line 2.competitor", "line 3.days", "line 3.price"}
	if strings.Join(fields, " ") != strings.Join(want, " ") {
		t.Errorf("problems %v, want %v", fields, want)
	}
	if _, err := market.ParseObservations(strings.NewReader("a,b\n"), market.Mapping{}); !errors.As(err, &ve) || len(ve.Problems) != 11 {
		t.Errorf("empty mapping: %v", err)
	}
}

func FuzzParseObservations(f *testing.F) {
	f.Add(csvFile)
	f.Add("ID,Competitor\n\"unclosed")
	f.Add(strings.Replace(csvFile, "Source", "Price", 1))
	f.Add(strings.Replace(csvFile, "ctrip", "ct\x00rip", 1))
	f.Add(strings.Replace(csvFile, ",10,", ",1000000,", 1))
	f.Add(strings.Replace(csvFile, "9000.00", "+-9000.00", 1))
	f.Fuzz(func(t *testing.T, s string) {
		m := csvMapping
		m.MaxLineBytes, m.MaxBytes, m.MaxRows = 1024, 1<<16, 100
		obs, err := market.ParseObservations(strings.NewReader(s), m)
		if err != nil {
			if !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("error of another kind: %v", err)
			}
			return
		}
		for i := range obs {
			if err := obs[i].Validate(); err != nil {
				t.Fatalf("an accepted observation is invalid: %v", err)
			}
		}
	})
}

func report(t testing.TB) market.Report {
	obs, err := market.ParseObservations(strings.NewReader(csvFile), csvMapping)
	if err != nil {
		t.Fatal(err)
	}
	extra := observation(t, "o9", "tuniu", "10400.00", "CNY", time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai))
	extra.Inclusions = []string{"flights", "hotel"}
	r, err := market.BuildReport(market.ReportInput{Title: "Europe, May 2027 departures", From: date.New(2026, 11, 16), To: date.New(2026, 11, 29),
		Zone: shanghai, Ours: []market.Ours{ours(t)}, Observations: append(obs, extra), Rule: market.SetRule{WindowDays: 7, DaysTolerance: 1},
		FX: rates(t), Window: market.ISOWeek, ThresholdPct: decimal.NewFromInt(1), Due: time.Date(2026, 11, 30, 18, 0, 0, 0, shanghai)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReportGoldenAndSchedule(t *testing.T) {
	t.Parallel()
	r := report(t)
	for _, lang := range []struct {
		tag  language.Tag
		name string
	}{{language.SimplifiedChinese, "zh"}, {language.English, "en"}} {
		var b bytes.Buffer
		if err := r.RenderText(&b, lang.tag); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "report-"+lang.name+".txt", b.Bytes())
	}
	if on, sub := r.OnSchedule(); on || sub {
		t.Errorf("not submitted: %v %v", on, sub)
	}
	at := r.Due
	r.SubmittedAt = &at
	if on, sub := r.OnSchedule(); !on || !sub {
		t.Errorf("submitted on the due instant: %v %v", on, sub)
	}
	late := r.Due.Add(time.Second)
	r.SubmittedAt = &late
	if on, _ := r.OnSchedule(); on {
		t.Error("a second late is late")
	}
	r.SubmittedAt = &at
	r.Trend = r.Trend[:1]
	if on, _ := r.OnSchedule(); on {
		t.Error("no trend analysis, not on schedule")
	}
}

// A price move is shown in the report's zone with its offset, never in
// UTC, and exclusion reasons in the reader's language.
func TestReportShowsMovesInLocalTime(t *testing.T) {
	from, _ := pricing.Parse("27800.00", "CNY")
	to, _ := pricing.Parse("29900.00", "CNY")
	r := market.Report{Title: "欧洲", Zone: "Asia/Shanghai", Threshold: decimal.NewFromInt(5),
		Coverage: market.Coverage{Excluded: map[market.Reason]int{market.OtherBasis: 2}},
		Moves: []market.Move{{Competitor: "ctrip", Product: "Europe 10 days", From: from, To: to, Change: decimal.RequireFromString("7.55"),
			At: time.Date(2026, 11, 19, 18, 30, 0, 0, time.UTC)}}}
	var zh, en strings.Builder
	if err := r.RenderText(&zh, language.SimplifiedChinese); err != nil {
		t.Fatal(err)
	}
	if err := r.RenderText(&en, language.English); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want, not string }{
		{zh.String(), "2026年11月20日 星期五 02:30（UTC+8）", "Z"},
		{zh.String(), "排除 计价方式不同：2", "BASIS"},
		{en.String(), "20 Nov 2026 02:30 (UTC+8)", "18:30"},
		{en.String(), "excluded other price basis: 2", "BASIS"},
	} {
		if !strings.Contains(c.text, c.want) || strings.Contains(c.text, c.not) {
			t.Errorf("want %q and no %q in\n%s", c.want, c.not, c.text)
		}
	}
}
