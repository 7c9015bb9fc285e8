package contract

import (
	"fmt"
	"maps"
	"slices"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
)

// Law is the legal order a template answers to.
type Law string

// Legal orders.
const (
	LawPRC Law = "PRC" // 旅游法, 旅行社条例, the GF-2014 model contracts
	LawEU  Law = "EU"  // Package Travel Directive (EU) 2015/2302
)

// Clause is a mandatory content of a contract, checked by Validate.
type Clause string

// Mandatory contents. Templates list which of them they require, each
// with the article it comes from.
const (
	ClauseAgency       Clause = "agency"        // name, address, phone
	ClauseTravellers   Clause = "travellers"    // names and documents
	ClauseItinerary    Clause = "itinerary"     // departure, destination, dates, days
	ClauseTransport    Clause = "transport"     // mode, number and class of each leg
	ClauseLodging      Clause = "lodging"       // each hotel's name, address and grade
	ClauseMeals        Clause = "meals"         // each meal's place and standard
	ClauseSights       Clause = "sights"        // each sight's minimum time
	ClauseFreeTime     Clause = "free_time"     // each free time's place and length
	ClausePrice        Clause = "price"         // adult price, total, payment method and schedule
	ClauseDispute      Clause = "dispute"       // arbitration commission or court
	ClauseStaff        Clause = "staff"         // the staff member's name and phone
	ClauseSigning      Clause = "signing"       // place and date of signing
	ClauseComplaint    Clause = "complaint"     // supervision/complaint phone
	ClauseTermination  Clause = "termination"   // cancellation scales
	ClauseShopping     Clause = "shopping"      // each shopping stop's name and time
	ClauseOptional     Clause = "optional"      // each optional paid item's price
	ClauseOrganiser    Clause = "organiser"     // organiser's e-mail besides address and phone
	ClauseFormalities  Clause = "formalities"   // passport, visa and health formalities
	ClauseInsolvency   Clause = "insolvency"    // the insolvency protector's contact
	ClauseLocalContact Clause = "local_contact" // a local representative or contact point
	ClauseComplaints   Clause = "complaints"    // complaint handling, ADR and ODR
)

// Requirement is one mandatory content with the article requiring it.
type Requirement struct {
	Clause  Clause `json:"clause"`
	Article string `json:"article"`
}

// Template is an edition of a model contract, as data: a new edition is a
// new Template, not new code.
type Template struct {
	Code    string `json:"code"`    // "GF-2014-2402"
	Edition string `json:"edition"` // "2014"
	Title   string `json:"title"`   // 团队出境旅游合同（示范文本）
	TitleEN string `json:"title_en"`
	Law     Law    `json:"law"`
	// Outbound templates need the outbound scope on the agency's licence;
	// PRC templates that are not outbound need the domestic scope.
	Outbound bool `json:"outbound"`
	// Superseded marks an edition a newer one replaces: contracts on it
	// are warned about.
	Superseded bool `json:"superseded,omitempty"`
	// NotFormedNoticeDays is the least notice the law gives a group that
	// is not formed (旅游法 art. 63: 7 domestic, 30 outbound).
	NotFormedNoticeDays int `json:"not_formed_notice_days,omitempty"`
	// TravellerScale and AgencyScale are the model's cancellation scales;
	// an agency scale below the model reduces the agency's liability.
	TravellerScale booking.Scale `json:"traveller_scale"`
	AgencyScale    booking.Scale `json:"agency_scale"`
	Requires       []Requirement `json:"requires"`
}

// prcCommon are the contents 旅游法 art. 58, 旅行社条例 art. 28 and the
// GF-2014 model contracts require of every PRC package contract.
func prcCommon(model string) []Requirement {
	return []Requirement{
		{ClauseAgency, "旅游法 art. 58(1); 旅行社条例 art. 28(1)"},
		{ClauseTravellers, "旅游法 art. 58(1); " + model + " art. 28"},
		{ClauseItinerary, "旅游法 art. 58(2), 59; " + model + " art. 2, 20"},
		{ClauseTransport, "旅游法 art. 58(4); " + model + " art. 2"},
		{ClauseLodging, "旅游法 art. 58(4); " + model + " art. 2"},
		{ClauseMeals, "旅游法 art. 58(4); " + model + " art. 2"},
		{ClauseSights, "旅游法 art. 58(5); " + model + " art. 2"},
		{ClauseFreeTime, "旅游法 art. 58(6); 旅行社条例 art. 28(7)"},
		{ClausePrice, "旅游法 art. 58(7); " + model + " art. 21"},
		{ClauseDispute, "旅游法 art. 58(8); " + model + " art. 26"},
		{ClauseStaff, "旅行社条例 art. 28(2)"},
		{ClauseSigning, "旅行社条例 art. 28(3); " + model + " art. 28"},
		{ClauseShopping, "旅行社条例 art. 28(9); " + model + " art. 25"},
		{ClauseOptional, "旅行社条例 art. 28(10); " + model + " art. 25"},
		{ClauseTermination, "旅行社条例 art. 28(11); " + model + " art. 15, 17"},
		{ClauseComplaint, "旅行社条例 art. 28(13); " + model + " art. 28"},
	}
}

