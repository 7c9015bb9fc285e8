-- Complaints are stored whole as JSON, with the columns the queries need:
-- the SLA sweep finds due complaints through complaints_due alone.
CREATE TABLE {complaints} (
    tenant        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    customer_id   TEXT    NOT NULL,
    consultant    TEXT    NOT NULL,
    received_at   BIGINT  NOT NULL,
    next_check_at BIGINT,
    alerts        INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:complaints_due} ON {complaints} (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX {idx:complaints_received} ON {complaints} (tenant, received_at);

-- Survey answers are columns too, so that reports aggregate them in SQL.
-- csat and the r_* ratings are 0 when not answered; nps is NULL then.
CREATE TABLE {surveys} (
    tenant       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    responded_at BIGINT  NOT NULL,
    consultant   TEXT    NOT NULL,
    team         TEXT    NOT NULL,
    csat         INTEGER NOT NULL,
    nps          INTEGER,
    r_hotel      INTEGER NOT NULL,
    r_transport  INTEGER NOT NULL,
    r_guide      INTEGER NOT NULL,
    r_meals      INTEGER NOT NULL,
    r_itinerary  INTEGER NOT NULL,
    r_consultant INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:surveys_responded} ON {surveys} (tenant, responded_at);

-- due is the date as days since 0001-01-01 (date.Date).
CREATE TABLE {follow_ups} (
    tenant TEXT   NOT NULL,
    id     TEXT   NOT NULL,
    due    BIGINT NOT NULL,
    body   TEXT   NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:follow_ups_due} ON {follow_ups} (tenant, due);
