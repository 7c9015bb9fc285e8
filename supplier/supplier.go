package supplier

import (
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/pricing"
)

// Kind is what a supplier provides.
type Kind string

// Supplier kinds.
const (
	Hotel          Kind = "hotel"
	Airline        Kind = "airline"
	Rail           Kind = "rail"
	Transfer       Kind = "transfer"
	Guide          Kind = "guide"
	Activity       Kind = "activity"
	GroundOperator Kind = "ground_operator" // 地接社
)

// Status says whether the agency buys from a supplier.
type Status string

// Supplier statuses. A suspended or blacklisted supplier carries a reason.
const (
	Active      Status = "active"
	Suspended   Status = "suspended"
	Blacklisted Status = "blacklisted"
)

// Contact is a person at the supplier.
type Contact struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Licence is a licence or qualification (business licence, tourism
// operating permit, guide card, air operator certificate) valid on the
// dates From to To inclusive.
type Licence struct {
	Kind   string    `json:"kind"`
	Number string    `json:"number"`
	From   date.Date `json:"from"`
	To     date.Date `json:"to"`
}

// ValidOn reports whether the licence covers day d.
func (l Licence) ValidOn(d date.Date) bool { return l.From <= d && d <= l.To }

// Insurance is a liability policy valid From to To inclusive.
type Insurance struct {
	Insurer string        `json:"insurer"`
	Policy  string        `json:"policy"`
	Cover   pricing.Money `json:"cover"`
	From    date.Date     `json:"from"`
	To      date.Date     `json:"to"`
}

// ValidOn reports whether the policy covers day d.
func (i Insurance) ValidOn(d date.Date) bool { return i.From <= d && d <= i.To }

// BankDetails is where the agency pays the supplier. It masks itself in
// logs (LogValue) and in %v (String): only the last four characters of the
// account show.
type BankDetails struct {
	Holder  string `json:"holder"`
	Bank    string `json:"bank"`
	Account string `json:"account"`
	SWIFT   string `json:"swift,omitempty"`
}

// String renders the details with the account masked.
func (b BankDetails) String() string {
	return b.Holder + ", " + b.Bank + ", account " + maskTail(b.Account)
}

// LogValue masks the account for slog.
func (b BankDetails) LogValue() slog.Value {
	return slog.GroupValue(slog.String("holder", b.Holder), slog.String("bank", b.Bank), slog.String("account", maskTail(b.Account)))
}

func maskTail(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) <= 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
}

// Supplier is a company the agency buys services from.
type Supplier struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	Zone string `json:"zone"` // IANA zone the supplier's deadlines are read in
	// Language is the language the supplier is written to in, a BCP 47
	// tag ("en", "zh-CN"); empty means the agency's own.
	Language  string       `json:"language,omitempty"`
	Contacts  []Contact    `json:"contacts,omitempty"`
	Licences  []Licence    `json:"licences,omitempty"`
	Insurance []Insurance  `json:"insurance,omitempty"`
	Bank      *BankDetails `json:"bank,omitempty"`
	Status    Status       `json:"status"`
	// Reason says why a supplier is suspended or blacklisted.
	Reason string `json:"reason,omitempty"`
}

// Reservations is the contact the agency writes to about bookings: the
// first whose role is "reservations", else the first with an e-mail
// address.
func (s *Supplier) Reservations() (Contact, bool) {
	for _, c := range s.Contacts {
		if c.Role == "reservations" && c.Email != "" {
			return c, true
		}
	}
	for _, c := range s.Contacts {
		if c.Email != "" {
			return c, true
		}
	}
	return Contact{}, false
}

// Location loads the supplier's zone.
func (s *Supplier) Location() (*time.Location, error) {
	if s.Zone == "" || s.Zone == "Local" {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Zone", Code: CodeRequired, Message: "an IANA time zone is required"}}}
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return nil, &ValidationError{Kind: ErrInvalid, Problems: []Problem{{Field: "Zone", Code: CodeInvalidValue, Message: "unknown time zone"}}}
	}
	return loc, nil
}

// Validate reports every problem of the supplier at once.
func (s *Supplier) Validate() error {
	var ps problems
	if s.ID == "" {
		ps.add("ID", CodeRequired, "a supplier needs an ID")
	}
	if strings.TrimSpace(s.Name) == "" {
		ps.add("Name", CodeRequired, "a supplier needs a name")
	}
	switch s.Kind {
	case Hotel, Airline, Rail, Transfer, Guide, Activity, GroundOperator:
	default:
		ps.add("Kind", CodeInvalidValue, "kind is hotel, airline, rail, transfer, guide, activity or ground_operator")
	}
	if _, err := s.Location(); err != nil {
		ps.add("Zone", CodeInvalidValue, "an IANA time zone is required")
	}
	if s.Language != "" {
		if _, err := language.Parse(s.Language); err != nil {
			ps.add("Language", CodeInvalidValue, "a language is a BCP 47 tag such as en or zh-CN")
		}
	}
	switch s.Status {
	case Active:
	case Suspended, Blacklisted:
		if strings.TrimSpace(s.Reason) == "" {
			ps.add("Reason", CodeRequired, "a suspended or blacklisted supplier needs a reason")
		}
	default:
		ps.add("Status", CodeInvalidValue, "status is active, suspended or blacklisted")
	}
	for i, l := range s.Licences {
		f := "Licences[" + strconv.Itoa(i) + "]"
		if l.Kind == "" || l.Number == "" {
			ps.add(f, CodeRequired, "a licence needs a kind and a number")
		}
		if l.To < l.From {
			ps.add(f+".To", CodeOrder, "a licence ends on or after it starts")
		}
	}
	for i, in := range s.Insurance {
		f := "Insurance[" + strconv.Itoa(i) + "]"
		if in.Insurer == "" || in.Policy == "" {
			ps.add(f, CodeRequired, "a policy needs an insurer and a number")
		}
		if in.To < in.From {
			ps.add(f+".To", CodeOrder, "a policy ends on or after it starts")
		}
		if !in.Cover.IsValid() || in.Cover.Sign() <= 0 {
			ps.add(f+".Cover", CodeInvalidValue, "a policy needs a positive cover")
		}
	}
	if b := s.Bank; b != nil && (b.Holder == "" || b.Account == "") {
		ps.add("Bank", CodeRequired, "bank details need a holder and an account")
	}
	return ps.err()
}
