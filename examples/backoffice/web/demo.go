package web

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// shanghai is the demo agency's zone.
func shanghai() *time.Location {
	if z, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return z
	}
	return time.FixedZone("CST", 8*3600)
}

// Login is a demo account as the application prints it.
type Login struct {
	User, Password, Token string
	Tenant                agency.TenantID
	Role                  Role
}

// DemoTenant is the demo agency; OtherTenant is a second agency whose
// data the first one's people must never see.
const (
	DemoTenant  agency.TenantID = "demo-agency"
	OtherTenant agency.TenantID = "other-agency"
)

// DemoLogins are the demo accounts: two consultants and a manager of the
// demo agency, and a consultant of the other agency.
var DemoLogins = []Login{
	{User: "chen", Password: "chen-demo-2026", Token: "tk-demo-chen", Tenant: DemoTenant, Role: Consultant},
	{User: "li", Password: "li-demo-2026", Token: "tk-demo-li", Tenant: DemoTenant, Role: Consultant},
	{User: "wu", Password: "wu-demo-2026", Token: "tk-demo-wu", Tenant: DemoTenant, Role: Manager},
	{User: "zhao", Password: "zhao-demo-2026", Token: "tk-demo-zhao", Tenant: OtherTenant, Role: Consultant},
}

var demoNames = map[string]struct {
	name string
	lang agency.Language
}{
	"chen": {"陈静", agency.Chinese}, "li": {"Li Na", agency.English}, "wu": {"吴经理", agency.Chinese}, "zhao": {"赵磊", agency.Chinese},
}

