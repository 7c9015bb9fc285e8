// Package brokertest is the conformance suite of the broker adapters: an
// adapter's test gives it a [Harness] on a real broker, and Run checks that
// events are published as CloudEvents and consumed, that a redelivery
// carries the same ID, that an event waits in the outbox while the broker
// is away and goes out when it is back, and that a message the broker
// refuses is recorded as a failure.
package brokertest
