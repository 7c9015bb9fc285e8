package itinerary_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/itinerary"
)

func exampleTrip() *itinerary.Trip {
	party := itinerary.Party{Travellers: []itinerary.Traveller{
		{ID: "a", Surname: "Wang", GivenNames: "Lei", BirthDate: date.New(1985, time.March, 12)},
	}}
	trip, err := itinerary.NewBuilder("T-1", "Rome long weekend", date.New(2027, time.May, 7), party).
		Travel(itinerary.Journey{Mode: itinerary.Flight, Carrier: "AZ", Number: "317",
			From:      itinerary.Place{City: "Paris", Code: "CDG", Country: "FR", Zone: "Europe/Paris"},
			To:        itinerary.Place{City: "Rome", Code: "FCO", Country: "IT", Zone: "Europe/Rome"},
			DepartDay: 1, Depart: itinerary.Clock(9, 40), Arrive: itinerary.Clock(11, 45)}).
		City(itinerary.Place{City: "Rome"}, 2, "Hotel Pantheon Garden").
		Activity(itinerary.Visit{Day: 2, Place: itinerary.Place{City: "Rome"}, Start: itinerary.Clock(9, 0), Minutes: 180,
			Title:   "Vatican Museums",
			Opening: &itinerary.Opening{Days: []time.Weekday{1, 2, 3, 4, 5, 6}, Open: itinerary.Clock(8, 0), Close: itinerary.Clock(19, 0)}}).
		Meal(itinerary.Dinner, itinerary.Visit{Day: 2, Place: itinerary.Place{City: "Rome"}, Start: itinerary.Clock(20, 0), Minutes: 90, Title: "Da Enzo"}).
		Travel(itinerary.Journey{Mode: itinerary.Rail, Carrier: "FR", Number: "9536",
			From:      itinerary.Place{City: "Rome", Code: "ROMA TERMINI"},
			To:        itinerary.Place{City: "Florence", Code: "FIRENZE SMN", Country: "IT", Zone: "Europe/Rome"},
			DepartDay: 3, Depart: itinerary.Clock(10, 50), Arrive: itinerary.Clock(12, 25)}).
		Build()
	if err != nil {
		panic(err)
	}
	return trip
}

func ExampleBuilder() {
	trip := exampleTrip()
	fmt.Println(trip.Start, "to", trip.End, len(trip.Items), "items")
	for _, it := range trip.Items {
		fmt.Println(it.ID, it.Title)
	}
	// Output:
	// 2027-05-07 to 2027-05-09 5 items
	// transport-1 AZ 317 Paris CDG → Rome FCO
	// stay-1 Hotel Pantheon Garden
	// activity-1 Vatican Museums
	// meal-1 Da Enzo
	// transport-2 FR 9536 Rome ROMA TERMINI → Florence FIRENZE SMN
}

func ExampleValidate() {
	trip := exampleTrip()
	// Move the museum to Sunday, when it is closed, and drop the hotel.
	trip, _ = itinerary.FromTrip(trip).MoveTo("activity-1", 3).Remove("stay-1").Build()
	report := itinerary.Validate(trip, itinerary.DefaultRules())
	for _, p := range report.Problems {
		fmt.Println(p.Severity, p.Code, p.Items, p.Message)
	}
	// Output:
	// error closed_day [activity-1] Sunday is not an opening day
	// error night_uncovered [] no bed and no overnight transport on the night of 2027-05-07
	// error night_uncovered [] no bed and no overnight transport on the night of 2027-05-08
}

func ExampleRenderText() {
	if err := itinerary.RenderText(os.Stdout, exampleTrip(), language.English); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Rome long weekend
	// Fri 7 May 2027 – Sun 9 May 2027 · 3 days, 2 nights · 1 traveller
	//
	// Day 1 · Fri 7 May 2027 · Paris → Rome
	//   09:40  Flight AZ 317 Paris CDG → Rome FCO, arrives 11:45
	//   Check in: Hotel Pantheon Garden (Rome), 2 nights
	//
	// Day 2 · Sat 8 May 2027 · Rome
	//   09:00–12:00  Vatican Museums
	//   20:00–21:30  Dinner: Da Enzo
	//
	// Day 3 · Sun 9 May 2027 · Rome
	//   Check out: Hotel Pantheon Garden
	//   10:50  Train FR 9536 Rome ROMA TERMINI → Florence FIRENZE SMN, arrives 12:25
}

