package itinerary

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
)

// Rules are the thresholds validation uses. DefaultRules gives the usual
// values; a zero duration disables its check.
type Rules struct {
	// MinConnection is the shortest change between two transports of one
	// traveller, by the mode of the onward transport, when both are
	// domestic; MinConnectionIntl when either crosses a border.
	MinConnection     map[Mode]time.Duration
	MinConnectionIntl map[Mode]time.Duration
	// ConnectionWindow: transports further apart than this are separate
	// journeys, not a connection.
	ConnectionWindow time.Duration
	// LongDay warns when a day's first start and last end are further apart.
	LongDay time.Duration
	// LateArrival warns about arrivals at or after this local time (and
	// before 05:00).
	LateArrival TimeOfDay
}

// DefaultRules returns 60 min domestic and 120 min international flight
// connections, 30 min for rail and ferries, 20 min for coaches, a 12 h
// connection window, 14 h long days and late arrivals from 23:00.
func DefaultRules() Rules {
	return Rules{
		MinConnection:     map[Mode]time.Duration{Flight: time.Hour, Rail: 30 * time.Minute, Ferry: 30 * time.Minute, Coach: 20 * time.Minute},
		MinConnectionIntl: map[Mode]time.Duration{Flight: 2 * time.Hour, Rail: 30 * time.Minute, Ferry: 45 * time.Minute, Coach: 20 * time.Minute},
		ConnectionWindow:  12 * time.Hour,
		LongDay:           14 * time.Hour,
		LateArrival:       Clock(23, 0),
	}
}

// Report is the outcome of Validate: every problem found, errors and
// warnings, in a stable order.
type Report struct {
	Problems []Problem `json:"problems"`
}

// Errors returns the blocking problems.
func (r Report) Errors() []Problem { return r.filter(SeverityError) }

// Warnings returns the problems that only deserve a look.
func (r Report) Warnings() []Problem { return r.filter(SeverityWarning) }

func (r Report) filter(s Severity) []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Err returns a *ValidationError with the blocking problems, or nil.
func (r Report) Err() error {
	if errs := r.Errors(); len(errs) > 0 {
		return &ValidationError{Kind: ErrInvalid, Problems: errs}
	}
	return nil
}

// Codes lists the problems as "code:item,item" strings, handy in tests and
// logs.
func (r Report) Codes() []string {
	out := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		out[i] = p.Code + ":" + strings.Join(p.Items, ",")
	}
	return out
}

// validator holds one validation run.
type validator struct {
	trip   *Trip
	rules  Rules
	zones  zones
	report Report
	// keyed problems gather the travellers of one finding.
	keyed map[string]int
	trav  map[string]int // traveller ID → index
	types []TravellerType
	// per-item facts, indexed like trip.Items
	usable []bool  // zones load and details present
	who    [][]int // traveller indexes the item concerns
	fromL  []*time.Location
	toL    []*time.Location
}

// Validate checks a trip and returns every problem found: errors that make
// the trip wrong and warnings that deserve a look. It never stops at the
// first problem and runs in O(n log n) in the number of items per traveller.
func Validate(t *Trip, rules Rules) Report {
	if t == nil {
		var ve *ValidationError
		errors.As(errNilTrip(), &ve)
		return Report{Problems: ve.Problems}
	}
	v := &validator{trip: t, rules: rules, zones: zones{}, keyed: map[string]int{}}
	v.checkTrip()
	v.checkItems()
	perTraveller := make([][]int, len(t.Party.Travellers))
	for i := range t.Items {
		if v.usable[i] {
			for _, k := range v.who[i] {
				perTraveller[k] = append(perTraveller[k], i)
			}
		}
	}
	for k, items := range perTraveller {
		v.checkTraveller(k, items)
	}
	v.checkNights()
	v.checkDays()
	return v.report
}

func (v *validator) add(code string, sev Severity, msg string, items ...string) {
	v.report.Problems = append(v.report.Problems, Problem{Code: code, Severity: sev, Items: items, Message: msg})
}

// addDetail records a finding with the data behind its message, so that
// callers never parse the message.
func (v *validator) addDetail(code string, sev Severity, msg string, detail map[string]string, items ...string) {
	v.report.Problems = append(v.report.Problems, Problem{Code: code, Severity: sev, Items: items, Message: msg, Detail: detail})
}

