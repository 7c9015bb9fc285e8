package booking

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/pricing"
)

const statementCSV = "\ufeffTxn ID;Value date;Amount;Ccy;Counterparty;Remittance\n" +
	"B-1;01.04.2027;3.840,00;CNY;Zhang Wei;deposit tk-1001\n" +
	"B-2;01.04.2027;1.000,00;CNY;Li Na;TK 1002 part\n" +
	"B-3;02.04.2027;2.500,00;CNY;Li Na;TK-1002 rest\n" +
	"B-4;02.04.2027;500,00;CNY;Wang Fang;\n" +
	"B-5;02.04.2027;99,00;CNY;Unknown;no reference\n" +
	"B-1;02.04.2027;3.840,00;CNY;Zhang Wei;deposit TK-1001\n" +
	"\n" +
	"B-6;03.04.2027;-20,00;CNY;Bank;fee\n"

var statementMapping = Mapping{TxID: "txn id", Date: "Value Date", Amount: "Amount", Currency: "Ccy",
	Payer: "Counterparty", Text: "Remittance", DateLayout: "02.01.2006", DecimalComma: true, Comma: ';'}

func TestParseStatement(t *testing.T) {
	lines, err := ParseStatement(strings.NewReader(statementCSV), statementMapping)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 7 {
		t.Fatalf("%d lines, want 7 (the blank line skipped)", len(lines))
	}
	if l := lines[0]; l.Line != 2 || l.TxID != "B-1" || l.Date != date.New(2027, 4, 1) || !l.Amount.Equal(cny("3840.00")) || l.Payer != "Zhang Wei" {
		t.Fatalf("first line %+v", l)
	}
	if l := lines[6]; l.Line != 9 || !l.Amount.Equal(cny("-20.00")) {
		t.Fatalf("last line %+v", l)
	}
	us := "id,date,amount,payer\nX1,2027-04-01,\"1,234.50\",A\n"
	got, err := ParseStatement(strings.NewReader(us), Mapping{TxID: "id", Date: "date", Amount: "amount", Payer: "payer", DefaultCurrency: "USD"})
	if err != nil || !got[0].Amount.Equal(mustMoney("1234.50", "USD")) {
		t.Fatalf("grouped amount: %+v %v", got, err)
	}
}

func mustMoney(a, c string) pricing.Money {
	m, err := pricing.Parse(a, c)
	if err != nil {
		panic(err)
	}
	return m
}

func TestParseStatementReportsEveryProblem(t *testing.T) {
	_, err := ParseStatement(strings.NewReader("a,b\n"), Mapping{TxID: "a", Date: "missing"})
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("column") || !ve.Has("required") {
		t.Fatalf("mapping problems: %v", err)
	}
	bad := "id,date,amount\n,2027-13-01,12.345\nX,2027-01-01,abc\nY,2027-01-01,0\n"
	_, err = ParseStatement(strings.NewReader(bad), Mapping{TxID: "id", Date: "date", Amount: "amount", DefaultCurrency: "CNY"})
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) || len(ve.Problems) != 5 {
		t.Fatalf("line problems: %v", err)
	}
	for _, f := range []string{"line 2.id", "line 2.date", "line 2.amount", "line 3.amount", "line 4.amount"} {
		found := false
		for _, p := range ve.Problems {
			found = found || p.Field == f
		}
		if !found {
			t.Errorf("no problem at %s in %v", f, err)
		}
	}
	if _, err := ParseStatement(strings.NewReader(""), statementMapping); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty: %v", err)
	}
}

