// Package factory builds the records the tests, benchmarks, the
// conformance suite and the examples share: the job's worked case 1 (the
// ten-day Paris–Rome–Barcelona trip with its net rates, price rules,
// locked rate, hotels and their contracts) and case 2 (the hotel
// complaint), with the library's exported API only, so that every test
// prices and books exactly the same trip.
package factory
