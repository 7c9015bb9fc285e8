package itinerary_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/golden"
	"github.com/travelkit/travelkit/itinerary"
)

func TestRenderTextGolden(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	for name, lang := range map[string]language.Tag{"case1-plan.en.txt": language.English, "case1-plan.zh-CN.txt": language.SimplifiedChinese} {
		var buf bytes.Buffer
		if err := itinerary.RenderText(&buf, trip, lang); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, name, buf.Bytes())
	}
}

func TestMarshalPlanGoldenAndRoundTrip(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	got, err := itinerary.MarshalPlan(trip)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "case1-plan.json", got)
	if !bytes.Contains(got, []byte(`"depart": "2027-05-01T13:35:00+08:00"`)) || !bytes.Contains(got, []byte(`"arrive": "2027-05-01T19:05:00+02:00"`)) {
		t.Error("instants are not RFC 3339 in their own zones")
	}
	// The trip part decodes back to the same trip, instants equal.
	var doc struct {
		Trip json.RawMessage `json:"trip"`
	}
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	back, err := itinerary.DecodeTrip(doc.Trip)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := itinerary.MarshalPlan(back)
	if !bytes.Equal(got, again) {
		t.Error("decode and re-encode changed the plan")
	}
	if !back.Items[0].Transport.Depart.Equal(trip.Items[0].Transport.Depart) {
		t.Error("departure instant changed in the round trip")
	}
}

func TestDecodeTripErrors(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		`{`,
		`{"id":"x","surprise":1}`,
		`{"id":"x"} {"id":"y"}`,
		`{"items":[{"id":"a","kind":"transport","transport":{"mode":"flight","from":{"city":"X","zone":"Nowhere/Land"},"to":{"city":"Y","zone":"UTC"},"depart":"2027-05-01T10:00:00Z","arrive":"2027-05-01T11:00:00Z"}}]}`,
		`{"start":"2027-13-01"}`,
		`{"party":{"travellers":[{"id":"a","birth_date":"2027-02-30"}]}}`,
	} {
		_, err := itinerary.DecodeTrip([]byte(bad))
		var ve *itinerary.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, itinerary.ErrInvalid) {
			t.Errorf("DecodeTrip(%s) error = %v", bad, err)
		}
	}
}

