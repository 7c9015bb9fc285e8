package document_test

import (
	"os"

	"github.com/travelkit/travelkit/document"
)

// A document with rows and a table, written as plain text: labels and
// columns line up, numbers flush right.
func Example() {
	d := document.Document{Lang: "en", Title: "Quote Q-1127 · version 2", Subtitle: []string{"Valid until Mon 30 Nov 2026 10:00 (Beijing time, UTC+8)"}}
	d.Add("Customer", document.Row{Label: "Name", Value: "Wang Lei"}, document.Row{Label: "Travellers", Value: "2 adults, 1 child"})
	d.Add("Services").Table = &document.Table{
		Columns: []document.Column{{Head: "Item", Weight: 3}, {Head: "Amount", Numeric: true}},
		Rows:    [][]string{{"Flight Beijing PEK → Paris CDG", "CN¥12,082.38"}, {"Hôtel Lumière, 3 nights", "CN¥7,384.19"}},
	}
	_ = document.WriteText(os.Stdout, d)
	// Output:
	// Quote Q-1127 · version 2
	// Valid until Mon 30 Nov 2026 10:00 (Beijing time, UTC+8)
	//
	// Customer
	//   Name        Wang Lei
	//   Travellers  2 adults, 1 child
	//
	// Services
	//   Item                                  Amount
	//   Flight Beijing PEK → Paris CDG  CN¥12,082.38
	//   Hôtel Lumière, 3 nights          CN¥7,384.19
}
