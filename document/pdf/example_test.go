package pdf_test

import (
	"bytes"
	"fmt"

	"codeberg.org/go-fonts/liberation/liberationsansregular"

	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/document/pdf"
)

// A document set as PDF in Liberation Sans (for Chinese, load Noto Sans
// CJK: pdf.LoadFontFile(pdf.NotoSansCJK, "Noto Sans CJK SC")).
func Example() {
	font, err := pdf.LoadFont(liberationsansregular.TTF, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	d := document.Document{Lang: "en", Title: "Booking confirmation", Header: "Beijing Global Travel · TK-2026-1127"}
	d.Add("Lead traveller", document.Row{Value: "WANG/LEI"})
	var out bytes.Buffer
	if err := pdf.Render(&out, d, pdf.Options{Font: font}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(font.Name(), bytes.HasPrefix(out.Bytes(), []byte("%PDF-1.")))
	// Output: Liberation Sans true
}
