package inquiry

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Contact is what duplicate detection reads of a customer.
type Contact struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// NormalEmail is an address as compared: trimmed, lower case, a "+tag"
// on the local part dropped ("Wang.Lei+trip@Example.com" and
// "wang.lei@example.com" are one address).
func NormalEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return s
	}
	local, domain := s[:at], s[at+1:]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	return local + "@" + domain
}

// NormalPhone is a number as compared: digits only, fullwidth digits
// folded, an international prefix written "+" or "00" kept as "+", and an
// 11-digit Chinese mobile number (1xx…) given country code +86.
func NormalPhone(s string) string {
	s = width.Narrow.String(strings.TrimSpace(s))
	intl := strings.HasPrefix(s, "+")
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case d == "":
		return ""
	case intl:
		return "+" + d
	case strings.HasPrefix(d, "00"):
		return "+" + d[2:]
	case len(d) == 11 && d[0] == '1':
		return "+86" + d
	}
	return d
}

// NormalName is a name as compared: fullwidth folded, lower case, without
// spaces, punctuation and the "/" of document names ("WANG/LEI",
// "Wang Lei" and "wang-lei" are one name; "王磊" and "王 磊" too).
func NormalName(s string) string {
	s = width.Narrow.String(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Key is what two contacts were found to share.
type Key string

// Match keys.
const (
	ByEmail Key = "email"
	ByPhone Key = "phone"
	ByName  Key = "name"
)

// Duplicate is a pair of contacts that look like one customer. Sure is
// set when they share an e-mail address or phone number; a shared name
// alone is only a suggestion for a person to check.
type Duplicate struct {
	A    string `json:"a"`
	B    string `json:"b"`
	By   []Key  `json:"by"`
	Sure bool   `json:"sure"`
}

// Duplicates finds every pair of contacts sharing a normalised e-mail,
// phone or name, in a stable order (by A, then B, IDs in order within a
// pair). It indexes the contacts once, so it runs in time proportional to
// the contacts and the pairs found.
func Duplicates(cs []Contact) []Duplicate {
	type pairKey struct{ a, b string }
	found := map[pairKey][]Key{}
	index := func(key Key, norm func(Contact) string) {
		groups := map[string][]string{}
		for _, c := range cs {
			if n := norm(c); n != "" {
				groups[n] = append(groups[n], c.ID)
			}
		}
		for _, ids := range groups {
			for i := 0; i < len(ids); i++ {
				for j := i + 1; j < len(ids); j++ {
					a, b := min(ids[i], ids[j]), max(ids[i], ids[j])
					if a == b {
						continue
					}
					k := pairKey{a, b}
					if !slices.Contains(found[k], key) {
						found[k] = append(found[k], key)
					}
				}
			}
		}
	}
	index(ByEmail, func(c Contact) string { return NormalEmail(c.Email) })
	index(ByPhone, func(c Contact) string { return NormalPhone(c.Phone) })
	index(ByName, func(c Contact) string { return NormalName(c.Name) })
	out := make([]Duplicate, 0, len(found))
	for k, by := range found {
		slices.Sort(by)
		out = append(out, Duplicate{A: k.a, B: k.b, By: by, Sure: slices.Contains(by, ByEmail) || slices.Contains(by, ByPhone)})
	}
	slices.SortFunc(out, func(x, y Duplicate) int {
		if c := strings.Compare(x.A, y.A); c != 0 {
			return c
		}
		return strings.Compare(x.B, y.B)
	})
	return out
}
