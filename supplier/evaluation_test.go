package supplier_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/supplier"
)

func TestSchemeChecksWeightsAndStandings(t *testing.T) {
	t.Parallel()
	if err := supplier.DefaultScheme().Validate(); err != nil {
		t.Fatal(err)
	}
	s := supplier.DefaultScheme()
	s.Criteria[0].Weight = decimal.NewFromInt(25) // sum 105
	s.Standings[1].Min = decimal.NewFromInt(35)   // gap 30–35
	s.Standings[3].Max = decimal.NewFromInt(99)   // does not reach 100
	want := []string{"Criteria:invalid_value", "Standings:standing_gap", "Standings:standing_gap"}
	if diff := cmp.Diff(want, codes(s.Validate())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	s = supplier.DefaultScheme()
	s.Standings[2].Min = decimal.NewFromInt(45) // overlaps poor
	if got := codes(s.Validate()); len(got) != 1 || got[0] != "Standings:standing_overlap" {
		t.Errorf("overlap: %v", got)
	}
}

// Periods have exact lengths: a week is seven days from Monday.
func TestPeriods(t *testing.T) {
	t.Parallel()
	d := date.New(2027, 5, 6) // a Thursday
	for kind, want := range map[supplier.PeriodKind][2]date.Date{
		supplier.Week:    {date.New(2027, 5, 3), date.New(2027, 5, 9)},
		supplier.Month:   {date.New(2027, 5, 1), date.New(2027, 5, 31)},
		supplier.Quarter: {date.New(2027, 4, 1), date.New(2027, 6, 30)},
		supplier.Year:    {date.New(2027, 1, 1), date.New(2027, 12, 31)},
	} {
		from, to := supplier.PeriodOf(kind, d)
		if from != want[0] || to != want[1] {
			t.Errorf("%s: %s–%s", kind, from, to)
		}
	}
	if from, to := supplier.PeriodOf(supplier.Week, date.New(2027, 5, 3)); to-from != 6 {
		t.Errorf("a week is %d days", to-from+1)
	}
}

func TestEvaluateScoresNoDataAndTopStanding(t *testing.T) {
	t.Parallel()
	s := supplier.DefaultScheme()
	d := date.New(2027, 5, 20)
	// A period without activity: no data, never a score.
	ev, err := supplier.Evaluate(s, "hotel-pantheon", d, supplier.Performance{})
	if err != nil || !ev.NoData || ev.Score != nil || ev.Standing != nil {
		t.Fatalf("empty period: %+v, %v", ev, err)
	}
	// A perfect month scores 100, which is in the top standing.
	perfect := supplier.Performance{Confirmations: []time.Duration{time.Hour}, OnRequestAsked: 2, OnRequestAccepted: 2,
		InvoiceLines: 4, InvoiceLinesExact: 4, Bookings: 10, Releases: 3, ReleasesOnTime: 3}
	ev, _ = supplier.Evaluate(s, "hotel-pantheon", d, perfect)
	if ev.Score.String() != "100" || ev.Standing.Name != "excellent" {
		t.Errorf("perfect: %s %v", ev.Score, ev.Standing)
	}
	// Median confirmation 48 h against 24 h (100 − 33.3333), half the
	// on-request sales accepted, 3 of 4 invoices exact, 1 complaint per 10
	// bookings (100 − 100), no releases (no data: weights re-normalised).
	mixed := supplier.Performance{Confirmations: []time.Duration{24 * time.Hour, 48 * time.Hour, 72 * time.Hour}, OnRequestAsked: 2,
		OnRequestAccepted: 1, InvoiceLines: 4, InvoiceLinesExact: 3, Bookings: 10, ChargedBack: 1}
	ev, _ = supplier.Evaluate(s, "hotel-pantheon", d, mixed)
	// (66.6667×20 + 50×15 + 75×25 + 0×25) / 85 = 46.5686…
	if ev.Score.String() != "46.57" || ev.Standing.Name != "poor" || !ev.Criteria[4].NoData {
		t.Errorf("mixed: %s %v %+v", ev.Score, ev.Standing, ev.Criteria)
	}
	var en, zh bytes.Buffer
	_ = ev.RenderText(&en, language.English)
	_ = ev.RenderText(&zh, language.SimplifiedChinese)
	for _, want := range []string{"Supplier evaluation hotel-pantheon · Sat 1 May 2027 – Mon 31 May 2027", "Release compliance (15%): no data", "Score: 46.6 · poor"} {
		if !strings.Contains(en.String(), want) {
			t.Errorf("English report lacks %q:\n%s", want, en.String())
		}
	}
	for _, want := range []string{"供应商评价报告", "释放合规率 (15%): 无数据", "总分：46.6 · 差"} {
		if !strings.Contains(zh.String(), want) {
			t.Errorf("Chinese report lacks %q:\n%s", want, zh.String())
		}
	}
}
