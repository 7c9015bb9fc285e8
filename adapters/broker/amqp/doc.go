// Package amqp publishes the agency's events to RabbitMQ (AMQP 0-9-1) as
// CloudEvents (structured JSON) through Watermill's AMQP publisher, waiting
// for the broker's publisher confirmation of each message: an event is
// marked delivered only once RabbitMQ has taken responsibility for it.
// New takes any Watermill publisher, so the same notifier serves the other
// brokers Watermill supports.
package amqp
