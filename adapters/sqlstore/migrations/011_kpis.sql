-- The columns the KPI figures aggregate. Bookings: who made it, when, its
-- departure date (days since 0001-01-01) and what it adds to net sales in
-- minor units (0 unless sold). Complaints: the SLA's instants as of the
-- last change. Contracts: the consultant whose error rate they count in.
ALTER TABLE {bookings} ADD COLUMN consultant TEXT NOT NULL DEFAULT '';
ALTER TABLE {bookings} ADD COLUMN booked_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE {bookings} ADD COLUMN departure BIGINT NOT NULL DEFAULT 0;
ALTER TABLE {bookings} ADD COLUMN sold_minor BIGINT NOT NULL DEFAULT 0;
CREATE INDEX {idx:bookings_booked} ON {bookings} (tenant, booked_at, consultant, currency, sold_minor);
CREATE INDEX {idx:bookings_departure} ON {bookings} (tenant, departure, consultant, currency, sold_minor);

ALTER TABLE {complaints} ADD COLUMN first_response_at BIGINT;
ALTER TABLE {complaints} ADD COLUMN resolve_due BIGINT;
ALTER TABLE {complaints} ADD COLUMN resolved_at BIGINT;
CREATE INDEX {idx:complaints_kpi_received} ON {complaints} (tenant, received_at, consultant, first_response_at);
CREATE INDEX {idx:complaints_kpi_due} ON {complaints} (tenant, resolve_due, consultant, resolved_at) WHERE resolve_due IS NOT NULL;

ALTER TABLE {travel_contracts} ADD COLUMN consultant TEXT NOT NULL DEFAULT '';
CREATE INDEX {idx:travel_contracts_kpi} ON {travel_contracts} (tenant, issued_at, consultant, ever_blocked);

-- Market research reports with their author, due and submitted instants,
-- and whether they were on schedule with a trend analysis.
CREATE TABLE {market_reports} (
    tenant       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    consultant   TEXT    NOT NULL,
    due_at       BIGINT  NOT NULL,
    submitted_at BIGINT,
    on_schedule  INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX {idx:market_reports_due} ON {market_reports} (tenant, due_at, consultant, on_schedule);

-- Sales plans: one per consultant and month (year × 100 + month).
CREATE TABLE {sales_plans} (
    tenant     TEXT    NOT NULL,
    consultant TEXT    NOT NULL,
    month      INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (tenant, consultant, month)
);

-- Competitor observations: immutable, one document each, read by the
-- instant they were seen.
CREATE TABLE {market_observations} (
    tenant      TEXT   NOT NULL,
    id          TEXT   NOT NULL,
    observed_at BIGINT NOT NULL,
    body        TEXT   NOT NULL,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX {idx:market_observations_seen} ON {market_observations} (tenant, observed_at, id);
