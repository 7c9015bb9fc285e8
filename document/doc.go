// Package document is what a person reads — a travel contract, a
// confirmation letter, a quote, a day-by-day plan, a report — as a
// [Document]: a title, lines under it, and sections of label–value rows,
// notes and tables, every text already in the reader's language.
//
// The domain packages build documents; this package writes them as plain
// text ([WriteText]) and as printable HTML ([WriteHTML]), and the
// subpackage [github.com/travelkit/travelkit/document/pdf] as A4 PDF with
// a font the caller supplies, so that a program that needs no PDF never
// compiles a PDF library.
package document
