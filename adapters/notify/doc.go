// Package notify holds agency.Notifier implementations: a structured log, an
// HTTP webhook signed with HMAC-SHA256, SMTP e-mail, and an in-memory
// recorder for tests. Messages arrive rendered in the customer's language.
package notify
