// Package natsjs publishes the agency's events to NATS JetStream as
// CloudEvents (structured JSON), through github.com/nats-io/nats.go. Each
// message carries the event ID as its Nats-Msg-Id, so that JetStream drops
// a redelivery within the stream's duplicate window; consumers still
// de-duplicate on the CloudEvents id for redeliveries after it.
package natsjs
