package agency

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

// Page sizes of the read side.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageRequest asks for one page of a listing. Listings are keyset-paginated:
// After is the Next of the previous page ("" for the first), so a page
// costs the same however deep it is and rows added meanwhile are neither
// skipped nor repeated.
type PageRequest struct {
	// Limit is 1 to MaxPageSize; 0 means DefaultPageSize.
	Limit int
	After string
}

// Page is one page of a listing; Next is "" on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// Size returns the page size, or an ErrInvalid error for a limit outside
// 0–MaxPageSize.
func (p PageRequest) Size() (int, error) {
	switch {
	case p.Limit == 0:
		return DefaultPageSize, nil
	case p.Limit < 0 || p.Limit > MaxPageSize:
		return 0, &ValidationError{Problems: []Problem{{Field: "Limit", Code: "out_of_range",
			Message: fmt.Sprintf("a page holds 1 to %d items", MaxPageSize)}}}
	}
	return p.Limit, nil
}

// Position is a listing's sort key: where a page ends. Every listing
// orders by (Text, Number, ID), using the parts it needs and leaving the
// others zero, so one cursor format serves them all.
type Position struct {
	Text   string
	Number int64
	ID     string
}

// Compare orders positions by Text (bytewise), Number, then ID.
func (p Position) Compare(q Position) int {
	if c := strings.Compare(p.Text, q.Text); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Number, q.Number); c != 0 {
		return c
	}
	return strings.Compare(p.ID, q.ID)
}

