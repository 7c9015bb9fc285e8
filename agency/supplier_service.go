package agency

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/supplier"
)

// Event types of the supplier side (internal: no customer is told).
const (
	EventSupplierSaved = "supplier.saved"
	EventContractAdded = "contract.added"
	EventHoldPlaced    = "allotment.held"
	EventHoldConfirmed = "allotment.confirmed"
	EventHoldCancelled = "allotment.cancelled"
	EventHoldExpired   = "allotment.hold_expired"
	EventReleased      = "allotment.released"
	EventRequested     = "allotment.requested"
	EventAnswered      = "allotment.answered"
)

// supplierPayload is what supplier-side events carry.
type supplierPayload struct {
	SupplierID  string    `json:"supplier_id,omitempty"`
	ContractID  string    `json:"contract_id,omitempty"`
	Version     int       `json:"version,omitempty"`
	AllotmentID string    `json:"allotment_id,omitempty"`
	HoldID      string    `json:"hold_id,omitempty"`
	From        date.Date `json:"from,omitzero"`
	Nights      int       `json:"nights,omitempty"`
	Units       int       `json:"units,omitempty"`
}

// SaveSupplier validates and stores a supplier (Version 0 to create, the
// stored version to update) and records supplier.saved.
func (s *Service) SaveSupplier(ctx context.Context, tenant TenantID, sp supplier.Supplier, version int) (SupplierRecord, error) {
	if err := s.ready(); err != nil {
		return SupplierRecord{}, err
	}
	if err := sp.Validate(); err != nil {
		return SupplierRecord{}, err
	}
	var out SupplierRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		if out, err = tx.Suppliers().Save(ctx, SupplierRecord{Tenant: tenant, Supplier: sp, Version: version, UpdatedAt: s.clock.Now()}); err != nil {
			return err
		}
		return s.addInternalEvent(ctx, tx, tenant, EventSupplierSaved, sp.ID, supplierPayload{SupplierID: sp.ID, Version: out.Version})
	})
	return out, err
}

// AddContract validates a contract of a known supplier and stores it as
// its next version (Contract.Version = latest + 1): a confirmed booking
// keeps the version it agreed to.
func (s *Service) AddContract(ctx context.Context, tenant TenantID, c supplier.Contract) (ContractVersion, error) {
	if err := s.ready(); err != nil {
		return ContractVersion{}, err
	}
	if err := c.Validate(); err != nil {
		return ContractVersion{}, err
	}
	v := ContractVersion{Tenant: tenant, Contract: c, CreatedAt: s.clock.Now()}
	err := s.store.InTx(ctx, func(tx Store) error {
		if _, err := tx.Suppliers().Get(ctx, tenant, c.SupplierID); err != nil {
			return fmt.Errorf("contract %s: %w", c.ID, err)
		}
		if err := tx.Contracts().Add(ctx, v); err != nil {
			return err
		}
		return s.addInternalEvent(ctx, tx, tenant, EventContractAdded, c.ID, supplierPayload{SupplierID: c.SupplierID, ContractID: c.ID, Version: c.Version})
	})
	return v, err
}

// CheckCompliance tests a supplier and the latest version of a contract
// against the standards for a service on day on; score is the supplier's
// latest evaluation score (nil: none). Every finding comes at once.
func (s *Service) CheckCompliance(ctx context.Context, tenant TenantID, supplierID, contractID string, on date.Date,
	score *decimal.Decimal, std supplier.Standards) ([]supplier.Finding, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	rec, err := s.store.Suppliers().Get(ctx, tenant, supplierID)
	if err != nil {
		return nil, err
	}
	cv, err := s.store.Contracts().Latest(ctx, tenant, contractID)
	if err != nil {
		return nil, err
	}
	return supplier.Check(&rec.Supplier, &cv.Contract, on, score, std), nil
}

// CreateAllotment stores an allotment and its nights' counters.
func (s *Service) CreateAllotment(ctx context.Context, tenant TenantID, spec supplier.AllotmentSpec) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.store.Allotments().Create(ctx, tenant, spec)
}

