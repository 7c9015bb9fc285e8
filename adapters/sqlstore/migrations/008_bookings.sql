-- Bookings: the booking and its ledger as one document, with the columns
-- the sweeps and the statement import query: the instant an option lapses
-- (NULL when it is not an option), the amount still expected in integer
-- minor units and the next due date (days since 1970-01-01).
CREATE TABLE {bookings} (
    tenant            TEXT   NOT NULL,
    reference         TEXT   NOT NULL,
    version           INTEGER NOT NULL,
    state             TEXT   NOT NULL,
    lapse_at          BIGINT,
    currency          TEXT   NOT NULL,
    outstanding_minor BIGINT NOT NULL,
    next_due          BIGINT NOT NULL,
    payer             TEXT   NOT NULL,
    updated_at        BIGINT NOT NULL,
    body              TEXT   NOT NULL,
    PRIMARY KEY (tenant, reference)
);

CREATE INDEX {idx:bookings_lapse} ON {bookings} (lapse_at) WHERE lapse_at IS NOT NULL;
CREATE INDEX {idx:bookings_open} ON {bookings} (tenant, reference, payer, currency, outstanding_minor, next_due) WHERE outstanding_minor > 0;

-- One row per reminder sent: the primary key makes each go out once.
CREATE TABLE {booking_reminders} (
    tenant     TEXT    NOT NULL,
    reference  TEXT    NOT NULL,
    instalment INTEGER NOT NULL,
    due        BIGINT  NOT NULL,
    sent_at    BIGINT  NOT NULL,
    PRIMARY KEY (tenant, reference, instalment, due)
);

-- Bank transaction IDs already imported: a statement line with one is a
-- duplicate.
CREATE TABLE {bank_transactions} (
    tenant      TEXT   NOT NULL,
    tx_id       TEXT   NOT NULL,
    reference   TEXT   NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, tx_id)
);