// addFor records a finding once, gathering every traveller it concerns.
func (v *validator) addFor(key, code string, traveller int, msg string, items ...string) {
	id := v.trip.Party.Travellers[traveller].ID
	if i, ok := v.keyed[key]; ok {
		v.report.Problems[i].Travellers = append(v.report.Problems[i].Travellers, id)
		return
	}
	v.keyed[key] = len(v.report.Problems)
	v.report.Problems = append(v.report.Problems, Problem{Code: code, Severity: SeverityError, Items: items,
		Travellers: []string{id}, Message: msg})
}

func (v *validator) checkTrip() {
	t := v.trip
	if strings.TrimSpace(t.Title) == "" {
		v.report.Problems = append(v.report.Problems, Problem{Code: CodeRequired, Severity: SeverityError, Field: "Title", Message: "a trip needs a title"})
	}
	if t.Start == 0 || t.End < t.Start {
		v.report.Problems = append(v.report.Problems, Problem{Code: CodeInvalidValue, Severity: SeverityError, Field: "End", Message: "a trip needs a start date on or before its end date"})
	}
	if len(t.Party.Travellers) == 0 {
		v.report.Problems = append(v.report.Problems, Problem{Code: CodeRequired, Severity: SeverityError, Field: "Party", Message: "the party has no travellers"})
	}
	v.trav = make(map[string]int, len(t.Party.Travellers))
	v.types = make([]TravellerType, len(t.Party.Travellers))
	adults, infants := 0, 0
	for i, tr := range t.Party.Travellers {
		f := "Party.Travellers[" + strconv.Itoa(i) + "]"
		switch {
		case tr.ID == "":
			v.report.Problems = append(v.report.Problems, Problem{Code: CodeRequired, Severity: SeverityError, Field: f + ".ID", Message: "a traveller needs an ID"})
		case v.hasTraveller(tr.ID):
			v.report.Problems = append(v.report.Problems, Problem{Code: CodeDuplicateID, Severity: SeverityError, Field: f + ".ID", Message: "traveller " + strconv.Quote(tr.ID) + " listed twice"})
		default:
			v.trav[tr.ID] = i
		}
		if strings.TrimSpace(tr.Surname) == "" || strings.TrimSpace(tr.GivenNames) == "" {
			v.report.Problems = append(v.report.Problems, Problem{Code: CodeRequired, Severity: SeverityError, Field: f, Message: "surname and given names as on the travel document are required"})
		}
		if tr.BirthDate == 0 || tr.BirthDate > t.Start {
			v.report.Problems = append(v.report.Problems, Problem{Code: CodeInvalidValue, Severity: SeverityError, Field: f + ".BirthDate", Message: "a birth date before the trip is required"})
		}
		v.types[i] = t.Party.Type(tr, t.Start)
		switch v.types[i] {
		case Adult:
			adults++
		case Infant:
			infants++
		}
	}
	if infants > 0 && adults == 0 {
		v.report.Problems = append(v.report.Problems, Problem{Code: CodeInfantAlone, Severity: SeverityError, Field: "Party", Message: "the party has an infant and no adult"})
	}
}

func (v *validator) hasTraveller(id string) bool { _, ok := v.trav[id]; return ok }

