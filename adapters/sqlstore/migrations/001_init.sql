-- Instants are BIGINT nanoseconds since the Unix epoch (UTC): exact, and
-- comparable in SQL. Money that SQL sums is BIGINT minor units + currency.
CREATE TABLE {customers} (
    tenant     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    phone      TEXT    NOT NULL,
    wechat     TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE {trip_versions} (
    tenant      TEXT    NOT NULL,
    trip_id     TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    customer_id TEXT    NOT NULL,
    trip        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant, trip_id, version)
);

CREATE TABLE {quote_versions} (
    tenant       TEXT    NOT NULL,
    quote_id     TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    trip_id      TEXT    NOT NULL,
    trip_version INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL,
    currency     TEXT    NOT NULL,
    total_minor  BIGINT  NOT NULL,
    quote        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (tenant, quote_id, version)
);

CREATE TABLE {quote_acceptances} (
    tenant      TEXT    NOT NULL,
    quote_id    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    accepted_at BIGINT  NOT NULL,
    PRIMARY KEY (tenant, quote_id),
    FOREIGN KEY (tenant, quote_id, version) REFERENCES {quote_versions} (tenant, quote_id, version)
);

CREATE TABLE {outbox} (
    id              TEXT    PRIMARY KEY,
    tenant          TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    aggregate_id    TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    locked_until    BIGINT  NOT NULL DEFAULT 0,
    delivered_at    BIGINT,
    dead_at         BIGINT,
    last_error      TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX {idx:outbox_due} ON {outbox} (next_attempt_at, created_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
