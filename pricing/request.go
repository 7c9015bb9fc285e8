package pricing

import (
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"
	"github.com/travelkit/travelkit/internal/party"
)

// Unit is the basis a net price is quoted on.
type Unit string

// Pricing units.
const (
	// PerPerson: the price is per traveller (by age band) and Quantity says
	// how many times each traveller uses it (meals, tickets, seats).
	PerPerson Unit = "per_person"
	// PerRoomNight: the price is per room per night; Quantity is nights and
	// the rooms are Units, or ⌈travellers ÷ Capacity⌉.
	PerRoomNight Unit = "per_room_night"
	// PerUnit: the price is per vehicle, guide or other unit; Quantity is
	// days or uses and the units are Units, or ⌈travellers ÷ Capacity⌉.
	PerUnit Unit = "per_unit"
	// PerGroup: the price is for the whole party; Quantity is how many times.
	PerGroup Unit = "per_group"
)

func (u Unit) valid() bool {
	return u == PerPerson || u == PerRoomNight || u == PerUnit || u == PerGroup
}

// TravellerType is the age band a traveller falls in on a service date; the
// one definition shared with itinerary.
type TravellerType = party.TravellerType

// Traveller types.
const (
	Adult  = party.Adult
	Child  = party.Child
	Infant = party.Infant
)

// AgeBands sets the age limits for prices by traveller type. A traveller
// younger than InfantUnder years on the service date is an infant; younger
// than ChildUnder, a child; otherwise an adult. The zero AgeBands means the
// common airline and hotel bands: infants under 2, children under 12. It is
// the same type as itinerary.AgeBands.
type AgeBands = party.AgeBands

// AgeOn returns the age in whole years on day on of someone born on birth;
// a birthday on 29 February counts on 1 March in common years.
func AgeOn(birth, on date.Date) int { return party.AgeOn(birth, on) }

// Traveller is one member of the party being quoted.
type Traveller struct {
	ID        string    `json:"id" validate:"required"`
	Name      string    `json:"name,omitempty" validate:"-"`
	BirthDate date.Date `json:"birth_date" validate:"required"`
}

// LineInput is one service to price, with its net (or, under a commission
// rule, gross) unit price in the supplier's currency.
type LineInput struct {
	ID          string   `json:"id" validate:"required"`
	Description string   `json:"description" validate:"required"`
	Category    Category `json:"category" validate:"required"`
	// Supplier is the supplier's reference; rules can match it.
	Supplier string `json:"supplier,omitempty" validate:"-"`
	// Product is the supplier's product or rate code, for the record.
	Product string `json:"product,omitempty" validate:"-"`
	// Contract and ContractVersion name the supplier contract version the
	// net price comes from, when it does: a booking buys the service
	// under it and freezes its cost at that price.
	Contract        string `json:"contract,omitempty" validate:"-"`
	ContractVersion int    `json:"contract_version,omitempty" validate:"-"`
	Unit            Unit   `json:"unit" validate:"required"`
	// Price is the unit price; for PerPerson lines, the adult price.
	Price Money `json:"price" validate:"required"`
	// ChildPrice and InfantPrice are PerPerson prices for those age bands;
	// a band without its own price pays the next older band's price.
	ChildPrice  *Money `json:"child_price,omitempty" validate:"-"`
	InfantPrice *Money `json:"infant_price,omitempty" validate:"-"`
	// Quantity is nights, days, uses or times, as Unit says.
	Quantity int `json:"quantity" validate:"min=1"`
	// Units is the number of rooms or vehicles for PerRoomNight and PerUnit.
	// Zero means ⌈travellers ÷ Capacity⌉ when Capacity is set, else 1.
	Units int `json:"units,omitempty" validate:"min=0"`
	// Capacity is how many travellers one room or vehicle takes.
	Capacity int `json:"capacity,omitempty" validate:"min=0"`
	// Travellers lists the IDs of the travellers the line is for; empty means
	// the whole party.
	Travellers []string `json:"travellers,omitempty" validate:"-"`
	// ServiceDate is the date the service is used, which sets each
	// traveller's age band; zero means the quote's TravelDate.
	ServiceDate date.Date `json:"service_date,omitempty" validate:"-"`
}

// QuoteRequest is everything the engine needs to price a quote. It is read,
// never modified.
type QuoteRequest struct {
	QuoteID  string   `json:"quote_id" validate:"required"`
	Version  int      `json:"version" validate:"min=1"`
	Currency Currency `json:"currency" validate:"required"`
	// TravelDate is the departure date: the default service date for ages.
	TravelDate date.Date   `json:"travel_date" validate:"required"`
	Travellers []Traveller `json:"travellers" validate:"required,dive"`
	// Lines are validated line by line with their own tags (see
	// Engine.structural), which keeps reflection off lines that pass.
	Lines []LineInput `json:"lines" validate:"required"`
	Rules []Rule      `json:"rules,omitempty" validate:"dive"`
	// FX converts line currencies into the quote currency. It may be nil
	// when every line is already in the quote currency.
	FX FXSource `json:"-" validate:"-"`
	// FXBufferPct is added to every market rate used (3 means +3 %).
	FXBufferPct decimal.Decimal `json:"fx_buffer_pct" validate:"-"`
	Rounding    Rounding        `json:"rounding" validate:"-"`
	AgeBands    AgeBands        `json:"age_bands" validate:"-"`
	// IssuedAt is when the quote is issued, from the caller's clock.
	IssuedAt time.Time `json:"issued_at" validate:"required"`
	// ValidFor is how long the quote's prices hold.
	ValidFor time.Duration `json:"valid_for" validate:"gt=0"`
}