// DefaultTemplates returns the editions the library knows: GF-2014-2401
// (domestic), GF-2014-2402 (outbound), the superseded GF-2010-2402, and an
// EU package contract under the PTD. Each call returns fresh values.
func DefaultTemplates() []Template {
	eu := []Requirement{
		{ClauseAgency, "PTD art. 5(1)(b)"},
		{ClauseOrganiser, "PTD art. 5(1)(b)"},
		{ClauseTravellers, "PTD art. 7(2)"},
		{ClauseItinerary, "PTD art. 5(1)(a)(i)"},
		{ClauseTransport, "PTD art. 5(1)(a)(ii)"},
		{ClauseLodging, "PTD art. 5(1)(a)(iii)"},
		{ClauseMeals, "PTD art. 5(1)(a)(iv)"},
		{ClauseSights, "PTD art. 5(1)(a)(v)"},
		{ClausePrice, "PTD art. 5(1)(c), (d)"},
		{ClauseFormalities, "PTD art. 5(1)(f)"},
		{ClauseTermination, "PTD art. 5(1)(g), 12"},
		{ClauseInsolvency, "PTD art. 7(2)(d)"},
		{ClauseLocalContact, "PTD art. 7(2)(e)"},
		{ClauseComplaints, "PTD art. 7(2)(h)"},
		{ClauseSigning, "PTD art. 7(1)"},
	}
	return []Template{
		{Code: "GF-2014-2401", Edition: "2014", Title: "团队境内旅游合同（示范文本）", TitleEN: "Group domestic travel contract (model text)",
			Law: LawPRC, NotFormedNoticeDays: 7, TravellerScale: booking.DomesticTraveller(), AgencyScale: booking.DomesticAgency(),
			Requires: prcCommon("GF-2014-2401")},
		{Code: "GF-2014-2402", Edition: "2014", Title: "团队出境旅游合同（示范文本）", TitleEN: "Group outbound travel contract (model text)",
			Law: LawPRC, Outbound: true, NotFormedNoticeDays: 30, TravellerScale: booking.OutboundTraveller(), AgencyScale: booking.OutboundAgency(),
			Requires: prcCommon("GF-2014-2402")},
		{Code: "GF-2010-2402", Edition: "2010", Title: "出境旅游合同（示范文本）", TitleEN: "Outbound travel contract (model text, 2010)",
			Law: LawPRC, Outbound: true, Superseded: true, NotFormedNoticeDays: 30, TravellerScale: booking.OutboundTraveller(),
			AgencyScale: booking.OutboundAgency(), Requires: prcCommon("GF-2010-2402")},
		{Code: "EU-PTD-2015", Edition: "2015", Title: "包价旅游合同（欧盟）", TitleEN: "Package travel contract (EU Directive 2015/2302)",
			Law: LawEU, Requires: eu},
	}
}

// Catalogue holds the template editions contracts may name. It is
// immutable once made.
type Catalogue struct {
	byCode map[string]Template
}

// NewCatalogue makes a catalogue of templates; a template without a code,
// law or requirements, with an invalid scale, or named twice is refused
// with every problem at once.
func NewCatalogue(ts ...Template) (*Catalogue, error) {
	c := &Catalogue{byCode: make(map[string]Template, len(ts))}
	var ps problem.List
	for i, t := range ts {
		f := fmt.Sprintf("templates[%d]", i)
		switch {
		case t.Code == "":
			ps.Add(f+".code", "required", "a template has a code")
		case c.byCode[t.Code].Code != "":
			ps.Add(f+".code", "duplicate", "template "+problem.Clip(t.Code)+" is named twice")
		}
		if t.Law != LawPRC && t.Law != LawEU {
			ps.Add(f+".law", "unknown", "a template answers to PRC or EU law")
		}
		if len(t.Requires) == 0 {
			ps.Add(f+".requires", "required", "a template lists its mandatory contents")
		}
		if t.Law == LawPRC {
			if err := t.TravellerScale.Validate(); err != nil {
				ps.Add(f+".traveller_scale", "scale", err.Error())
			}
			if err := t.AgencyScale.Validate(); err != nil {
				ps.Add(f+".agency_scale", "scale", err.Error())
			}
		}
		t.Requires = slices.Clone(t.Requires)
		c.byCode[t.Code] = t
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return c, nil
}

// DefaultCatalogue is the catalogue of DefaultTemplates.
func DefaultCatalogue() *Catalogue {
	c, err := NewCatalogue(DefaultTemplates()...)
	if err != nil {
		panic("contract: the default templates are invalid: " + err.Error()) // a defect in this package, caught by its tests
	}
	return c
}

// Template returns the template with code.
func (c *Catalogue) Template(code string) (Template, bool) {
	if c == nil {
		return Template{}, false
	}
	t, ok := c.byCode[code]
	return t, ok
}

// Codes lists the catalogue's template codes in order.
func (c *Catalogue) Codes() []string {
	if c == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(c.byCode))
}
