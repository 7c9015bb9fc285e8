// Package notify holds agency.Notifier implementations: a structured log
// that masks personal data, an HTTP webhook signed by the Standard Webhooks
// scheme with a receiver-side [Verifier], [SMTP] e-mail over STARTTLS, and an
// in-memory recorder for tests. Messages arrive rendered in the customer's
// language.
package notify
