// Package pdftest reads PDFs back for tests with poppler's pdftotext,
// pdfinfo and pdftoppm, and loads the Noto CJK font the documents are set
// in. Where a tool or the font is missing the test is skipped, saying so —
// or fails under CI, which installs them (fonts-noto-cjk, poppler-utils).
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/document/pdf"
	"github.com/travelkit/travelkit/internal/golden"
)

// need skips (or under CI fails) a test without what it needs.
func need(t testing.TB, what, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing under CI: %s", what, why)
	}
	t.Skipf("%s is not installed (%s): skipping", what, why)
}

// Font is Noto Sans CJK SC from Debian's fonts-noto-cjk.
func Font(t testing.TB) *pdf.Font {
	t.Helper()
	f, err := pdf.LoadFontFile(pdf.NotoSansCJK, "Noto Sans CJK SC")
	if os.IsNotExist(err) {
		need(t, pdf.NotoSansCJK, "Debian's fonts-noto-cjk")
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Bold is Noto Sans CJK SC Bold, or nil when it is not installed.
func Bold(t testing.TB) *pdf.Font {
	t.Helper()
	f, err := pdf.LoadFontFile(filepath.Join(filepath.Dir(pdf.NotoSansCJK), "NotoSansCJK-Bold.ttc"), "Noto Sans CJK SC")
	if err != nil {
		return nil
	}
	return f
}

func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		need(t, name, "Debian's poppler-utils")
	}
	return path
}

// Text is the PDF's text as pdftotext reads it, in reading order.
func Text(t testing.TB, doc []byte) string {
	t.Helper()
	cmd := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v %s", err, stderr.String())
	}
	return string(out)
}

// Pages is the PDF's page count as pdfinfo reads it.
func Pages(t testing.TB, doc []byte) int {
	t.Helper()
	cmd := exec.Command(tool(t, "pdfinfo"), "-")
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo printed no page count: %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// PNG renders page (1-based) of the PDF at 80 dpi to path, for a person to
// look at.
func PNG(t testing.TB, doc []byte, page int, path string) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	out := filepath.Join(dir, "page")
	if b, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "80", "-f", p, "-l", p, "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	png, err := os.ReadFile(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Document checks d in every format against its golden files —
// testdata/name.txt (text), name.html (HTML) and name.pdf.txt (the PDF as
// pdftotext reads it) — sets it as PDF in Noto Sans CJK (bold heads when
// installed), and checks what a reader would: every page carries the
// header and its number, and every string of want is in the text. It
// returns the PDF's text.
func Document(t testing.TB, name string, d document.Document, want ...string) string {
	t.Helper()
	var plain, page bytes.Buffer
	if err := document.WriteText(&plain, d); err != nil {
		t.Fatal(err)
	}
	if err := document.WriteHTML(&page, d); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, name+".txt", plain.Bytes())
	golden.Check(t, name+".html", page.Bytes())
	var out bytes.Buffer
	if err := pdf.Render(&out, d, pdf.Options{Font: Font(t), Bold: Bold(t), Created: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	text := Text(t, out.Bytes())
	golden.Check(t, name+".pdf.txt", []byte(text))
	pages := Pages(t, out.Bytes())
	if d.Header != "" && strings.Count(text, d.Header) < pages {
		t.Errorf("%s: %d pages, the header %q on %d", name, pages, d.Header, strings.Count(text, d.Header))
	}
	for p := 1; p <= pages; p++ {
		if !regexp.MustCompile(`(?m)^` + strconv.Itoa(p) + ` ?/ ?` + strconv.Itoa(pages) + `$`).MatchString(text) {
			t.Errorf("%s: no page number %d of %d", name, p, pages)
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: %q is not in the text:\n%s", name, w, text)
		}
	}
	return text
}
