// Package csvin reads CSV files whose columns a caller's mapping names by
// header text, collecting every problem (line and column named) instead
// of stopping at the first. Bank statements and competitor observations
// are read through it.
package csvin
