// Package memory is the whole agency.Store in memory: safe for concurrent
// use, copying records in and out so callers never share memory with it,
// and with the transaction semantics of the SQL store — a failed unit of
// work leaves nothing behind.
package memory
