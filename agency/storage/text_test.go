package storage_test

import (
	"errors"
	"testing"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

func TestCheckTextNamesEveryBadString(t *testing.T) {
	t.Parallel()
	rec := storage.ComplaintRecord{Tenant: "a", Complaint: feedback.Complaint{ID: "K1", Summary: "bad\x00",
		Timeline: []feedback.Entry{{Note: "ok"}, {Note: "\xff"}}}}
	err := storage.CheckText(rec)
	var ve *storage.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, storage.ErrInvalid) || len(ve.Problems) != 2 ||
		ve.Problems[0].Field != "Complaint.Summary" || ve.Problems[1].Field != "Complaint.Timeline[1].Note" {
		t.Fatalf("%v", err)
	}
	if err := storage.CheckText(map[string]string{"k\x00": "v"}); err == nil {
		t.Error("bad map key passed")
	}
	if err := storage.CheckText(storage.Customer{Name: "王磊"}); err != nil {
		t.Error(err)
	}
}

func BenchmarkCheckTextQuote(b *testing.B) {
	qv := benchQuote(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := storage.CheckText(qv); err != nil {
			b.Fatal(err)
		}
	}
}

func benchQuote(b *testing.B) storage.QuoteVersion {
	req, err := casebook.Case1Quote()
	if err != nil {
		b.Fatal(err)
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		b.Fatal(err)
	}
	return storage.QuoteVersion{Tenant: "a", QuoteID: q.ID, Version: 1, Quote: *q}
}
