package i18n_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/i18n"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a message's formatting verbs, by argument.
func verbs(msg string) []string {
	out := verb.FindAllString(msg, -1)
	// Numbered verbs may come in any order; unnumbered ones keep theirs.
	if strings.Contains(msg, "%[") {
		slices.Sort(out)
	}
	return out
}

// Every catalog has every key, with the same formatting verbs: adding a
// language is adding a complete catalog.
func TestCatalogsAreComplete(t *testing.T) {
	t.Parallel()
	en := i18n.Catalog(language.English)
	if len(en) < 400 {
		t.Fatalf("the English catalog has %d messages", len(en))
	}
	for _, tag := range i18n.Languages()[1:] {
		c := i18n.Catalog(tag)
		for k, msg := range en {
			other, ok := c[k]
			if !ok {
				t.Errorf("%s lacks %s", tag, k)
				continue
			}
			// A date's parts are offered whole; each language takes those it
			// writes (English the month's name, Chinese its number).
			if k == "date.long" || k == "date.short" {
				continue
			}
			if a, b := verbs(msg), verbs(other); !slices.Equal(a, b) && !strings.HasSuffix(k, ".other") && !strings.HasSuffix(k, ".one") {
				t.Errorf("%s %s has verbs %v, English %v", tag, k, b, a)
			}
		}
		for k := range c {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %s, which English lacks", tag, k)
			}
		}
	}
}

// Each catalog is in its own language: English without Chinese
// characters, Traditional Chinese without a Simplified form, Simplified
// Chinese without a Traditional one.
func TestCatalogsAreInTheirLanguage(t *testing.T) {
	t.Parallel()
	hans, hant := i18n.Catalog(language.MustParse("zh-Hans")), i18n.Catalog(language.MustParse("zh-Hant"))
	for k, msg := range i18n.Catalog(language.English) {
		if strings.IndexFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			t.Errorf("English %s: %q", k, msg)
		}
	}
	for k, msg := range hant {
		if s := i18n.Simplified(msg); s != "" {
			t.Errorf("zh-Hant %s: %q has the Simplified %q", k, msg, s)
		}
	}
	differ := 0
	for k, msg := range hans {
		if hant[k] != msg {
			differ++
		}
	}
	if differ < len(hans)/3 {
		t.Errorf("only %d of %d Traditional messages differ from the Simplified ones", differ, len(hans))
	}
}

// Languages match their catalogs: Chinese of the mainland and Singapore
// reads Simplified, of Taiwan, Hong Kong and Macao Traditional; any other
// language English.
func TestMatch(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]string{"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-Hans": "zh-Hans", "zh-TW": "zh-Hant",
		"zh-HK": "zh-Hant", "zh-MO": "zh-Hant", "zh-Hant": "zh-Hant", "en": "en", "en-GB": "en", "fr": "en", "und": "en"} {
		if got := i18n.Match(language.MustParse(tag)).String(); got != want {
			t.Errorf("%s: %s, want %s", tag, got, want)
		}
	}
}

// Plural forms by the language's rules, numbers written its way, and a
// missing key shown as itself rather than in another language.
func TestPrinter(t *testing.T) {
	t.Parallel()
	en, zh := i18n.For(language.English), i18n.For(language.SimplifiedChinese)
	for _, c := range []struct{ got, want string }{
		{en.N("plan.nights", 1), "1 night"}, {en.N("plan.nights", 3), "3 nights"}, {zh.N("plan.nights", 1), "1晚"}, {zh.N("plan.nights", 3), "3晚"},
		{en.T("fb.points", 5000), " · points 5,000"}, {zh.T("quote.version", 2), "第2版"},
		{en.T("no.such.key"), "[no.such.key]"}, {en.Or("no.such.key", "raw"), "raw"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if !zh.Han() || en.Han() {
		t.Error("Han")
	}
}

func TestSimplified(t *testing.T) {
	t.Parallel()
	if got := i18n.Simplified("報價單 报价单 北京"); got != "报价单" {
		t.Errorf("Simplified: %q", got)
	}
}

// BenchmarkFor: a printer and a message, as every label of a document asks.
func BenchmarkFor(b *testing.B) {
	b.ReportAllocs()
	tag := language.MustParse("zh-CN")
	for b.Loop() {
		p := i18n.For(tag)
		_ = p.T("quote.version", 2)
	}
}
