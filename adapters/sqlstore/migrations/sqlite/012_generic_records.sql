-- The generic repository and the seams between duties.
-- Follow-ups are versioned like every other aggregate.
ALTER TABLE {follow_ups} ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Events say who they are for: the audience, and the address of a person.
ALTER TABLE {outbox} ADD COLUMN audience TEXT NOT NULL DEFAULT '';
ALTER TABLE {outbox} ADD COLUMN recipient TEXT NOT NULL DEFAULT '';

-- Bookings are listed per customer and per state, and a bank line is
-- matched against what the open instalment still expects (before this
-- migration: the whole outstanding amount).
ALTER TABLE {bookings} ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE {bookings} ADD COLUMN due_now_minor BIGINT NOT NULL DEFAULT 0;
UPDATE {bookings} SET customer_id = COALESCE(json_extract(body, '$.booking.customer_id'), ''), due_now_minor = outstanding_minor;
CREATE INDEX {idx:bookings_customer} ON {bookings} (tenant, customer_id, reference);
CREATE INDEX {idx:bookings_state} ON {bookings} (tenant, state, reference);

-- A supplier's services count in the period they are supplied: the cost
-- line's service date, as days since 0001-01-01.
ALTER TABLE {cost_lines} ADD COLUMN service_day BIGINT NOT NULL DEFAULT 0;
UPDATE {cost_lines} SET service_day = COALESCE(CAST(julianday(json_extract(body, '$.service_date')) - julianday('0001-01-01') AS INTEGER), 0);
CREATE INDEX {idx:cost_lines_service} ON {cost_lines} (tenant, supplier_id, service_day);
CREATE INDEX {idx:cost_lines_booking} ON {cost_lines} (tenant, booking, id);

-- Travel contracts found with a blocking finding after they were signed:
-- the contract error rate on the signed basis.
ALTER TABLE {travel_contracts} ADD COLUMN signed_blocked INTEGER NOT NULL DEFAULT 0;
CREATE INDEX {idx:travel_contracts_signed} ON {travel_contracts} (tenant, signed_at, consultant, signed_blocked) WHERE signed_at IS NOT NULL;

-- Listings every aggregate offers, each an index that starts with the
-- tenant and ends with the key.
CREATE INDEX {idx:holds_allotment} ON {holds} (tenant, allotment_id, id);
CREATE INDEX {idx:inquiries_listing} ON {inquiries} (tenant, received_at, id);
CREATE INDEX {idx:market_reports_listing} ON {market_reports} (tenant, due_at, id);
CREATE INDEX {idx:complaints_listing} ON {complaints} (tenant, received_at, id);
CREATE INDEX {idx:surveys_listing} ON {surveys} (tenant, responded_at, id);
CREATE INDEX {idx:follow_ups_listing} ON {follow_ups} (tenant, due, id);
CREATE INDEX {idx:invoices_listing} ON {invoices} (tenant, supplier_id, issued, id);
