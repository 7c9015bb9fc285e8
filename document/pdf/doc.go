// Package pdf writes a [document.Document] as an A4 PDF: the header line
// on every page, page numbers, sections kept with their first lines,
// label–value rows that never split across pages, and tables that break
// across pages with their head repeated.
//
// The text is set in a font the caller supplies ([LoadFont],
// [LoadFontFile], [LoadFontFS]): OpenType or TrueType, CFF or TrueType
// outlines, alone or in a collection. Only the glyphs a document shows are
// embedded, converted to TrueType outlines, so that a PDF of a contract in
// Chinese stays small and any reader — and pdftotext — reads its text. On
// Debian, the fonts-noto-cjk package installs [NotoSansCJK]:
//
//	font, err := pdf.LoadFontFile(pdf.NotoSansCJK, "Noto Sans CJK SC")
//
// The package is apart from document so that a program that writes no
// PDF compiles no PDF library.
package pdf
