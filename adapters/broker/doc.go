// Package broker turns the agency's events into CloudEvents 1.0, the
// envelope the vendor's other services read from a message broker. The
// broker clients live in subpackages — amqp (RabbitMQ, through its own client)
// and natsjs (NATS JetStream) — so that a program imports only the client
// it uses, and one that uses none imports none.
//
// Delivery is at least once: the dispatcher publishes an event, then marks
// it delivered; a process that dies between the two publishes it again
// after the lease. A consumer therefore de-duplicates on the CloudEvents id
// (the outbox event's ID), for example by recording each id it has handled
// in the same transaction as its effect, under a unique key.
package broker
