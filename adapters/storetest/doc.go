// Package storetest is the conformance suite every agency.Store must pass:
// the memory and SQL adapters here, and any adapter a vendor writes.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) agency.Store { return openEmptyStore(t) })
//	}
//
// open must return an empty store, isolated from the stores of other calls.
package storetest
