package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/examples/sample"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Every error a use case returns matches an agency sentinel and the domain
// sentinel beneath it, and its message names its prefix once.
func TestUseCaseErrorsMatchAgencyAndDomainSentinels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{now: time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC)}
	svc := complaintService(t, memory.New(), clock)
	rec := newComplaint(t, svc, clock, "K1")

	// Escalating a closed complaint: an invalid transition at both levels.
	for _, a := range []feedback.Action{feedback.Acknowledge, feedback.Assess, feedback.Investigate} {
		var err error
		if rec, err = svc.ActOnComplaint(ctx, tenant, "K1", rec.Version, a, "li", ""); err != nil {
			t.Fatal(err)
		}
	}
	_, err := svc.ActOnComplaint(ctx, tenant, "K1", rec.Version, feedback.Close, "li", "")
	if !errors.Is(err, agency.ErrInvalidTransition) || !errors.Is(err, feedback.ErrInvalidTransition) || errors.Is(err, agency.ErrInvalid) {
		t.Errorf("closing an investigating complaint: %v", err)
	}
	// An unknown action is invalid input, not a transition.
	_, err = svc.ActOnComplaint(ctx, tenant, "K1", rec.Version, feedback.Action("teleport"), "li", "")
	var ve *agency.ValidationError
	if !errors.Is(err, agency.ErrInvalid) || !errors.Is(err, feedback.ErrInvalid) || errors.Is(err, agency.ErrInvalidTransition) ||
		!errors.As(err, &ve) || ve.Problems[0].Code != "unknown_action" || ve.Problems[0].Detail["action"] != "teleport" {
		t.Errorf("unknown action: %v", err)
	}
	// Compensation above the limit: approval required at both levels.
	voucher, _ := pricing.Parse("800", "CNY")
	r := feedback.Resolution{RootCause: feedback.SupplierFault, Remedy: "room re-cleaned", Compensations: []feedback.Compensation{
		{Kind: feedback.Voucher, Amount: &voucher, Expires: date.New(2028, 5, 31), Reason: "future trip"}}}
	_, err = svc.ResolveComplaint(ctx, tenant, "K1", rec.Version, r, "li")
	if !errors.Is(err, agency.ErrApprovalRequired) || !errors.Is(err, feedback.ErrApprovalRequired) {
		t.Errorf("unapproved voucher: %v", err)
	}
}

func TestQuoteMissingRateMatchesPricingSentinel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, _, extras := newService(t, store)
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	trip, err := sample.Case1Trip()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProposeTrip(ctx, tenant, "c1", trip, 0); err != nil {
		t.Fatal(err)
	}
	o := quoteOptions(t, extras)
	usd, _ := pricing.ParseCurrency("USD")
	o.FX, _ = pricing.NewRateTable(usd) // no EUR→CNY anywhere
	_, err = svc.PriceTrip(ctx, tenant, trip.ID, 1, o)
	if !errors.Is(err, pricing.ErrMissingRate) || !errors.Is(err, pricing.ErrInvalid) || !errors.Is(err, agency.ErrInvalid) {
		t.Fatalf("missing rate: %v", err)
	}
	if msg := err.Error(); strings.Count(msg, "pricing: invalid input") != 1 || strings.Contains(msg, "invalid: invalid") {
		t.Errorf("prefix repeated: %q", msg)
	}
	// A broken trip: the itinerary's prefix once.
	broken := trip.Clone()
	broken.Title = ""
	_, err = svc.ProposeTrip(ctx, tenant, "c1", broken, 1)
	if !errors.Is(err, itinerary.ErrInvalid) || !errors.Is(err, agency.ErrInvalid) || strings.Count(err.Error(), "itinerary: invalid") != 1 {
		t.Errorf("broken trip: %v", err)
	}
}

func TestFutureInstantsAndUnknownSurveyCustomerAreRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	clock := &fakeClock{now: time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC)}
	svc := complaintService(t, store, clock)
	c := feedback.Complaint{ID: "K9", CustomerID: "c1", Category: "hotel_service", Priority: feedback.High, Channel: feedback.WeChat,
		Summary: "noise", ReceivedAt: clock.Now().Add(agency.DefaultClockSkew + time.Second)}
	_, err := svc.OpenComplaint(ctx, tenant, c, "li")
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Code != "in_future" || ve.Problems[0].Field != "ReceivedAt" {
		t.Fatalf("complaint from the future: %v", err)
	}
	if _, err := store.Complaints().Get(ctx, tenant, "K9"); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("refused complaint was stored: %v", err)
	}
	c.ReceivedAt = clock.Now().Add(agency.DefaultClockSkew) // within the allowance
	if _, err := svc.OpenComplaint(ctx, tenant, c, "li"); err != nil {
		t.Fatalf("complaint within the skew allowance: %v", err)
	}
	s := feedback.Survey{ID: "S1", CustomerID: "ghost", RespondedAt: clock.Now(), CSAT: 4}
	if err := svc.RecordSurvey(ctx, tenant, s); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("survey of an unknown customer: %v", err)
	}
	s.CustomerID, s.RespondedAt = "c1", clock.Now().Add(time.Hour)
	if err := svc.RecordSurvey(ctx, tenant, s); !errors.Is(err, agency.ErrInvalid) {
		t.Errorf("survey from the future: %v", err)
	}
	s.RespondedAt = clock.Now()
	if err := svc.RecordSurvey(ctx, tenant, s); err != nil {
		t.Errorf("good survey: %v", err)
	}
}

func TestTripCalendarSequenceRisesWithVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memory.New()
	svc, _, _ := newService(t, store)
	if _, err := svc.SaveCustomer(ctx, agency.Customer{Tenant: tenant, ID: "c1", Name: "Li Na", Language: agency.English}); err != nil {
		t.Fatal(err)
	}
	trip, _ := sample.Case1Trip()
	for v := 0; v < 2; v++ {
		if _, err := svc.ProposeTrip(ctx, tenant, "c1", trip, v); err != nil {
			t.Fatal(err)
		}
	}
	for v, want := range map[int]string{1: "SEQUENCE:0", 2: "SEQUENCE:1"} {
		cal, err := svc.TripCalendar(ctx, tenant, trip.ID, v, "li@agency.example")
		if err != nil || !strings.Contains(string(cal), want) || !strings.Contains(string(cal), "."+string(tenant)+"@travelkit") {
			t.Errorf("v%d: %v", v, err)
		}
	}
	if _, err := svc.TripCalendar(ctx, tenant, trip.ID, 3, ""); !errors.Is(err, agency.ErrNotFound) {
		t.Errorf("unknown version: %v", err)
	}
}
