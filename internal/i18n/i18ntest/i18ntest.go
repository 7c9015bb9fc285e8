// Package i18ntest checks that a text a person reads is in its language
// throughout: nothing the library wrote fell back to another catalog.
package i18ntest

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n"
)

var (
	missing = regexp.MustCompile(`\[[a-z_]+(\.[a-zA-Z0-9_-]+)+\]`)
	// wrapped is a line a layout broke between two Chinese characters.
	wrapped = regexp.MustCompile(`(\p{Han}|）|（)\n(\p{Han}|（|）)`)
)

// Reads fails t when text, written for lang, shows a message key no
// catalog had, a message given the wrong arguments, or a message of
// another language: Chinese characters in
// English (beyond the data named in allowed), a Simplified character in
// Traditional Chinese, an English sentence of the catalog in Chinese.
func Reads(t testing.TB, lang language.Tag, name, text string, allowed ...string) {
	t.Helper()
	for wrapped.MatchString(text) {
		text = wrapped.ReplaceAllString(text, "$1$2")
	}
	for _, a := range allowed {
		text = strings.ReplaceAll(text, a, "")
	}
	if m := missing.FindString(text); m != "" {
		t.Errorf("%s (%s) shows the missing message %s", name, lang, m)
	}
	if i := strings.Index(text, "%!"); i >= 0 {
		t.Errorf("%s (%s) has a message given the wrong arguments: %q", name, lang, around(text, i))
	}
	switch i18n.Match(lang).String() {
	case "en":
		if i := strings.IndexFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }); i >= 0 {
			t.Errorf("%s (en) has Chinese: %q", name, around(text, i))
		}
	case "zh-Hant":
		if s := i18n.Simplified(text); s != "" {
			t.Errorf("%s (zh-Hant) has the Simplified %q", name, s)
		}
		fallthrough
	default:
		for k, msg := range i18n.Catalog(language.English) {
			if sentence(msg) && strings.Contains(text, msg) {
				t.Errorf("%s (%s) has the English %s: %q", name, lang, k, msg)
			}
		}
	}
}

// sentence reports whether an English message is words enough to be
// found only where it fell back: three words or more, no format verbs.
func sentence(msg string) bool {
	return !strings.Contains(msg, "%") && len(strings.Fields(msg)) >= 3 && len(msg) >= 12
}

func around(s string, i int) string {
	lo, hi := max(0, i-30), min(len(s), i+30)
	return s[lo:hi]
}