// Availability answers for each night of a stay whether units sell from
// the allotment now, and why not when they do not.
func (s *Service) Availability(ctx context.Context, tenant TenantID, allotmentID string, from date.Date, nights, units int) ([]supplier.NightAvailability, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if nights < 1 || nights > supplier.MaxAllotmentNights || units < 1 {
		return nil, &ValidationError{Problems: []Problem{{Field: "Nights", Code: "invalid_value", Message: "ask for 1 or more units over 1 or more nights"}}}
	}
	spec, err := s.allotment(ctx, tenant, allotmentID)
	if err != nil {
		return nil, err
	}
	counters, err := s.store.Allotments().Sellable(ctx, tenant, allotmentID, from, from+date.Date(nights-1))
	if err != nil {
		return nil, err
	}
	loc, err := s.location(spec.Zone)
	if err != nil {
		return nil, err
	}
	return supplier.Availability(spec, counters, from, nights, units, s.clock.Now(), loc), nil
}

// HoldRequest asks to hold units of an allotment over a stay for a while.
type HoldRequest struct {
	AllotmentID    string
	From           date.Date
	Nights         int
	Units          int
	For            time.Duration // how long the hold lasts; its expiry is stored
	IdempotencyKey string
}

// HoldUnits holds units on every night of the stay or none, and records
// allotment.held. A night inside the release period (on request from the
// supplier) is ErrInvalidTransition; a night without the units is
// ErrConflict. A retry with the same idempotency key returns the first
// hold and holds nothing twice.
func (s *Service) HoldUnits(ctx context.Context, tenant TenantID, r HoldRequest) (supplier.Hold, error) {
	if err := s.ready(); err != nil {
		return supplier.Hold{}, err
	}
	if r.For <= 0 {
		return supplier.Hold{}, &ValidationError{Problems: []Problem{{Field: "For", Code: "required", Message: "a hold lasts a positive time"}}}
	}
	now := s.clock.Now()
	h := supplier.Hold{ID: s.ids.NewID(), AllotmentID: r.AllotmentID, From: r.From, Nights: r.Nights, Units: r.Units,
		CreatedAt: now, ExpiresAt: now.Add(r.For), IdempotencyKey: r.IdempotencyKey}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		out, _, err = s.holdIn(ctx, tx, tenant, h)
		return err
	})
	return out, err
}

// holdIn places hold h inside the caller's transaction and records
// allotment.held, returning the hold (the first one on an idempotent
// retry) and its allotment.
func (s *Service) holdIn(ctx context.Context, tx Store, tenant TenantID, h supplier.Hold) (supplier.Hold, supplier.AllotmentSpec, error) {
	spec, err := tx.Allotments().Get(ctx, tenant, h.AllotmentID)
	if err != nil {
		return supplier.Hold{}, spec, err
	}
	if spec.Kind == supplier.Allotment {
		loc, err := s.location(spec.Zone)
		if err != nil {
			return supplier.Hold{}, spec, err
		}
		if !spec.Release.Sells(h.From, h.CreatedAt, loc) {
			return supplier.Hold{}, spec, fmt.Errorf("%w: %s is inside the release period of allotment %s: ask the supplier (on request)",
				ErrInvalidTransition, h.From, h.AllotmentID)
		}
	}
	out, err := tx.Allotments().Hold(ctx, tenant, h)
	if err != nil || out.ID != h.ID {
		return out, spec, err // an idempotent retry: nothing new happened
	}
	return out, spec, s.addInternalEvent(ctx, tx, tenant, EventHoldPlaced, out.ID, supplierPayload{AllotmentID: out.AllotmentID, HoldID: out.ID,
		From: out.From, Nights: out.Nights, Units: out.Units})
}

