-- Under a stop sale, the units a night may have held and booked in all:
-- those taken when sales stopped plus the units the supplier agreed stay
-- sellable.
ALTER TABLE {allotment_nights} ADD COLUMN stop_cap INTEGER NOT NULL DEFAULT 0;
