package booking

import (
	"fmt"
	"log/slog"
	"slices"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// Traveller is one person on a booking, with names as printed in the travel
// document. String and LogValue mask the document number.
type Traveller struct {
	ID             string    `json:"id"`
	Surname        string    `json:"surname"`
	GivenNames     string    `json:"given_names"`
	Birth          date.Date `json:"birth,omitzero"`
	DocumentNumber string    `json:"document_number,omitempty"`
	DocumentExpiry date.Date `json:"document_expiry,omitzero"`
}

// MaskedDocument shows the first two and last two characters of the
// document number and stars between ("E1*****89").
func (t Traveller) MaskedDocument() string {
	r := []rune(t.DocumentNumber)
	if len(r) <= 4 {
		return string(slices.Repeat([]rune{'*'}, len(r)))
	}
	out := slices.Clone(r)
	for i := 2; i < len(r)-2; i++ {
		out[i] = '*'
	}
	return string(out)
}

// String names the traveller with the document masked, so that printing a
// booking never leaks a passport number.
func (t Traveller) String() string {
	return fmt.Sprintf("%s %s (%s)", t.Surname, t.GivenNames, t.MaskedDocument())
}

// LogValue is the masked form for log/slog.
func (t Traveller) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", t.ID), slog.String("surname", t.Surname),
		slog.String("given_names", t.GivenNames), slog.String("document", t.MaskedDocument()))
}

// Amendment is a change to a booking. Services and travellers are set (added
// or replaced by ID) or removed by ID; everything else stays exactly as
// booked, so a change to one traveller never touches another.
type Amendment struct {
	SetServices      []Service   `json:"set_services,omitempty"`
	RemoveServices   []string    `json:"remove_services,omitempty"`
	SetTravellers    []Traveller `json:"set_travellers,omitempty"`
	RemoveTravellers []string    `json:"remove_travellers,omitempty"`
	// Fee is the amendment fee; it adds to the total.
	Fee pricing.Money `json:"fee,omitzero"`
	// Reprice takes the Price of every service in SetServices as given;
	// without it a replaced service keeps its booked price unless its
	// product or dates changed, and then its new Price is required.
	Reprice bool `json:"reprice,omitempty"`
	// On is the date of the amendment in the agency's zone; instalments
	// with nothing left to be due by then fall on it.
	On date.Date `json:"on"`
}

// ChangeKind says how an item changed.
type ChangeKind string

// Change kinds.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one item's change.
type Change struct {
	Kind   ChangeKind `json:"kind"`
	ID     string     `json:"id"`
	Fields []string   `json:"fields,omitempty"`
}

// AmendmentResult is revision N+1 with what changed and what it costs.
type AmendmentResult struct {
	Booking         Booking                 `json:"booking"`
	Services        []Change                `json:"services"`
	Travellers      []Change                `json:"travellers"`
	PriceDifference pricing.Money           `json:"price_difference"`
	Fee             pricing.Money           `json:"fee"`
	Schedule        pricing.PaymentSchedule `json:"schedule"`
	Refund          pricing.Money           `json:"refund"` // paid above the new total
	NeedsSupplement bool                    `json:"needs_supplement"`
}

