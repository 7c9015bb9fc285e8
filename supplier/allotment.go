package supplier

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rickb777/date/v2"
)

// InventoryKind is how an allotment's units are sold.
type InventoryKind string

// Inventory kinds.
const (
	// Allotment units sell freely until the release date; unsold ones go
	// back to the supplier.
	Allotment InventoryKind = "allotment"
	// Guaranteed units are paid for whether sold or not; they are never
	// released and a stop sale does not take them (secured rooms).
	Guaranteed InventoryKind = "guaranteed"
	// FreeSale has no counter: it sells until the supplier stops sales.
	FreeSale InventoryKind = "free_sale"
	// OnRequest needs the supplier's confirmation for every sale.
	OnRequest InventoryKind = "on_request"
)

// MaxAllotmentNights bounds the nights of one allotment or one request.
const MaxAllotmentNights = 3 * 366

// MaxUnits bounds the units an allotment allocates or overbooks on a night
// and the units one hold takes, so that every store keeps and sums them
// exactly and answers the same.
const MaxUnits = 100_000

// AllotmentSpec is a block of units a supplier gives the agency: a product
// and unit type over the nights From to To inclusive, Units a night, sold
// by Kind, released by Release in the supplier's Zone. OverbookLimit is how
// many units beyond the allocation may be sold (0 is a real value: none).
type AllotmentSpec struct {
	ID            string        `json:"id"`
	SupplierID    string        `json:"supplier_id"`
	ContractID    string        `json:"contract_id,omitempty"`
	Product       string        `json:"product"`
	UnitType      string        `json:"unit_type"`
	Kind          InventoryKind `json:"kind"`
	From          date.Date     `json:"from"`
	To            date.Date     `json:"to"`
	Units         int           `json:"units"`
	OverbookLimit int           `json:"overbook_limit"`
	Release       ReleaseRule   `json:"release"`
	Zone          string        `json:"zone"`
}

// Validate reports every problem of the spec.
func (a AllotmentSpec) Validate() error {
	var ps problems
	if a.ID == "" || a.SupplierID == "" || a.Product == "" || a.UnitType == "" {
		ps.add("ID", CodeRequired, "an allotment needs an ID, a supplier, a product and a unit type")
	}
	switch a.Kind {
	case Allotment, Guaranteed, FreeSale, OnRequest:
	default:
		ps.add("Kind", CodeInvalidValue, "kind is allotment, guaranteed, free_sale or on_request")
	}
	if a.To < a.From || int(a.To-a.From) >= MaxAllotmentNights {
		ps.add("To", CodeOrder, "an allotment runs forward, at most "+strconv.Itoa(MaxAllotmentNights)+" nights")
	}
	if a.Units < 0 || a.OverbookLimit < 0 || a.Units > MaxUnits || a.OverbookLimit > MaxUnits {
		ps.add("Units", CodeInvalidValue, "units and the overbooking limit are 0 to "+strconv.Itoa(MaxUnits))
	}
	if err := a.Release.check(); err != nil {
		ps.add("Release", CodeInvalidValue, err.Error())
	}
	if _, err := time.LoadLocation(a.Zone); a.Zone == "" || a.Zone == "Local" || err != nil {
		ps.add("Zone", CodeInvalidValue, "an IANA time zone is required")
	}
	return ps.err()
}

// Night is one allotment's counter for one unit type and night.
// Allocated, Held, Booked and Released count units; Held + Booked +
// Released never exceed Allocated + OverbookLimit.
type Night struct {
	AllotmentID   string    `json:"allotment_id"`
	Night         date.Date `json:"night"`
	Allocated     int       `json:"allocated"`
	Held          int       `json:"held"`
	Booked        int       `json:"booked"`
	Released      int       `json:"released"`
	OverbookLimit int       `json:"overbook_limit"`
	StopSale      bool      `json:"stop_sale,omitempty"`
	// StopSaleCap is, under a stop sale, how many units the night may
	// have held and booked in all: those taken when sales stopped plus the
	// units the supplier agreed stay sellable (an agreed remaining
	// allotment). A unit given back under the stop sells again within it.
	StopSaleCap int `json:"stop_sale_cap,omitempty"`
	// StopSoldOn is the supplier's local date of the first stop sale on
	// the night (0: never stop-sold).
	StopSoldOn date.Date     `json:"stop_sold_on,omitzero"`
	Kind       InventoryKind `json:"kind"`
}

// Sellable is how many more units the night can sell from the counter —
// the one figure that says so: what the allocation and overbooking leave,
// and under a stop sale no more than the units the supplier agreed stay
// sellable (guaranteed units stay sellable whatever the stop).
func (n Night) Sellable() int {
	free := n.Allocated + n.OverbookLimit - n.Held - n.Booked - n.Released
	if n.StopSale && n.Kind != Guaranteed {
		free = min(free, n.StopSaleCap-n.Held-n.Booked)
	}
	return max(free, 0)
}

// Sellable is one night's sellable units (Night.Sellable, the stop sale
// and what it keeps included) and stop-sale flag: what an availability
// answer needs of its counter.
type Sellable struct {
	Night    date.Date `json:"night"`
	Units    int       `json:"units"`
	StopSale bool      `json:"stop_sale,omitempty"`
}