// RequestUnits asks the supplier for units it must confirm — an
// on-request product, or nights inside an allotment's release period —
// and records allotment.requested. The request takes nothing from the
// counters; AnswerRequest records the supplier's word. A retry with the
// same idempotency key returns the first request.
func (s *Service) RequestUnits(ctx context.Context, tenant TenantID, r HoldRequest) (supplier.Hold, error) {
	if err := s.ready(); err != nil {
		return supplier.Hold{}, err
	}
	if r.For <= 0 {
		return supplier.Hold{}, &ValidationError{Problems: []Problem{{Field: "For", Code: "required", Message: "a request waits a positive time for its answer"}}}
	}
	now := s.clock.Now()
	h := supplier.Hold{ID: s.ids.NewID(), AllotmentID: r.AllotmentID, From: r.From, Nights: r.Nights, Units: r.Units,
		CreatedAt: now, ExpiresAt: now.Add(r.For), IdempotencyKey: r.IdempotencyKey, OnRequest: true}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		if out, err = tx.Allotments().Request(ctx, tenant, h); err != nil {
			return err
		}
		if out.ID != h.ID {
			return nil // an idempotent retry
		}
		return s.addInternalEvent(ctx, tx, tenant, EventRequested, out.ID, supplierPayload{AllotmentID: out.AllotmentID, HoldID: out.ID,
			From: out.From, Nights: out.Nights, Units: out.Units})
	})
	return out, err
}

// AnswerRequest records the supplier's answer to a request now, accepted
// or declined, and records allotment.answered.
func (s *Service) AnswerRequest(ctx context.Context, tenant TenantID, id string, accept bool) (supplier.Hold, error) {
	return s.holdChange(ctx, tenant, id, EventAnswered, func(tx Store) (supplier.Hold, error) {
		return tx.Allotments().Answer(ctx, tenant, id, accept, s.clock.Now())
	})
}

// ConfirmHold books a live hold's units and records allotment.confirmed.
func (s *Service) ConfirmHold(ctx context.Context, tenant TenantID, holdID string) (supplier.Hold, error) {
	return s.holdChange(ctx, tenant, holdID, EventHoldConfirmed, func(tx Store) (supplier.Hold, error) {
		return tx.Allotments().Confirm(ctx, tenant, holdID, s.clock.Now())
	})
}

// CancelHold gives a hold's units back and records allotment.cancelled.
func (s *Service) CancelHold(ctx context.Context, tenant TenantID, holdID string) (supplier.Hold, error) {
	return s.holdChange(ctx, tenant, holdID, EventHoldCancelled, func(tx Store) (supplier.Hold, error) {
		return tx.Allotments().Cancel(ctx, tenant, holdID)
	})
}

func (s *Service) holdChange(ctx context.Context, tenant TenantID, holdID, event string, fn func(Store) (supplier.Hold, error)) (supplier.Hold, error) {
	if err := s.ready(); err != nil {
		return supplier.Hold{}, err
	}
	var out supplier.Hold
	err := s.store.InTx(ctx, func(tx Store) error {
		var err error
		if out, err = fn(tx); err != nil {
			return err
		}
		return s.addInternalEvent(ctx, tx, tenant, event, out.ID, supplierPayload{AllotmentID: out.AllotmentID, HoldID: out.ID,
			From: out.From, Nights: out.Nights, Units: out.Units})
	})
	return out, err
}

// SweepHolds expires up to limit holds whose stored expiry has passed,
// giving their units back and recording allotment.hold_expired for each,
// in one transaction. Running it again expires nothing twice.
func (s *Service) SweepHolds(ctx context.Context, limit int) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	n := 0
	err := s.store.InTx(ctx, func(tx Store) error {
		expired, err := tx.Allotments().ExpireDue(ctx, s.clock.Now(), limit)
		if err != nil {
			return err
		}
		for _, th := range expired {
			h := th.Hold
			if err := s.addInternalEvent(ctx, tx, th.Tenant, EventHoldExpired, h.ID, supplierPayload{AllotmentID: h.AllotmentID, HoldID: h.ID,
				From: h.From, Nights: h.Nights, Units: h.Units}); err != nil {
				return err
			}
		}
		n = len(expired)
		return nil
	})
	return n, err
}

