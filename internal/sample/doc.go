// Package sample holds the worked cases of the travel consultant's job as
// ready-made inputs, shared by the runnable examples, golden tests and
// benchmarks so that all of them price exactly the same trip.
package sample
