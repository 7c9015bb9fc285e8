// Package i18n gives every sentence a person reads from a catalog per
// language: catalogs/en.json, catalogs/zh-Hans.json and
// catalogs/zh-Hant.json, each a flat map from a message key to its text
// in that language. Adding a language is adding a catalog (and its tag to
// [Languages]): the packages that write documents ask for keys, never for a
// language.
//
// A message is a format for golang.org/x/text/message, so numbers are
// written the language's way and arguments can be reordered ("%[2]s");
// a message with plural forms has one key per CLDR plural category,
// "key.one", "key.other" (Chinese needs only "other").
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed catalogs/*.json
var files embed.FS

// Languages are the languages with a catalog; the first is the default
// for a language without one.
func Languages() []language.Tag {
	return []language.Tag{language.English, language.MustParse("zh-Hans"), language.MustParse("zh-Hant")}
}

// catalogs are the parsed catalogs by tag, read once and never changed.
var catalogs = sync.OnceValues(func() (map[language.Tag]map[string]string, error) {
	out := map[language.Tag]map[string]string{}
	for _, tag := range Languages() {
		raw, err := files.ReadFile("catalogs/" + tag.String() + ".json")
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: catalog %s: %w", tag, err)
		}
		out[tag] = m
	}
	return out, nil
})

// Catalog is a language's catalog, for tests that compare them.
func Catalog(tag language.Tag) map[string]string {
	all, err := catalogs()
	if err != nil {
		panic(err) // the catalogs are embedded: a broken one fails every test
	}
	return all[tag]
}

var matcher = language.NewMatcher(Languages())

// Match is the catalog language for lang: zh, zh-CN and zh-SG read
// Simplified Chinese, zh-TW, zh-HK, zh-MO and zh-Hant Traditional, and
// a language without a catalog English.
func Match(lang language.Tag) language.Tag {
	_, i, conf := matcher.Match(lang)
	if conf == language.No {
		return Languages()[0]
	}
	return Languages()[i]
}

// Printer writes the messages of one language.
type Printer struct {
	tag  language.Tag
	msgs map[string]string
	p    *message.Printer
}

// printers are the printers of the catalogs, made once: a Printer is
// read-only, so one serves every goroutine.
var printers = sync.OnceValue(func() map[language.Tag]*Printer {
	out := map[language.Tag]*Printer{}
	for _, tag := range Languages() {
		out[tag] = &Printer{tag: tag, msgs: Catalog(tag), p: message.NewPrinter(tag)}
	}
	return out
})

// common are the matches of the tags documents are asked for most, found
// once.
var common = sync.OnceValue(func() map[language.Tag]language.Tag {
	out := map[language.Tag]language.Tag{}
	for _, t := range []string{"en", "en-US", "en-GB", "zh", "zh-CN", "zh-Hans", "zh-SG", "zh-Hant", "zh-TW", "zh-HK", "zh-MO", "und"} {
		tag := language.MustParse(t)
		out[tag] = Match(tag)
	}
	return out
})

// For is the printer for lang (see Match). It is safe for concurrent use.
func For(lang language.Tag) *Printer {
	if tag, ok := common()[lang]; ok {
		return printers()[tag]
	}
	return printers()[Match(lang)]
}

// Han reports whether the language is written in Chinese characters,
// which needs no spaces between words.
func (p *Printer) Han() bool {
	base, _ := p.tag.Base()
	return base.String() == "zh"
}

// Has reports whether the catalog has key.
func (p *Printer) Has(key string) bool {
	_, ok := p.msgs[key]
	return ok
}

// T writes the message key with args. A key no catalog has is written as
// itself, in brackets, so that a test finds it.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 && !strings.Contains(msg, "%") {
		return msg
	}
	return p.p.Sprintf(msg, args...)
}

// Raw is the message key as the catalog holds it, a format for the
// caller's own fmt verbs; a missing key is its name in brackets.
func (p *Printer) Raw(key string) string {
	if msg, ok := p.msgs[key]; ok {
		return msg
	}
	return "[" + key + "]"
}

// N writes the plural form of key for n: "key.one", "key.other"…, with n
// and args (n is the first argument).
func (p *Printer) N(key string, n int, args ...any) string {
	form := plural.Cardinal.MatchPlural(p.tag, abs(n), 0, 0, 0, 0)
	name := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}[form]
	k := key + "." + name
	if name == "" || !p.Has(k) {
		k = key + ".other"
	}
	return p.T(k, append([]any{n}, args...)...)
}

// Or writes the message of key when the catalog has it, else fallback:
// for closed sets of codes (a reason, a status) whose unknown members are
// shown as they are.
func (p *Printer) Or(key, fallback string) string {
	if p.Has(key) {
		return p.T(key)
	}
	return fallback
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
