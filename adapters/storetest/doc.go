// Package storetest is the conformance suite every storage.Store must
// pass: the memory and SQL adapters here, and any adapter a vendor writes.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storage.Store { return openEmptyStore(t) })
//	}
//
// open must return an empty store, isolated from the stores of other calls;
// Run calls it from parallel tests. The tests are grouped by capability —
// the generic records, the unit of work, the outbox, the allotment ledger,
// payments, the aggregate figures, and hostile input — and each group is
// exported, so that an adapter in progress can prove one capability at a
// time. Fixtures come from the worked cases of internal/casebook.
package storetest
