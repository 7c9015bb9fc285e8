package csvout

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestFormulaCellsAreNeutralised(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"+1+1", "'+1+1"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\t=1", "'\t=1"}, {"\r=1", "'\r=1"},
		{"王磊", "王磊"}, {"30000.00 CNY", "30000.00 CNY"}, {"", ""}, {"a=b", "a=b"},
	} {
		if got := Neutral(tc.in); got != tc.want {
			t.Errorf("Neutral(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=1+1", "ok"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 1 || rows[0][0] != "'=1+1" || rows[0][1] != "ok" {
		t.Errorf("read back %q, %v", rows, err)
	}
}
