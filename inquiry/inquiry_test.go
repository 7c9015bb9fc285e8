package inquiry_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func cny(s string) pricing.Money {
	m, err := pricing.Parse(s, "CNY")
	if err != nil {
		panic(err)
	}
	return m
}

// case1Inquiry is a case-1-like inquiry: two adults and a child of eight,
// ten days in Europe in May 2027, history and food, 28 000 CNY a person
// with 10 % to spare.
func case1Inquiry() inquiry.Inquiry {
	return inquiry.Inquiry{ID: "INQ-1", Channel: inquiry.WeChat, ReceivedAt: time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai), Consultant: "chen",
		CustomerID: "c1", LeadSource: "referral", Status: inquiry.New,
		Needs: inquiry.Needs{Destinations: []string{"Europe"}, Earliest: date.New(2027, 4, 28), Latest: date.New(2027, 5, 3), FlexDays: 2,
			MinDays: 9, MaxDays: 11, Party: []date.Date{date.New(1985, 3, 12), date.New(1987, 7, 30), date.New(2018, 9, 15)},
			Budget:    &inquiry.Budget{Amount: cny("28000.00"), Basis: inquiry.PerPerson, TolerancePct: decimal.NewFromInt(10)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}, {Interest: itinerary.ThemeFood, Weight: 6}},
			Pace:      inquiry.Moderate, HotelGrade: 4}}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	ok := case1Inquiry()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := inquiry.Inquiry{Channel: "fax", Status: inquiry.Won, Needs: inquiry.Needs{Earliest: date.New(2027, 5, 3), Latest: date.New(2027, 5, 1),
		MinDays: 10, MaxDays: 5, Budget: &inquiry.Budget{Basis: "monthly", TolerancePct: decimal.NewFromInt(-1)},
		Interests: []inquiry.Weighted{{Interest: itinerary.ThemeFood, Weight: 11}}, Pace: "frantic", HotelGrade: 7}}
	var ve *inquiry.ValidationError
	if err := bad.Validate(); !errors.As(err, &ve) || !errors.Is(err, inquiry.ErrInvalid) || len(ve.Problems) != 14 {
		t.Errorf("%d problems: %v", len(ve.Problems), err)
	}
}

// Every (status, event) pair: the allowed moves, and every other refused
// as ErrInvalidTransition naming both.
func TestTransitions(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 21, 9, 0, 0, 0, shanghai)
	in := inquiry.Input{At: at, By: "chen", TripID: "T-1", BookingRef: "TK-1", Reason: inquiry.LostPrice}
	allowed := map[inquiry.Status]map[inquiry.Event]inquiry.Status{
		inquiry.New:       {inquiry.Qualify: inquiry.Qualified, inquiry.Lose: inquiry.Lost},
		inquiry.Qualified: {inquiry.Propose: inquiry.Proposed, inquiry.Lose: inquiry.Lost},
		inquiry.Proposed:  {inquiry.Propose: inquiry.Proposed, inquiry.Win: inquiry.Won, inquiry.Lose: inquiry.Lost},
	}
	for _, from := range []inquiry.Status{inquiry.New, inquiry.Qualified, inquiry.Proposed, inquiry.Won, inquiry.Lost} {
		for _, ev := range []inquiry.Event{inquiry.Qualify, inquiry.Propose, inquiry.Win, inquiry.Lose} {
			q := case1Inquiry()
			q.Status = from
			err := q.Apply(ev, in)
			want, ok := allowed[from][ev]
			switch {
			case ok && (err != nil || q.Status != want || len(q.History) != 1 || q.History[0].From != from):
				t.Errorf("%s + %s: %v, now %s", from, ev, err, q.Status)
			case !ok && (!errors.Is(err, inquiry.ErrInvalidTransition) || q.Status != from || !strings.Contains(err.Error(), string(from)) ||
				!strings.Contains(err.Error(), string(ev))):
				t.Errorf("%s + %s should be refused: %v", from, ev, err)
			}
		}
	}
	q := case1Inquiry()
	q.Status = inquiry.Proposed
	if err := q.Apply(inquiry.Win, inquiry.Input{At: at}); !errors.Is(err, inquiry.ErrInvalid) || q.Status != inquiry.Proposed {
		t.Errorf("won without a booking: %v", err)
	}
	if err := q.Apply(inquiry.Lose, inquiry.Input{At: at, Reason: "bored"}); !errors.Is(err, inquiry.ErrInvalid) {
		t.Errorf("lost for an unknown reason: %v", err)
	}
	if err := q.Apply(inquiry.Win, in); err != nil || q.BookingRef != "TK-1" {
		t.Errorf("won: %v %+v", err, q)
	}
}