// checkItems checks each item on its own: shape, zones, travellers, dates,
// opening hours and rooms.
func (v *validator) checkItems() {
	t := v.trip
	n := len(t.Items)
	v.usable = make([]bool, n)
	v.who = make([][]int, n)
	v.fromL = make([]*time.Location, n)
	v.toL = make([]*time.Location, n)
	everyone := make([]int, len(t.Party.Travellers))
	for k := range everyone {
		everyone[k] = k
	}
	seen := make(map[string]bool, n)
	for i := range t.Items {
		it := &t.Items[i]
		if it.ID == "" {
			v.add(CodeRequired, SeverityError, "item "+strconv.Itoa(i)+" has no ID")
		} else if seen[it.ID] {
			v.add(CodeDuplicateID, SeverityError, "item ID "+strconv.Quote(it.ID)+" used twice", it.ID)
		}
		seen[it.ID] = true
		if it.Status != Proposed && it.Status != Requested && it.Status != Confirmed {
			v.add(CodeInvalidValue, SeverityError, "status must be proposed, requested or confirmed", it.ID)
		}
		// Travellers.
		if len(it.Travellers) == 0 {
			v.who[i] = everyone
		} else {
			for _, id := range it.Travellers {
				if k, ok := v.trav[id]; ok {
					v.who[i] = append(v.who[i], k)
				} else {
					v.add(CodeUnknownTraveller, SeverityError, "traveller "+strconv.Quote(id)+" is not in the party", it.ID)
				}
			}
		}
		v.usable[i] = v.checkShape(i)
		if !v.usable[i] {
			continue
		}
		v.checkDates(i)
		v.checkInfants(i)
		if it.Kind == KindActivity {
			v.checkOpening(it)
		}
		if it.Kind == KindStay {
			v.checkRooms(i)
		}
	}
}

// checkShape checks kind, details and zones; it reports whether the item
// can take part in the checks that need its times.
func (v *validator) checkShape(i int) bool {
	it := &v.trip.Items[i]
	set := 0
	for _, p := range []bool{it.Transport != nil, it.Stay != nil, it.Activity != nil, it.Meal != nil, it.FreeTime != nil, it.Note != nil} {
		if p {
			set++
		}
	}
	var want bool
	switch it.Kind {
	case KindTransport:
		want = it.Transport != nil
	case KindStay:
		want = it.Stay != nil
	case KindActivity:
		want = it.Activity != nil
	case KindMeal:
		want = it.Meal != nil
	case KindFreeTime:
		want = it.FreeTime != nil
	case KindNote:
		want = it.Note != nil
	}
	if !want || set != 1 {
		v.add(CodeInvalidValue, SeverityError, "kind "+strconv.Quote(string(it.Kind))+" needs its details and no others", it.ID)
		return false
	}
	zone := func(p Place) *time.Location {
		loc, err := v.zones.load(p.Zone)
		if err != nil {
			v.add(CodeUnknownZone, SeverityError, "place "+strconv.Quote(p.City)+": "+err.Error(), it.ID)
		}
		return loc
	}
	var minutes int
	var start TimeOfDay
	switch it.Kind {
	case KindTransport:
		tr := it.Transport
		v.fromL[i], v.toL[i] = zone(tr.From), zone(tr.To)
		switch tr.Mode {
		case Flight, Rail, Coach, Ferry, Transfer:
		default:
			v.add(CodeInvalidValue, SeverityError, "unknown transport mode "+strconv.Quote(string(tr.Mode)), it.ID)
			return false
		}
		if tr.Depart.IsZero() || tr.Arrive.IsZero() {
			v.add(CodeRequired, SeverityError, "transport needs departure and arrival times", it.ID)
			return false
		}
		if v.fromL[i] == nil || v.toL[i] == nil {
			return false
		}
		if !tr.Arrive.After(tr.Depart) {
			v.add(CodeArrivesBeforeDep, SeverityError, "arrives "+tr.Arrive.In(v.toL[i]).Format(time.RFC3339)+
				", not after it departs "+tr.Depart.In(v.fromL[i]).Format(time.RFC3339), it.ID)
			return false
		}
		return true
	case KindStay:
		v.fromL[i] = zone(it.Stay.Place)
		if it.Stay.CheckOut <= it.Stay.CheckIn {
			v.add(CodeCheckOutOrder, SeverityError, "check-out must be after check-in", it.ID)
			return false
		}
		return v.fromL[i] != nil
	case KindActivity:
		v.fromL[i], start, minutes = zone(it.Activity.Place), it.Activity.Start, it.Activity.Minutes
	case KindMeal:
		v.fromL[i], start, minutes = zone(it.Meal.Place), it.Meal.Start, it.Meal.Minutes
	case KindFreeTime:
		v.fromL[i], start, minutes = zone(it.FreeTime.Place), it.FreeTime.Start, it.FreeTime.Minutes
	case KindNote:
		return true
	}
	if !start.Valid() || minutes < 0 || minutes > 7*24*60 {
		v.add(CodeInvalidValue, SeverityError, "start must be 00:00–24:00 and minutes between 0 and a week", it.ID)
		return false
	}
	if loc := v.fromL[i]; loc != nil {
		d, _, _ := it.Dates()
		if got := of(at(d, start, loc)); got != start && start != 24*60 {
			v.addDetail(CodeDSTGap, SeverityWarning, d.String()+" "+start.String()+" does not exist in "+loc.String()+" (clocks go forward)",
				map[string]string{"date": d.String(), "local_time": start.String(), "zone": loc.String()}, it.ID)
		}
	}
	return v.fromL[i] != nil
}

