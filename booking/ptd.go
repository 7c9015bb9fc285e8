package booking

import (
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// The EU Package Travel Directive (EU) 2015/2302 as the second
// configuration: art. 10 (price changes), 11 (significant changes) and 12
// (termination).

// EUTerminationInput is a traveller's termination under art. 12.
type EUTerminationInput struct {
	// CancellationInput carries the price, dates, notice and zone. Its
	// Scale is the contract's standardised termination fees (art. 12(1));
	// a scale without steps means the contract has none, and the fee is the
	// price less CostSavings.
	CancellationInput
	// CostSavings are the expected cost savings and income from
	// re-deploying the services, used when there is no standardised fee.
	CostSavings pricing.Money
	// Unavoidable marks unavoidable and extraordinary circumstances at or
	// near the destination (art. 12(2)): no fee, a full refund.
	Unavoidable bool
}

// EURefundDays is the refund deadline of art. 12(4), in calendar days.
const EURefundDays = 14

// QuoteEUTermination computes the fee and refund of a traveller's
// termination before the start of the package. The refund is due within
// 14 days of the notice.
func QuoteEUTermination(in EUTerminationInput) (Cancellation, error) {
	ci := in.CancellationInput
	standard := len(ci.Scale.Steps) > 0
	if in.Unavoidable || !standard {
		name := "PTD art. 12(1) without standardised fees"
		if in.Unavoidable {
			name = "PTD art. 12(2) unavoidable circumstances"
		}
		ci.Scale = Scale{Name: name, Who: TravellerTerminates, Steps: []Step{{0, decimal.Zero}}}
	}
	ci.Scale.Who = TravellerTerminates
	var ps problem.List
	if ci.Zone != nil && !ci.NoticeAt.IsZero() && ci.Departure != 0 && date.NewAt(ci.NoticeAt.In(ci.Zone)) > ci.Departure {
		ps.Add("notice_at", "after_start", "art. 12 terminations come before the start of the package")
	}
	if in.CostSavings.IsValid() {
		switch {
		case ci.Total.IsValid() && in.CostSavings.Currency() != ci.Total.Currency():
			ps.Add("cost_savings", "currency", "cost savings are in the price's currency")
		case !in.CostSavings.IsRounded() || in.CostSavings.Sign() < 0:
			ps.Add("cost_savings", "amount", "cost savings are a non-negative amount in minor units")
		}
	}
	c, err := QuoteCancellation(ci)
	var ve *ValidationError
	switch {
	case errors.As(err, &ve):
		return Cancellation{}, append(ps, ve.Problems...).Err(ErrInvalid)
	case err != nil:
		return Cancellation{}, err // never dropped, whatever its kind
	case len(ps) > 0:
		return Cancellation{}, ps.Err(ErrInvalid)
	}
	cur := ci.Total.Currency()
	if !standard && !in.Unavoidable {
		fee := max(minorOrZero(ci.Total)-minorOrZero(in.CostSavings), 0)
		// The directive's fee already is the net cost: documented costs do
		// not add to it.
		paid := minorOrZero(ci.Paid)
		c.ScaleFee = pricing.FromMinor(fee, cur)
		c.Fee = c.ScaleFee
		c.Basis = BasisActual
		c.VisaFees = pricing.Zero(cur)
		// Never a negative refund: what the traveller still owes is apart.
		c.Refund = pricing.FromMinor(max(paid-fee, 0), cur)
		c.Owed = pricing.FromMinor(max(fee-paid, 0), cur)
	}
	if in.Unavoidable {
		// Nothing is kept, not even documented costs.
		paid := minorOrZero(ci.Paid)
		c.Fee, c.ScaleFee, c.VisaFees, c.Basis = pricing.Zero(cur), pricing.Zero(cur), pricing.Zero(cur), BasisScale
		c.Refund, c.Owed = pricing.FromMinor(paid, cur), pricing.Zero(cur)
	}
	c.RefundBy = c.NoticeOn + EURefundDays
	return c, nil
}

// OrganiserDeadline is the last instant the organiser may terminate because
// too few travellers booked (art. 12(3)(a)): 20 days before the start for
// trips of more than six days, 7 days for trips of two to six days, 48
// hours for shorter trips. start is the package's start instant.
func OrganiserDeadline(start time.Time, tripDays int, zone *time.Location) (time.Time, error) {
	if zone == nil || start.IsZero() || tripDays < 1 {
		return time.Time{}, problem.One(ErrInvalid, "trip", "required", "a start instant, a zone and at least one trip day are needed")
	}
	local := start.In(zone)
	switch {
	case tripDays > 6:
		return local.AddDate(0, 0, -20), nil
	case tripDays >= 2:
		return local.AddDate(0, 0, -7), nil
	}
	return local.Add(-48 * time.Hour), nil
}

// PriceIncreaseNoticeDays is how long before the start a price increase
// must be notified at the latest (art. 10(2)).
const PriceIncreaseNoticeDays = 20

// PriceIncrease is a price revision checked against art. 10 and 11.
type PriceIncrease struct {
	Percent decimal.Decimal `json:"percent"` // increase ÷ total × 100, exact to 4 places
	// LatestNotice is the last day (in the package's zone) an increase
	// may be notified: 20 days before the start.
	LatestNotice date.Date `json:"latest_notice"`
	// InTime: notified on or before LatestNotice (art. 10(2)).
	InTime bool `json:"in_time"`
	// Significant: above 8 % of the total; the traveller may accept it or
	// terminate without a fee (art. 10(3), 11(2)).
	Significant bool `json:"significant"`
	// Allowed: the increase may be imposed at all (in time).
	Allowed bool `json:"allowed"`
}

// CheckPriceIncrease checks an increase of the total price notified at
// noticeAt for a package starting on departure (dates in zone).
func CheckPriceIncrease(total, increase pricing.Money, noticeAt time.Time, departure date.Date, zone *time.Location) (PriceIncrease, error) {
	var ps problem.List
	if !total.IsValid() || total.Sign() <= 0 {
		ps.Add("total", "amount", "the total price is a positive amount")
	}
	if !increase.IsValid() || increase.Sign() <= 0 {
		ps.Add("increase", "amount", "an increase is a positive amount")
	} else if total.IsValid() && increase.Currency() != total.Currency() {
		ps.Add("increase", "currency", fmt.Sprintf("the increase is in %s, the total in %s", increase.Currency(), total.Currency()))
	}
	if zone == nil || noticeAt.IsZero() || departure == 0 {
		ps.Add("notice_at", "required", "the notice instant, the departure date and the zone are needed")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return PriceIncrease{}, err
	}
	ratio := increase.Amount().Mul(decimal.NewFromInt(100))
	p := PriceIncrease{Percent: ratio.DivRound(total.Amount(), 4)}
	// Compare exactly: increase × 100 > total × 8 (art. 10(3): exactly 8 %
	// is not above the threshold), no rounded percentage.
	p.Significant = ratio.GreaterThan(total.Amount().Mul(decimal.NewFromInt(8)))
	p.LatestNotice = departure - PriceIncreaseNoticeDays
	p.InTime = date.NewAt(noticeAt.In(zone)) <= p.LatestNotice
	p.Allowed = p.InTime
	return p, nil
}

// TransferNoticeDays is how long before the start a notice to transfer
// the package to another traveller is in any event reasonable (art. 9(1)).
const TransferNoticeDays = 7

// TransferNotice is a traveller's notice to transfer the package contract
// to another person (art. 9), checked for reasonable notice.
type TransferNotice struct {
	// DaysBefore counts the days from the notice to the start, in the
	// package's zone.
	DaysBefore int `json:"days_before"`
	// LatestDeemed is the last day a notice is in any event reasonable: 7
	// days before the start.
	LatestDeemed date.Date `json:"latest_deemed"`
	// Reasonable: given on or before LatestDeemed, so the organiser must
	// accept the transfer. A later notice before the start may still be
	// reasonable in the circumstances; the directive leaves that to the
	// organiser's judgement, so it is not Reasonable here.
	Reasonable bool `json:"reasonable"`
}

// CheckTransferNotice checks a notice given at noticeAt to transfer a
// package starting on departure (dates in zone). A notice on or after the
// start is refused: a transfer comes before the package starts.
func CheckTransferNotice(noticeAt time.Time, departure date.Date, zone *time.Location) (TransferNotice, error) {
	if zone == nil || noticeAt.IsZero() || departure == 0 {
		return TransferNotice{}, problem.One(ErrInvalid, "notice_at", "required", "the notice instant, the departure date and the zone are needed")
	}
	day := date.NewAt(noticeAt.In(zone))
	if day >= departure {
		return TransferNotice{}, problem.One(ErrInvalid, "notice_at", "after_start",
			fmt.Sprintf("a transfer is notified before the start (%s), not on %s", departure, day))
	}
	n := TransferNotice{DaysBefore: int(departure - day), LatestDeemed: departure - TransferNoticeDays}
	n.Reasonable = day <= n.LatestDeemed
	return n, nil
}
