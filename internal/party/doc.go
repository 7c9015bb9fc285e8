// Package party holds the one definition of traveller types and the age
// bands that classify travellers, shared by pricing and itinerary (each
// exports them as aliases).
package party
