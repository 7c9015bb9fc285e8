package notify

import (
	"fmt"

	"github.com/travelkit/travelkit/agency"
)

// ErrPermanent marks a delivery that will never succeed (a 4xx answer
// other than 408/429, a message that cannot be addressed, a server that
// will not protect credentials); it wraps agency.ErrInvalid so the
// dispatcher stops retrying.
var ErrPermanent = fmt.Errorf("notify: permanent failure: %w", agency.ErrInvalid)
