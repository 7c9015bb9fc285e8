// Package casebook holds the job's worked cases as data, built with the
// library's exported API only: case 1 (the ten-day Paris–Rome–Barcelona
// trip of the Wang family with its net rates, price rules, locked rate,
// hotels and their contracts, and the contract's item details) and case 2
// (the hotel complaint). The tests, benchmarks, conformance suite and
// examples share it, so that every one prices and books exactly the same
// trip, and a vendor's demo or test can start from it too.
package casebook
