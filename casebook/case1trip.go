package casebook

import (
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/itinerary"
)

// Places of case 1.
var (
	beijing   = itinerary.Place{City: "Beijing", Code: "PEK", Country: "CN", Zone: "Asia/Shanghai", Names: map[string]string{"zh": "北京", "zh-Hant": "北京"}}
	paris     = itinerary.Place{City: "Paris", Code: "PAR", Country: "FR", Zone: "Europe/Paris", Names: map[string]string{"zh": "巴黎", "zh-Hant": "巴黎"}}
	rome      = itinerary.Place{City: "Rome", Code: "ROM", Country: "IT", Zone: "Europe/Rome", Names: map[string]string{"zh": "罗马", "zh-Hant": "羅馬"}}
	barcelona = itinerary.Place{City: "Barcelona", Code: "BCN", Country: "ES", Zone: "Europe/Madrid", Names: map[string]string{"zh": "巴塞罗那", "zh-Hant": "巴塞隆納"}}
)

// at is a place in one of case 1's cities, by its code ("" for the city
// itself), with the city's zone and names.
func at(city, code string) itinerary.Place {
	for _, p := range []itinerary.Place{beijing, paris, rome, barcelona} {
		if p.City == city {
			p.Code = code
			return p
		}
	}
	return itinerary.Place{City: city, Code: code}
}

// Case1Party is the family of case 1: two adults and a child of eight.
func Case1Party() itinerary.Party {
	return itinerary.Party{Travellers: []itinerary.Traveller{
		{ID: "t1", Surname: "WANG", GivenNames: "LEI", BirthDate: date.New(1985, time.March, 12)},
		{ID: "t2", Surname: "LI", GivenNames: "NA", BirthDate: date.New(1987, time.July, 30)},
		{ID: "t3", Surname: "WANG", GivenNames: "XIAOYU", BirthDate: date.New(2018, time.September, 15)},
	}}
}

// Case1Builder composes the job's worked case 1 with the itinerary builder: ten
// days in Europe from Saturday 1 May 2027 — three nights each in Paris,
// Rome and Barcelona — flying home overnight to land in Beijing on the
// morning of the eleventh.
func Case1Builder() *itinerary.Builder { return case1Builder(false) }

// Case1ContractedTrip builds the case-1 trip with the Paris and Rome stays
// bought from their hotels under the 2027 contracts of Case1Contracts, as
// the agency prices and books them.
func Case1ContractedTrip() (*itinerary.Trip, error) { return case1Builder(true).Build() }

