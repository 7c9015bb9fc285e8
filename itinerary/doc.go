// Package itinerary composes, checks and renders personalised trips.
//
// A [Trip] has dates, a party of travellers named as on their travel
// documents, and items: transport (flight, rail, coach, ferry, transfer)
// between instants in each end's IANA zone, stays from check-in to
// check-out date, activities with opening hours, meals, free time and notes.
// Calendar dates are date.Date values; instants are time.Time in their
// place's zone; local times of day are [TimeOfDay] values.
//
// A [Builder] composes a trip day by day — cities with nights, transport
// between them at local times, activities and meals — and can remove, move
// and shift items keeping local wall-clock times across DST changes.
// Templates are packaged products: a skeleton trip, themes, seasons and an
// indicative price, instantiated for a start date and a party.
//
// [Validate] returns every problem at once with a stable code and the items
// and travellers concerned: items outside the trip, arrivals before
// departures, overlapping transports or stays, nights without a bed, breaks
// in location continuity, short connections, visits when a sight is closed,
// rooms too small, unknown travellers, infants without an adult; and
// warnings for long days, late arrivals, empty days and local times that a
// DST change skips. It runs in O(n log n) in the items per traveller.
//
// [Days] derives the day-by-day view; [RenderText] writes it in zh-CN or
// English (places and UTC offsets, never zone IDs), [MarshalPlan] as stable
// JSON that [DecodePlan] reads back, [ICal] and [ICalWith] as an RFC 5545 calendar
// with a TZID on every time (UTC for a repeated autumn hour), a VTIMEZONE
// for every zone, tenant-unique UIDs and a SEQUENCE per version. [DecodeTrip]
// and [TripDecoder] read trips back from JSON strictly; json.Unmarshal refuses
// impossible dates too.
//
// The package imports no other public travelkit package.
package itinerary
