package contract

import (
	"github.com/travelkit/travelkit/document"
)

// The contract and the letter are built as a [document.Document] and
// written by the document package, as text, HTML or — through
// document/pdf — PDF.
type (
	doc = document.Document
	row = document.Row
)
