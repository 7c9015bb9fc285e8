// Package oracle runs independent implementations from the npm registry
// (an iCalendar reader, a Standard Webhooks verifier) as test oracles for
// what travelkit writes. Tests that use it skip, saying why, where node or
// npm is absent or the package cannot be installed.
package oracle
