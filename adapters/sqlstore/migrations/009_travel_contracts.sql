-- Travel contracts signed with customers and their supplements: the
-- contract and every validation as one document, with the columns the
-- contract error rate counts by: when it was issued (first validated),
-- the blocking findings of the latest validation, whether any validation
-- ever found one (1) or not (0), and when it was signed.
CREATE TABLE {travel_contracts} (
    tenant     TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    supplement INTEGER NOT NULL,
    booking    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    issued_at  BIGINT  NOT NULL,
    blocking   INTEGER NOT NULL,
    ever_blocked INTEGER NOT NULL,
    signed_at  BIGINT,
    updated_at BIGINT  NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (tenant, number, supplement)
);

CREATE INDEX {idx:travel_contracts_booking} ON {travel_contracts} (tenant, booking, number, supplement);
CREATE INDEX {idx:travel_contracts_issued} ON {travel_contracts} (tenant, issued_at, ever_blocked);
