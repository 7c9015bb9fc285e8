package pdf_test

import (
	"bytes"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/document/pdf"
)

// FuzzFont: whatever bytes a caller passes as a font are refused with an
// error or set a document; nothing panics.
func FuzzFont(f *testing.F) {
	ttf := liberationsansregular.TTF
	f.Add(ttf, "Hôtel 1 night")
	f.Add(ttf[:len(ttf)/2], "x")
	f.Add(ttf[:200], "")
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), "报价单")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		font, err := pdf.LoadFont(data, "")
		if err != nil {
			return
		}
		d := document.Document{Title: text}
		d.Add(text, document.Row{Label: text, Value: text})
		_ = pdf.Render(&bytes.Buffer{}, d, pdf.Options{Font: font})
	})
}

// FuzzText: any text in a document is set without a panic, in a font
// that lacks most of its characters.
func FuzzText(f *testing.F) {
	font, err := pdf.LoadFont(liberationsansregular.TTF, "")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("旅游者应当遵守目的地的法律法规，尊重当地风俗习惯。", "（", "Hôtel Lumière\n\n")
	f.Add("", "", "")
	f.Add("\x00\xff\u2028", "a\tb", "🎉 𠀀")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		d := document.Document{Title: a, Header: b, Subtitle: []string{c}}
		s := d.Add(a)
		s.Note = b + c
		s.Rows = []document.Row{{Label: a, Value: b}, {Value: c, Sign: true}}
		s.Table = &document.Table{Columns: []document.Column{{Head: a}, {Head: b, Numeric: true}}, Rows: [][]string{{c, a}, {b}}}
		if err := pdf.Render(&bytes.Buffer{}, d, pdf.Options{Font: font}); err != nil {
			t.Fatal(err)
		}
	})
}
