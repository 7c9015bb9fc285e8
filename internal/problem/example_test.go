package problem_test

import (
	"errors"
	"fmt"

	"github.com/travelkit/travelkit/internal/problem"
)

func Example() {
	errInvalid := problem.New("demo: invalid", problem.ErrInvalid)
	var ps problem.List
	ps.Add("Name", "required", "a name is required")
	ps.AddDetail("Night", "night_uncovered", "no bed for the night of 2027-05-03", map[string]string{"date": "2027-05-03"})
	err := ps.Err(errInvalid)
	var ve *problem.ValidationError
	fmt.Println(errors.Is(err, errInvalid), errors.Is(err, problem.ErrInvalid), errors.As(err, &ve), ve.Problems[1].Detail["date"])
	// Output: true true true 2027-05-03
}