func case1Builder(contracted bool) *itinerary.Builder {
	open := func(days []time.Weekday, from, to itinerary.TimeOfDay) *itinerary.Opening {
		return &itinerary.Opening{Days: days, Open: from, Close: to}
	}
	every := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	notTue := []time.Weekday{time.Sunday, time.Monday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	notMon := []time.Weekday{time.Sunday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	notSun := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	family := itinerary.Room{Type: "family room", Occupancy: 3, Count: 1}
	contractedFamily := itinerary.Room{Type: "family room", UnitType: "family-3", Occupancy: 3, Count: 1}
	c := itinerary.Clock

	b := itinerary.NewBuilder("T-2026-1127-001", "Europe: Paris, Rome, Barcelona — 10 days", date.New(2027, time.May, 1), Case1Party())
	b.Travel(itinerary.Journey{ID: "air-pek-cdg", Mode: itinerary.Flight, Carrier: "AF", Number: "381", Supplier: "air-france",
		From:      at("Beijing", "PEK"),
		To:        at("Paris", "CDG"),
		DepartDay: 1, Depart: c(13, 35), Arrive: c(19, 5)})
	b.Travel(itinerary.Journey{ID: "trf-cdg-in", Mode: itinerary.Transfer, Title: "CDG → Hôtel Lumière, private car", Supplier: "paris-cars",
		From: at("Paris", "CDG"), To: at("Paris", ""), DepartDay: 1, Depart: c(20, 15), Arrive: c(21, 15)})
	if contracted {
		b.Hotel(itinerary.Lodging{Place: paris, Nights: 3, Property: "Hôtel Lumière Saint-Germain", Supplier: "hotel-lumiere",
			Contract: "C-LUMIERE-2027", Product: "family-room", Rooms: []itinerary.Room{contractedFamily}})
	} else {
		b.City(paris, 3, "Hôtel Lumière Saint-Germain", family)
	}
	b.Activity(itinerary.Visit{ID: "tour-versailles", Day: 2, Place: at("Paris", ""), Start: c(9, 0), Minutes: 8 * 60,
		Title: "Versailles palace and gardens", Supplier: "paris-guides", Opening: open(notMon, c(9, 0), c(18, 30))})
	b.Meal(itinerary.Dinner, itinerary.Visit{ID: "din-paris-welcome", Day: 2, Place: at("Paris", ""), Start: c(19, 0), Minutes: 90, Title: "Le Procope"})
	b.Activity(itinerary.Visit{ID: "tkt-louvre", Day: 3, Place: at("Paris", ""), Start: c(9, 30), Minutes: 180,
		Title: "Louvre with a private guide", Supplier: "louvre", Opening: open(notTue, c(9, 0), c(18, 0))})
	b.Meal(itinerary.Lunch, itinerary.Visit{ID: "lun-paris-bistro", Day: 3, Place: at("Paris", ""), Start: c(13, 0), Minutes: 60, Title: "Chez Marie, Marais"})
	b.Activity(itinerary.Visit{ID: "tkt-eiffel", Day: 3, Place: at("Paris", ""), Start: c(15, 30), Minutes: 120,
		Title: "Eiffel Tower summit", Supplier: "sete", Opening: open(every, c(9, 30), c(23, 45))})
	b.Activity(itinerary.Visit{ID: "tkt-seine", Day: 3, Place: at("Paris", ""), Start: c(20, 45), Minutes: 60, Title: "Seine evening cruise", Supplier: "bateaux-paris"})
	b.Travel(itinerary.Journey{ID: "trf-cdg-out", Mode: itinerary.Transfer, Title: "Hôtel Lumière → CDG, private car", Supplier: "paris-cars",
		From: at("Paris", ""), To: at("Paris", "CDG"), DepartDay: 4, Depart: c(7, 0), Arrive: c(7, 50)})
	b.Travel(itinerary.Journey{ID: "air-cdg-fco", Mode: itinerary.Flight, Carrier: "AF", Number: "1404", Supplier: "air-france",
		From: at("Paris", "CDG"), To: at("Rome", "FCO"),
		DepartDay: 4, Depart: c(10, 5), Arrive: c(12, 10)})
	b.Travel(itinerary.Journey{ID: "trf-fco-in", Mode: itinerary.Transfer, Title: "FCO → Hotel Pantheon Garden, private car", Supplier: "roma-ncc",
		From: at("Rome", "FCO"), To: at("Rome", ""), DepartDay: 4, Depart: c(13, 0), Arrive: c(14, 0)})
	if contracted {
		b.Hotel(itinerary.Lodging{Place: rome, Nights: 3, Property: "Hotel Pantheon Garden", Supplier: "hotel-pantheon",
			Contract: "C-PANTHEON-2027", Product: "family-room", Rooms: []itinerary.Room{contractedFamily}})
	} else {
		b.City(rome, 3, "Hotel Pantheon Garden", family)
	}
	b.Meal(itinerary.Dinner, itinerary.Visit{ID: "din-rome-trattoria", Day: 4, Place: at("Rome", ""), Start: c(19, 30), Minutes: 90, Title: "Trattoria da Enzo"})
	b.Activity(itinerary.Visit{ID: "tour-colosseum", Day: 5, Place: at("Rome", ""), Start: c(9, 0), Minutes: 180,
		Title: "Colosseum, Forum and Palatine", Supplier: "roma-guides", Opening: open(every, c(8, 30), c(19, 15))})
	b.Meal(itinerary.Lunch, itinerary.Visit{ID: "lun-rome-pizza", Day: 5, Place: at("Rome", ""), Start: c(12, 30), Minutes: 60, Title: "Pizza in Trastevere"})
	b.Activity(itinerary.Visit{ID: "gde-rome", Day: 5, Place: at("Rome", ""), Start: c(14, 30), Minutes: 180, Title: "Pantheon and Trevi with a private guide", Supplier: "roma-guides"})
	b.Activity(itinerary.Visit{ID: "tkt-vatican", Day: 6, Place: at("Rome", ""), Start: c(9, 0), Minutes: 180,
		Title: "Vatican Museums and Sistine Chapel", Supplier: "vatican", Opening: open(notSun, c(8, 0), c(19, 0))})
	b.FreeTime(itinerary.Visit{ID: "free-rome", Day: 6, Place: at("Rome", ""), Start: c(13, 0), Minutes: 180, Title: "Piazza Navona"})
	b.Activity(itinerary.Visit{ID: "tour-rome-food", Day: 6, Place: at("Rome", ""), Start: c(17, 0), Minutes: 210, Title: "Food tour, Testaccio", Supplier: "eating-italy"})
	b.Travel(itinerary.Journey{ID: "trf-fco-out", Mode: itinerary.Transfer, Title: "Hotel Pantheon Garden → FCO, private car", Supplier: "roma-ncc",
		From: at("Rome", ""), To: at("Rome", "FCO"), DepartDay: 7, Depart: c(7, 30), Arrive: c(8, 20)})
	b.Travel(itinerary.Journey{ID: "air-fco-bcn", Mode: itinerary.Flight, Carrier: "VY", Number: "6107", Supplier: "vueling",
		From: at("Rome", "FCO"), To: at("Barcelona", "BCN"),
		DepartDay: 7, Depart: c(10, 40), Arrive: c(12, 25)})
	b.Travel(itinerary.Journey{ID: "trf-bcn-in", Mode: itinerary.Transfer, Title: "BCN → Casa Gracia, private car", Supplier: "bcn-transfers",
		From: at("Barcelona", "BCN"), To: at("Barcelona", ""), DepartDay: 7, Depart: c(13, 0), Arrive: c(13, 45)})
	b.City(barcelona, 3, "Casa Gracia Boutique", family)
	b.Meal(itinerary.Dinner, itinerary.Visit{ID: "din-bcn-tapas", Day: 7, Place: at("Barcelona", ""), Start: c(19, 30), Minutes: 120, Title: "Tapas evening, El Born"})
	b.Activity(itinerary.Visit{ID: "tkt-sagrada", Day: 8, Place: at("Barcelona", ""), Start: c(10, 0), Minutes: 120,
		Title: "Sagrada Família with towers", Supplier: "sagrada", Opening: open(every, c(9, 0), c(20, 0))})
	b.Meal(itinerary.Lunch, itinerary.Visit{ID: "lun-bcn-paella", Day: 8, Place: at("Barcelona", ""), Start: c(13, 0), Minutes: 75, Title: "Can Solé, Barceloneta"})
	b.Activity(itinerary.Visit{ID: "tkt-guell", Day: 8, Place: at("Barcelona", ""), Start: c(15, 30), Minutes: 90,
		Title: "Park Güell", Supplier: "park-guell", Opening: open(every, c(9, 30), c(19, 30))})
	b.Activity(itinerary.Visit{ID: "tour-montserrat", Day: 9, Place: at("Barcelona", ""), Start: c(9, 0), Minutes: 300, Title: "Montserrat by private car", Supplier: "bcn-transfers"})
	b.Activity(itinerary.Visit{ID: "show-flamenco", Day: 9, Place: at("Barcelona", ""), Start: c(19, 0), Minutes: 60, Title: "Flamenco, Palau Dalmases", Supplier: "palau-dalmases"})
	b.Meal(itinerary.Dinner, itinerary.Visit{ID: "din-bcn-farewell", Day: 9, Place: at("Barcelona", ""), Start: c(20, 30), Minutes: 120, Title: "Farewell dinner, Disfrutar"})
	b.Travel(itinerary.Journey{ID: "trf-bcn-out", Mode: itinerary.Transfer, Title: "Casa Gracia → BCN, private car", Supplier: "bcn-transfers",
		From: at("Barcelona", ""), To: at("Barcelona", "BCN"), DepartDay: 10, Depart: c(9, 0), Arrive: c(9, 45)})
	b.Travel(itinerary.Journey{ID: "air-bcn-pek", Mode: itinerary.Flight, Carrier: "CA", Number: "846", Supplier: "air-china",
		From: at("Barcelona", "BCN"), To: beijing, DepartDay: 10, Depart: c(12, 25), ArriveDay: 11, Arrive: c(5, 10)})
	b.Note(1, "Passports must be valid until at least 10 August 2027 (three months after leaving the Schengen area).")
	return b
}

// Case1Trip builds the case-1 trip.
func Case1Trip() (*itinerary.Trip, error) { return Case1Builder().Build() }
