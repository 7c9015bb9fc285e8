-- The supplier a complaint's compensation is charged back to, so that
-- supplier evaluations count charge-backs in SQL.
ALTER TABLE {complaints} ADD COLUMN charged_back_to TEXT NOT NULL DEFAULT '';
CREATE INDEX {idx:complaints_charge_back} ON {complaints} (tenant, charged_back_to, received_at) WHERE charged_back_to <> '';
