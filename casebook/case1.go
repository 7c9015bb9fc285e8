package casebook

import (
	"errors"
	"time"
	_ "time/tzdata" // the examples must run on machines without a zoneinfo database

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// money collects parse errors so the case reads as a table of literals.
type money struct{ errs []error }

func (m *money) of(amount, code string) pricing.Money {
	v, err := pricing.Parse(amount, code)
	if err != nil {
		m.errs = append(m.errs, err)
	}
	return v
}

func (m *money) ptr(amount, code string) *pricing.Money {
	v := m.of(amount, code)
	return &v
}

func (m *money) cur(code string) pricing.Currency {
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		m.errs = append(m.errs, err)
	}
	return c
}

// Case1Quote returns the quote request of the job's worked case 1: ten days
// (1–10 May 2027) through Paris, Rome and Barcelona for two adults and a
// child of eight, with net rates in EUR (visa and insurance in CNY), quoted
// in CNY at a locked EUR/CNY rate with a 3 % buffer. It has 43 lines.
func Case1Quote() (pricing.QuoteRequest, error) {
	var m money
	departure := date.New(2027, time.May, 1)
	cny, eur := m.cur("CNY"), m.cur("EUR")
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return pricing.QuoteRequest{}, err
	}
	issued := time.Date(2026, time.November, 27, 10, 0, 0, 0, shanghai)
	rates, err := pricing.NewRateTable(cny, pricing.Rate{
		From: eur, To: cny, Value: decimal.New(78125, -4),
		AsOf: time.Date(2026, time.November, 27, 9, 30, 0, 0, shanghai), Source: "finance desk daily sheet",
	})
	if err != nil {
		return pricing.QuoteRequest{}, err
	}
	day := func(n int) date.Date { return departure + date.Date(n-1) }
	pp := func(id, desc string, cat pricing.Category, supplier, adult, child string, d int) pricing.LineInput {
		l := pricing.LineInput{ID: id, Description: desc, Category: cat, Supplier: supplier, Unit: pricing.PerPerson,
			Price: m.of(adult, "EUR"), Quantity: 1, ServiceDate: day(d)}
		if child != "" {
			l.ChildPrice = m.ptr(child, "EUR")
		}
		return l
	}
	unit := func(id, desc string, cat pricing.Category, supplier, price string, capacity, d int) pricing.LineInput {
		return pricing.LineInput{ID: id, Description: desc, Category: cat, Supplier: supplier, Unit: pricing.PerUnit,
			Price: m.of(price, "EUR"), Quantity: 1, Capacity: capacity, ServiceDate: day(d)}
	}
	group := func(id, desc string, cat pricing.Category, supplier, price string, d int) pricing.LineInput {
		return pricing.LineInput{ID: id, Description: desc, Category: cat, Supplier: supplier, Unit: pricing.PerGroup,
			Price: m.of(price, "EUR"), Quantity: 1, ServiceDate: day(d)}
	}
	room := func(id, desc, supplier, price string, nights, d int) pricing.LineInput {
		return pricing.LineInput{ID: id, Description: desc, Category: pricing.CategoryLodging, Supplier: supplier,
			Unit: pricing.PerRoomNight, Price: m.of(price, "EUR"), Quantity: nights, Units: 1, Capacity: 3, ServiceDate: day(d)}
	}
	cityTax := func(id, desc, price string, nights, d int) pricing.LineInput {
		l := pp(id, desc, pricing.CategoryOther, "", price, "0", d)
		l.Quantity = nights
		return l
	}
	T, L, M, A, S := pricing.CategoryTransport, pricing.CategoryLodging, pricing.CategoryMeals, pricing.CategoryActivities, pricing.CategoryServices
	lines := []pricing.LineInput{
		pp("air-pek-cdg", "Flight Beijing PEK → Paris CDG, economy", T, "air-france", "520", "390", 1),
		unit("trf-cdg-in", "Private transfer CDG → hotel", T, "paris-cars", "75", 4, 1),
		pp("paris-pass", "Paris metro pass, 3 days", T, "ratp", "30", "15", 1),
		room("htl-paris", "Hôtel Lumière Saint-Germain, family room, 3 nights", "hotel-lumiere", "260", 3, 1),
		cityTax("tax-paris", "Paris tourist tax, adults, 3 nights", "3.25", 3, 1),
		pp("din-paris-welcome", "Welcome dinner, Le Procope", M, "le-procope", "65", "30", 1),
		pp("tkt-louvre", "Louvre timed-entry tickets", A, "louvre", "22", "0", 2),
		group("gde-louvre", "Louvre private guide, 3 h", A, "paris-guides", "280", 2),
		pp("lun-paris-bistro", "Bistro lunch, Marais", M, "chez-marie", "35", "20", 2),
		pp("tkt-eiffel", "Eiffel Tower summit tickets", A, "sete", "36.10", "18.10", 2),
		pp("tkt-seine", "Seine evening cruise", A, "bateaux-paris", "17", "8", 2),
		pp("tour-versailles", "Versailles day trip with transport", A, "paris-guides", "89", "59", 3),
		unit("trf-cdg-out", "Private transfer hotel → CDG", T, "paris-cars", "75", 4, 4),
		pp("air-cdg-fco", "Flight Paris CDG → Rome FCO", T, "air-france", "95", "80", 4),
		unit("trf-fco-in", "Private transfer FCO → hotel", T, "roma-ncc", "60", 4, 4),
		pp("rome-pass", "Rome public transport pass, 72 h", T, "atac", "24", "0", 4),
		room("htl-rome-1", "Hotel Pantheon Garden, family room, night 1 (shoulder season)", "hotel-pantheon", "190", 1, 4),
		room("htl-rome-2", "Hotel Pantheon Garden, family room, nights 2–3 (high season from 5 May)", "hotel-pantheon", "215", 2, 5),
		cityTax("tax-rome", "Rome tourist tax, adults, 3 nights", "6", 3, 4),
		pp("din-rome-trattoria", "Dinner, Trattoria da Enzo", M, "da-enzo", "55", "25", 4),
		pp("tour-colosseum", "Colosseum, Forum and Palatine, guided", A, "roma-guides", "65", "45", 5),
		pp("lun-rome-pizza", "Pizza lunch, Trastevere", M, "trastevere-pizza", "25", "15", 5),
		group("gde-rome", "Rome private guide, full day", A, "roma-guides", "320", 5),
		pp("tkt-vatican", "Vatican Museums and Sistine Chapel", A, "vatican", "32", "15", 6),
		pp("tour-rome-food", "Rome food tour, Testaccio", A, "eating-italy", "89", "59", 6),
		unit("trf-fco-out", "Private transfer hotel → FCO", T, "roma-ncc", "60", 4, 7),
		pp("air-fco-bcn", "Flight Rome FCO → Barcelona BCN", T, "vueling", "85", "70", 7),
		unit("trf-bcn-in", "Private transfer BCN → hotel", T, "bcn-transfers", "45", 4, 7),
		pp("bcn-pass", "Hola Barcelona travel card, 72 h", T, "tmb", "22.50", "17", 7),
		room("htl-bcn", "Casa Gracia Boutique, family room, 3 nights (commissionable)", "casa-gracia", "230", 3, 7),
		cityTax("tax-bcn", "Barcelona tourist tax, adults, 3 nights", "5.50", 3, 7),
		pp("din-bcn-tapas", "Tapas evening, El Born", M, "tapas-born", "60", "30", 7),
		pp("tkt-sagrada", "Sagrada Família with towers", A, "sagrada", "33", "18", 8),
		pp("tkt-guell", "Park Güell timed entry", A, "park-guell", "18", "13.50", 8),
		pp("lun-bcn-paella", "Paella lunch, Barceloneta", M, "can-sole", "40", "20", 8),
		unit("tour-montserrat", "Montserrat half-day by private car", A, "bcn-transfers", "240", 4, 9),
		pp("show-flamenco", "Flamenco show, Palau Dalmases", A, "palau-dalmases", "45", "30", 9),
		pp("din-bcn-farewell", "Farewell dinner", M, "disfrutar", "70", "35", 9),
		unit("trf-bcn-out", "Private transfer hotel → BCN", T, "bcn-transfers", "45", 4, 10),
		pp("air-bcn-pek", "Flight Barcelona BCN → Beijing PEK, economy", T, "air-china", "540", "405", 10),
		pp("ins-travel", "Travel insurance, Schengen cover", S, "ping-an", "380", "190", 1),
		pp("visa-service", "Schengen visa handling", S, "visa-centre", "600", "", 1),
		group("sim-esim", "Europe eSIM data plan", S, "roam-easy", "29", 1),
	}
	// Insurance and visa are bought in CNY.
	lines[40].Price, lines[40].ChildPrice = m.of("380", "CNY"), m.ptr("190", "CNY")
	lines[41].Price = m.of("600", "CNY")

	rules := []pricing.Rule{
		{ID: "transport-markup", Kind: pricing.RuleMarkup, Match: pricing.Match{Categories: []pricing.Category{T}}, Percent: decimal.NewFromInt(8)},
		{ID: "air-markup", Kind: pricing.RuleMarkup, Match: pricing.Match{Suppliers: []string{"air-france", "air-china", "vueling"}}, Percent: decimal.NewFromInt(5)},
		{ID: "lodging-margin", Kind: pricing.RuleMargin, Match: pricing.Match{Categories: []pricing.Category{L}}, Percent: decimal.NewFromInt(15)},
		{ID: "casa-gracia-commission", Kind: pricing.RuleCommission, Match: pricing.Match{Categories: []pricing.Category{L}, Suppliers: []string{"casa-gracia"}}, Percent: decimal.NewFromInt(10)},
		{ID: "meals-markup", Kind: pricing.RuleMarkup, Match: pricing.Match{Categories: []pricing.Category{M}}, Percent: decimal.NewFromInt(20)},
		{ID: "activities-markup", Kind: pricing.RuleMarkup, Match: pricing.Match{Categories: []pricing.Category{A}}, Percent: decimal.NewFromInt(25)},
		{ID: "services-markup", Kind: pricing.RuleMarkup, Match: pricing.Match{Categories: []pricing.Category{S}}, Percent: decimal.NewFromInt(10)},
		{ID: "early-booking", Kind: pricing.RuleDiscount, Description: "Early booking 5 % off activities", Match: pricing.Match{Categories: []pricing.Category{A}}, Percent: decimal.NewFromInt(5)},
		{ID: "service-fee", Kind: pricing.RuleFee, Description: "Consultant service fee", Amount: m.ptr("300", "CNY"), FeeBasis: pricing.FeePerBooking},
		{ID: "vat-margin", Kind: pricing.RuleTax, Description: "VAT on margin (差额征税)", Percent: decimal.NewFromInt(6), TaxMode: pricing.TaxOnMargin},
	}
	req := pricing.QuoteRequest{
		QuoteID:    "Q-2026-1127-001",
		Version:    1,
		Currency:   cny,
		TravelDate: departure,
		Travellers: []pricing.Traveller{
			{ID: "t1", Name: "WANG/LEI", BirthDate: date.New(1985, time.March, 12)},
			{ID: "t2", Name: "LI/NA", BirthDate: date.New(1987, time.July, 30)},
			{ID: "t3", Name: "WANG/XIAOYU", BirthDate: date.New(2018, time.September, 15)},
		},
		Lines:       lines,
		Rules:       rules,
		FX:          rates,
		FXBufferPct: decimal.NewFromInt(3),
		IssuedAt:    issued,
		ValidFor:    72 * time.Hour,
	}
	if len(m.errs) > 0 {
		return pricing.QuoteRequest{}, errors.Join(m.errs...)
	}
	return req, nil
}
