package itinerary_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/internal/oracle"
	"github.com/travelkit/travelkit/itinerary"
)

// autumnTrip has a night train whose arrival, 02:30 on 31 October 2027 in
// Paris, falls in the hour that occurs twice when clocks go back.
func autumnTrip(t *testing.T) *itinerary.Trip {
	t.Helper()
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "a1", Surname: "S", GivenNames: "A", BirthDate: date.New(1980, 1, 1)}}}
	trip, err := itinerary.NewBuilder("T9", "autumn", date.New(2027, 10, 30), party).
		Travel(itinerary.Journey{ID: "night", Mode: itinerary.Rail, From: nice, To: paris, DepartDay: 1, Depart: c(22, 0), ArriveDay: 2, Arrive: c(2, 30)}).
		City(itinerary.Place{City: "Paris"}, 1, "Hôtel", itinerary.Room{Type: "single", Occupancy: 1, Count: 1}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return trip
}

func TestICalRepeatedHourIsWrittenInUTC(t *testing.T) {
	t.Parallel()
	trip := autumnTrip(t)
	out, err := itinerary.ICal(trip, time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	arrive := trip.Items[0].Transport.Arrive
	want := "DTEND:" + arrive.UTC().Format("20060102T150405") + "Z"
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "DTSTART;TZID=Europe/Paris:20271030T220000") {
		t.Errorf("want %s and a zoned start:\n%s", want, out)
	}
}

func TestICalOptions(t *testing.T) {
	t.Parallel()
	trip, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	plain, _ := itinerary.ICal(trip, stamp)
	if strings.Contains(string(plain), "METHOD:") || strings.Contains(string(plain), "ORGANIZER") {
		t.Error("METHOD without an organizer")
	}
	a, _ := itinerary.ICalWith(trip, stamp, itinerary.ICalOptions{Tenant: "agency-a", Sequence: 2, Organizer: "li@agency-a.example"})
	b, _ := itinerary.ICalWith(trip, stamp, itinerary.ICalOptions{Tenant: "agency-b"})
	s := string(a)
	if !strings.Contains(s, "METHOD:PUBLISH") || strings.Count(s, "ORGANIZER:mailto:li@agency-a.example") != 33 ||
		strings.Count(s, "SEQUENCE:2") != 33 {
		t.Errorf("published calendar lacks METHOD, ORGANIZER or SEQUENCE on its 33 events")
	}
	uids := func(cal []byte) map[string]bool {
		out := map[string]bool{}
		for _, line := range strings.Split(string(cal), "\r\n") {
			if v, ok := strings.CutPrefix(line, "UID:"); ok {
				out[v] = true
			}
		}
		return out
	}
	ua, ub := uids(a), uids(b)
	if len(ua) != 33 || len(ub) != 33 {
		t.Fatalf("%d and %d UIDs", len(ua), len(ub))
	}
	for u := range ua {
		if ub[u] {
			t.Errorf("UID %s shared by two tenants", u)
		}
	}
}

// ical.js (npm), an independent RFC 5545 reader, reads every event of the
// case-1 calendar and of the autumn trip at the instants the trip holds.
func TestICalAgainstICalJS(t *testing.T) {
	dir := oracle.Node(t, "ical.js@2.2.1")
	case1, err := casebook.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	for _, trip := range []*itinerary.Trip{case1, autumnTrip(t)} {
		out, err := itinerary.ICalWith(trip, time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC), itinerary.ICalOptions{Tenant: "a", Sequence: 1, Organizer: "li@a.example"})
		if err != nil {
			t.Fatal(err)
		}
		res := oracle.Run(t, dir, `
const ICAL = require("ical.js");
const comp = new ICAL.Component(ICAL.parse(require("fs").readFileSync(0, "utf8")));
for (const tz of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
const out = {};
for (const v of comp.getAllSubcomponents("vevent")) {
  const e = new ICAL.Event(v);
  out[e.uid] = e.startDate.isDate ? [e.startDate.toString(), e.endDate.toString(), e.sequence]
    : [e.startDate.toUnixTime(), e.endDate.toUnixTime(), e.sequence];
}
process.stdout.write(JSON.stringify({method: comp.getFirstPropertyValue("method"), events: out}));
`, out)
		var got struct {
			Method string         `json:"method"`
			Events map[string]any `json:"events"`
		}
		if err := json.Unmarshal(res, &got); err != nil {
			t.Fatal(err)
		}
		if got.Method != "PUBLISH" {
			t.Errorf("method %q", got.Method)
		}
		checked := 0
		for i := range trip.Items {
			it := &trip.Items[i]
			if it.Kind == itinerary.KindNote {
				continue
			}
			ev, ok := got.Events[it.ID+"."+trip.ID+".a@travelkit"].([]any)
			if !ok {
				t.Errorf("%s: ical.js does not see it", it.ID)
				continue
			}
			if ev[2].(float64) != 1 {
				t.Errorf("%s: sequence %v", it.ID, ev[2])
			}
			if it.Kind == itinerary.KindStay {
				if ev[0] != it.Stay.CheckIn.String() || ev[1] != it.Stay.CheckOut.String() {
					t.Errorf("stay %s: ical.js %v–%v", it.ID, ev[0], ev[1])
				}
				checked++
				continue
			}
			start, end := instants(t, it)
			if int64(ev[0].(float64)) != start.Unix() || int64(ev[1].(float64)) != end.Unix() {
				t.Errorf("%s: ical.js reads %v–%v, the trip holds %v–%v", it.ID,
					time.Unix(int64(ev[0].(float64)), 0).UTC(), time.Unix(int64(ev[1].(float64)), 0).UTC(), start.UTC(), end.UTC())
			}
			checked++
		}
		if checked == 0 {
			t.Error("nothing checked")
		}
	}
}