// Amend applies a to booking b whose payments are in l and returns the next
// revision; b and l are not changed. The new schedule keeps what was paid
// on each instalment and spreads the rest of the new total over the
// instalments still open in proportion to what was open on each (largest
// remainder, to the minor unit); when nothing was open the rest is due on
// a.On. Every problem is returned at once.
func Amend(b Booking, l Ledger, a Amendment) (AmendmentResult, error) {
	var ps problem.List
	switch b.State {
	case Enquiry, Option, Confirmed, Paid:
	default:
		return AmendmentResult{}, fmt.Errorf("%w: cannot amend a booking that is %s", ErrInvalidTransition, b.State)
	}
	cur := b.Total.Currency()
	if !b.Total.IsValid() || !b.Total.IsRounded() {
		ps.Add("booking.total", "amount", "the booking has no total in minor units")
	}
	if l.Schedule.Total.IsValid() && !l.Schedule.Total.Equal(b.Total) {
		ps.Add("ledger.schedule", "total", fmt.Sprintf("the schedule is for %s, the booking for %s", l.Schedule.Total, b.Total))
	}
	if a.On == 0 {
		ps.Add("on", "required", "the amendment's date is required")
	}
	if a.Fee.IsValid() && (a.Fee.Currency() != cur || a.Fee.Sign() < 0 || !a.Fee.IsRounded()) {
		ps.Add("fee", "amount", "the fee is a non-negative amount in the booking's currency")
	}

	// Services.
	old := map[string]Service{}
	for _, s := range b.Services {
		old[s.ID] = s
	}
	res := AmendmentResult{}
	next := b
	next.Services = slices.Clone(b.Services)
	next.Travellers = slices.Clone(b.Travellers)
	seen := map[string]bool{}
	for i, s := range a.SetServices {
		f := fmt.Sprintf("set_services[%d]", i)
		if s.ID == "" {
			ps.Add(f+".id", "required", "a service has an ID")
			continue
		}
		if seen[s.ID] {
			ps.Add(f+".id", "duplicate", "service "+problem.Clip(s.ID)+" is set twice")
		}
		seen[s.ID] = true
		if s.End < s.Start || s.Units < 1 {
			ps.Add(f, "range", "a service ends on or after it starts and has at least one unit")
		}
		prev, had := old[s.ID]
		var fields []string
		if had {
			fields = serviceDiff(prev, s)
		}
		priced := s.Price.IsValid()
		switch {
		case priced && (s.Price.Currency() != cur || s.Price.Sign() < 0 || !s.Price.IsRounded()):
			ps.Add(f+".price", "amount", "a price is a non-negative amount in the booking's currency")
		case !had && !priced:
			ps.Add(f+".price", "price_required", "an added service needs its price")
		case had && !a.Reprice && needsNewPrice(fields) && !priced:
			ps.Add(f+".price", "price_required", "a service with a new product or dates needs its price")
		case had && !a.Reprice && !needsNewPrice(fields):
			s.Price = prev.Price // the agreed price stands
		}
		if had && !s.Price.Equal(prev.Price) && !slices.Contains(fields, "price") {
			fields = append(fields, "price")
		}
		if !had {
			next.Services = append(next.Services, s)
			res.Services = append(res.Services, Change{Kind: Added, ID: s.ID})
			continue
		}
		if len(fields) == 0 {
			continue
		}
		next.Services[slices.IndexFunc(next.Services, func(x Service) bool { return x.ID == s.ID })] = s
		res.Services = append(res.Services, Change{Kind: Changed, ID: s.ID, Fields: fields})
	}
	for i, id := range a.RemoveServices {
		j := slices.IndexFunc(next.Services, func(x Service) bool { return x.ID == id })
		if j < 0 || seen[id] {
			ps.Add(fmt.Sprintf("remove_services[%d]", i), "unknown", "no service "+problem.Clip(id)+" to remove")
			continue
		}
		next.Services = slices.Delete(next.Services, j, j+1)
		res.Services = append(res.Services, Change{Kind: Removed, ID: id})
	}

	// Travellers.
	tseen := map[string]bool{}
	for i, t := range a.SetTravellers {
		f := fmt.Sprintf("set_travellers[%d]", i)
		if t.ID == "" || t.Surname == "" {
			ps.Add(f, "required", "a traveller has an ID and a surname as in the document")
			continue
		}
		if tseen[t.ID] {
			ps.Add(f+".id", "duplicate", "traveller "+problem.Clip(t.ID)+" is set twice")
		}
		tseen[t.ID] = true
		j := slices.IndexFunc(next.Travellers, func(x Traveller) bool { return x.ID == t.ID })
		if j < 0 {
			next.Travellers = append(next.Travellers, t)
			res.Travellers = append(res.Travellers, Change{Kind: Added, ID: t.ID})
			continue
		}
		if fields := travellerDiff(next.Travellers[j], t); len(fields) > 0 {
			next.Travellers[j] = t
			res.Travellers = append(res.Travellers, Change{Kind: Changed, ID: t.ID, Fields: fields})
		}
	}
	for i, id := range a.RemoveTravellers {
		j := slices.IndexFunc(next.Travellers, func(x Traveller) bool { return x.ID == id })
		if j < 0 || tseen[id] {
			ps.Add(fmt.Sprintf("remove_travellers[%d]", i), "unknown", "no traveller "+problem.Clip(id)+" to remove")
			continue
		}
		next.Travellers = slices.Delete(next.Travellers, j, j+1)
		res.Travellers = append(res.Travellers, Change{Kind: Removed, ID: id})
	}
	if len(next.Services) == 0 && len(b.Services) > 0 {
		ps.Add("remove_services", "empty", "an amendment keeps at least one service; cancel the booking instead")
	}
	if len(ps) == 0 && len(res.Services) == 0 && len(res.Travellers) == 0 && minorOrZero(a.Fee) == 0 {
		ps.Add("amendment", "no_change", "the amendment changes nothing")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return AmendmentResult{}, err
	}

	// Money: the difference of the services' prices, plus the fee.
	var before, after int64
	for _, s := range b.Services {
		before += minorOrZero(s.Price)
	}
	for _, s := range next.Services {
		after += minorOrZero(s.Price)
	}
	total := minorOrZero(b.Total) + after - before + minorOrZero(a.Fee)
	if total < 0 {
		return AmendmentResult{}, problem.One(ErrInvalid, "amendment", "negative_total", "the amendment would make the total negative")
	}
	res.PriceDifference = pricing.FromMinor(after-before, cur)
	res.Fee = pricing.FromMinor(minorOrZero(a.Fee), cur)
	next.Total = pricing.FromMinor(total, cur)
	next.Revision = b.Revision + 1
	sched, refund, err := reschedule(l, total, cur, a.On)
	if err != nil {
		return AmendmentResult{}, err
	}
	res.Schedule, res.Refund = sched, refund
	res.Booking = next
	res.NeedsSupplement = true // every change to a signed contract is a supplement (补充协议)
	return res, nil
}