func TestMatchEveryState(t *testing.T) {
	lines, err := ParseStatement(strings.NewReader(statementCSV), statementMapping)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMatcher([]Expected{
		{Reference: "TK-1001", Payer: "Zhang Wei", Outstanding: cny("3840.00"), Due: date.New(2027, 4, 1)},
		{Reference: "TK-1002", Payer: "Li Na", Outstanding: cny("3000.00"), Due: date.New(2027, 4, 1)},
		{Reference: "TK-1003", Payer: "wang  fang", Outstanding: cny("500.00"), Due: date.New(2027, 4, 5)},
		{Reference: "TK-1004", Payer: "Zhao Lei", Outstanding: cny("99.00"), Due: date.New(2027, 4, 2)},
	}, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	ms := m.Match(lines)
	want := []struct {
		state MatchState
		ref   string
		by    MatchBy
		diff  string
	}{
		{Matched, "TK-1001", ByReference, "0.00"},
		{Partial, "TK-1002", ByReference, "-2000.00"}, // "TK 1002": a split reference
		{Overpaid, "TK-1002", ByReference, "500.00"},  // 2000 left, 2500 paid
		{Matched, "TK-1003", ByAmountAndDate, "0.00"}, // payer spelt differently, 3 days early
		{Unregistered, "", "", "0.00"},                // 99.00 fits TK-1004's amount but not its payer
		{Duplicate, "", "", "0.00"},                   // B-1 again
		{Unregistered, "", "", "0.00"},                // a debit
	}
	for i, w := range want {
		g := ms[i]
		if g.State != w.state || g.Reference != w.ref || g.By != w.by || g.Difference.Amount().StringFixed(2) != w.diff {
			t.Errorf("line %d: %s %s %s %s, want %+v", g.Line.Line, g.State, g.Reference, g.By, g.Difference, w)
		}
	}
	days := DailyReport(ms)
	got := fmt.Sprint(len(days))
	for _, d := range days {
		got += fmt.Sprintf(" | %s %s %s %s %v", d.Date, d.Statement.Amount().StringFixed(2), d.System.Amount().StringFixed(2), d.Difference.Amount().StringFixed(2), d.Unsettled)
	}
	wantReport := "3 | 2027-04-01 4840.00 4840.00 0.00 [] | 2027-04-02 6939.00 3000.00 3939.00 [6 7] | 2027-04-03 -20.00 0.00 -20.00 [9]"
	if got != wantReport {
		t.Fatalf("report\n got %s\nwant %s", got, wantReport)
	}
}

func TestMatcherKnownTransactionsAndAmbiguity(t *testing.T) {
	exp := []Expected{
		{Reference: "A-1", Payer: "Chen", Outstanding: cny("100.00"), Due: date.New(2027, 4, 1)},
		{Reference: "A-2", Payer: "Chen", Outstanding: cny("100.00"), Due: date.New(2027, 4, 2)},
	}
	m, err := NewMatcher(exp, []string{"OLD"}, 5)
	if err != nil {
		t.Fatal(err)
	}
	ms := m.Match([]StatementLine{
		{Line: 2, TxID: "OLD", Date: date.New(2027, 4, 1), Amount: cny("100.00"), Payer: "Chen", Text: "A-1"},
		{Line: 3, TxID: "N1", Date: date.New(2027, 4, 1), Amount: cny("100.00"), Payer: "Chen"},
		{Line: 4, TxID: "N2", Date: date.New(2027, 4, 1), Amount: cny("100.00"), Payer: "Chen", Text: "a1"},
		{Line: 5, TxID: "N3", Date: date.New(2027, 4, 1), Amount: mustMoney("100.00", "USD"), Text: "A-2"},
	})
	for i, w := range []MatchState{Duplicate, Unregistered, Matched, Unregistered} {
		if ms[i].State != w {
			t.Errorf("line %d: %s, want %s", ms[i].Line.Line, ms[i].State, w)
		}
	}
	if _, err := NewMatcher([]Expected{{Reference: "A-1"}, {Reference: "a1", Outstanding: cny("1.00")}}, nil, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad expectations: %v", err)
	}
}

// FuzzParseStatement: no input panics, and every line returned has an
// amount in minor units and a transaction ID.
func FuzzParseStatement(f *testing.F) {
	f.Add(statementCSV)
	f.Add("id,date,amount\nX,2027-01-01,1\n")
	f.Add("id,date,amount\n\"unterminated,2027-01-01,1\n")
	f.Add("id,date,amount\nT1,2027-03-01,+-5.00\n")
	f.Add("id,date,amount,amount\n")
	f.Add("id,date,amount\nT\x00,2027-03-01,1\n")
	f.Add("id,date,amount\nT1,2027-03-01,\xff1\n")
	f.Add("id,date,amount\nT1,2027-03-01,10000000000000000000000000\n")
	f.Add("id,date,amount\nT1,9999-03-01,1\n")
	f.Fuzz(func(t *testing.T, s string) {
		m := Mapping{TxID: "id", Date: "date", Amount: "amount", DefaultCurrency: "CNY", MaxLineBytes: 1024, MaxBytes: 1 << 16, MaxRows: 100}
		if strings.HasPrefix(s, "\ufeffTxn") {
			m = statementMapping
		}
		lines, err := ParseStatement(strings.NewReader(s), m)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		for _, l := range lines {
			if l.TxID == "" || !l.Amount.IsValid() || !l.Amount.IsRounded() || l.Amount.IsZero() {
				t.Fatalf("line %+v", l)
			}
		}
		if err := CheckLines(lines); err != nil {
			t.Fatalf("parsed lines do not check: %v", err)
		}
	})
}

// BenchmarkMatchStatement matches a 10,000-line statement against 100,000
// bookings' expected money, half by reference and half by amount, payer
// and date.
func BenchmarkMatchStatement(b *testing.B) {
	exp := make([]Expected, 100_000)
	for i := range exp {
		exp[i] = Expected{Reference: fmt.Sprintf("TK-%06d", i), Payer: fmt.Sprintf("Payer %d", i),
			Outstanding: pricing.FromMinor(int64(100_000+i), cny("1.00").Currency()), Due: date.New(2027, 4, 1) + date.Date(i%30)}
	}
	lines := make([]StatementLine, 10_000)
	for i := range lines {
		k := i * 10
		l := StatementLine{Line: i + 2, TxID: fmt.Sprintf("B%d", i), Date: exp[k].Due, Amount: exp[k].Outstanding, Payer: exp[k].Payer}
		if i%2 == 0 {
			l.Text = "payment for " + exp[k].Reference + " thanks"
		}
		lines[i] = l
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := NewMatcher(exp, nil, 3)
		if err != nil {
			b.Fatal(err)
		}
		ms := m.Match(lines)
		if ms[1].State != Matched || ms[0].State != Matched {
			b.Fatalf("%+v", ms[:2])
		}
	}
}

// BenchmarkQuoteCancellation is the fee at one notice instant.
func BenchmarkQuoteCancellation(b *testing.B) {
	in := CancellationInput{Scale: OutboundTraveller(), Total: cny("12800.00"), Paid: cny("3840.00"),
		Departure: date.New(2027, 5, 1), Return: date.New(2027, 5, 8), NoticeAt: noticeOn(2027, 5, 3), Zone: shanghai,
		ActualCosts: cny("5000.00")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QuoteCancellation(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckLines(t *testing.T) {
	lines, err := ParseStatement(strings.NewReader(statementCSV), statementMapping)
	if err != nil || CheckLines(lines) != nil {
		t.Fatalf("parsed lines fail the check: %v", err)
	}
	err = CheckLines([]StatementLine{{Line: 2}, {TxID: "B", Date: date.New(2027, 1, 1), Amount: cny("0.001")}})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 4 {
		t.Fatalf("err = %v", err)
	}
}

// A line is compared with the instalment due now, not with the whole
// balance: the exact deposit is matched (and the balance is due next), a
// line short of the instalment is partial, more than the instalment is
// matched and paid ahead, more than the balance is overpaid.
func TestStatementLinesAreMatchedAgainstTheInstalmentDueNow(t *testing.T) {
	t.Parallel()
	day := date.New(2027, 3, 1)
	exp := []Expected{
		{Reference: "TK-1", Payer: "WANG LEI", Outstanding: cny("12800.00"), DueNow: cny("3840.00"), Due: day},
		{Reference: "TK-2", Payer: "LI NA", Outstanding: cny("10000.00"), DueNow: cny("3000.00"), Due: day},
		{Reference: "TK-3", Outstanding: cny("1000.00"), DueNow: cny("1000.00"), Due: day},
		{Reference: "TK-4", Outstanding: cny("500.00"), Due: day}, // no instalments known: the balance is due
	}
	m, err := NewMatcher(exp, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	line := func(id, amount, payer, text string) StatementLine {
		return StatementLine{TxID: id, Date: day, Amount: cny(amount), Payer: payer, Text: text}
	}
	got := m.Match([]StatementLine{
		line("a", "3840.00", "Wang Lei", "TK-1 deposit"), // the deposit exactly
		line("b", "8960.00", "Wang Lei", "TK-1 balance"), // then the balance exactly
		line("c", "1000.00", "Li Na", "TK-2"),            // short of the deposit
		line("d", "5000.00", "Li Na", "TK-2"),            // the rest of it and 3000 ahead
		line("e", "4000.00", "LI NA", "no reference"),    // by payer and the amount due: the rest
		line("f", "1500.00", "", "TK-3"),                 // more than the balance
		line("g", "500.00", "", "TK-4"),                  // the balance
		line("h", "3840.00", "Someone", "no reference"),  // nobody's
	})
	want := []struct {
		state MatchState
		diff  string
	}{{Matched, "0.00"}, {Matched, "0.00"}, {Partial, "-2000.00"}, {Matched, "3000.00"}, {Matched, "0.00"}, {Overpaid, "500.00"},
		{Matched, "0.00"}, {Unregistered, "0.00"}}
	for i, w := range want {
		if got[i].State != w.state || got[i].Difference.Amount().StringFixed(2) != w.diff {
			t.Errorf("line %s: %s %s, want %s %s", got[i].Line.TxID, got[i].State, got[i].Difference, w.state, w.diff)
		}
	}
	if got[4].By != ByAmountAndDate || got[4].Reference != "TK-2" {
		t.Errorf("line e found %q by %q", got[4].Reference, got[4].By)
	}
	if _, err := NewMatcher([]Expected{{Reference: "X", Outstanding: cny("10.00"), DueNow: mustMoney("5.00", "EUR")}}, nil, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("due now in another currency: %v", err)
	}
}
