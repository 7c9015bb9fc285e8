package web

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/agency"
)

// Every sentence a screen names exists in every language, and every
// language has the same sentences: none falls back to another.
func TestCatalogComplete(t *testing.T) {
	used := map[string]bool{}
	key := regexp.MustCompile(`\{\{t (?:\.Lang|\$\.Lang|"zh-CN"|"en") "([^"]+)"`)
	err := fs.WalkDir(files, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(path)
		for _, m := range key.FindAllStringSubmatch(string(body), -1) {
			used[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\btext\([a-zA-Z.()]+, "([^"]+)"`)
	for _, name := range []string{"pages.go", "i18n.go"} {
		body, err := fs.ReadFile(osFS{}, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range code.FindAllStringSubmatch(string(body), -1) {
			if !strings.HasSuffix(m[1], ".") { // a prefix completed at run time
				used[m[1]] = true
			}
		}
	}
	if len(used) < 40 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for k := range used {
		for _, lang := range []agency.Language{agency.English, agency.Chinese, agency.ChineseTraditional} {
			if catalog[lang][k] == "" {
				t.Errorf("%q has no %s sentence", k, lang)
			}
		}
	}
	en, zh, hant := keys(catalog[agency.English]), keys(catalog[agency.Chinese]), keys(catalog[agency.ChineseTraditional])
	if !slices.Equal(en, zh) || !slices.Equal(en, hant) {
		t.Errorf("the languages have different sentences:\nen %v\nzh %v\nzh-Hant %v", en, zh, hant)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