func ExampleRenderText_chinese() {
	if err := itinerary.RenderText(os.Stdout, exampleTrip(), language.SimplifiedChinese); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Rome long weekend
	// 2027年5月7日 星期五 – 2027年5月9日 星期日 · 3天2晚 · 1位旅客
	//
	// 第1天 · 2027年5月7日 星期五 · Paris → Rome
	//   09:40  航班 AZ 317 Paris CDG → Rome FCO，11:45 抵达
	//   入住：Hotel Pantheon Garden（Rome），2晚
	//
	// 第2天 · 2027年5月8日 星期六 · Rome
	//   09:00–12:00  Vatican Museums
	//   20:00–21:30  晚餐：Da Enzo
	//
	// 第3天 · 2027年5月9日 星期日 · Rome
	//   退房：Hotel Pantheon Garden
	//   10:50  火车 FR 9536 Rome ROMA TERMINI → Florence FIRENZE SMN，12:25 抵达
}

func ExampleTemplate_Instantiate() {
	tpl := itinerary.Template{ID: "ROME-3", Title: "Rome long weekend", Themes: []itinerary.Theme{itinerary.ThemeHistory},
		IndicativePrice: "from EUR 890", Skeleton: *exampleTrip()}
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "x", Surname: "Li", GivenNames: "Na", BirthDate: date.New(1987, 7, 30)}}}
	trip, _ := tpl.Instantiate("T-2", date.New(2027, time.October, 29), party)
	fmt.Println(trip.Start, trip.End, trip.Items[0].Transport.Depart.Format("2006-01-02 15:04 MST"))
	// Output: 2027-10-29 2027-10-31 2027-10-29 09:40 CEST
}

func ExampleTemplate_Builder() {
	tpl := itinerary.Template{ID: "ROME-3", Title: "Rome long weekend", Skeleton: *exampleTrip()}
	party := itinerary.Party{Travellers: []itinerary.Traveller{{ID: "x", Surname: "Li", GivenNames: "Na", BirthDate: date.New(1987, 7, 30)}}}
	b, _ := tpl.Builder("T-3", date.New(2027, time.June, 4), party)
	// One more night, in Florence, after the train.
	trip, _ := b.City(itinerary.Place{City: "Florence"}, 1, "Hotel Brunelleschi").Build()
	fmt.Println(trip.Start, trip.End, trip.Legs()[1].Place.City, trip.Legs()[1].CheckIn)
	// Output: 2027-06-04 2027-06-07 Florence 2027-06-06
}

func ExampleICal() {
	out, _ := itinerary.ICal(exampleTrip(), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	for _, line := range strings.Split(string(out), "\r\n") {
		if strings.HasPrefix(line, "DTSTART") || strings.HasPrefix(line, "DTEND") {
			fmt.Println(line)
		}
	}
	// Output:
	// DTSTART:20270506T000000
	// DTSTART:20270506T000000
	// DTSTART;TZID=Europe/Paris:20270507T094000
	// DTEND;TZID=Europe/Rome:20270507T114500
	// DTSTART;VALUE=DATE:20270507
	// DTEND;VALUE=DATE:20270509
	// DTSTART;TZID=Europe/Rome:20270508T090000
	// DTEND;TZID=Europe/Rome:20270508T120000
	// DTSTART;TZID=Europe/Rome:20270508T200000
	// DTEND;TZID=Europe/Rome:20270508T213000
	// DTSTART;TZID=Europe/Rome:20270509T105000
	// DTEND;TZID=Europe/Rome:20270509T122500
}