// Cursor encodes the position as an opaque Next/After string.
func (p Position) Cursor() string {
	b, _ := json.Marshal([]any{p.Text, strconv.FormatInt(p.Number, 10), p.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor reads a cursor made by Position.Cursor; "" gives nil. A
// cursor that was not made so is ErrInvalid.
func ParseCursor(s string) (*Position, error) {
	if s == "" {
		return nil, nil
	}
	bad := &ValidationError{Problems: []Problem{{Field: "After", Code: "invalid_cursor", Message: "not a cursor of a listing"}}}
	if len(s) > 4096 {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var key []string
	if json.Unmarshal(b, &key) != nil || len(key) != 3 || !TextOK(key[0]) || !TextOK(key[2]) {
		return nil, bad
	}
	n, err := strconv.ParseInt(key[1], 10, 64)
	if err != nil {
		return nil, bad
	}
	return &Position{Text: key[0], Number: n, ID: key[2]}, nil
}

// PageOf cuts one page from items sorted by key, after the request's
// cursor: a helper for stores that hold their records in memory.
func PageOf[T any](items []T, key func(T) Position, p PageRequest) (Page[T], error) {
	size, err := p.Size()
	if err != nil {
		return Page[T]{}, err
	}
	after, err := ParseCursor(p.After)
	if err != nil {
		return Page[T]{}, err
	}
	slices.SortFunc(items, func(a, b T) int { return key(a).Compare(key(b)) })
	start := 0
	if after != nil {
		start, _ = slices.BinarySearchFunc(items, *after, func(it T, pos Position) int {
			if key(it).Compare(pos) <= 0 {
				return -1
			}
			return 1
		})
	}
	out := Page[T]{Items: items[start:min(start+size, len(items))]}
	if start+size < len(items) {
		out.Next = key(out.Items[len(out.Items)-1]).Cursor()
	}
	return out, nil
}

// CustomerFilter selects customers. Set at most one of the three; none
// lists every customer. Customers come ordered by name key then ID (a name
// search or none), by phone key then ID (a phone search), or by ID (an
// e-mail search).
type CustomerFilter struct {
	// NamePrefix matches names that start with it, ignoring case.
	NamePrefix string
	// Email matches an e-mail address exactly, ignoring case and spaces.
	Email string
	// Phone matches phone numbers ending with its digits (at least six), so
	// "139 0000 1111" finds "+86 139 0000 1111".
	Phone string
}

// NameKey is the form of a name that name searches compare: lower case,
// spaces folded.
func NameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// EmailKey is the form of an e-mail address that searches compare.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// PhoneKey is the form of a phone number that searches compare: its digits
// last to first, so that a number's ending is a prefix of its key and a
// search by the local number is a range of an index.
func PhoneKey(phone string) string {
	digits := make([]byte, 0, len(phone))
	for i := len(phone) - 1; i >= 0; i-- {
		if c := phone[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	return string(digits)
}

// MinPhoneDigits is the fewest digits a phone search takes.
const MinPhoneDigits = 6

// Check reports a filter with more than one criterion.
func (f CustomerFilter) Check() error {
	n := 0
	for _, s := range []string{f.NamePrefix, f.Email, f.Phone} {
		if s != "" {
			n++
		}
	}
	if n > 1 {
		return &ValidationError{Problems: []Problem{{Field: "Filter", Code: "one_criterion",
			Message: "search customers by name prefix, e-mail or phone, one at a time"}}}
	}
	if f.Phone != "" && len(PhoneKey(f.Phone)) < MinPhoneDigits {
		return &ValidationError{Problems: []Problem{{Field: "Phone", Code: "invalid_value",
			Message: fmt.Sprintf("search phone numbers by at least %d digits", MinPhoneDigits)}}}
	}
	return nil
}

// TripSummary is one trip version as a list shows it.
type TripSummary struct {
	TripID    string    `json:"trip_id"`
	Version   int       `json:"version"`
	Title     string    `json:"title"`
	Start     date.Date `json:"start"`
	End       date.Date `json:"end"`
	CreatedAt time.Time `json:"created_at"`
}

// QuoteSummary is one quote version as a list shows it.
type QuoteSummary struct {
	QuoteID     string        `json:"quote_id"`
	Version     int           `json:"version"`
	TripID      string        `json:"trip_id"`
	TripVersion int           `json:"trip_version"`
	Total       pricing.Money `json:"total"`
	CreatedAt   time.Time     `json:"created_at"`
	AcceptedAt  *time.Time    `json:"accepted_at,omitempty"`
}

// ComplaintFilter selects complaints; zero fields select all. With a due
// window, complaints come ordered by resolution due instant then ID;
// otherwise by received instant then ID.
type ComplaintFilter struct {
	Status   feedback.Status
	Assignee string
	// DueFrom and DueTo bound the resolution due instant, [DueFrom, DueTo);
	// set both or neither. Complaints with no running resolution clock have
	// no due instant and are left out of a due window.
	DueFrom, DueTo time.Time
}

// HasDueWindow reports whether the filter bounds the due instant.
func (f ComplaintFilter) HasDueWindow() bool { return !f.DueFrom.IsZero() || !f.DueTo.IsZero() }

// Check reports a half-open or reversed due window.
func (f ComplaintFilter) Check() error {
	if f.HasDueWindow() && (f.DueFrom.IsZero() || f.DueTo.IsZero() || !f.DueFrom.Before(f.DueTo)) {
		return &ValidationError{Problems: []Problem{{Field: "DueTo", Code: "order", Message: "a due window needs DueFrom before DueTo"}}}
	}
	return nil
}

// EventState is where an event is in delivery.
type EventState string

// Event states.
const (
	EventPending   EventState = "pending"
	EventDelivered EventState = "delivered"
	EventDead      EventState = "dead"
)

// State returns the event's delivery state.
func (e Event) State() EventState {
	switch {
	case e.DeliveredAt != nil:
		return EventDelivered
	case e.DeadAt != nil:
		return EventDead
	}
	return EventPending
}

// Check reports an unknown state.
func (s EventState) Check() error {
	switch s {
	case EventPending, EventDelivered, EventDead:
		return nil
	}
	return &ValidationError{Problems: []Problem{{Field: "State", Code: "invalid_value", Message: "state is pending, delivered or dead"}}}
}
