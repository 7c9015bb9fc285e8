package csvin_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/travelkit/travelkit/internal/csvin"
)

var errInvalid = errors.New("invalid")

func Example() {
	in, err := csvin.Open(strings.NewReader("\ufeffName, Price\nRome,100\n\nParis\n"), csvin.Options{}, "list", errInvalid)
	if err != nil {
		fmt.Println(err)
		return
	}
	name, price, missing := in.Column("name", "name", true), in.Column("price", "PRICE", true), in.Column("stars", "Stars", false)
	in.Rows(func(r csvin.Row) {
		fmt.Printf("%s %q %q %q\n", r.At(), r.Get(name), r.Get(price), r.Get(missing))
	})
	fmt.Println(len(in.Problems), in.Problems[0].Field)
	// Output:
	// line 2 "Rome" "100" ""
	// line 4 "Paris" "" ""
	// 1 mapping.stars
}
