package itinerary_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/itinerary"
)

func TestClockOutOfRangeIsRefusedByTheBuilder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ h, m int }{{25, 70}, {10, 60}, {-1, 0}, {24, 1}, {3, -5}} {
		if itinerary.Clock(tc.h, tc.m).Valid() {
			t.Errorf("Clock(%d,%d) is valid", tc.h, tc.m)
		}
	}
	if got := itinerary.Clock(24, 0).String(); got != "24:00" {
		t.Errorf("Clock(24,0) = %s", got)
	}
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a1", Surname: "S", GivenNames: "A", BirthDate: date.New(1980, 1, 1)}}}
	_, err := itinerary.NewBuilder("T", "t", date.New(2027, 5, 1), party).
		Travel(itinerary.Journey{ID: "f", Mode: itinerary.Flight, From: london, To: paris, DepartDay: 1, Depart: itinerary.Clock(25, 70), Arrive: c(12, 0)}).
		Activity(itinerary.Visit{ID: "v", Day: 1, Place: itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, Start: itinerary.Clock(10, 70), Minutes: 60, Title: "x"}).
		Build()
	var ve *itinerary.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Field != "f.Depart" || ve.Problems[1].Field != "v.Start" {
		t.Fatalf("impossible clock times: %v", err)
	}
}

func TestNilTripIsRefusedNotPanicking(t *testing.T) {
	t.Parallel()
	check := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, itinerary.ErrInvalid) {
			t.Errorf("%s(nil) = %v", name, err)
		}
	}
	_, err := itinerary.ICal(nil, time.Now())
	check("ICal", err)
	check("RenderText", itinerary.RenderText(&bytes.Buffer{}, nil, language.English))
	_, err = itinerary.MarshalPlan(nil)
	check("MarshalPlan", err)
	_, err = itinerary.Days(nil)
	check("Days", err)
	check("Validate", itinerary.Validate(nil, itinerary.DefaultRules()).Err())
}

// 28 March 2027: Paris clocks go from 02:00 to 03:00.
func TestLocalTimeInDSTGapIsAWarning(t *testing.T) {
	t.Parallel()
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a1", Surname: "S", GivenNames: "A", BirthDate: date.New(1980, 1, 1)}}}
	b := itinerary.NewBuilder("T", "night train", date.New(2027, 3, 27), party).
		Travel(itinerary.Journey{ID: "tr", Mode: itinerary.Rail, From: nice, To: paris, DepartDay: 1, Depart: c(22, 0), ArriveDay: 2, Arrive: c(2, 30)}).
		Activity(itinerary.Visit{ID: "v", Day: 2, Place: itinerary.Place{City: "Paris", Zone: "Europe/Paris"}, Start: c(2, 15), Minutes: 30, Title: "night walk"})
	trip, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	w := b.Warnings()
	if len(w) != 1 || w[0].Code != itinerary.CodeDSTGap || w[0].Detail["used"] != "03:30" || w[0].Items[0] != "tr" {
		t.Fatalf("builder warnings %+v", w)
	}
	var gaps []string
	for _, p := range itinerary.Validate(trip, itinerary.DefaultRules()).Problems {
		if p.Code == itinerary.CodeDSTGap {
			if p.Severity != itinerary.SeverityWarning {
				t.Errorf("gap is not a warning: %+v", p)
			}
			gaps = append(gaps, p.Items[0])
		}
	}
	if diff := cmp.Diff([]string{"v"}, gaps); diff != "" {
		t.Errorf("validate gaps (-want +got):\n%s", diff)
	}
}

func TestPlainUnmarshalRefusesImpossibleDates(t *testing.T) {
	t.Parallel()
	data, err := json.Marshal(small(t))
	if err != nil {
		t.Fatal(err)
	}
	var back itinerary.Trip
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(small(t), &back, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location().String() == b.Location().String() })); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	bad := bytes.Replace(data, []byte(`"2027-05-03"`), []byte(`"2027-02-30"`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("fixture has no end date to break")
	}
	if err := json.Unmarshal(bad, &back); !errors.Is(err, itinerary.ErrInvalid) || !strings.Contains(err.Error(), "2027-02-30") {
		t.Fatalf("impossible date: %v", err)
	}
}

func TestMarshalPlanReadsBack(t *testing.T) {
	t.Parallel()
	trip := small(t)
	data, err := itinerary.MarshalPlan(trip)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := itinerary.DecodePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := itinerary.MarshalPlan(plan.Trip)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Error("plan does not read back to the same bytes")
	}
	days, _ := itinerary.Days(trip)
	want, _ := json.Marshal(days)
	got, _ := json.Marshal(plan.Days)
	if len(plan.Days) != 3 || !bytes.Equal(want, got) {
		t.Errorf("days differ after reading back:\n%s\n%s", want, got)
	}
}
