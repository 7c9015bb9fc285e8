// Package ref makes the short references people read and say on the phone
// instead of 32-hex IDs: ten Crockford base-32 characters derived from the
// ID, with a check character (Crockford's mod-37 symbol) that catches a
// mistyped or swapped character.
package ref