// dates returns the first and last local dates of a usable item.
func (v *validator) dates(i int) (date.Date, date.Date) {
	it := &v.trip.Items[i]
	switch it.Kind {
	case KindTransport:
		return localDate(it.Transport.Depart, v.fromL[i]), localDate(it.Transport.Arrive, v.toL[i])
	case KindStay:
		return it.Stay.CheckIn, it.Stay.CheckOut
	case KindActivity:
		return it.Activity.Date, it.Activity.Date
	case KindMeal:
		return it.Meal.Date, it.Meal.Date
	case KindFreeTime:
		return it.FreeTime.Date, it.FreeTime.Date
	}
	return it.Note.Date, it.Note.Date
}

func (v *validator) checkDates(i int) {
	first, last := v.dates(i)
	if first < v.trip.Start || last > v.trip.End {
		v.addDetail(CodeOutsideTrip, SeverityError, fmt.Sprintf("%s–%s is outside the trip's %s–%s", first, last, v.trip.Start, v.trip.End),
			map[string]string{"first": first.String(), "last": last.String()}, v.trip.Items[i].ID)
	}
}

func (v *validator) checkInfants(i int) {
	adult, infant := false, false
	for _, k := range v.who[i] {
		adult = adult || v.types[k] == Adult
		infant = infant || v.types[k] == Infant
	}
	if infant && !adult {
		v.add(CodeInfantAlone, SeverityError, "an infant is on this item without an adult", v.trip.Items[i].ID)
	}
}

func (v *validator) checkOpening(it *Item) {
	a := it.Activity
	o := a.Opening
	if o == nil {
		return
	}
	if !slices.Contains(o.Days, a.Date.Weekday()) {
		v.addDetail(CodeClosedDay, SeverityError, a.Date.Weekday().String()+" is not an opening day",
			map[string]string{"date": a.Date.String(), "weekday": a.Date.Weekday().String()}, it.ID)
		return
	}
	end := int(a.Start) + a.Minutes
	if a.Start < o.Open || end > int(o.Close) {
		until := TimeOfDay(min(end, 24*60))
		v.addDetail(CodeClosedHours, SeverityError, fmt.Sprintf("visit %s–%s is outside opening hours %s–%s", a.Start, until, o.Open, o.Close),
			map[string]string{"date": a.Date.String(), "start": a.Start.String(), "end": until.String(), "open": o.Open.String(), "close": o.Close.String()}, it.ID)
	}
}

func (v *validator) checkRooms(i int) {
	s := v.trip.Items[i].Stay
	if len(s.Rooms) == 0 {
		return
	}
	capacity := 0
	for _, r := range s.Rooms {
		if r.Occupancy < 1 || r.Count < 1 {
			v.add(CodeInvalidValue, SeverityError, "rooms need an occupancy and a count", v.trip.Items[i].ID)
			return
		}
		capacity += r.Occupancy * r.Count
	}
	sleepers := 0
	for _, k := range v.who[i] {
		if v.types[k] != Infant { // infants sleep in cots
			sleepers++
		}
	}
	if sleepers > capacity {
		v.addDetail(CodeRoomsOverCapacity, SeverityError, fmt.Sprintf("%d travellers, rooms sleep %d", sleepers, capacity),
			map[string]string{"sleepers": strconv.Itoa(sleepers), "capacity": strconv.Itoa(capacity)}, v.trip.Items[i].ID)
	}
}

