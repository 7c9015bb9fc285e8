package itinerary

import (
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// Theme is what a packaged product is about; recommendations match it with
// a customer's interests.
type Theme string

// Themes.
const (
	ThemeHistory   Theme = "history"
	ThemeCulture   Theme = "culture"
	ThemeFood      Theme = "food"
	ThemeNature    Theme = "nature"
	ThemeShopping  Theme = "shopping"
	ThemeFamily    Theme = "family"
	ThemeBeach     Theme = "beach"
	ThemeAdventure Theme = "adventure"
)

// Template is one of the agency's packaged travel products: an itinerary
// skeleton whose days are relative to its own start, its themes, the months
// it suits and an indicative price. Prices stay text here: pricing them is
// the pricing package's work.
type Template struct {
	ID              string       `json:"id"`
	Title           string       `json:"title"`
	Themes          []Theme      `json:"themes"`
	Seasons         []time.Month `json:"seasons,omitempty"`
	IndicativePrice string       `json:"indicative_price,omitempty"`
	Skeleton        Trip         `json:"skeleton"`
}

// Days is the product's length in days.
func (t *Template) Days() int { return t.Skeleton.Days() }

// HasTheme reports whether the product carries theme th.
func (t *Template) HasTheme(th Theme) bool { return slices.Contains(t.Themes, th) }

// Suits reports whether the product suits travel in month m; a product
// without seasons suits every month.
func (t *Template) Suits(m time.Month) bool {
	return len(t.Seasons) == 0 || slices.Contains(t.Seasons, m)
}

// Instantiate makes a trip of the product starting on start for party: the
// skeleton moved to the new dates with its local times kept, every item for
// the whole party.
func (t *Template) Instantiate(id string, start date.Date, party Party) (*Trip, error) {
	trip, err := t.Skeleton.Shift(start)
	if err != nil {
		return nil, err
	}
	trip.ID = id
	trip.Party = Party{Travellers: append([]Traveller(nil), party.Travellers...), Bands: party.Bands}
	for i := range trip.Items {
		trip.Items[i].Travellers = nil
	}
	return trip, nil
}

// Builder starts composing a trip from the product: the instantiated
// skeleton, ready for more cities, activities and changes.
func (t *Template) Builder(id string, start date.Date, party Party) (*Builder, error) {
	trip, err := t.Instantiate(id, start, party)
	if err != nil {
		return nil, err
	}
	return FromTrip(trip), nil
}
