-- The read side: search keys and the columns screens list by, each listing
-- served by an index that starts with the tenant. Search keys compare
-- bytewise ({collate}), the same in every store.
ALTER TABLE {customers} ADD COLUMN name_key TEXT{collate} NOT NULL DEFAULT '';
ALTER TABLE {customers} ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE {customers} ADD COLUMN phone_key TEXT{collate} NOT NULL DEFAULT ''; -- digits last to first
CREATE INDEX {idx:customers_name} ON {customers} (tenant, name_key, id);
CREATE INDEX {idx:customers_email} ON {customers} (tenant, email_key, id);
CREATE INDEX {idx:customers_phone} ON {customers} (tenant, phone_key, id);

ALTER TABLE {trip_versions} ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE {trip_versions} ADD COLUMN start_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE {trip_versions} ADD COLUMN end_day BIGINT NOT NULL DEFAULT 0;
CREATE INDEX {idx:trip_versions_customer} ON {trip_versions} (tenant, customer_id, trip_id, version);
CREATE INDEX {idx:quote_versions_customer} ON {quote_versions} (tenant, customer_id, quote_id, version);

ALTER TABLE {complaints} ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE {complaints} ADD COLUMN due_at BIGINT;
CREATE INDEX {idx:complaints_status} ON {complaints} (tenant, status, received_at, id);
CREATE INDEX {idx:complaints_assignee} ON {complaints} (tenant, assignee, received_at, id);
CREATE INDEX {idx:complaints_due_at} ON {complaints} (tenant, due_at, id) WHERE due_at IS NOT NULL;

CREATE INDEX {idx:outbox_pending} ON {outbox} (tenant, created_at, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX {idx:outbox_delivered} ON {outbox} (tenant, created_at, id) WHERE delivered_at IS NOT NULL;
CREATE INDEX {idx:outbox_dead} ON {outbox} (tenant, created_at, id) WHERE dead_at IS NOT NULL;