func needsNewPrice(fields []string) bool {
	for _, f := range fields {
		switch f {
		case "product", "start", "end", "units", "supplier":
			return true
		}
	}
	return false
}

// field is one compared field: its name and whether the two sides agree.
type field struct {
	name string
	same bool
}

// changed names the fields that differ, in the order given.
func changed(fs ...field) []string {
	var out []string
	for _, f := range fs {
		if !f.same {
			out = append(out, f.name)
		}
	}
	return out
}

func serviceDiff(a, b Service) []string {
	return changed(field{"supplier", a.SupplierID == b.SupplierID}, field{"product", a.Product == b.Product}, field{"start", a.Start == b.Start},
		field{"end", a.End == b.End}, field{"units", a.Units == b.Units}, field{"supplier_ref", a.SupplierRef == b.SupplierRef},
		field{"status", a.Status == b.Status})
}

func travellerDiff(a, b Traveller) []string {
	return changed(field{"surname", a.Surname == b.Surname}, field{"given_names", a.GivenNames == b.GivenNames}, field{"birth", a.Birth == b.Birth},
		field{"document_number", a.DocumentNumber == b.DocumentNumber}, field{"document_expiry", a.DocumentExpiry == b.DocumentExpiry})
}

// reschedule keeps what was paid on each instalment and spreads the rest
// of total over the open instalments in proportion to what was open.
func reschedule(l Ledger, total int64, cur pricing.Currency, on date.Date) (pricing.PaymentSchedule, pricing.Money, error) {
	paid := l.netMinor()
	s := pricing.PaymentSchedule{Total: pricing.FromMinor(total, cur)}
	rest := total - paid
	cs := l.cover(paid)
	covered := make([]int64, len(cs))
	open := make([]decimal.Decimal, len(cs))
	anyOpen := false
	for i, c := range cs {
		covered[i] = c.covered
		open[i] = decimal.NewFromInt(c.open)
		anyOpen = anyOpen || c.open > 0
	}
	if rest <= 0 {
		// Overpaid or exactly paid: the instalments keep what they received,
		// trimmed from the last back to the new total; the excess is refunded.
		keep := total
		for i, in := range l.Schedule.Instalments {
			c := min(covered[i], keep)
			keep -= c
			if c > 0 {
				s.Instalments = append(s.Instalments, pricing.Instalment{Kind: in.Kind, Amount: pricing.FromMinor(c, cur), Due: in.Due})
			}
		}
		if keep > 0 { // paid before any schedule existed
			s.Instalments = append(s.Instalments, pricing.Instalment{Kind: pricing.InstalmentFull, Amount: pricing.FromMinor(keep, cur), Due: on})
		}
		return s, pricing.FromMinor(-rest, cur), nil
	}
	if !anyOpen {
		for i, in := range l.Schedule.Instalments {
			s.Instalments = append(s.Instalments, pricing.Instalment{Kind: in.Kind, Amount: pricing.FromMinor(covered[i], cur), Due: in.Due})
		}
		s.Instalments = append(s.Instalments, pricing.Instalment{Kind: pricing.InstalmentBalance, Amount: pricing.FromMinor(rest, cur), Due: on})
		return s, pricing.Zero(cur), nil
	}
	shares, err := pricing.FromMinor(rest, cur).Allocate(open...)
	if err != nil {
		return s, pricing.Money{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	for i, in := range l.Schedule.Instalments {
		share, _ := shares[i].MinorUnits()
		s.Instalments = append(s.Instalments, pricing.Instalment{Kind: in.Kind, Amount: pricing.FromMinor(covered[i]+share, cur), Due: in.Due})
	}
	return s, pricing.Zero(cur), nil
}
