package pricing_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/pricing"
)

func TestAllocateAndSplitAreCapped(t *testing.T) {
	t.Parallel()
	m, _ := pricing.Parse("100.00", "EUR")
	ratios := make([]decimal.Decimal, 1<<20+1)
	for i := range ratios {
		ratios[i] = decimal.NewFromInt(1)
	}
	if _, err := m.Allocate(ratios...); !errors.Is(err, pricing.ErrTooLarge) {
		t.Errorf("Allocate beyond the cap: %v", err)
	}
	if _, err := m.Split(1<<20 + 1); !errors.Is(err, pricing.ErrTooLarge) {
		t.Errorf("Split beyond the cap: %v", err)
	}
	if parts, err := m.Allocate(ratios[:3]...); err != nil || len(parts) != 3 || parts[0].String() != "33.34 EUR" {
		t.Errorf("Allocate within the cap: %v %v", parts, err)
	}
}

func TestQuoteLinesAndTravellersAreCapped(t *testing.T) {
	t.Parallel()
	req, err := casebook.Case1Quote()
	if err != nil {
		t.Fatal(err)
	}
	e := pricing.NewEngine(pricing.WithMaxLines(10), pricing.WithMaxTravellers(2))
	_, err = e.Price(req)
	var ve *pricing.ValidationError
	if !errors.Is(err, pricing.ErrTooLarge) || !errors.As(err, &ve) || len(ve.Problems) != 2 ||
		ve.Problems[0].Detail["max"] != "10" || ve.Problems[1].Field != "Travellers" {
		t.Fatalf("capped quote: %v", err)
	}
	if _, err := pricing.NewEngine(pricing.WithMaxLines(len(req.Lines))).Price(req); err != nil {
		t.Fatalf("at the cap: %v", err)
	}
}
