package pdf_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/document/pdf"
	"github.com/travelkit/travelkit/internal/pdftest"
)

// A font that is none, a name not in the collection and no font at all
// are refused with their class.
func TestFontsRefused(t *testing.T) {
	t.Parallel()
	if _, err := pdf.LoadFont([]byte("not a font"), ""); !errors.Is(err, pdf.ErrFont) {
		t.Errorf("garbage: %v", err)
	}
	if _, err := pdf.LoadFont(liberationsansregular.TTF, "Noto Sans CJK SC"); !errors.Is(err, pdf.ErrFont) || !strings.Contains(err.Error(), "Liberation Sans") {
		t.Errorf("a name the font does not have: %v", err)
	}
	if err := pdf.Render(&bytes.Buffer{}, document.Document{Title: "x"}, pdf.Options{}); !errors.Is(err, pdf.ErrNoFont) {
		t.Errorf("no font: %v", err)
	}
	if _, err := pdf.LoadFontFile("/nonexistent/font.ttc", ""); err == nil {
		t.Error("a missing file")
	}
}

// A table of 120 rows runs over several pages: every page after the first
// starts with the table's head again, no row is split, and a TrueType
// font (Liberation Sans) reads back as written.
func TestTableBreaksAcrossPagesWithItsHead(t *testing.T) {
	t.Parallel()
	font, err := pdf.LoadFont(liberationsansregular.TTF, "")
	if err != nil {
		t.Fatal(err)
	}
	d := document.Document{Lang: "en", Title: "Payments", Header: "Hôtel Lumière · statement"}
	table := &document.Table{Columns: []document.Column{{Head: "Reference", Weight: 2}, {Head: "Payer", Weight: 3}, {Head: "Amount", Numeric: true}}}
	for i := range 120 {
		table.Rows = append(table.Rows, []string{fmt.Sprintf("TK-2026-%04d", i), "WANG LEI", fmt.Sprintf("€%d.00", 100+i)})
	}
	d.Add("Received").Table = table
	var out bytes.Buffer
	if err := pdf.Render(&out, d, pdf.Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, out.Bytes())
	pages := pdftest.Pages(t, out.Bytes())
	if pages < 3 {
		t.Fatalf("120 rows on %d pages", pages)
	}
	if n := strings.Count(text, "Reference"); n != pages {
		t.Errorf("the table's head %d times on %d pages", n, pages)
	}
	if n := strings.Count(text, "Hôtel Lumière · statement"); n != pages {
		t.Errorf("the header %d times on %d pages", n, pages)
	}
	for i := range 120 {
		if ref := fmt.Sprintf("TK-2026-%04d", i); !strings.Contains(text, ref) {
			t.Errorf("row %s is missing", ref)
		}
	}
	if !strings.Contains(text, "€219.00") {
		t.Error("the last amount is missing")
	}
}

// Chinese wraps between characters, never before closing punctuation, and
// every character survives the wrapping.
func TestChineseWrapsWithoutLosingCharacters(t *testing.T) {
	t.Parallel()
	font := pdftest.Font(t)
	note := strings.Repeat("旅游者应当遵守目的地的法律法规，尊重当地风俗习惯。", 12)
	d := document.Document{Lang: "zh-CN", Title: "须知"}
	d.Add("注意事项").Note = note
	var out bytes.Buffer
	if err := pdf.Render(&out, d, pdf.Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, out.Bytes())
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if strings.ContainsAny(l, "旅游，。") && l != "须知" {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) < 3 {
		t.Fatalf("the note on %d lines:\n%s", len(lines), text)
	}
	if got := strings.Join(lines, ""); got != note {
		t.Errorf("the note read back differs:\n got %s\nwant %s", got, note)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "，") || strings.HasPrefix(l, "。") {
			t.Errorf("a line starts with closing punctuation: %s", l)
		}
	}
}