// checkTraveller checks one traveller's transports and stays against each
// other: overlaps, location continuity and connection times. Sorting makes
// each check linear after O(n log n).
func (v *validator) checkTraveller(k int, mine []int) {
	var transports, stays []int
	for _, i := range mine {
		switch v.trip.Items[i].Kind {
		case KindTransport:
			transports = append(transports, i)
		case KindStay:
			stays = append(stays, i)
		}
	}
	items := v.trip.Items
	slices.SortStableFunc(transports, func(a, b int) int { return items[a].Transport.Depart.Compare(items[b].Transport.Depart) })
	slices.SortStableFunc(stays, func(a, b int) int { return int(items[a].Stay.CheckIn - items[b].Stay.CheckIn) })

	// Overlapping transports: each against the one reaching furthest so far.
	far := -1
	for _, i := range transports {
		tr := items[i].Transport
		if far >= 0 && tr.Depart.Before(items[far].Transport.Arrive) {
			a, b := items[far].ID, items[i].ID
			v.addFor("to:"+a+"|"+b, CodeTransportOverlap, k, "transports overlap", a, b)
		}
		if far < 0 || tr.Arrive.After(items[far].Transport.Arrive) {
			far = i
		}
	}
	far = -1
	for _, i := range stays {
		s := items[i].Stay
		if far >= 0 && s.CheckIn < items[far].Stay.CheckOut {
			a, b := items[far].ID, items[i].ID
			v.addFor("so:"+a+"|"+b, CodeStayOverlap, k, "stays overlap: two beds for the same nights", a, b)
		}
		if far < 0 || s.CheckOut > items[far].Stay.CheckOut {
			far = i
		}
	}

	// Location continuity and connections, transport by transport.
	for n := 1; n < len(transports); n++ {
		prev, next := items[transports[n-1]], items[transports[n]]
		p, q := prev.Transport, next.Transport
		if !p.To.sameCity(q.From) {
			v.addFor("lc:"+prev.ID+"|"+next.ID, CodeLocation, k,
				"departs from "+q.From.City+" but the traveller is in "+p.To.City, prev.ID, next.ID)
			continue
		}
		gap := q.Depart.Sub(p.Arrive)
		if gap < 0 || (v.rules.ConnectionWindow > 0 && gap > v.rules.ConnectionWindow) {
			continue
		}
		table := v.rules.MinConnection
		if p.international() || q.international() {
			table = v.rules.MinConnectionIntl
		}
		if need := table[q.Mode]; gap < need {
			v.addFor("sc:"+prev.ID+"|"+next.ID, CodeShortConnection, k,
				fmt.Sprintf("%d min to connect, %d min needed", int(gap/time.Minute), int(need/time.Minute)), prev.ID, next.ID)
		}
	}
	// A stay must be where the traveller's last arrival on or before its
	// check-in date took them; with no arrival since the previous stay began,
	// it must be in the previous stay's city (a move needs a transport).
	byArrival := slices.Clone(transports)
	slices.SortStableFunc(byArrival, func(a, b int) int { return items[a].Transport.Arrive.Compare(items[b].Transport.Arrive) })
	prevStay := -1
	for _, i := range stays {
		s := items[i].Stay
		// The last transport arriving on or before the check-in date.
		j, _ := slices.BinarySearchFunc(byArrival, s.CheckIn+1, func(t int, d date.Date) int {
			if localDate(items[t].Transport.Arrive, v.toL[t]) < d {
				return -1
			}
			return 1
		})
		arrivedSincePrev := j > 0 && (prevStay < 0 ||
			localDate(items[byArrival[j-1]].Transport.Arrive, v.toL[byArrival[j-1]]) >= items[prevStay].Stay.CheckIn)
		switch {
		case arrivedSincePrev:
			last := items[byArrival[j-1]]
			if !last.Transport.To.sameCity(s.Place) {
				v.addFor("ls:"+last.ID+"|"+items[i].ID, CodeLocation, k,
					"stay in "+s.Place.City+" but the traveller arrived in "+last.Transport.To.City, last.ID, items[i].ID)
			}
		case prevStay >= 0:
			prev := items[prevStay]
			if !prev.Stay.Place.sameCity(s.Place) {
				v.addFor("ss:"+prev.ID+"|"+items[i].ID, CodeLocation, k,
					"stay in "+s.Place.City+" follows a stay in "+prev.Stay.Place.City+" with no transport between", prev.ID, items[i].ID)
			}
		}
		prevStay = i
	}
}

