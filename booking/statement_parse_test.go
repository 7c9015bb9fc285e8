package booking

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var plainMapping = Mapping{TxID: "id", Date: "date", Amount: "amount", DefaultCurrency: "CNY"}

// problemsOf parses a statement and returns its problems as
// "field code" strings, failing on anything but a validation error.
func problemsOf(t *testing.T, csv string, m Mapping) []string {
	t.Helper()
	lines, err := ParseStatement(strings.NewReader(csv), m)
	var ve *ValidationError
	if !errors.As(err, &ve) || lines != nil {
		t.Fatalf("%q: lines %v, %v", csv, lines, err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field+" "+p.Code)
	}
	return out
}

func TestStatementHeaderNamingAColumnTwiceIsRefused(t *testing.T) {
	got := problemsOf(t, "id,date,Amount,payer,amount\nT1,2027-03-01,5.00,x,6.00\n", plainMapping)
	if len(got) != 1 || got[0] != "header duplicate" {
		t.Errorf("problems %v", got)
	}
	_, err := ParseStatement(strings.NewReader("id,date,Amount,payer,amount\n"), plainMapping)
	if err == nil || !strings.Contains(err.Error(), "columns 3 and 5") {
		t.Errorf("the problem does not name both columns: %v", err)
	}
}

func TestStatementAmountPlusMinusIsRefused(t *testing.T) {
	for _, amount := range []string{"+-5.00", "-+5.00", "++5.00"} {
		if got := problemsOf(t, "id,date,amount\nT1,2027-03-01,"+amount+"\n", plainMapping); len(got) != 1 || got[0] != "line 2.amount amount" {
			t.Errorf("%s: %v", amount, got)
		}
	}
	lines, err := ParseStatement(strings.NewReader("id,date,amount\nT1,2027-03-01,+5.00\n"), plainMapping)
	if err != nil || lines[0].Amount.String() != "5.00 CNY" {
		t.Errorf("+5.00: %v, %v", lines, err)
	}
}

func TestStatementNULAndInvalidUTF8AreRefusedWithTheirLine(t *testing.T) {
	for name, tc := range map[string]struct{ csv, want string }{
		"NUL":           {"id,date,amount,payer\nT1,2027-03-01,5.00,ok\nT2,2027-03-01,5.00,bad\x00payer\n", "line 3 nul"},
		"invalid":       {"id,date,amount,payer\nT1,2027-03-01,5.00,\xff\xfe\n", "line 2 encoding"},
		"in the header": {"id,date,am\xffount\n", "line 1 encoding"},
	} {
		if got := problemsOf(t, tc.csv, plainMapping); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: %v, want %s", name, got, tc.want)
		}
	}
}

// A Chinese bank's export in GB18030 is read when the mapping declares
// it, and refused with its line, never read as mojibake, when it does not.
func TestStatementInGB18030IsReadWhenDeclared(t *testing.T) {
	utf := "流水号,日期,金额,付款人,摘要\nBK-1,2027-03-01,3840.00,王磊,订金 TK-2027-0042\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	m := Mapping{TxID: "流水号", Date: "日期", Amount: "金额", Payer: "付款人", Text: "摘要", DefaultCurrency: "CNY"}
	if got := problemsOf(t, gb, m); len(got) != 1 || got[0] != "line 1 encoding" {
		t.Errorf("undeclared: %v", got)
	}
	for _, enc := range []string{"gb18030", "GBK"} {
		m.Encoding = enc
		lines, err := ParseStatement(strings.NewReader(gb), m)
		if err != nil || len(lines) != 1 || lines[0].Payer != "王磊" || lines[0].Text != "订金 TK-2027-0042" {
			t.Errorf("%s: %+v, %v", enc, lines, err)
		}
	}
	m.Encoding = "latin-1"
	if got := problemsOf(t, gb, m); len(got) != 1 || got[0] != "mapping.encoding unknown" {
		t.Errorf("an unknown encoding: %v", got)
	}
}

// A statement's sizes are bounded: a line, the file and its rows; a 64 MB
// field is refused at the line limit, without reading it whole.
func TestStatementSizesAreBounded(t *testing.T) {
	huge := "id,date,amount,text\nT1,2027-03-01,5.00," + strings.Repeat("x", 64<<20) + "\n"
	if got := problemsOf(t, huge, plainMapping); len(got) != 1 || got[0] != "line 2 line_too_long" {
		t.Errorf("a 64 MB field: %v", got)
	}
	var rows strings.Builder
	rows.WriteString("id,date,amount\n")
	for i := range 11 {
		fmt.Fprintf(&rows, "T%d,2027-03-01,1.00\n", i)
	}
	m := plainMapping
	m.MaxRows = 10
	if got := problemsOf(t, rows.String(), m); len(got) != 1 || got[0] != "line 12 too_many_rows" {
		t.Errorf("11 rows of 10: %v", got)
	}
	m = plainMapping
	m.MaxBytes = 100
	if got := problemsOf(t, rows.String(), m); len(got) != 1 || !strings.HasSuffix(got[0], "too_large") {
		t.Errorf("a file over its size: %v", got)
	}
}

func TestStatementDatesOutsideSaneBoundsAreRefused(t *testing.T) {
	for _, d := range []string{"1969-12-31", "2200-01-01", "0001-01-01"} {
		if got := problemsOf(t, "id,date,amount\nT1,"+d+",1.00\n", plainMapping); len(got) != 1 || got[0] != "line 2.date date" {
			t.Errorf("%s: %v", d, got)
		}
	}
}

// BenchmarkParseStatement reads a 10 000-line statement: B/op against
// the input's size (SetBytes) shows the memory taken per byte read.
func BenchmarkParseStatement(b *testing.B) {
	var in strings.Builder
	in.WriteString("id,date,amount,payer,text\n")
	for i := range 10_000 {
		fmt.Fprintf(&in, "BK-%d,2027-03-01,%d.%02d,WANG LEI,deposit TK-2027-%04d\n", i, 100+i, i%100, i%9999)
	}
	data := in.String()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseStatement(strings.NewReader(data), plainMapping); err != nil {
			b.Fatal(err)
		}
	}
}
