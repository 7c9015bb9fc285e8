// Package human renders dates, instants and UTC offsets the way people read
// them in zh-CN and English documents: local dates with weekdays, places
// and offsets instead of zone IDs. pricing, itinerary and feedback share it.
package human
