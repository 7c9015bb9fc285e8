-- The inventory ledger: one counter row per allotment and night, the
-- guarantee in the database: a hold is a conditional UPDATE of each night,
-- and the CHECK is the backstop. Nights are days since 0001-01-01.
CREATE TABLE {allotments} (
    tenant      TEXT NOT NULL,
    id          TEXT NOT NULL,
    supplier_id TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    release_days INTEGER NOT NULL, -- release in whole days (hours rounded up)
    spec        TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:allotments_supplier} ON {allotments} (tenant, supplier_id, id);

CREATE TABLE {allotment_nights} (
    tenant         TEXT    NOT NULL,
    allotment_id   TEXT    NOT NULL,
    night          BIGINT  NOT NULL,
    allocated      INTEGER NOT NULL,
    held           INTEGER NOT NULL DEFAULT 0,
    booked         INTEGER NOT NULL DEFAULT 0,
    released       INTEGER NOT NULL DEFAULT 0,
    overbook_limit INTEGER NOT NULL,
    stop_sale      INTEGER NOT NULL DEFAULT 0,
    stop_sold_on   BIGINT,
    guaranteed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, allotment_id, night),
    CHECK (held >= 0 AND booked >= 0 AND released >= 0 AND allocated >= 0 AND overbook_limit >= 0),
    CHECK (held + booked + released <= allocated + overbook_limit)
);

CREATE TABLE {holds} (
    tenant       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    allotment_id TEXT    NOT NULL,
    from_night   BIGINT  NOT NULL,
    nights       INTEGER NOT NULL,
    units        INTEGER NOT NULL,
    expires_at   BIGINT  NOT NULL,
    state        TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    on_request   INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    confirmed_at BIGINT,
    version      INTEGER NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE UNIQUE INDEX {idx:holds_idem} ON {holds} (tenant, idem_key) WHERE idem_key <> '';
CREATE INDEX {idx:holds_expiry} ON {holds} (expires_at) WHERE state = 'active';
CREATE INDEX {idx:holds_confirmed} ON {holds} (tenant, allotment_id, confirmed_at) WHERE confirmed_at IS NOT NULL;
CREATE INDEX {idx:holds_requests} ON {holds} (tenant, allotment_id, created_at) WHERE on_request = 1;
