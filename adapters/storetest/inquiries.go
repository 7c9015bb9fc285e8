package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

func inquiryRecord(t *testing.T, tenant agency.TenantID, id, customer, consultant string, ch inquiry.Channel, source string, at time.Time) agency.InquiryRecord {
	return agency.InquiryRecord{Tenant: tenant, UpdatedAt: at, Inquiry: inquiry.Inquiry{ID: id, Channel: ch, ReceivedAt: at, Consultant: consultant,
		CustomerID: customer, LeadSource: source, Status: inquiry.New,
		Needs: inquiry.Needs{Destinations: []string{"欧洲"}, Party: []date.Date{date.New(1985, 3, 12)},
			Interests: []inquiry.Weighted{{Interest: itinerary.ThemeHistory, Weight: 8}}}}}
}

// inquiriesRoundTrip: inquiries keep their version; stale and duplicate
// saves conflict; a customer's and a period's inquiries come in order;
// conversion counts per consultant, channel and lead source are the same
// on every store; a merge moves a customer's inquiries; products keep
// their version.
func inquiriesRoundTrip(t *testing.T, s agency.Store) {
	ctx := context.Background()
	r := s.Inquiries()
	base := at(t)
	type spec struct {
		id, customer, consultant string
		ch                       inquiry.Channel
		source                   string
		hours                    int
		propose, win             bool
	}
	specs := []spec{
		{"I-1", "c1", "chen", inquiry.WeChat, "referral", 0, true, true},
		{"I-2", "c2", "chen", inquiry.WeChat, "referral", 1, true, false},
		{"I-3", "c1", "chen", inquiry.Phone, "web", 2, false, false},
		{"I-4", "c3", "li", inquiry.WeChat, "referral", 3, false, false},
		{"I-5", "c3", "li", inquiry.WeChat, "referral", 30 * 24, true, false}, // outside the period
	}
	for _, sp := range specs {
		rec, err := r.Save(ctx, inquiryRecord(t, tenantA, sp.id, sp.customer, sp.consultant, sp.ch, sp.source, base.Add(time.Duration(sp.hours)*time.Hour)))
		if err != nil || rec.Version != 1 {
			t.Fatalf("save %s: %v", sp.id, err)
		}
		at := rec.Inquiry.ReceivedAt.Add(time.Minute)
		if sp.propose {
			for _, ev := range []inquiry.Event{inquiry.Qualify, inquiry.Propose} {
				if err := rec.Inquiry.Apply(ev, inquiry.Input{At: at, TripID: "T-" + sp.id}); err != nil {
					t.Fatal(err)
				}
			}
			if sp.win {
				if err := rec.Inquiry.Apply(inquiry.Win, inquiry.Input{At: at, BookingRef: "TK-" + sp.id}); err != nil {
					t.Fatal(err)
				}
			}
			if rec, err = r.Save(ctx, rec); err != nil || rec.Version != 2 {
				t.Fatalf("update %s: %v", sp.id, err)
			}
		}
	}
	if _, err := r.Save(ctx, inquiryRecord(t, tenantA, "I-1", "c1", "chen", inquiry.Phone, "", base)); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	got, err := r.Get(ctx, tenantA, "I-1")
	if err != nil || got.Version != 2 || got.Inquiry.Status != inquiry.Won || got.Inquiry.BookingRef != "TK-I-1" || !got.Proposed() {
		t.Fatalf("get: %+v %v", got, err)
	}
	stale := got
	stale.Version = 1
	if _, err := r.Save(ctx, stale); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("stale: %v", err)
	}
	if _, err := r.Get(ctx, tenantB, "I-1"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("other tenant: %v", err)
	}
	ids := func(rs []agency.InquiryRecord) string {
		out := ""
		for _, x := range rs {
			out += x.Inquiry.ID + " "
		}
		return out
	}
	if c1, err := r.ForCustomer(ctx, tenantA, "c1"); err != nil || ids(c1) != "I-1 I-3 " {
		t.Errorf("c1's inquiries: %s %v", ids(c1), err)
	}
	to := base.Add(24 * time.Hour)
	if p, err := r.Period(ctx, tenantA, "chen", base, to); err != nil || ids(p) != "I-1 I-2 I-3 " {
		t.Errorf("chen's period: %s %v", ids(p), err)
	}
	if p, err := r.Period(ctx, tenantA, "", base.Add(time.Hour), to); err != nil || ids(p) != "I-2 I-3 I-4 " {
		t.Errorf("the period: %s %v", ids(p), err)
	}
	conv, err := r.Conversion(ctx, tenantA, base, to)
	if err != nil {
		t.Fatal(err)
	}
	want := "chen/phone/web 1 0 0; chen/wechat/referral 2 2 1; li/wechat/referral 1 0 0; "
	gotConv := ""
	for _, c := range conv {
		gotConv += fmt.Sprintf("%s/%s/%s %d %d %d; ", c.Consultant, c.Channel, c.LeadSource, c.Inquiries, c.Proposed, c.Won)
	}
	if gotConv != want {
		t.Errorf("conversion\n got %s\nwant %s", gotConv, want)
	}
	if empty, err := r.Conversion(ctx, tenantB, base, to); err != nil || len(empty) != 0 {
		t.Errorf("no inquiries: %+v %v", empty, err)
	}
	n, err := r.MoveCustomer(ctx, tenantA, "c1", "c2")
	if err != nil || n != 2 {
		t.Errorf("moved %d: %v", n, err)
	}
	if c2, err := r.ForCustomer(ctx, tenantA, "c2"); err != nil || ids(c2) != "I-1 I-2 I-3 " || c2[0].Inquiry.CustomerID != "c2" {
		t.Errorf("after the merge: %s %v", ids(c2), err)
	}
	moved, _ := r.Get(ctx, tenantA, "I-3")
	moved.Inquiry.Next = &inquiry.Action{What: "call", Due: base}
	if _, err := r.Save(ctx, moved); err != nil {
		t.Errorf("saving a moved inquiry at its new version: %v", err)
	}

	price, _ := pricing.Parse("27800.00", "CNY")
	p := agency.ProductRecord{Tenant: tenantA, UpdatedAt: base, Product: inquiry.Product{ID: "EU-10", PriceFrom: price, Destinations: []string{"Europe"},
		Departures: []date.Date{date.New(2027, 5, 1)}, Template: itinerary.Template{ID: "EU-10", Title: "Europe", Themes: []itinerary.Theme{itinerary.ThemeHistory},
			Skeleton: itinerary.Trip{ID: "EU-10", Start: date.New(2027, 1, 1), End: date.New(2027, 1, 10)}}}}
	saved, err := r.SaveProduct(ctx, p)
	if err != nil || saved.Version != 1 {
		t.Fatal(err)
	}
	if _, err := r.SaveProduct(ctx, p); !errors.Is(err, agency.ErrConflict) {
		t.Errorf("duplicate product: %v", err)
	}
	if _, err := r.SaveProduct(ctx, saved); err != nil {
		t.Errorf("product update: %v", err)
	}
	ps, err := r.Products(ctx, tenantA)
	if err != nil || len(ps) != 1 || ps[0].Version != 2 || !ps[0].Product.PriceFrom.Equal(price) || ps[0].Product.Days() != 10 {
		t.Errorf("products %+v %v", ps, err)
	}
	if one, err := r.Product(ctx, tenantA, "EU-10"); err != nil || one.Version != 2 || one.Product.Days() != 10 {
		t.Errorf("product %+v %v", one, err)
	}
	if _, err := r.Product(ctx, tenantB, "EU-10"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("another tenant's product: %v", err)
	}
}
