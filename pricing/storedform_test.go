package pricing_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
)

func case1Quote(t testing.TB) *pricing.Quote {
	t.Helper()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	q, err := pricing.NewEngine().Price(req)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var quoteCmp = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }),
	cmp.Comparer(func(a, b pricing.Money) bool {
		return a.Currency() == b.Currency() && a.Amount().Equal(b.Amount()) && a.Amount().Exponent() == b.Amount().Exponent()
	}),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location().String() == b.Location().String() }),
	cmp.Comparer(func(a, b pricing.Currency) bool { return a == b }),
}

// The stored form keeps everything: the decoded quote equals the original
// field by field, and its JSON is byte for byte the same.
func TestStoredFormRoundTrip(t *testing.T) {
	t.Parallel()
	q := case1Quote(t)
	q.Lines[0].Taxes = []pricing.TaxAmount{} // empty, not nil: kept as it is
	data, err := q.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back pricing.Quote
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(q, &back, quoteCmp); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	a, _ := json.Marshal(q)
	b, _ := json.Marshal(&back)
	if !bytes.Equal(a, b) {
		t.Error("JSON differs after the stored form")
	}
	if len(data)*3 > len(a) {
		t.Errorf("stored form %d bytes, JSON %d: not lean", len(data), len(a))
	}
	t.Logf("stored form %d bytes, JSON %d bytes", len(data), len(a))
}

func TestStoredFormRefusesDamage(t *testing.T) {
	t.Parallel()
	data, _ := case1Quote(t).MarshalBinary()
	var q pricing.Quote
	for name, bad := range map[string][]byte{
		"empty": nil, "json": []byte(`{"id":"Q"}`), "truncated": data[:len(data)/2], "trailing": append(bytes.Clone(data), 0),
	} {
		if err := q.UnmarshalBinary(bad); !errors.Is(err, pricing.ErrStoredForm) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Whatever bytes it is given, the decoder returns an error or a quote that
// encodes back to the same bytes; it never panics or allocates without
// bound.
func FuzzStoredForm(f *testing.F) {
	data, _ := case1Quote(f).MarshalBinary()
	f.Add(data)
	f.Add(data[:100])
	f.Add([]byte("TKQ\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var q pricing.Quote
		if err := q.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := q.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var q2 pricing.Quote
		if err := q2.UnmarshalBinary(again); err != nil {
			t.Fatalf("re-encoded quote does not decode: %v", err)
		}
		if diff := cmp.Diff(&q, &q2, quoteCmp); diff != "" {
			t.Fatalf("unstable:\n%s", diff)
		}
	})
}

func BenchmarkQuoteEncoding(b *testing.B) {
	q := case1Quote(b)
	js, _ := json.Marshal(q)
	bin, _ := q.MarshalBinary()
	b.Run("json-marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(q)
		}
	})
	b.Run("json-unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out pricing.Quote
			_ = json.Unmarshal(js, &out)
		}
	})
	b.Run("stored-marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = q.MarshalBinary()
		}
	})
	b.Run("stored-unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var out pricing.Quote
			_ = out.UnmarshalBinary(bin)
		}
	})
}
