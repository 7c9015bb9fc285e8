package contract

import (
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// Scope is a business scope on a travel agency's licence.
type Scope string

// Licence scopes.
const (
	ScopeDomestic Scope = "domestic" // 国内旅游业务
	ScopeInbound  Scope = "inbound"  // 入境旅游业务
	ScopeOutbound Scope = "outbound" // 出境旅游业务
)

// Agency is the organiser that signs the contract.
type Agency struct {
	Name    string  `json:"name"`
	Licence string  `json:"licence"` // 旅行社业务经营许可证编号
	Scopes  []Scope `json:"scopes"`
	Address string  `json:"address"`
	Phone   string  `json:"phone"`
	Email   string  `json:"email,omitempty"`
}

// Staff is the agency's staff member handling the contract.
type Staff struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// Operator is the local operator (地接社) a part of the trip is delegated to.
type Operator struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Contact string `json:"contact"`
}

// Traveller is one traveller as the contract names them: exactly as in the
// travel document, with its number and expiry.
type Traveller struct {
	ID             string    `json:"id"`
	Surname        string    `json:"surname"`
	GivenNames     string    `json:"given_names"`
	Birth          date.Date `json:"birth,omitzero"`
	Child          bool      `json:"child,omitempty"`
	DocumentNumber string    `json:"document_number,omitempty"`
	DocumentExpiry date.Date `json:"document_expiry,omitzero"`
}

// Transport is one leg of transport on the itinerary sheet.
type Transport struct {
	Mode   string `json:"mode"`   // flight, rail, coach…
	Number string `json:"number"` // carrier and number, or the vehicle
	Class  string `json:"class"`  // cabin or seat class, vehicle type
	From   string `json:"from"`
	To     string `json:"to"`
	// FromCity and ToCity are the cities alone, for "Paris local time".
	FromCity string    `json:"from_city,omitempty"`
	ToCity   string    `json:"to_city,omitempty"`
	Depart   time.Time `json:"depart"` // in the departure place's zone
	Arrive   time.Time `json:"arrive"` // in the arrival place's zone
	// ServiceID is the booking service the leg belongs to.
	ServiceID string `json:"service_id,omitempty"`
}

// Hotel is a night's lodging on the itinerary sheet: its name, address and
// grade are mandatory (GF-2014 art. 2).
type Hotel struct {
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	Grade     string    `json:"grade"` // "四星级", "4 stars (official)"
	CheckIn   date.Date `json:"check_in"`
	CheckOut  date.Date `json:"check_out"`
	Rooms     int       `json:"rooms"`
	ServiceID string    `json:"service_id,omitempty"`
}

// Nights is the number of nights from check-in to check-out.
func (h Hotel) Nights() int { return int(h.CheckOut - h.CheckIn) }

// Meal is a meal on the itinerary sheet: count, place and standard.
type Meal struct {
	Date     date.Date `json:"date"`
	Kind     string    `json:"kind"` // breakfast, lunch, dinner
	Place    string    `json:"place"`
	Standard string    `json:"standard"` // "set menu, 4 courses", "人均 150 元"
}

// Sight is a visit with its minimum time (GF-2014 art. 2).
type Sight struct {
	Date       date.Date `json:"date"`
	Name       string    `json:"name"`
	MinMinutes int       `json:"min_minutes"`
}

// FreeTime is time the travellers arrange themselves.
type FreeTime struct {
	Date    date.Date `json:"date"`
	Place   string    `json:"place"`
	Minutes int       `json:"minutes"`
}

// Shop is a shopping stop (annex 3): name, time spent.
type Shop struct {
	Date    date.Date `json:"date"`
	Name    string    `json:"name"`
	Minutes int       `json:"minutes"`
}

// OptionalItem is an optional paid item (annex 4) with its price.
type OptionalItem struct {
	Date  date.Date     `json:"date"`
	Name  string        `json:"name"`
	Price pricing.Money `json:"price"`
}

// Sheet is the itinerary sheet (行程单), part of the contract. Days are
// calendar days including transit; nights are hotel nights.
type Sheet struct {
	Departure   string         `json:"departure"`
	Stops       []string       `json:"stops"`
	Destination string         `json:"destination"`
	Return      string         `json:"return"`
	Start       date.Date      `json:"start"`
	End         date.Date      `json:"end"`
	Days        int            `json:"days"`
	Nights      int            `json:"nights"`
	Transport   []Transport    `json:"transport"`
	Hotels      []Hotel        `json:"hotels"`
	Meals       []Meal         `json:"meals"`
	Sights      []Sight        `json:"sights"`
	FreeTime    []FreeTime     `json:"free_time"`
	Shopping    []Shop         `json:"shopping,omitempty"`
	Optional    []OptionalItem `json:"optional,omitempty"`
	// Notes are other remarks (entertainment, dress codes).
	Notes []string `json:"notes,omitempty"`
}

// Price is the contract price: per adult and per child, the guide fee,
// the total.
type Price struct {
	Adult  pricing.Money `json:"adult"`
	Child  pricing.Money `json:"child,omitzero"`
	Adults int           `json:"adults"`
	Kids   int           `json:"children"`
	// GuideFeePerPerson and GuideFeeTotal are stated when a guide is
	// arranged (旅游法 art. 60, GF-2014 art. 21).
	GuideFeePerPerson pricing.Money `json:"guide_fee_per_person,omitzero"`
	GuideFeeTotal     pricing.Money `json:"guide_fee_total,omitzero"`
	Total             pricing.Money `json:"total"`
	// Method is how the traveller pays (bank transfer, card…).
	Method string `json:"method"`
}