// ReleaseDue runs the release job of an allotment for the nights whose
// release date (in the supplier's zone) has come, from from to to:
// unsold units go back to the supplier, recorded as allotment.released.
// It is idempotent: a second run releases nothing.
func (s *Service) ReleaseDue(ctx context.Context, tenant TenantID, allotmentID string, from, to date.Date) (int, error) {
	if err := s.ready(); err != nil {
		return 0, err
	}
	total := 0
	err := s.store.InTx(ctx, func(tx Store) error {
		spec, err := tx.Allotments().Get(ctx, tenant, allotmentID)
		if err != nil {
			return err
		}
		loc, err := s.location(spec.Zone)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for d := max(from, spec.From); d <= min(to, spec.To); d++ {
			if spec.Kind != supplier.Allotment || spec.Release.Sells(d, now, loc) {
				continue
			}
			n, err := tx.Allotments().Release(ctx, tenant, allotmentID, d)
			if err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			total += n
			if err := s.addInternalEvent(ctx, tx, tenant, EventReleased, allotmentID, supplierPayload{AllotmentID: allotmentID, From: d, Nights: 1, Units: n}); err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}

// addInternalEvent writes an event for the agency's staff (no customer).
func (s *Service) addInternalEvent(ctx context.Context, tx Store, tenant TenantID, typ, aggregate string, p supplierPayload) error {
	e, err := s.newEventOf(tenant, typ, aggregate, Chinese, p)
	if err != nil {
		return err
	}
	return tx.Outbox().Add(ctx, e)
}

// location loads a zone once per Service: zone data never changes while a
// process runs.
func (s *Service) location(zone string) (*time.Location, error) {
	if l, ok := s.zones.Load(zone); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		return nil, fmt.Errorf("%w: time zone %q", ErrInvalid, zone)
	}
	s.zones.Store(zone, loc)
	return loc, nil
}

// Payables events.
const (
	EventCostFrozen      = "payable.cost_frozen"
	EventInvoiceRecorded = "payable.invoice_recorded"
)

// FreezeCost makes the expected cost line of a confirmed hold from the
// latest version of the contract (its rates for the hold's nights and
// units) and stores it: later edits of the contract never change it.
func (s *Service) FreezeCost(ctx context.Context, tenant TenantID, holdID, contractID, booking string) (supplier.CostLine, error) {
	if err := s.ready(); err != nil {
		return supplier.CostLine{}, err
	}
	var out supplier.CostLine
	err := s.store.InTx(ctx, func(tx Store) error {
		h, err := tx.Allotments().GetHold(ctx, tenant, holdID)
		if err != nil {
			return err
		}
		if h.State != supplier.HoldConfirmed {
			return fmt.Errorf("%w: hold %s is %s: cost is frozen at confirmation", ErrInvalidTransition, holdID, h.State)
		}
		spec, err := tx.Allotments().Get(ctx, tenant, h.AllotmentID)
		if err != nil {
			return err
		}
		cv, err := tx.Contracts().Latest(ctx, tenant, contractID)
		if err != nil {
			return err
		}
		rate, err := cv.Contract.Rates(supplier.StayRequest{Product: spec.Product, UnitType: spec.UnitType, Start: h.From, Nights: h.Nights})
		if err != nil {
			return err
		}
		if out, err = supplier.Freeze("cost-"+h.ID, booking, &cv.Contract, rate, h.Units, s.clock.Now()); err != nil {
			return err
		}
		if err := tx.Payables().AddCostLine(ctx, tenant, out); err != nil {
			return err
		}
		return s.addInternalEvent(ctx, tx, tenant, EventCostFrozen, out.ID, supplierPayload{SupplierID: out.SupplierID, ContractID: out.ContractID,
			Version: out.ContractVersion, HoldID: h.ID})
	})
	return out, err
}

// RecordInvoice matches a supplier invoice against the cost lines frozen
// for its bookings, stores it with the match and records
// payable.invoice_recorded; variances beyond the tolerance are flagged.
func (s *Service) RecordInvoice(ctx context.Context, tenant TenantID, inv supplier.Invoice, tol supplier.Tolerance) (InvoiceRecord, error) {
	if err := s.ready(); err != nil {
		return InvoiceRecord{}, err
	}
	if inv.ID == "" || inv.SupplierID == "" || len(inv.Lines) == 0 {
		return InvoiceRecord{}, &ValidationError{Problems: []Problem{{Field: "Invoice", Code: "required", Message: "an invoice needs an ID, a supplier and lines"}}}
	}
	var out InvoiceRecord
	err := s.store.InTx(ctx, func(tx Store) error {
		lines, err := tx.Payables().CostLines(ctx, tenant, inv.SupplierID, nil)
		if err != nil {
			return err
		}
		m, err := supplier.MatchInvoice(inv, lines, tol)
		if err != nil {
			return err
		}
		out = InvoiceRecord{Tenant: tenant, Invoice: inv, Match: m}
		if err := tx.Payables().AddInvoice(ctx, out); err != nil {
			return err
		}
		return s.addInternalEvent(ctx, tx, tenant, EventInvoiceRecorded, inv.ID, supplierPayload{SupplierID: inv.SupplierID})
	})
	return out, err
}

// EvaluateSupplier scores a supplier for the scheme's period that holds day
// (in the agency's display zone), from what the store holds: confirmation
// times and bookings of its allotments, invoice accuracy, complaints
// charged back to it. A period without activity is "no data", never a
// score.
func (s *Service) EvaluateSupplier(ctx context.Context, tenant TenantID, supplierID string, day date.Date, scheme supplier.Scheme) (supplier.Evaluation, error) {
	if err := s.ready(); err != nil {
		return supplier.Evaluation{}, err
	}
	if err := scheme.Validate(); err != nil {
		return supplier.Evaluation{}, err
	}
	if _, err := s.store.Suppliers().Get(ctx, tenant, supplierID); err != nil {
		return supplier.Evaluation{}, err
	}
	loc, err := s.location(s.zone)
	if err != nil {
		return supplier.Evaluation{}, err
	}
	from, to := supplier.PeriodOf(scheme.Period, day)
	p, err := s.store.Suppliers().Performance(ctx, tenant, supplierID, from.MidnightIn(loc), (to + 1).MidnightIn(loc))
	if err != nil {
		return supplier.Evaluation{}, err
	}
	return supplier.Evaluate(scheme, supplierID, day, p)
}

// allotment returns an allotment's spec, read once per Service: specs are
// never changed once stored (only their counters are).
func (s *Service) allotment(ctx context.Context, tenant TenantID, id string) (supplier.AllotmentSpec, error) {
	k := strconv.Itoa(len(tenant)) + ":" + string(tenant) + id // no bytes of an ID can confuse two keys
	if v, ok := s.specs.Load(k); ok {
		return v.(supplier.AllotmentSpec), nil
	}
	spec, err := s.store.Allotments().Get(ctx, tenant, id)
	if err != nil {
		return spec, err
	}
	s.specs.Store(k, spec)
	return spec, nil
}

// StopSale records the supplier's stop sale (stop true) or its lifting on
// the nights from to to of an allotment, dated today in the supplier's
// zone: a stop sale before a night's release date counts against the
// supplier's release compliance.
func (s *Service) StopSale(ctx context.Context, tenant TenantID, allotmentID string, from, to date.Date, stop bool) error {
	if err := s.ready(); err != nil {
		return err
	}
	spec, err := s.allotment(ctx, tenant, allotmentID)
	if err != nil {
		return err
	}
	loc, err := s.location(spec.Zone)
	if err != nil {
		return err
	}
	return s.store.Allotments().SetStopSale(ctx, tenant, allotmentID, from, to, stop, date.NewAt(s.clock.Now().In(loc)))
}
