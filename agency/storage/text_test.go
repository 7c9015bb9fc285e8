package storage_test

import (
	"errors"
	"testing"

	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/internal/factory"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

func TestCheckTextNamesEveryBadString(t *testing.T) {
	t.Parallel()
	rec := agency.ComplaintRecord{Tenant: "a", Complaint: feedback.Complaint{ID: "K1", Summary: "bad\x00",
		Timeline: []feedback.Entry{{Note: "ok"}, {Note: "\xff"}}}}
	err := agency.CheckText(rec)
	var ve *agency.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, agency.ErrInvalid) || len(ve.Problems) != 2 ||
		ve.Problems[0].Field != "Complaint.Summary" || ve.Problems[1].Field != "Complaint.Timeline[1].Note" {
		t.Fatalf("%v", err)
	}
	if err := agency.CheckText(map[string]string{"k\x00": "v"}); err == nil {
		t.Error("bad map key passed")
	}
	if err := agency.CheckText(agency.Customer{Name: "王磊"}); err != nil {
		t.Error(err)
	}
}

func BenchmarkCheckTextQuote(b *testing.B) {
	qv := benchQuote(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := agency.CheckText(qv); err != nil {
			b.Fatal(err)
		}
	}
}

func benchQuote(b *testing.B) agency.QuoteVersion {
	req, err := factory.Case1Quote()
	if err != nil {
		b.Fatal(err)
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		b.Fatal(err)
	}
	return agency.QuoteVersion{Tenant: "a", QuoteID: q.ID, Version: 1, Quote: *q}
}
