package party

import (
	"testing"

	"github.com/rickb777/date/v2"
)

func TestTypeOn(t *testing.T) {
	t.Parallel()
	leap := date.New(2020, 2, 29)
	cases := []struct {
		bands AgeBands
		birth date.Date
		on    date.Date
		want  TravellerType
	}{
		{AgeBands{}, date.New(2025, 5, 2), date.New(2027, 5, 1), Infant},
		{AgeBands{}, date.New(2025, 5, 1), date.New(2027, 5, 1), Child},
		{AgeBands{}, date.New(2015, 5, 2), date.New(2027, 5, 1), Child},
		{AgeBands{}, date.New(2015, 5, 1), date.New(2027, 5, 1), Adult},
		{AgeBands{InfantUnder: 3, ChildUnder: 16}, date.New(2012, 1, 1), date.New(2027, 5, 1), Child},
		{AgeBands{}, leap, date.New(2022, 2, 28), Infant}, // turns 2 on 1 March
		{AgeBands{}, leap, date.New(2022, 3, 1), Child},
	}
	for _, c := range cases {
		if got := c.bands.TypeOn(c.birth, c.on); got != c.want {
			t.Errorf("%v born %s on %s = %s, want %s", c.bands, c.birth, c.on, got, c.want)
		}
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	if !(AgeBands{}).Valid() || (AgeBands{InfantUnder: 5, ChildUnder: 2}).Valid() || (AgeBands{InfantUnder: -1, ChildUnder: 2}).Valid() {
		t.Fatal("Valid wrong")
	}
}
