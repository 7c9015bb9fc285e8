// Package memory is the whole storage.Store in memory: safe for concurrent
// use, copying records in and out so callers never share memory with it,
// and with the transaction semantics of the SQL store — a failed unit of
// work leaves nothing behind. It keeps records as the generic repository
// sees them and answers the aggregate queries over the same fields the SQL
// store's queries read, so the two agree by construction.
package memory
