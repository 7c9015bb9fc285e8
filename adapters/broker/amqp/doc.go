// Package amqp publishes the agency's events to RabbitMQ (AMQP 0-9-1) as
// CloudEvents (structured JSON) through RabbitMQ's own Go client,
// github.com/rabbitmq/amqp091-go, with publisher confirmations: an event
// is marked delivered only once RabbitMQ has taken responsibility for it.
// A lost connection is dialled again on the next delivery; meanwhile
// deliveries fail and the dispatcher retries them.
package amqp
