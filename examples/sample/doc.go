// Package sample builds the worked cases of the travel consultant's job —
// the job's worked case 1, the ten-day Paris–Rome–Barcelona trip with its net rates,
// price rules and locked rate — with the library's exported API only, so
// that a reader can copy it. The quickstart, golden tests and benchmarks all
// use it, so all of them price exactly the same trip.
package sample
