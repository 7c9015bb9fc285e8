// Command quickstart runs the job's two worked cases end to end on the embedded
// SQLite store. Case 1: it saves the customer, proposes the ten-day Paris–
// Rome–Barcelona trip for two adults and a child of eight, prices it (net
// rates in EUR, quoted in CNY at a locked rate) and accepts the quote,
// printing the day-by-day plan and the quote with its payment schedule in
// English and Chinese. Case 2: the hotel complaint during the trip, handled
// within its SLA. Then it delivers the events through the log notifier.
//
//	go run ./examples/quickstart [-db path/to/file.db]
package main
