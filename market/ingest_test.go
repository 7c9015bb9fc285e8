package market_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/travelkit/travelkit/market"
)

// codesOf parses observations and returns their problems as "field code".
func codesOf(t *testing.T, csv string, m market.Mapping) []string {
	t.Helper()
	obs, err := market.ParseObservations(strings.NewReader(csv), m)
	var ve *market.ValidationError
	if !errors.As(err, &ve) || obs != nil {
		t.Fatalf("observations %v, %v", obs, err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field+" "+p.Code)
	}
	return out
}

func TestObservationHeaderNamingAColumnTwiceIsRefused(t *testing.T) {
	t.Parallel()
	header := strings.Replace(strings.SplitN(csvFile, "\n", 2)[0], "Source", "Price", 1)
	if got := codesOf(t, header+"\n", csvMapping); len(got) != 2 || got[0] != "header duplicate" || got[1] != "mapping.source column" {
		t.Errorf("problems %v", got)
	}
}

func TestObservationNULAndInvalidUTF8AreRefusedWithTheirLine(t *testing.T) {
	t.Parallel()
	lines := strings.Split(csvFile, "\n")
	withNUL := lines[0] + "\n" + lines[1] + "\n" + strings.Replace(lines[2], "kuoni", "ku\x00oni", 1) + "\n"
	withBad := lines[0] + "\n" + strings.Replace(lines[1], "ctrip", "ct\xffrip", 1) + "\n"
	if got := codesOf(t, withNUL, csvMapping); len(got) != 1 || got[0] != "line 3 nul" {
		t.Errorf("NUL: %v", got)
	}
	if got := codesOf(t, withBad, csvMapping); len(got) != 1 || got[0] != "line 2 encoding" {
		t.Errorf("invalid UTF-8: %v", got)
	}
}

func TestObservationsInGB18030AreReadWhenDeclared(t *testing.T) {
	t.Parallel()
	utf := strings.Replace(csvFile, "Europe 10 days", "欧洲十日游", -1)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(t, gb, csvMapping); len(got) != 1 || got[0] != "line 2 encoding" {
		t.Errorf("undeclared: %v", got)
	}
	m := csvMapping
	m.Encoding = "gb18030"
	obs, err := market.ParseObservations(strings.NewReader(gb), m)
	if err != nil || len(obs) != 3 || obs[0].Product != "欧洲十日游" {
		t.Errorf("declared: %+v, %v", obs, err)
	}
}

func TestObservationDaysAndInstantsHaveSaneBounds(t *testing.T) {
	t.Parallel()
	lines := strings.Split(csvFile, "\n")
	for name, tc := range map[string]struct{ from, to, want string }{
		"a year and a day":    {",10,9000.00", ",367,9000.00", "line 2.days range"},
		"a departure in 2300": {"2027-05-03", "2300-05-03", "line 2.departure range"},
		"seen in 1900":        {"2026-11-20T10:00:00+08:00", "1900-11-20T10:00:00+08:00", "line 2.observed_at range"},
	} {
		csv := lines[0] + "\n" + strings.Replace(lines[1], tc.from, tc.to, 1) + "\n"
		if got := codesOf(t, csv, csvMapping); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: %v", name, got)
		}
	}
}

func TestObservationFileSizesAreBounded(t *testing.T) {
	t.Parallel()
	huge := strings.SplitN(csvFile, "\n", 2)[0] + "\no1,ctrip," + strings.Repeat("x", 1<<20) + "\n"
	if got := codesOf(t, huge, csvMapping); len(got) != 1 || got[0] != "line 2 line_too_long" {
		t.Errorf("a 1 MB line: %v", got)
	}
	m := csvMapping
	m.MaxRows = 2
	if got := codesOf(t, csvFile, m); len(got) != 1 || got[0] != "line 4 too_many_rows" {
		t.Errorf("3 rows of 2: %v", got)
	}
}