// The first-response SLA counts business hours on a feedback calendar:
// an inquiry on the eve of the National Day week is due after it.
func TestFirstResponseAcrossHoliday(t *testing.T) {
	t.Parallel()
	var holidays []date.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, date.New(2026, 10, d))
	}
	h := time.Hour
	cal, err := feedback.NewCalendar(feedback.CalendarSpec{Zone: "Asia/Shanghai", Holidays: holidays,
		Week: feedback.Weekdays(feedback.Window{From: 9 * h, To: 12 * h}, feedback.Window{From: 13 * h, To: 18 * h})})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 10, 8, 10, 0, 0, 0, shanghai)
	for _, c := range []struct {
		name      string
		respond   *time.Time
		now       time.Time
		met, late bool
	}{
		{"waiting, before due", nil, due.Add(-time.Minute), false, false},
		{"waiting, past due", nil, due.Add(time.Second), false, true},
		{"answered on the due minute", &due, due.Add(time.Hour), true, false},
		{"answered a minute late", ptr(due.Add(time.Minute)), due.Add(time.Hour), false, true},
	} {
		q := case1Inquiry()
		q.ReceivedAt = time.Date(2026, 9, 30, 17, 0, 0, 0, shanghai)
		if c.respond != nil {
			if err := q.Respond(inquiry.Exchange{At: *c.respond, By: "chen", Question: "Dates?", Answer: "1 May"}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := q.FirstResponseSLA(cal, 2*time.Hour, c.now)
		if err != nil || !r.Due.Equal(due) || r.Met != c.met || r.Breached != c.late {
			t.Errorf("%s: %+v %v", c.name, r, err)
		}
	}
	q := case1Inquiry()
	if err := q.Respond(inquiry.Exchange{At: q.ReceivedAt.Add(-time.Hour), Answer: "x"}); !errors.Is(err, inquiry.ErrInvalid) {
		t.Errorf("an answer before the inquiry: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestNormalisationAndDuplicates(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Wang.Lei+trip@Example.COM ": "wang.lei@example.com", "li@x.cn": "li@x.cn", "no-at": "no-at"} {
		if got := inquiry.NormalEmail(in); got != want {
			t.Errorf("NormalEmail(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]string{"138 0013 8000": "+8613800138000", "+86 138-0013-8000": "+8613800138000",
		"0086 13800138000": "+8613800138000", "１３８００１３８０００": "+8613800138000", "010-6500 0000": "01065000000", "": ""} {
		if got := inquiry.NormalPhone(in); got != want {
			t.Errorf("NormalPhone(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"WANG/LEI": "wanglei", "Wang Lei": "wanglei", "王 磊": "王磊", "Ｗａｎｇ": "wang"} {
		if got := inquiry.NormalName(in); got != want {
			t.Errorf("NormalName(%q) = %q, want %q", in, got, want)
		}
	}
	ds := inquiry.Duplicates([]inquiry.Contact{
		{ID: "c1", Name: "王磊", Email: "wang.lei@example.com", Phone: "13800138000"},
		{ID: "c2", Name: "Wang Lei", Email: "Wang.Lei+eu@example.com"},
		{ID: "c3", Name: "王 磊", Phone: "+86 138 0013 8000"},
		{ID: "c4", Name: "WANG/LEI"},
		{ID: "c5", Name: "Li Na", Email: "li.na@example.com"},
	})
	var got []string
	for _, d := range ds {
		s := d.A + "-" + d.B + ":"
		for _, k := range d.By {
			s += string(k) + ","
		}
		if d.Sure {
			s += "sure"
		}
		got = append(got, s)
	}
	want := []string{"c1-c2:email,sure", "c1-c3:name,phone,sure", "c2-c4:name,"}
	if !slices.Equal(got, want) {
		t.Errorf("duplicates %v, want %v", got, want)
	}
}

func TestProfileKeepsProvenance(t *testing.T) {
	t.Parallel()
	first := case1Inquiry()
	later := case1Inquiry()
	later.ID, later.ReceivedAt = "INQ-2", first.ReceivedAt.Add(24*time.Hour)
	later.Needs.Interests = []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 5}}
	later.Needs.Dietary = "no pork"
	trips := []inquiry.PastTrip{
		{BookingRef: "TK-A", Themes: []itinerary.Theme{itinerary.ThemeBeach, itinerary.ThemeHistory}, At: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)},
		{BookingRef: "TK-B", Themes: []itinerary.Theme{itinerary.ThemeBeach}, At: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	p := inquiry.BuildProfile("c1", []inquiry.Inquiry{later, first}, trips)
	var got []string
	for _, pr := range p.Preferences {
		got = append(got, string(pr.Interest)+"="+string(rune('0'+pr.Weight))+"/"+string(pr.Source)+"/"+pr.From)
	}
	want := []string{"food=6/stated/INQ-1", "history=5/stated/INQ-2", "beach=6/inferred/TK-B"}
	if !slices.Equal(got, want) || p.Dietary != "no pork" {
		t.Errorf("profile %v (dietary %q), want %v", got, p.Dietary, want)
	}
	if w, src := p.Weight(itinerary.ThemeBeach); w != 6 || src != inquiry.Inferred {
		t.Errorf("beach %d %s", w, src)
	}
}
