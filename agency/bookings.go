package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// BookingRecord is a booking as stored: the booking, its payment ledger,
// the payer's name as it appears on bank transfers, and the storage
// version every change checks.
type BookingRecord struct {
	Tenant  TenantID        `json:"tenant"`
	Booking booking.Booking `json:"booking"`
	Ledger  booking.Ledger  `json:"ledger"`
	Payer   string          `json:"payer,omitempty"`
	// Consultant made the booking; BookedAt is when it was created. The
	// sales KPIs and plans count by them.
	Consultant string    `json:"consultant,omitempty"`
	BookedAt   time.Time `json:"booked_at,omitzero"`
	Version    int       `json:"version"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// NetSale is what the booking adds to net sales, in minor units of its
// currency: the total of a sold booking (confirmed, paid, travelling or
// completed) less the refunds paid on it; nothing for a booking not sold
// or cancelled, expired or moved.
func (r BookingRecord) NetSale() int64 {
	switch r.Booking.State {
	case booking.Confirmed, booking.Paid, booking.Travelling, booking.Completed:
	default:
		return 0
	}
	total := minorOf(r.Booking.Total)
	for _, p := range r.Ledger.Payments {
		if p.Kind == booking.KindRefund {
			total += minorOf(p.Amount) // refunds are negative
		}
	}
	return total
}

func minorOf(m pricing.Money) int64 {
	n, err := m.MinorUnits()
	if err != nil {
		return 0
	}
	return n
}

// Outstanding is what the booking still expects: the total less what was
// paid net of refunds, and the due date of the first open instalment (the
// last instalment's date when everything due is paid). Closed bookings
// (cancelled, expired, moved) expect nothing.
func (r BookingRecord) Outstanding() (pricing.Money, date.Date) {
	switch r.Booking.State {
	case booking.Cancelled, booking.Expired, booking.Moved:
		return pricing.Zero(r.Booking.Total.Currency()), 0
	}
	return r.Ledger.Outstanding()
}

// LapseAt is when the booking's option runs out (expiry plus grace); zero
// when it is not an option.
func (r BookingRecord) LapseAt() time.Time {
	if r.Booking.State != booking.Option || r.Booking.OptionUntil.IsZero() {
		return time.Time{}
	}
	return r.Booking.OptionUntil.Add(r.Booking.Grace)
}

// BookingRepo keeps bookings.
type BookingRepo interface {
	// Get returns a booking by reference; ErrNotFound when the tenant has
	// none.
	Get(ctx context.Context, tenant TenantID, reference string) (BookingRecord, error)
	// Save inserts r when r.Version is 0 and updates it when r.Version is
	// the stored version; the returned record has the new version. A stale
	// or duplicate save is ErrConflict.
	Save(ctx context.Context, r BookingRecord) (BookingRecord, error)
	// Lapsed returns up to limit options of any tenant whose expiry plus
	// grace is at or before now, soonest first, by an indexed query.
	Lapsed(ctx context.Context, now time.Time, limit int) ([]BookingRecord, error)
	// Open returns what the tenant's open bookings still expect (those with
	// a positive outstanding amount), by reference.
	Open(ctx context.Context, tenant TenantID) ([]booking.Expected, error)
	// MarkReminded records that the reminder of an instalment went out;
	// ErrConflict when it already had, so that each goes out once.
	MarkReminded(ctx context.Context, tenant TenantID, reference string, instalment int, due date.Date, at time.Time) error
	// AddBankTx records an imported bank transaction ID; ErrConflict when
	// it is already recorded.
	AddBankTx(ctx context.Context, tenant TenantID, txID, reference string, at time.Time) error
	// KnownBankTx returns which of ids are already recorded.
	KnownBankTx(ctx context.Context, tenant TenantID, ids []string) ([]string, error)
}

// Booking events.
const (
	EventBookingCreated   = "booking.created"
	EventBookingChanged   = "booking.changed" // a lifecycle event; the payload names it
	EventBookingPaid      = "booking.payment"
	EventBookingAmended   = "booking.amended"
	EventBookingCancelled = "booking.cancelled"
	EventBookingExpired   = "booking.expired"
	EventPaymentReminder  = "booking.payment_reminder"
	EventStatementLine    = "booking.statement_line"
)

type bookingPayload struct {
	Reference  string             `json:"reference"`
	Event      booking.Event      `json:"event,omitempty"`
	State      booking.State      `json:"state"`
	Revision   int                `json:"revision"`
	Amount     *pricing.Money     `json:"amount,omitempty"`
	Instalment int                `json:"instalment,omitempty"`
	Due        date.Date          `json:"due,omitzero"`
	Match      booking.MatchState `json:"match,omitempty"`
	TxID       string             `json:"tx_id,omitempty"`
	// SupplierFees are the suppliers' cancellation fees by service ID;
	// SupplierFeeProblems say why a confirmed service's fee could not be
	// computed.
	SupplierFees        map[string]pricing.Money `json:"supplier_fees,omitempty"`
	SupplierFeeProblems map[string]string        `json:"supplier_fee_problems,omitempty"`
}

func (s *Service) addBookingEvent(ctx context.Context, tx Store, tenant TenantID, typ string, p bookingPayload) error {
	e, err := s.newEventOf(tenant, typ, p.Reference, Chinese, p)
	if err != nil {
		return err
	}
	return tx.Outbox().Add(ctx, e)
}

// CreateBooking stores a new booking in state enquiry with its payment
// schedule, the payer's name and the consultant who made it, booked now,
// and records booking.created.
func (s *Service) CreateBooking(ctx context.Context, tenant TenantID, b booking.Booking, schedule pricing.PaymentSchedule, payer, consultant string) (BookingRecord, error) {
	if err := s.ready(); err != nil {
		return BookingRecord{}, err
	}
	var ps problem.List
	if b.Reference == "" {
		ps.Add("booking.reference", "required", "a booking has a reference")
	}
	if b.State != "" && b.State != booking.Enquiry {
		ps.Add("booking.state", "state", "a new booking starts as an enquiry")
	}
	if !b.Total.IsValid() || !schedule.Total.Equal(b.Total) {
		ps.Add("schedule.total", "total", fmt.Sprintf("the schedule is for %s, the booking for %s", schedule.Total, b.Total))
	}
	if _, err := s.location(b.Zone); err != nil {
		ps.Add("booking.zone", "zone", "the booking needs the agency's zone")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return BookingRecord{}, err
	}
	b.State = booking.Enquiry
	b.Revision = max(b.Revision, 1)
	rec := BookingRecord{Tenant: tenant, Booking: b, Ledger: booking.Ledger{Schedule: schedule}, Payer: payer, Consultant: consultant,
		BookedAt: s.clock.Now()}
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		if rec, err = s.saveBooking(ctx, tx, rec); err != nil {
			return err
		}
		return s.addBookingEvent(ctx, tx, tenant, EventBookingCreated, bookingPayload{Reference: b.Reference, State: b.State, Revision: b.Revision})
	})
	return rec, err
}

// changeBooking loads a booking, applies fn and saves it with its event in
// one transaction; the version check makes a concurrent change fail with
// ErrConflict instead of being lost.
func (s *Service) changeBooking(ctx context.Context, tenant TenantID, ref string, fn func(tx Store, r *BookingRecord) (string, bookingPayload, error)) (BookingRecord, error) {
	if err := s.ready(); err != nil {
		return BookingRecord{}, err
	}
	var out BookingRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		r, err := tx.Bookings().Get(ctx, tenant, ref)
		if err != nil {
			return err
		}
		r.Booking.Paid = netPaid(r.Ledger, r.Booking.Total.Currency()) // the guards read it
		typ, p, err := fn(tx, &r)
		if err != nil {
			return err
		}
		if out, err = s.saveBooking(ctx, tx, r); err != nil {
			return err
		}
		p.Reference, p.State, p.Revision = ref, r.Booking.State, r.Booking.Revision
		return s.addBookingEvent(ctx, tx, tenant, typ, p)
	})
	return out, err
}

// ApplyBookingEvent moves a booking through its lifecycle (place an option,
// confirm, pay, depart, complete, move) at the clock's instant; refused
// moves are ErrInvalidTransition and change nothing. Cancellations go
// through CancelBooking, which computes the fee.
func (s *Service) ApplyBookingEvent(ctx context.Context, tenant TenantID, ref string, ev booking.Event, in booking.Input) (BookingRecord, error) {
	if ev == booking.Cancel {
		return BookingRecord{}, fmt.Errorf("%w: cancel a booking with CancelBooking", ErrInvalid)
	}
	return s.changeBooking(ctx, tenant, ref, func(tx Store, r *BookingRecord) (string, bookingPayload, error) {
		in.Now = s.clock.Now()
		if err := r.Booking.Apply(ev, in); err != nil {
			return "", bookingPayload{}, err
		}
		typ := EventBookingChanged
		if ev == booking.Expire {
			typ = EventBookingExpired
		}
		return typ, bookingPayload{Event: ev}, nil
	})
}

// saveBooking stores r with the instant of the change and Booking.Paid
// derived from its ledger, the one place that copy is kept in step.
func (s *Service) saveBooking(ctx context.Context, tx Store, r BookingRecord) (BookingRecord, error) {
	r.Booking.Paid = netPaid(r.Ledger, r.Booking.Total.Currency())
	r.UpdatedAt = s.clock.Now()
	return tx.Bookings().Save(ctx, r)
}

// netPaid is the ledger's net payments; a ledger without a schedule (never
// stored by CreateBooking) has none, in the booking's currency.
func netPaid(l booking.Ledger, cur pricing.Currency) pricing.Money {
	if !l.Schedule.Total.IsValid() {
		return pricing.Zero(cur)
	}
	return l.NetPaid()
}

// RecordBookingPayment adds a payment or refund to the booking's ledger
// and records booking.payment.
func (s *Service) RecordBookingPayment(ctx context.Context, tenant TenantID, ref string, p booking.Payment) (BookingRecord, error) {
	return s.changeBooking(ctx, tenant, ref, func(tx Store, r *BookingRecord) (string, bookingPayload, error) {
		l, err := r.Ledger.Record(p)
		if err != nil {
			return "", bookingPayload{}, err
		}
		r.Ledger = l
		amt := p.Amount
		return EventBookingPaid, bookingPayload{Amount: &amt, TxID: p.BankTxID}, nil
	})
}

// QuoteBookingCancellation shows the fee of cancelling now under scale,
// before anything changes.
func (s *Service) QuoteBookingCancellation(ctx context.Context, tenant TenantID, ref string, in booking.CancellationInput) (booking.Cancellation, error) {
	if err := s.ready(); err != nil {
		return booking.Cancellation{}, err
	}
	r, err := s.store.Bookings().Get(ctx, tenant, ref)
	if err != nil {
		return booking.Cancellation{}, err
	}
	return booking.QuoteCancellation(s.cancellationInput(r, in))
}

func (s *Service) cancellationInput(r BookingRecord, in booking.CancellationInput) booking.CancellationInput {
	in.Total = r.Booking.Total
	in.Paid = netPaid(r.Ledger, r.Booking.Total.Currency())
	in.Departure, in.Return = r.Booking.Departure(), r.Booking.Return()
	in.NoticeAt = s.clock.Now()
	if loc, err := s.location(r.Booking.Zone); err == nil {
		in.Zone = loc
	}
	return in
}

// CancelBooking cancels with reason at the clock's instant, computing the
// fee under in's scale (the booking's price, payments, dates and zone fill
// the rest) and recording booking.cancelled with the fee; the refund (or
// the amount owed) is in the returned Cancellation.
func (s *Service) CancelBooking(ctx context.Context, tenant TenantID, ref string, reason booking.CancelReason, in booking.CancellationInput) (BookingRecord, booking.Cancellation, error) {
	var c booking.Cancellation
	rec, err := s.changeBooking(ctx, tenant, ref, func(tx Store, r *BookingRecord) (string, bookingPayload, error) {
		var err error
		if c, err = booking.QuoteCancellation(s.cancellationInput(*r, in)); err != nil {
			return "", bookingPayload{}, err
		}
		if err := r.Booking.Apply(booking.Cancel, booking.Input{Now: s.clock.Now(), Reason: reason}); err != nil {
			return "", bookingPayload{}, err
		}
		unpriced, err := s.releaseHolds(ctx, tx, tenant, r)
		if err != nil {
			return "", bookingPayload{}, err
		}
		fee := c.Fee
		p := bookingPayload{Event: booking.Cancel, Amount: &fee, SupplierFeeProblems: unpriced}
		for _, sv := range r.Booking.Services {
			if sv.SupplierFee.IsValid() {
				if p.SupplierFees == nil {
					p.SupplierFees = map[string]pricing.Money{}
				}
				p.SupplierFees[sv.ID] = sv.SupplierFee
			}
		}
		return EventBookingCancelled, p, nil
	})
	if err != nil {
		return BookingRecord{}, booking.Cancellation{}, err
	}
	return rec, c, nil
}

// releaseHolds cancels every service still live: it gives back the units
// of its allotment hold, recording allotment.cancelled, and charges the
// supplier's fee under its contract's cancellation tiers for a service the
// supplier confirmed (a supplier charges for what it agreed to provide),
// all in the cancellation's transaction. A hold that has already expired
// or been cancelled has nothing to give back. A fee that cannot be
// computed from the stored records (a net cost in another currency than
// the contract's, a contract gone) does not stop the customer's
// cancellation: it is returned by service ID, for the event to say, so
// that someone prices it by hand.
func (s *Service) releaseHolds(ctx context.Context, tx Store, tenant TenantID, r *BookingRecord) (map[string]string, error) {
	var unpriced map[string]string
	for i := range r.Booking.Services {
		sv := &r.Booking.Services[i]
		if sv.Status == booking.ServiceCancelled {
			continue
		}
		if sv.ContractID != "" && sv.Status == booking.ServiceConfirmed {
			fee, err := s.supplierFee(ctx, tx, tenant, sv)
			switch {
			case errors.Is(err, ErrInvalid) || errors.Is(err, ErrNotFound):
				if unpriced == nil {
					unpriced = map[string]string{}
				}
				unpriced[sv.ID] = err.Error()
			case err != nil:
				return nil, fmt.Errorf("service %s: %w", problem.Clip(sv.ID), err)
			default:
				sv.SupplierFee = fee
			}
		}
		if sv.HoldID != "" {
			h, err := tx.Allotments().Cancel(ctx, tenant, sv.HoldID)
			switch {
			case errors.Is(err, ErrInvalidTransition):
			case err != nil:
				return nil, err
			default:
				if err := s.addInternalEvent(ctx, tx, tenant, EventHoldCancelled, h.ID, supplierPayload{AllotmentID: h.AllotmentID, HoldID: h.ID,
					From: h.From, Nights: h.Nights, Units: h.Units}); err != nil {
					return nil, err
				}
			}
		}
		sv.Status = booking.ServiceCancelled
	}
	return unpriced, nil
}

// supplierFee is what the supplier charges for cancelling sv now under
// the cancellation tiers of the latest version of its contract. The
// service is taken to start at the beginning of its first day in the
// supplier's zone; the agency's net cost is spread evenly over its
// nights (largest remainder), so fees on the first nights read it.
func (s *Service) supplierFee(ctx context.Context, tx Store, tenant TenantID, sv *booking.Service) (pricing.Money, error) {
	cv, err := tx.Contracts().Latest(ctx, tenant, sv.ContractID)
	if err != nil {
		return pricing.Money{}, err
	}
	sr, err := tx.Suppliers().Get(ctx, tenant, cv.Contract.SupplierID)
	if err != nil {
		return pricing.Money{}, err
	}
	loc, err := s.location(sr.Supplier.Zone)
	if err != nil {
		return pricing.Money{}, err
	}
	if !sv.Net.IsValid() || sv.Net.Currency() != cv.Contract.Currency {
		return pricing.Money{}, problem.One(ErrInvalid, "net", "currency",
			fmt.Sprintf("the service's net cost %s is not in the contract's currency %s", sv.Net, cv.Contract.Currency))
	}
	nights, err := sv.Net.Split(max(int(sv.End-sv.Start), 1))
	if err != nil {
		return pricing.Money{}, err
	}
	fee, err := cv.Contract.Cancellation.FeeAt(supplier.Booked{Start: sv.Start.MidnightIn(loc), Nights: nights,
		Persons: sv.Persons, Infants: sv.Infants}, s.clock.Now())
	if err != nil {
		return pricing.Money{}, err
	}
	return fee.Round(pricing.Rounding{}), nil
}

// AmendBooking applies an amendment as the next revision, with the new
// total and payment schedule, and records booking.amended.
func (s *Service) AmendBooking(ctx context.Context, tenant TenantID, ref string, a booking.Amendment) (BookingRecord, booking.AmendmentResult, error) {
	var res booking.AmendmentResult
	rec, err := s.changeBooking(ctx, tenant, ref, func(tx Store, r *BookingRecord) (string, bookingPayload, error) {
		var err error
		if res, err = booking.Amend(r.Booking, r.Ledger, a); err != nil {
			return "", bookingPayload{}, err
		}
		r.Booking = res.Booking
		r.Ledger.Schedule = res.Schedule
		diff := res.PriceDifference
		return EventBookingAmended, bookingPayload{Amount: &diff}, nil
	})
	if err != nil {
		return BookingRecord{}, booking.AmendmentResult{}, err
	}
	return rec, res, nil
}

// SweepOptions expires up to limit options whose expiry and grace have
// passed, each with booking.expired, in one transaction. A second or a
// concurrent sweep expires nothing twice: each booking's version is
// checked.
func (s *Service) SweepOptions(ctx context.Context, limit int) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	n := 0
	err := s.store.InTx(ctx, func(tx Store) error {
		now := s.clock.Now()
		due, err := tx.Bookings().Lapsed(ctx, now, limit)
		if err != nil {
			return err
		}
		for _, r := range due {
			if err := r.Booking.Apply(booking.Expire, booking.Input{Now: now}); err != nil {
				continue // no longer lapsed (renewed in between): leave it
			}
			if _, err := s.saveBooking(ctx, tx, r); err != nil {
				return err
			}
			if err := s.addBookingEvent(ctx, tx, r.Tenant, EventBookingExpired, bookingPayload{Reference: r.Booking.Reference,
				Event: booking.Expire, State: r.Booking.State, Revision: r.Booking.Revision}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// SendReminders records booking.payment_reminder for every instalment of
// the listed bookings whose reminder is due under policy and was not sent
// before: each instalment is reminded once, however often or concurrently
// the sweep runs.
func (s *Service) SendReminders(ctx context.Context, tenant TenantID, refs []string, policy booking.ReminderPolicy) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		err := s.store.InTx(ctx, func(tx Store) error {
			r, err := tx.Bookings().Get(ctx, tenant, ref)
			if err != nil {
				return err
			}
			if st := r.Booking.State; st == booking.Cancelled || st == booking.Expired || st == booking.Moved {
				return nil
			}
			loc, err := s.location(r.Booking.Zone)
			if err != nil {
				return err
			}
			now := s.clock.Now()
			due, err := r.Ledger.RemindersDue(policy, loc, now)
			if err != nil {
				return err
			}
			for _, rm := range due {
				if err := tx.Bookings().MarkReminded(ctx, tenant, ref, rm.Instalment, rm.Due, now); err != nil {
					if errors.Is(err, ErrConflict) {
						continue
					}
					return err
				}
				amt := rm.Amount
				if err := s.addBookingEvent(ctx, tx, tenant, EventPaymentReminder, bookingPayload{Reference: ref, State: r.Booking.State,
					Revision: r.Booking.Revision, Amount: &amt, Instalment: rm.Instalment, Due: rm.Due}); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ImportStatement matches a statement against the tenant's open bookings
// and known bank transactions, records each new transaction ID, adds the
// matched, partial and overpaid credits to their bookings' ledgers, and
// records booking.statement_line for the ones a person must look at
// (unregistered, overpaid). Everything commits together.
func (s *Service) ImportStatement(ctx context.Context, tenant TenantID, lines []booking.StatementLine, window int) ([]booking.Match, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if err := booking.CheckLines(lines); err != nil {
		return nil, err
	}
	var out []booking.Match
	err := s.store.InTx(ctx, func(tx Store) error {
		exp, err := tx.Bookings().Open(ctx, tenant)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(lines))
		for _, l := range lines {
			ids = append(ids, l.TxID)
		}
		known, err := tx.Bookings().KnownBankTx(ctx, tenant, ids)
		if err != nil {
			return err
		}
		m, err := booking.NewMatcher(exp, known, window)
		if err != nil {
			return err
		}
		out = m.Match(lines)
		now := s.clock.Now()
		for _, mt := range out {
			if mt.State == booking.Duplicate {
				continue
			}
			if err := tx.Bookings().AddBankTx(ctx, tenant, mt.Line.TxID, mt.Reference, now); err != nil {
				return err
			}
			switch mt.State {
			case booking.Matched, booking.Partial, booking.Overpaid:
				r, err := tx.Bookings().Get(ctx, tenant, mt.Reference)
				if err != nil {
					return err
				}
				loc, err := s.location(r.Booking.Zone)
				if err != nil {
					return err
				}
				d := mt.Line.Date
				p := booking.Payment{ID: "bank-" + mt.Line.TxID, BankTxID: mt.Line.TxID, Kind: booking.KindPayment, Amount: mt.Line.Amount,
					ReceivedAt: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), Payer: mt.Line.Payer, Method: "bank"}
				if r.Ledger, err = r.Ledger.Record(p); err != nil {
					return err
				}
				if _, err := s.saveBooking(ctx, tx, r); err != nil {
					return err
				}
			}
			if mt.State == booking.Unregistered || mt.State == booking.Overpaid {
				amt := mt.Line.Amount
				if err := s.addBookingEvent(ctx, tx, tenant, EventStatementLine, bookingPayload{Reference: mt.Reference, Match: mt.State,
					TxID: mt.Line.TxID, Amount: &amt}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetServiceStatus records a supplier's answer for one service of a
// booking (confirmed with its reference, declined, on request, cancelled)
// and records booking.changed. The booking's own state changes only
// through ApplyBookingEvent; its confirm guard reads these statuses.
func (s *Service) SetServiceStatus(ctx context.Context, tenant TenantID, ref, serviceID string, status booking.ServiceStatus, supplierRef string) (BookingRecord, error) {
	switch status {
	case booking.Requested, booking.OnRequest, booking.ServiceConfirmed, booking.Declined, booking.ServiceCancelled:
	default:
		return BookingRecord{}, problem.One(ErrInvalid, "status", "unknown", fmt.Sprintf("service status %q is unknown", problem.Clip(string(status))))
	}
	return s.changeBooking(ctx, tenant, ref, func(tx Store, r *BookingRecord) (string, bookingPayload, error) {
		switch r.Booking.State {
		case booking.Cancelled, booking.Expired, booking.Moved, booking.Completed:
			return "", bookingPayload{}, fmt.Errorf("%w: a booking that is %s keeps its services", ErrInvalidTransition, r.Booking.State)
		}
		for i := range r.Booking.Services {
			if r.Booking.Services[i].ID == serviceID {
				if err := s.followHold(ctx, tx, tenant, r.Booking.Services[i], status); err != nil {
					return "", bookingPayload{}, err
				}
				r.Booking.Services[i].Status = status
				if supplierRef != "" {
					r.Booking.Services[i].SupplierRef = supplierRef
				}
				return EventBookingChanged, bookingPayload{}, nil
			}
		}
		return "", bookingPayload{}, fmt.Errorf("%w: booking %s has no service %s", ErrNotFound, ref, serviceID)
	})
}

// followHold keeps a held service's allotment hold in step with the
// supplier's answer: a confirmation confirms the hold (a lapsed hold is
// ErrInvalidTransition: its units may be sold), a decline or cancellation
// gives the units back. Each change records its allotment event.
func (s *Service) followHold(ctx context.Context, tx Store, tenant TenantID, sv booking.Service, status booking.ServiceStatus) error {
	if sv.HoldID == "" {
		return nil
	}
	h, err := tx.Allotments().GetHold(ctx, tenant, sv.HoldID)
	if err != nil {
		return err
	}
	typ := ""
	switch {
	case status == booking.ServiceConfirmed && h.State == supplier.HoldActive:
		h, err = tx.Allotments().Confirm(ctx, tenant, h.ID, s.clock.Now())
		typ = EventHoldConfirmed
	case status == booking.ServiceConfirmed && h.State != supplier.HoldConfirmed:
		return fmt.Errorf("%w: service %s: its hold %s is %s", ErrInvalidTransition, problem.Clip(sv.ID), h.ID, h.State)
	case (status == booking.Declined || status == booking.ServiceCancelled) && (h.State == supplier.HoldActive || h.State == supplier.HoldConfirmed):
		h, err = tx.Allotments().Cancel(ctx, tenant, h.ID)
		typ = EventHoldCancelled
	}
	if err != nil || typ == "" {
		return err
	}
	return s.addInternalEvent(ctx, tx, tenant, typ, h.ID, supplierPayload{AllotmentID: h.AllotmentID, HoldID: h.ID,
		From: h.From, Nights: h.Nights, Units: h.Units})
}

// SweepReminders sends the due reminders of every open booking of the
// tenant (those still expecting money), each instalment once.
func (s *Service) SweepReminders(ctx context.Context, tenant TenantID, policy booking.ReminderPolicy) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	open, err := s.store.Bookings().Open(ctx, tenant)
	if err != nil {
		return 0, err
	}
	refs := make([]string, len(open))
	for i, e := range open {
		refs[i] = e.Reference
	}
	return s.SendReminders(ctx, tenant, refs, policy)
}
