// Package csvout writes CSV for spreadsheet programs: a cell a
// spreadsheet would read as a formula is neutralised, as OWASP advises
// against CSV injection.
package csvout
