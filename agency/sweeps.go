package agency

import (
	"context"
	"errors"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/supplier"
)

// Sweeps are the background jobs a service runs on a schedule: SLA alerts,
// lapsed options and holds, payment reminders, allotment releases. Each is
// safe to run repeatedly and from several processes at once, raises each
// event once, and never makes a consultant's next action fail with a
// version conflict.
type Sweeps struct{ c *core }

// SweepRequest bounds one run of a sweep across tenants: at most Limit
// records (0: a default of 200 per batch for SLA, 1000 otherwise).
type SweepRequest struct {
	Limit int `json:"limit,omitempty"`
}

// ReminderSweep sends a tenant's due payment reminders under Policy.
type ReminderSweep struct {
	Policy booking.ReminderPolicy `json:"policy"`
}

// ReleaseRun runs an allotment's release job for the nights From to To.
type ReleaseRun struct {
	AllotmentID string    `json:"allotment_id"`
	From        date.Date `json:"from"`
	To          date.Date `json:"to"`
}

// across runs fn in one transaction with a unit of work per tenant it
// touches, writing every unit's events when fn succeeds.
func (c *core) across(ctx context.Context, fn func(tx storage.Store, now time.Time, unitFor func(TenantID) *unit) error) error {
	if c == nil {
		return errNotBuilt
	}
	return c.store.InTx(ctx, func(tx storage.Store) error {
		now := c.clock.Now()
		units := map[TenantID]*unit{}
		var order []*unit
		unitFor := func(t TenantID) *unit {
			if u := units[t]; u != nil {
				return u
			}
			u := &unit{ctx: ctx, c: c, tx: tx, tenant: t, now: now}
			units[t] = u
			order = append(order, u)
			return u
		}
		if err := fn(tx, now, unitFor); err != nil {
			return err
		}
		for _, u := range order {
			for _, e := range u.events {
				if err := tx.Outbox().Add(ctx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SLA raises the at-risk and breached events of every complaint whose SLA
// check is due, exactly once per complaint and target, for its assignee
// (else its consultant, else whoever received it): the alert bookkeeping
// and the events commit together. The bookkeeping is written without a new
// version, so a person's next action on the complaint is never refused
// because the sweep ran. It finds due complaints by an indexed query and
// returns how many events it raised.
func (s Sweeps) SLA(ctx context.Context, r SweepRequest) (int, error) {
	if s.c == nil {
		return 0, errNotBuilt
	}
	batch := r.Limit
	if batch <= 0 {
		batch = 200
	}
	now := s.c.clock.Now()
	raised := 0
	for {
		n, touched, more := 0, 0, false
		err := s.c.across(ctx, func(tx storage.Store, _ time.Time, unitFor func(TenantID) *unit) error {
			due, err := storage.Complaints().Due(ctx, tx, storage.Nanos(now), batch)
			if err != nil {
				return err
			}
			more = len(due) == batch
			for _, rec := range due {
				cal, err := feedback.NewCalendar(rec.Complaint.Calendar)
				if err != nil {
					return err
				}
				sla := rec.Complaint.SLAOn(cal, now)
				owed := alertsOwed(&rec, sla)
				scheduleWith(&rec, cal, sla, now)
				if rec.NextCheck != nil && !rec.NextCheck.After(now) {
					later := now.Add(time.Second) // never hand the same record back to this sweep
					rec.NextCheck = &later
				}
				if err := storage.Complaints().Touch(ctx, tx, rec.Tenant, rec); errors.Is(err, ErrConflict) {
					continue // changed meanwhile: its new schedule stands
				} else if err != nil {
					return err
				}
				touched++
				u := unitFor(rec.Tenant)
				to, err := u.toStaff(handler(&rec.Complaint))
				if err != nil {
					return err
				}
				name := ""
				if c, err := u.customer(rec.Complaint.CustomerID); err == nil {
					name = c.Name
				}
				for _, a := range owed {
					alert := events.SLAAlert{ComplaintID: rec.Complaint.ID, CustomerName: name, Target: a.target, Due: a.due, Local: u.c.local(to.lang)}
					var p events.Payload = events.SLAAtRisk{SLAAlert: alert}
					if a.breached {
						p = events.SLABreached{SLAAlert: alert}
					}
					if err := u.emit(rec.Complaint.ID, p, to); err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return raised, err
		}
		raised += n
		if !more || touched == 0 {
			return raised, nil
		}
	}
}

// handler is who answers for a complaint: its assignee, else its
// consultant, else whoever received it.
func handler(c *feedback.Complaint) string {
	if h := cmpOr(c.Assignee, c.Consultant); h != "" || len(c.Timeline) == 0 {
		return h
	}
	return c.Timeline[0].By
}

// owedAlert is one SLA alert a complaint owes.
type owedAlert struct {
	target   string
	due      time.Time
	breached bool
}

// alertsOwed works out the alerts a complaint owes and marks them raised.
func alertsOwed(rec *ComplaintRecord, sla feedback.SLAStatus) []owedAlert {
	var out []owedAlert
	for _, t := range []struct {
		name             string
		clock            feedback.Clock
		atRisk, breached storage.Alerts
	}{
		{"first_response", sla.FirstResponse, storage.AlertFirstResponseAtRisk, storage.AlertFirstResponseBreached},
		{"resolution", sla.Resolution, storage.AlertResolutionAtRisk, storage.AlertResolutionBreached},
	} {
		switch {
		case t.clock.State == feedback.Breached && rec.Alerts&t.breached == 0:
			out = append(out, owedAlert{t.name, t.clock.Due, true})
			rec.Alerts |= t.breached | t.atRisk // a breach makes the warning moot
		case t.clock.AtRisk && rec.Alerts&(t.atRisk|t.breached) == 0:
			out = append(out, owedAlert{t.name, t.clock.Due, false})
			rec.Alerts |= t.atRisk
		}
	}
	return out
}

// Options expires the options whose expiry and grace have passed, each in
// the sweep's transaction: the booking expires, every hold it owns goes
// back (each told to its supplier), and the customer gets booking.expired.
// A second or a concurrent sweep expires nothing twice.
func (s Sweeps) Options(ctx context.Context, r SweepRequest) (int, error) {
	n := 0
	err := s.c.across(ctx, func(tx storage.Store, now time.Time, unitFor func(TenantID) *unit) error {
		due, err := storage.Bookings().Due(ctx, tx, storage.Nanos(now), r.Limit)
		if err != nil {
			return err
		}
		for _, rec := range due {
			lapsed := rec.LapseAt()
			if err := rec.Booking.Apply(booking.Expire, booking.Input{Now: now}); err != nil {
				continue // no longer lapsed (renewed in between): leave it
			}
			u := unitFor(rec.Tenant)
			if _, err := u.releaseServices(&rec, false); err != nil {
				return err
			}
			// The due query locked the booking (or the store runs one writer
			// at a time), so a conflict here means a writer ignored the lock:
			// the batch gives up rather than commit given-back holds for a
			// booking that stays live.
			if _, err := u.saveBooking(rec); err != nil {
				return err
			}
			c, err := u.bookingCustomer(rec.Booking.CustomerID)
			if err != nil {
				return err
			}
			if err := u.emit(rec.Booking.Reference, events.BookingExpired{Reference: rec.Booking.Reference, CustomerName: c.Name,
				OptionUntil: lapsed, Local: u.c.local(c.Language)}, toCustomer(c)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err // nothing of the batch committed
	}
	return n, nil
}

// Holds expires the holds whose stored expiry has passed, giving their
// units back and recording allotment.hold_expired for each. Running it
// again expires nothing twice.
func (s Sweeps) Holds(ctx context.Context, r SweepRequest) (int, error) {
	limit := r.Limit
	if limit <= 0 {
		limit = 1000
	}
	n := 0
	err := s.c.across(ctx, func(tx storage.Store, now time.Time, unitFor func(TenantID) *unit) error {
		expired, err := tx.Ledger().ExpireDue(ctx, now, limit)
		if err != nil {
			return err
		}
		for _, th := range expired {
			u := unitFor(th.Tenant)
			spec, err := tx.Ledger().Get(ctx, th.Tenant, th.Hold.AllotmentID)
			if err != nil {
				return err
			}
			st, err := u.stay(th.Hold, spec, "", "", false)
			if err != nil {
				return err
			}
			if err := u.internal(th.Hold.ID, events.HoldExpired{Stay: st}); err != nil {
				return err
			}
		}
		n = len(expired)
		return nil
	})
	return n, err
}

// Reminders sends the due payment reminders of the tenant's open bookings
// (those still expecting money), each instalment once however often or
// concurrently the sweep runs, as booking.payment_reminder for the
// customer.
func (s Sweeps) Reminders(ctx context.Context, tenant TenantID, r ReminderSweep) (int, error) {
	if err := s.c.ready(tenant); err != nil {
		return 0, err
	}
	open, err := s.c.store.Payments().Open(ctx, tenant)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range open {
		sent := 0
		err := s.c.change(ctx, tenant, func(u *unit) error {
			sent = 0
			rec, err := storage.Bookings().Get(u.ctx, u.tx, tenant, e.Reference)
			if err != nil {
				return err
			}
			switch rec.Booking.State {
			case booking.Cancelled, booking.Expired, booking.Moved:
				return nil
			}
			loc, err := u.c.location(rec.Booking.Zone)
			if err != nil {
				return err
			}
			due, err := rec.Ledger.RemindersDue(r.Policy, loc, u.now)
			if err != nil {
				return err
			}
			c, err := u.bookingCustomer(rec.Booking.CustomerID)
			if err != nil {
				return err
			}
			for _, rm := range due {
				if err := u.tx.Payments().MarkReminded(u.ctx, tenant, e.Reference, rm.Instalment, rm.Due, u.now); errors.Is(err, ErrConflict) {
					continue
				} else if err != nil {
					return err
				}
				if err := u.emit(e.Reference, events.PaymentReminder{Reference: e.Reference, CustomerName: c.Name, Instalment: rm.Instalment,
					Amount: rm.Amount, Due: rm.Due}, toCustomer(c)); err != nil {
					return err
				}
				sent++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += sent
	}
	return n, nil
}

// Release runs the release job of an allotment for the nights from From
// to To whose release date (in the supplier's zone) has come: unsold
// units go back to the supplier, each night told to it as
// allotment.released. It is idempotent: a second run releases nothing.
func (s Sweeps) Release(ctx context.Context, tenant TenantID, r ReleaseRun) (int, error) {
	total := 0
	err := s.c.change(ctx, tenant, func(u *unit) error {
		spec, err := u.tx.Ledger().Get(u.ctx, tenant, r.AllotmentID)
		if err != nil {
			return err
		}
		loc, err := u.c.location(spec.Zone)
		if err != nil {
			return err
		}
		to, name, err := u.toSupplier(spec.SupplierID)
		if err != nil {
			return err
		}
		for d := max(r.From, spec.From); d <= min(r.To, spec.To); d++ {
			if spec.Kind != supplier.Allotment || spec.Release.Sells(d, u.now, loc) {
				continue
			}
			n, err := u.tx.Ledger().Release(u.ctx, tenant, r.AllotmentID, d)
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			total += n
			if err := u.emit(r.AllotmentID, events.UnitsReleased{AllotmentID: r.AllotmentID, SupplierID: spec.SupplierID, SupplierName: name,
				Product: spec.Product, UnitType: spec.UnitType, Night: d, Units: n}, to); err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}