// international reports whether a transport crosses a border (when both
// countries are known).
func (t *Transport) international() bool {
	return t.From.Country != "" && t.To.Country != "" && !strings.EqualFold(t.From.Country, t.To.Country)
}

// checkNights finds nights between start and end where a traveller has no
// bed and is not travelling overnight. Coverage is counted with difference
// arrays: linear in items and nights.
func (v *validator) checkNights() {
	t := v.trip
	nights := int(t.End - t.Start)
	if nights <= 0 || nights >= maxDays || len(t.Party.Travellers) == 0 {
		return
	}
	cover := make([][]int, len(t.Party.Travellers))
	for k := range cover {
		cover[k] = make([]int, nights+1)
	}
	mark := func(k int, from, to date.Date) { // nights [from, to)
		a, b := max(int(from-t.Start), 0), min(int(to-t.Start), nights)
		if a < b {
			cover[k][a]++
			cover[k][b]--
		}
	}
	for i := range t.Items {
		if !v.usable[i] {
			continue
		}
		it := &t.Items[i]
		var from, to date.Date
		switch it.Kind {
		case KindStay:
			from, to = it.Stay.CheckIn, it.Stay.CheckOut
		case KindTransport:
			from, to = v.dates(i) // overnight when it arrives on a later date
		default:
			continue
		}
		for _, k := range v.who[i] {
			mark(k, from, to)
		}
	}
	for n := 0; n < nights; n++ {
		var missing []string
		for k := range cover {
			if n > 0 {
				cover[k][n] += cover[k][n-1]
			}
			if cover[k][n] == 0 {
				missing = append(missing, t.Party.Travellers[k].ID)
			}
		}
		if len(missing) > 0 {
			night := t.Start + date.Date(n)
			v.report.Problems = append(v.report.Problems, Problem{Code: CodeNightUncovered, Severity: SeverityError,
				Travellers: missing, Message: "no bed and no overnight transport on the night of " + night.String(),
				Detail: map[string]string{"date": night.String()}})
		}
	}
}

// checkDays warns about long days, late arrivals and empty days.
func (v *validator) checkDays() {
	t := v.trip
	days := t.Days()
	if days <= 0 || days > maxDays {
		return
	}
	first := make([]time.Time, days)
	last := make([]time.Time, days)
	busy := make([]bool, days)
	for i := range t.Items {
		if !v.usable[i] {
			continue
		}
		it := &t.Items[i]
		d0, d1 := v.dates(i)
		if it.Kind != KindStay {
			for d := max(d0, t.Start); d <= min(d1, t.End); d++ {
				busy[d-t.Start] = true
			}
		}
		start, end, ok, err := it.span(v.zones)
		if !ok || err != nil || d0 < t.Start || d0 > t.End {
			continue
		}
		if d1 > d0 {
			end = start // an overnight journey ends the day it leaves
		}
		n := d0 - t.Start
		if first[n].IsZero() || start.Before(first[n]) {
			first[n] = start
		}
		if end.After(last[n]) {
			last[n] = end
		}
		if it.Kind == KindTransport && v.rules.LateArrival > 0 {
			if a := of(it.Transport.Arrive.In(v.toL[i])); a >= v.rules.LateArrival || a < Clock(5, 0) {
				v.addDetail(CodeLateArrival, SeverityWarning, "arrives at "+a.String()+" local time", map[string]string{"local_time": a.String()}, it.ID)
			}
		}
	}
	for n := 0; n < days; n++ {
		d := t.Start + date.Date(n)
		if !busy[n] {
			v.addDetail(CodeEmptyDay, SeverityWarning, "nothing planned on "+d.String(), map[string]string{"date": d.String()})
		}
		if v.rules.LongDay > 0 && !first[n].IsZero() && last[n].Sub(first[n]) > v.rules.LongDay {
			span := last[n].Sub(first[n]).Round(time.Minute)
			v.addDetail(CodeLongDay, SeverityWarning, fmt.Sprintf("day %d (%s) runs %s", n+1, d, span),
				map[string]string{"date": d.String(), "minutes": strconv.Itoa(int(span / time.Minute))})
		}
	}
}
