package supplier

import "github.com/travelkit/travelkit/internal/problem"

// Sentinel errors; each matches its class in the agency package.
var (
	// ErrInvalid marks input that breaks a rule; a *ValidationError lists
	// every problem.
	ErrInvalid = problem.New("supplier: invalid", problem.ErrInvalid)
	// ErrNoRate: the contract has no rate for the product, unit type or
	// night asked for.
	ErrNoRate = problem.New("supplier: no rate", problem.ErrNotFound)
	// ErrInvalidTransition: a hold's state does not allow the change.
	ErrInvalidTransition = problem.New("supplier: invalid transition", problem.ErrInvalidTransition)
)

// Problem is one broken rule; the one Problem type of every travelkit package.
type Problem = problem.Problem

// ValidationError lists every problem of an input; it matches ErrInvalid.
type ValidationError = problem.ValidationError

// Problem codes are stable; programs branch on them.
const (
	CodeRequired      = "required"
	CodeInvalidValue  = "invalid_value"
	CodeOrder         = "order"
	CodeSeasonGap     = "season_gap"
	CodeSeasonOverlap = "season_overlap"
	CodeSeasonOutside = "season_outside_validity"
	CodeCurrency      = "currency_mismatch"
	CodeDuplicate     = "duplicate"
	CodeUnknownSeason = "unknown_season"
	CodeTierOrder     = "tier_order"
	CodeMinStay       = "min_stay"
	CodeNoRate        = "no_rate"
)

type problems []Problem

func (ps *problems) add(field, code, msg string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: msg})
}

func (ps *problems) addDetail(field, code, msg string, detail map[string]string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: msg, Detail: detail})
}

func (ps problems) err() error { return problem.Invalid(ErrInvalid, ps) }
