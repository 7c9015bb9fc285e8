-- Payables: cost lines frozen at confirmation (the expected amount also as
-- integer minor units, so that SQL sums it exactly) and supplier invoices
-- with their match.
CREATE TABLE {cost_lines} (
    tenant         TEXT   NOT NULL,
    id             TEXT   NOT NULL,
    supplier_id    TEXT   NOT NULL,
    booking        TEXT   NOT NULL,
    currency       TEXT   NOT NULL,
    expected_minor BIGINT NOT NULL,
    frozen_at      BIGINT NOT NULL,
    body           TEXT   NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:cost_lines_supplier} ON {cost_lines} (tenant, supplier_id, booking, id);

-- lines and lines_exact (within tolerance) let evaluations count in SQL.
CREATE TABLE {invoices} (
    tenant      TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    supplier_id TEXT    NOT NULL,
    issued      BIGINT  NOT NULL,
    lines       INTEGER NOT NULL,
    lines_exact INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX {idx:invoices_supplier} ON {invoices} (tenant, supplier_id, issued);