// Consent is a traveller's written answer: the word 同意 or 不同意 (or
// "agree" / "disagree") written out; a tick is no consent (GF-2014 art. 23).
type Consent string

// Group is the group terms: whether it is a group tour, its minimum size,
// and the four written consents for when it is not formed, plus consent
// to merging with another agency's group (art. 24).
type Group struct {
	GroupTour   bool    `json:"group_tour"`
	MinSize     int     `json:"min_size,omitempty"`
	Transfer    Consent `json:"transfer,omitempty"`     // to another agency
	Postpone    Consent `json:"postpone,omitempty"`     // to a later departure
	ChangeRoute Consent `json:"change_route,omitempty"` // to another route
	Terminate   Consent `json:"terminate,omitempty"`    // end the contract
	Merge       Consent `json:"merge,omitempty"`        // 拼团
}

// Insurance is the traveller's choice on personal accident insurance
// (GF-2014 art. 22).
type Insurance string

// Insurance choices.
const (
	InsuranceEntrust Insurance = "entrust" // the agency buys it as licensed agent
	InsuranceSelf    Insurance = "self"    // the traveller buys it
	InsuranceWaive   Insurance = "waive"   // the traveller declines
)

// Dispute is how disputes are resolved: by a named arbitration
// commission or by the court (GF-2014 art. 26).
type Dispute struct {
	Method string `json:"method"` // "arbitration" or "court"
	Body   string `json:"body"`   // the commission or court
}

// EUTerms are what an EU package contract states beyond the common data
// (PTD art. 5, 7, 10, 12).
type EUTerms struct {
	// PriceRevision: the contract allows price increases; then it must
	// allow reductions too and stop increases RevisionDays before start.
	PriceRevision  bool `json:"price_revision"`
	PriceReduction bool `json:"price_reduction"`
	RevisionDays   int  `json:"revision_days,omitempty"`
	// MinNumber and MinNumberNotice: the organiser may terminate for too
	// few participants if it says so at least this long before start.
	MinNumber           int           `json:"min_number,omitempty"`
	MinNumberNotice     time.Duration `json:"min_number_notice,omitempty"`
	Formalities         string        `json:"formalities"`          // passport, visa, health
	InsolvencyProtector string        `json:"insolvency_protector"` // name and contact
	LocalContact        string        `json:"local_contact"`
	ComplaintHandling   string        `json:"complaint_handling"`
	Language            string        `json:"language,omitempty"`
	ReducedMobility     string        `json:"reduced_mobility,omitempty"`
}

// Contract is a travel contract as data: the template it fills, the
// parties, the itinerary sheet, price and schedule, group terms,
// insurance, cancellation scales, dispute resolution and signing. A
// supplement (补充协议) is a Contract with Supplement > 0 built from a later
// booking revision.
type Contract struct {
	Number     string `json:"number"`
	Template   string `json:"template"`
	Edition    string `json:"edition"`
	Supplement int    `json:"supplement,omitempty"`
	// The booking revision, accepted quote and trip version it was built
	// from.
	Booking      string `json:"booking"`
	Revision     int    `json:"revision"`
	QuoteID      string `json:"quote_id"`
	QuoteVersion int    `json:"quote_version"`
	TripID       string `json:"trip_id"`
	TripVersion  int    `json:"trip_version"`

	Agency        Agency                  `json:"agency"`
	Staff         Staff                   `json:"staff"`
	Delegated     bool                    `json:"delegated,omitempty"` // handling is delegated to a local operator
	LocalOperator *Operator               `json:"local_operator,omitempty"`
	Travellers    []Traveller             `json:"travellers"`
	Sheet         Sheet                   `json:"sheet"`
	Price         Price                   `json:"price"`
	Schedule      pricing.PaymentSchedule `json:"schedule"`
	Group         Group                   `json:"group"`
	GuideArranged bool                    `json:"guide_arranged,omitempty"`
	Insurance     Insurance               `json:"insurance,omitempty"`
	// TravellerScale and AgencyScale are the cancellation scales agreed;
	// NotFormedNoticeDays is how many days before departure the agency
	// tells the travellers a group is not formed.
	TravellerScale      booking.Scale `json:"traveller_scale"`
	AgencyScale         booking.Scale `json:"agency_scale"`
	NotFormedNoticeDays int           `json:"not_formed_notice_days"`
	Dispute             Dispute       `json:"dispute"`
	ShoppingAnnex       bool          `json:"shopping_annex,omitempty"`
	OptionalAnnex       bool          `json:"optional_annex,omitempty"`
	SignPlace           string        `json:"sign_place"`
	SignDate            date.Date     `json:"sign_date,omitzero"`
	ComplaintPhone      string        `json:"complaint_phone"`
	Supervisor          string        `json:"supervisor,omitempty"` // the tourism quality-supervision authority
	EU                  *EUTerms      `json:"eu,omitempty"`
	// Services are the booking's services as the contract lists them,
	// with the supplier references confirmed so far.
	Services []booking.Service `json:"services"`
	// SignedAt is set once the customer has signed.
	SignedAt *time.Time `json:"signed_at,omitempty"`
}
