-- Suppliers and contract versions, stored whole as JSON; a contract
-- version is never changed once written.
CREATE TABLE {suppliers} (
    tenant     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    updated_at BIGINT  NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE {contract_versions} (
    tenant      TEXT    NOT NULL,
    contract_id TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    supplier_id TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (tenant, contract_id, version)
);

CREATE INDEX {idx:contract_versions_supplier} ON {contract_versions} (tenant, supplier_id, contract_id, version);
