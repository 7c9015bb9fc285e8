// Command quickstart tells the job's two worked cases through all seven
// duties of the library, on the embedded SQLite store, as the map of
// travelkit: suppliers under contract with allotments; an inquiry
// answered, qualified and given recommendations; a trip designed for the
// family (the Paris and Rome hotels priced from their seasonal
// contracts) and quoted; the booking with its rooms held; the travel
// contract refused for a vague hotel grade, corrected and signed; another
// customer's option that lapses and gives its room back; the deposit and
// the balance matched from bank statements, with a reminder between;
// every service confirmed by its supplier at a frozen cost; the hotels'
// invoices matched; the trip; case 2's hotel complaint under SLA with an
// approved, charged-back compensation; the follow-up visits and the
// survey; the hotels' evaluation; the market research report; and the
// consultant's scorecards and sales plan. The story runs on a clock of its
// own, from November 2026 to June 2027, and ends with every notification
// that went out, to whom and in which language.
//
//	go run ./examples/quickstart [-db path/to/file.db]
package main