// FuzzDecodeTrip: no input panics, errors are typed, and what decodes can be
// validated, viewed and rendered without panicking.
func FuzzDecodeTrip(f *testing.F) {
	trip, _ := casebook.Case1Trip()
	seed, _ := json.Marshal(trip)
	f.Add(seed)
	f.Add([]byte(`{"id":"x","start":"2027-05-01","end":"2027-05-01","items":[{"id":"n","kind":"note","note":{"date":"2027-05-01","text":"hi"}}]}`))
	f.Add([]byte(`{"start":"2027-05-01","end":"1900-01-01"}`))
	f.Add([]byte(`{"items":[{"kind":"activity","activity":{"place":{"zone":"UTC"},"start":"25:00"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		trip, err := itinerary.DecodeTrip(data)
		if err != nil {
			if !errors.Is(err, itinerary.ErrInvalid) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		r := itinerary.Validate(trip, itinerary.DefaultRules())
		for _, p := range r.Problems {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
		}
		_, _ = itinerary.Days(trip)
		_ = itinerary.RenderText(&bytes.Buffer{}, trip, language.English)
		_, _ = itinerary.ICal(trip, time.Unix(0, 0).UTC())
	})
}

func TestICalRoundTrip(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	out, err := itinerary.ICal(trip, stamp)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "case1.ics", out)
	if bare := strings.Count(string(out), "\n") - strings.Count(string(out), "\r\n"); bare != 0 {
		t.Errorf("%d lines end without CRLF (RFC 5545 §3.1)", bare)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	events := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		events[e.Id()] = e
	}
	timed := 0
	for i := range trip.Items {
		it := &trip.Items[i]
		e := events[it.ID+"."+trip.ID+"@travelkit"]
		if it.Kind == itinerary.KindNote {
			if e != nil {
				t.Errorf("note %s exported", it.ID)
			}
			continue
		}
		if e == nil {
			t.Errorf("item %s missing from the calendar", it.ID)
			continue
		}
		if it.Kind == itinerary.KindStay {
			start, err := e.GetAllDayStartAt()
			if err != nil || start.Format("2006-01-02") != it.Stay.CheckIn.String() {
				t.Errorf("stay %s starts %v, %v", it.ID, start, err)
			}
			continue
		}
		start, err1 := e.GetStartAt()
		end, err2 := e.GetEndAt()
		if err1 != nil || err2 != nil {
			t.Errorf("%s: %v %v", it.ID, err1, err2)
			continue
		}
		wantStart, wantEnd := instants(t, it)
		if !start.Equal(wantStart) || !end.Equal(wantEnd) {
			t.Errorf("%s: calendar %v–%v, trip %v–%v", it.ID, start, end, wantStart, wantEnd)
		}
		timed++
	}
	if timed != 30 { // 34 items less 3 stays and a note
		t.Errorf("%d timed events checked, want 30", timed)
	}
	// Every TZID used has its VTIMEZONE, and Paris' covers the summer offset.
	zones := map[string]bool{}
	for _, z := range cal.Timezones() {
		zones[z.GetProperty(ics.ComponentPropertyTzid).Value] = true
	}
	for _, z := range []string{"Asia/Shanghai", "Europe/Paris", "Europe/Rome", "Europe/Madrid"} {
		if !zones[z] {
			t.Errorf("no VTIMEZONE for %s", z)
		}
	}
	if !strings.Contains(string(out), "DTSTART;TZID=Asia/Shanghai:20270501T133500") ||
		!strings.Contains(string(out), "DTEND;TZID=Europe/Paris:20270501T190500") {
		t.Error("the first flight does not start in Beijing time and end in Paris time")
	}
}

// instants returns an item's start and end as the trip holds them.
func instants(t *testing.T, it *itinerary.Item) (time.Time, time.Time) {
	t.Helper()
	switch {
	case it.Transport != nil:
		return it.Transport.Depart, it.Transport.Arrive
	case it.Activity != nil:
		return local(t, it.Activity.Place.Zone, it.Activity.Date.String(), it.Activity.Start, it.Activity.Minutes)
	case it.Meal != nil:
		return local(t, it.Meal.Place.Zone, it.Meal.Date.String(), it.Meal.Start, it.Meal.Minutes)
	case it.FreeTime != nil:
		return local(t, it.FreeTime.Place.Zone, it.FreeTime.Date.String(), it.FreeTime.Start, it.FreeTime.Minutes)
	}
	t.Fatalf("item %s has no time", it.ID)
	return time.Time{}, time.Time{}
}

func local(t *testing.T, zone, day string, start itinerary.TimeOfDay, minutes int) (time.Time, time.Time) {
	s, err := time.ParseInLocation("2006-01-02 15:04", day+" "+start.String(), mustLoad(t, zone))
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Add(time.Duration(minutes) * time.Minute)
}

func TestICalTimezoneTransitions(t *testing.T) {
	t.Parallel()
	// A trip over the spring-forward night (28 March 2027, 02:00 → 03:00)
	// describes both Paris offsets and the moment of the change.
	shifted, err := small(t).Shift(date.New(2027, 3, 27))
	if err != nil {
		t.Fatal(err)
	}
	out, err := itinerary.ICal(shifted, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(out), "\r\n", "\n")
	for _, want := range []string{
		"BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT",
		"BEGIN:DAYLIGHT\nDTSTART:20270328T010000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nTZNAME:BST\nEND:DAYLIGHT",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("calendar lacks\n%s\n---\n%s", want, s)
		}
	}
}

// People read places and UTC offsets, never zone database names.
func TestRenderTextNamesNoZoneIDs(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	zoneID := regexp.MustCompile(`\b(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]`)
	for _, lang := range []language.Tag{language.English, language.SimplifiedChinese} {
		var b bytes.Buffer
		if err := itinerary.RenderText(&b, trip, lang); err != nil {
			t.Fatal(err)
		}
		if m := zoneID.FindString(b.String()); m != "" {
			t.Errorf("%s text names the zone %q", lang, m)
		}
		if !strings.Contains(b.String(), "UTC+8") {
			t.Errorf("%s text gives no UTC offset for Beijing times", lang)
		}
	}
}

// A place's name in a language: the exact tag, then its script, then its
// base language, else the city as given.
func TestPlaceNameInLanguage(t *testing.T) {
	t.Parallel()
	beijing := itinerary.Place{City: "Beijing", Names: map[string]string{"zh": "北京", "zh-Hant": "北京市", "zh-HK": "北京（港）"}}
	for _, c := range []struct {
		tag  string
		want string
	}{{"zh-CN", "北京"}, {"zh-Hans", "北京"}, {"zh-TW", "北京市"}, {"zh-Hant", "北京市"}, {"zh-HK", "北京（港）"}, {"en", "Beijing"}, {"fr", "Beijing"}} {
		if got := beijing.Name(language.MustParse(c.tag)); got != c.want {
			t.Errorf("%s: %q, want %q", c.tag, got, c.want)
		}
	}
	if got := (itinerary.Place{City: "Rome"}).Name(language.SimplifiedChinese); got != "Rome" {
		t.Errorf("a place without names: %q", got)
	}
}
