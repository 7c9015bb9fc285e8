-- Inquiries: the consultation record as one document per inquiry, with
-- the columns the period export and the conversion figures read: who
-- handled it, the channel and lead source, when it was received, whether
-- it ever reached a proposal (1) and whether it was won (1).
CREATE TABLE {inquiries} (
    tenant      TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    customer_id TEXT    NOT NULL,
    consultant  TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    lead_source TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    received_at BIGINT  NOT NULL,
    proposed    INTEGER NOT NULL,
    won         INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:inquiries_customer} ON {inquiries} (tenant, customer_id, received_at, id);
CREATE INDEX {idx:inquiries_consultant} ON {inquiries} (tenant, consultant, received_at, id);
CREATE INDEX {idx:inquiries_received} ON {inquiries} (tenant, received_at, consultant, channel, lead_source, proposed, won);

-- The catalogue of packaged products, one document per product.
CREATE TABLE {products} (
    tenant     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at BIGINT  NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);