// Reason says why a night cannot be sold from the allotment.
type Reason string

// Reasons.
const (
	Available     Reason = ""
	SoldOut       Reason = "sold_out"
	StopSold      Reason = "stop_sale"
	InsideRelease Reason = "inside_release"
	Closed        Reason = "closed"     // no counter for that night
	NeedsRequest  Reason = "on_request" // every sale needs the supplier's word
)

// NightAvailability is one night's answer.
type NightAvailability struct {
	Night    date.Date `json:"night"`
	Sellable int       `json:"sellable"`
	Reason   Reason    `json:"reason,omitempty"`
}

// Availability answers whether units sell on each night of [from, from +
// nights) at instant now, with the reason when a night does not: closed
// (no counter), on request, stop sale, inside the release period, sold out.
// counters holds the allotment's nights in date order (missing ones are
// closed); loc is the supplier's zone (spec.Zone) the release is read in.
func Availability(spec AllotmentSpec, counters []Sellable, from date.Date, nights, units int, now time.Time, loc *time.Location) []NightAvailability {
	out := make([]NightAvailability, 0, nights)
	first, byDays := spec.Release.firstSelling(now, loc)
	sells := func(d date.Date) bool {
		if byDays {
			return d >= first
		}
		return spec.Release.Sells(d, now, loc)
	}
	k := 0 // counters are in date order: walk them alongside the nights
	for i := 0; i < nights; i++ {
		d := from + date.Date(i)
		for k < len(counters) && counters[k].Night < d {
			k++
		}
		ok := k < len(counters) && counters[k].Night == d
		a := NightAvailability{Night: d}
		switch {
		case spec.Kind == OnRequest:
			a.Reason = NeedsRequest
		case !ok:
			a.Reason = Closed
		case counters[k].StopSale && spec.Kind != Guaranteed && counters[k].Units < units:
			a.Reason = StopSold // beyond what the stop sale keeps sellable
			a.Sellable = counters[k].Units
		case spec.Kind == Allotment && !sells(d):
			a.Reason = InsideRelease
		case spec.Kind == FreeSale:
			a.Sellable = units // no counter to run out
		default:
			a.Sellable = counters[k].Units
			if a.Sellable < units {
				a.Reason = SoldOut
			}
		}
		out = append(out, a)
	}
	return out
}

// HoldState is where a hold is in its life.
type HoldState string

// Hold states.
const (
	HoldActive    HoldState = "active"
	HoldConfirmed HoldState = "confirmed"
	HoldExpired   HoldState = "expired"
	HoldCancelled HoldState = "cancelled"
	// HoldRequested is a request to the supplier for units it must confirm
	// (an on-request product, or a night inside the release period); it
	// takes nothing from the counters.
	HoldRequested HoldState = "requested"
	// HoldDeclined is a request the supplier refused.
	HoldDeclined HoldState = "declined"
)

// Hold is units held on every night of a stay until ExpiresAt, an instant
// that is always set. Confirming moves them from held to booked while the
// hold is live; cancelling or expiring gives them back. A retry with the
// same IdempotencyKey returns the same hold and holds nothing twice.
type Hold struct {
	ID             string    `json:"id"`
	AllotmentID    string    `json:"allotment_id"`
	From           date.Date `json:"from"`
	Nights         int       `json:"nights"`
	Units          int       `json:"units"`
	ExpiresAt      time.Time `json:"expires_at"`
	State          HoldState `json:"state"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	// OnRequest marks a request to the supplier rather than a hold on the
	// counters.
	OnRequest bool      `json:"on_request,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// ConfirmedAt is when the units were booked: the agency's confirmation
	// of a hold, or the supplier's acceptance of a request.
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	Version     int        `json:"version"`
}

// Answer records the supplier's answer to a pending request at now:
// confirmed (the units are booked) or declined. Any other hold is
// ErrInvalidTransition and is left as it was.
func (h *Hold) Answer(accept bool, now time.Time) error {
	if h.State != HoldRequested {
		return fmt.Errorf("%w: hold %s is %s, not a pending request", ErrInvalidTransition, h.ID, h.State)
	}
	h.State = HoldDeclined
	if accept {
		at := now
		h.State, h.ConfirmedAt = HoldConfirmed, &at
	}
	return nil
}

// Validate reports every problem of a new hold.
func (h Hold) Validate() error {
	var ps problems
	if h.ID == "" || h.AllotmentID == "" {
		ps.add("ID", CodeRequired, "a hold needs an ID and an allotment")
	}
	if h.Nights < 1 || h.Nights > MaxAllotmentNights {
		ps.add("Nights", CodeInvalidValue, "a hold covers 1 to "+strconv.Itoa(MaxAllotmentNights)+" nights")
	}
	if h.Units < 1 || h.Units > MaxUnits {
		ps.add("Units", CodeInvalidValue, "a hold takes 1 to "+strconv.Itoa(MaxUnits)+" units")
	}
	if h.ExpiresAt.IsZero() || !h.ExpiresAt.After(h.CreatedAt) {
		ps.add("ExpiresAt", CodeRequired, "a hold expires at an instant after it is made")
	}
	return ps.err()
}
