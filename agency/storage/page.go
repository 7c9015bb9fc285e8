package storage

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Page sizes of every listing.
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
	Limit int    `json:"limit,omitempty"`
	After string `json:"after,omitempty"`
}

// Page is one page of a listing; Next is "" on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
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

// maxCursor bounds the cursors a store decodes.
const maxCursor = 4096

// EncodeCursor writes the position a page ends at — the values of the
// listing's order columns, each a string or an int64 — as an opaque
// After/Next string.
func EncodeCursor(pos []any) string {
	parts := make([]string, len(pos))
	for i, v := range pos {
		switch x := v.(type) {
		case string:
			parts[i] = "s" + x
		case int64:
			parts[i] = "i" + strconv.FormatInt(x, 10)
		default:
			parts[i] = "n"
		}
	}
	b, _ := json.Marshal(parts)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor for a listing ordered by
// columns of the given types; "" gives nil. A cursor that was not made for
// such a listing is ErrInvalid.
func DecodeCursor(s string, types []ColumnType) ([]any, error) {
	if s == "" {
		return nil, nil
	}
	bad := &ValidationError{Problems: []Problem{{Field: "After", Code: "invalid_cursor", Message: "not a cursor of this listing"}}}
	if len(s) > maxCursor {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var parts []string
	if json.Unmarshal(b, &parts) != nil || len(parts) != len(types) {
		return nil, bad
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		if p == "" || !TextOK(p) {
			return nil, bad
		}
		switch tag, rest := p[0], p[1:]; {
		case tag == 's' && types[i] == Text:
			out[i] = rest
		case tag == 'i' && (types[i] == Int || types[i] == NullInt):
			n, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				return nil, bad
			}
			out[i] = n
		default:
			return nil, bad
		}
	}
	return out, nil
}

// CompareValues orders two values of one column: strings bytewise, int64
// numerically, nil (NULL) first.
func CompareValues(a, b any) int {
	switch x := a.(type) {
	case string:
		y, _ := b.(string)
		return strings.Compare(x, y)
	case int64:
		switch y := b.(type) {
		case int64:
			return cmp.Compare(x, y)
		case nil:
			return 1
		}
		return 0
	case nil:
		if b == nil {
			return 0
		}
		return -1
	}
	return 0
}

// ComparePositions orders two positions column by column.
func ComparePositions(a, b []any) int {
	for i := range min(len(a), len(b)) {
		if c := CompareValues(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// Paginate cuts one page from items, ordered by the position pos gives
// each, after the request's cursor (made for columns of the given types):
// a helper for stores that hold their records in memory. It sorts items.
func Paginate[T any](items []T, types []ColumnType, pos func(T) []any, p PageRequest) (Page[T], error) {
	size, err := p.Size()
	if err != nil {
		return Page[T]{}, err
	}
	after, err := DecodeCursor(p.After, types)
	if err != nil {
		return Page[T]{}, err
	}
	slices.SortFunc(items, func(a, b T) int { return ComparePositions(pos(a), pos(b)) })
	start := 0
	if after != nil {
		start, _ = slices.BinarySearchFunc(items, after, func(it T, at []any) int {
			if ComparePositions(pos(it), at) <= 0 {
				return -1
			}
			return 1
		})
	}
	out := Page[T]{Items: items[start:min(start+size, len(items))]}
	if start+size < len(items) {
		out.Next = EncodeCursor(pos(out.Items[len(out.Items)-1]))
	}
	return out, nil
}
