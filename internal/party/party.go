package party

import "github.com/rickb777/date/v2"

// TravellerType is the age band a traveller falls in on a service date.
type TravellerType string

// Traveller types.
const (
	Adult  TravellerType = "adult"
	Child  TravellerType = "child"
	Infant TravellerType = "infant"
)

// AgeBands sets the age limits of traveller types: younger than InfantUnder
// years on the service date is an infant, younger than ChildUnder a child,
// otherwise an adult. The zero AgeBands means the common airline and hotel
// bands: infants under 2, children under 12.
type AgeBands struct {
	InfantUnder int `json:"infant_under,omitempty"`
	ChildUnder  int `json:"child_under,omitempty"`
}

// OrDefault returns b, or the common bands when b is zero.
func (b AgeBands) OrDefault() AgeBands {
	if b == (AgeBands{}) {
		return AgeBands{InfantUnder: 2, ChildUnder: 12}
	}
	return b
}

// Valid reports whether 0 ≤ InfantUnder ≤ ChildUnder (after defaults).
func (b AgeBands) Valid() bool {
	b = b.OrDefault()
	return b.InfantUnder >= 0 && b.InfantUnder <= b.ChildUnder
}

// Type returns the traveller type for an age in whole years.
func (b AgeBands) Type(age int) TravellerType {
	b = b.OrDefault()
	switch {
	case age < b.InfantUnder:
		return Infant
	case age < b.ChildUnder:
		return Child
	}
	return Adult
}

// TypeOn returns the type of someone born on birth, on day on.
func (b AgeBands) TypeOn(birth, on date.Date) TravellerType { return b.Type(AgeOn(birth, on)) }

// AgeOn returns the age in whole years on day on of someone born on birth;
// a birthday on 29 February counts on 1 March in common years.
func AgeOn(birth, on date.Date) int {
	by, bm, bd := birth.Date()
	oy, om, od := on.Date()
	age := oy - by
	if om < bm || (om == bm && od < bd) {
		age--
	}
	return age
}