// SeedDemo adds the demo accounts and the seed's people and cases: case
// 1's customer, the Wang family, their booking with the deposit due
// today, and case 2's complaint about their Paris hotel, received 50
// minutes ago and not yet answered; the other agency gets a customer and a
// complaint of its own. Seeding twice changes nothing.
func SeedDemo(ctx context.Context, a *agency.Agency, users *Users, now time.Time) error {
	for _, l := range DemoLogins {
		n := demoNames[l.User]
		if err := users.Add(NewUser{Tenant: l.Tenant, ID: l.User, Name: n.name, Role: l.Role, Language: n.lang, Password: l.Password,
			Token: l.Token}); err != nil && !errors.Is(err, agency.ErrConflict) {
			return err
		}
	}
	for _, c := range []struct {
		tenant agency.TenantID
		cust   agency.NewCustomer
	}{
		{DemoTenant, agency.NewCustomer{ID: "wang-lei", Name: "王磊", Email: "wang.lei@example.com", Phone: "+86 138 0013 8000", Language: agency.Chinese}},
		{DemoTenant, agency.NewCustomer{ID: "claire-martin", Name: "Claire Martin", Email: "claire.martin@example.com", Language: agency.English}},
		{OtherTenant, agency.NewCustomer{ID: "sun-yue", Name: "孙悦", Email: "sun.yue@example.com", Language: agency.Chinese}},
	} {
		if _, err := a.Customers.Create(ctx, c.tenant, c.cust); err != nil {
			return err
		}
	}
	// Case 1's booking: a family room in Paris in May; the deposit is due
	// today, the balance 30 days before departure.
	total, err := pricing.Parse("25294.31", "CNY")
	if err != nil {
		return err
	}
	deposit, _ := pricing.Parse("7588.29", "CNY")
	balance, _ := total.Sub(deposit)
	today := date.NewAt(now.In(shanghai()))
	if _, err := a.Bookings.Create(ctx, DemoTenant, agency.NewBooking{
		Booking: booking.Booking{Reference: "TK-2026-1127", CustomerID: "wang-lei", Total: total, Services: []booking.Service{
			{ID: "stay-1", SupplierID: "hotel-lumiere", Product: "family-room", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 4), Units: 1,
				Status: booking.Requested, Price: total}}},
		Schedule: pricing.PaymentSchedule{Total: total, Instalments: []pricing.Instalment{
			{Kind: pricing.InstalmentDeposit, Amount: deposit, Due: today}, {Kind: pricing.InstalmentBalance, Amount: balance, Due: date.New(2027, 4, 1)}}},
		Payer: "WANG LEI", Consultant: "chen"}); err != nil && !errors.Is(err, agency.ErrConflict) {
		return err
	}
	// Case 1's hotels under their 2027 contracts, with allotments of family
	// rooms for May.
	sups, err := casebook.Case1Suppliers()
	if err != nil {
		return err
	}
	contracts, err := casebook.Case1Contracts()
	if err != nil {
		return err
	}
	for _, sp := range sups {
		if _, err := a.Suppliers.Create(ctx, DemoTenant, sp); err != nil && !errors.Is(err, agency.ErrConflict) {
			return err
		}
		if _, err := a.Suppliers.AddContract(ctx, DemoTenant, *contracts[sp.ID]); err != nil && !errors.Is(err, agency.ErrConflict) {
			return err
		}
	}
	for _, spec := range casebook.Case1Allotments() {
		if _, err := a.Allotments.Create(ctx, DemoTenant, spec); err != nil && !errors.Is(err, agency.ErrConflict) {
			return err
		}
	}
	// Competitors' prices for a Europe trip like the agency's, observed over
	// the last four weeks.
	var obs []market.Observation
	for i, p := range []struct {
		who, price string
		daysAgo    int
	}{{"ctrip", "27800.00", 25}, {"fliggy", "29900.00", 20}, {"tuniu", "26500.00", 13}, {"ctrip", "28200.00", 6}} {
		price, err := pricing.Parse(p.price, "CNY")
		if err != nil {
			return err
		}
		obs = append(obs, market.Observation{ID: fmt.Sprintf("OBS-%d", i), Competitor: p.who, Product: "Europe 10 days", Destination: "Europe",
			Departure: date.New(2027, 5, 1), Days: 10, Price: price, Basis: market.PerPerson, ObservedAt: now.Add(-time.Duration(p.daysAgo) * 24 * time.Hour),
			Source: p.who + ".com", Available: true})
	}
	if _, err := a.Market.Ingest(ctx, DemoTenant, obs); err != nil && !errors.Is(err, agency.ErrConflict) {
		return err
	}
	// This month's sales plans.
	month := now.In(shanghai())
	for _, consultant := range []string{"chen", "li"} {
		target, _ := pricing.Parse("150000.00", "CNY")
		if _, err := a.KPIs.CreatePlan(ctx, DemoTenant, kpi.Plan{Consultant: consultant, Year: month.Year(), Month: month.Month(), Target: target,
			TargetBookings: 2}); err != nil && !errors.Is(err, agency.ErrConflict) {
			return err
		}
	}
	// The catalogue's product the recommendation finds for case 1.
	trip, err := casebook.Case1Trip()
	if err != nil {
		return err
	}
	from, _ := pricing.Parse("28500.00", "CNY")
	if _, err := a.Catalogue.Create(ctx, DemoTenant, inquiry.Product{ID: "EU-CLASSIC-10", TitleZH: "欧洲经典十日",
		Destinations: []string{"Europe", "France", "Italy", "Spain"}, Departures: []date.Date{date.New(2027, 5, 1)}, PriceFrom: from,
		Template: itinerary.Template{ID: "EU-CLASSIC-10", Title: "Europe classics", Themes: []itinerary.Theme{itinerary.ThemeHistory, itinerary.ThemeFood},
			Seasons: []time.Month{time.May}, Skeleton: *trip},
		Tags: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 9}, {Interest: itinerary.ThemeFood, Weight: 7}}}); err != nil &&
		!errors.Is(err, agency.ErrConflict) {
		return err
	}
	received := now.Add(-50 * time.Minute).Truncate(time.Minute)
	for _, k := range []struct {
		tenant agency.TenantID
		c      feedback.Complaint
		by     string
	}{
		{DemoTenant, feedback.Complaint{ID: "K-PARIS-1", CustomerID: "wang-lei", SupplierID: "hotel-lumiere", Consultant: "chen", Assignee: "li",
			Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat,
			Summary: "房间两天未打扫，前台不予处理 — room not cleaned for two days; front desk unhelpful", ReceivedAt: received}, "li"},
		{OtherTenant, feedback.Complaint{ID: "K-OTHER-1", CustomerID: "sun-yue", Consultant: "zhao", Assignee: "zhao", Category: "transport",
			Priority: feedback.Medium, Channel: feedback.Phone, Summary: "the other agency's complaint", ReceivedAt: received}, "zhao"},
	} {
		if _, err := a.Complaints.Open(ctx, k.tenant, agency.NewComplaint{By: k.by, Complaint: k.c}); err != nil {
			if errors.Is(err, agency.ErrConflict) {
				continue // seeded before, at another time
			}
			return err
		}
	}
	return nil
}
