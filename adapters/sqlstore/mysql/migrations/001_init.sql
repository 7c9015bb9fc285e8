-- MySQL and MariaDB: the whole schema of migrations 001 to 014 at once.
-- Text compares bytewise (utf8mb4_bin), as in SQLite and PostgreSQL's "C"
-- collation; keys are VARCHAR(191) so that every index fits InnoDB's limit;
-- instants are nanoseconds since 1970 and money integer minor units, both
-- BIGINT; documents are LONGTEXT. MySQL has no partial indexes: the
-- indexes other stores keep partial are whole here, and the unique
-- idempotency key of a hold is a generated column that is NULL when empty.
CREATE TABLE {customers} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    wechat TEXT NOT NULL,
    language VARCHAR(64) NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    name_key VARCHAR(255) NOT NULL DEFAULT '',
    email_key VARCHAR(255) NOT NULL DEFAULT '',
    phone_key VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, id),
    INDEX {idx:customers_email} (tenant, email_key, id),
    INDEX {idx:customers_name} (tenant, name_key, id),
    INDEX {idx:customers_phone} (tenant, phone_key, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {trip_versions} (
    tenant VARCHAR(191) NOT NULL,
    trip_id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    customer_id VARCHAR(191) NOT NULL,
    trip LONGTEXT NOT NULL,
    created_at BIGINT NOT NULL,
    title TEXT NOT NULL DEFAULT (''),
    start_day BIGINT NOT NULL DEFAULT 0,
    end_day BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, trip_id, version),
    INDEX {idx:trip_versions_customer} (tenant, customer_id, trip_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {quote_versions} (
    tenant VARCHAR(191) NOT NULL,
    quote_id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    trip_id VARCHAR(191) NOT NULL,
    trip_version INTEGER NOT NULL,
    customer_id VARCHAR(191) NOT NULL,
    currency VARCHAR(16) NOT NULL,
    total_minor BIGINT NOT NULL,
    quote LONGTEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, quote_id, version),
    INDEX {idx:quote_versions_customer} (tenant, customer_id, quote_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {quote_acceptances} (
    tenant VARCHAR(191) NOT NULL,
    quote_id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, quote_id),
    FOREIGN KEY (tenant, quote_id, version) REFERENCES {quote_versions} (tenant, quote_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {outbox} (
    id VARCHAR(191) NOT NULL,
    tenant VARCHAR(191) NOT NULL,
    type VARCHAR(191) NOT NULL,
    aggregate_id TEXT NOT NULL,
    language VARCHAR(64) NOT NULL,
    payload LONGTEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    delivered_at BIGINT NULL,
    dead_at BIGINT NULL,
    last_error TEXT NOT NULL DEFAULT (''),
    audience VARCHAR(64) NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT (''),
    PRIMARY KEY (id),
    INDEX {idx:outbox_due} (delivered_at, dead_at, next_attempt_at, created_at),
    INDEX {idx:outbox_listing} (tenant, created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {complaints} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    status VARCHAR(64) NOT NULL,
    customer_id VARCHAR(191) NOT NULL,
    consultant VARCHAR(191) NOT NULL,
    received_at BIGINT NOT NULL,
    next_check_at BIGINT NULL,
    alerts INTEGER NOT NULL,
    body LONGTEXT NOT NULL,
    assignee VARCHAR(191) NOT NULL DEFAULT '',
    due_at BIGINT NULL,
    charged_back_to VARCHAR(191) NOT NULL DEFAULT '',
    first_response_at BIGINT NULL,
    resolve_due BIGINT NULL,
    resolved_at BIGINT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:complaints_assignee} (tenant, assignee, received_at, id),
    INDEX {idx:complaints_charge_back} (tenant, charged_back_to, received_at),
    INDEX {idx:complaints_due} (next_check_at),
    INDEX {idx:complaints_due_at} (tenant, due_at, id),
    INDEX {idx:complaints_kpi_due} (tenant, resolve_due, consultant, resolved_at),
    INDEX {idx:complaints_kpi_received} (tenant, received_at, consultant, first_response_at),
    INDEX {idx:complaints_listing} (tenant, received_at, id),
    INDEX {idx:complaints_status} (tenant, status, received_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {surveys} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    responded_at BIGINT NOT NULL,
    consultant VARCHAR(191) NOT NULL,
    team VARCHAR(191) NOT NULL,
    csat INTEGER NOT NULL,
    nps INTEGER NULL,
    r_hotel INTEGER NOT NULL,
    r_transport INTEGER NOT NULL,
    r_guide INTEGER NOT NULL,
    r_meals INTEGER NOT NULL,
    r_itinerary INTEGER NOT NULL,
    r_consultant INTEGER NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:surveys_listing} (tenant, responded_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {follow_ups} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    due BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant, id),
    INDEX {idx:follow_ups_listing} (tenant, due, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {allotments} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    supplier_id VARCHAR(191) NOT NULL,
    kind VARCHAR(64) NOT NULL,
    release_days INTEGER NOT NULL,
    spec LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:allotments_supplier} (tenant, supplier_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {allotment_nights} (
    tenant VARCHAR(191) NOT NULL,
    allotment_id VARCHAR(191) NOT NULL,
    night BIGINT NOT NULL,
    allocated INTEGER NOT NULL,
    held INTEGER NOT NULL DEFAULT 0,
    booked INTEGER NOT NULL DEFAULT 0,
    released INTEGER NOT NULL DEFAULT 0,
    overbook_limit INTEGER NOT NULL,
    stop_sale INTEGER NOT NULL DEFAULT 0,
    stop_sold_on BIGINT NULL,
    guaranteed INTEGER NOT NULL DEFAULT 0,
    stop_cap INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, allotment_id, night),
    CHECK (held >= 0 AND booked >= 0 AND released >= 0 AND allocated >= 0 AND overbook_limit >= 0),
    CHECK (held + booked + released <= allocated + overbook_limit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {holds} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    allotment_id VARCHAR(191) NOT NULL,
    from_night BIGINT NOT NULL,
    nights INTEGER NOT NULL,
    units INTEGER NOT NULL,
    expires_at BIGINT NOT NULL,
    state VARCHAR(64) NOT NULL,
    idem_key VARCHAR(191) NOT NULL,
    idem_unique VARCHAR(191) AS (NULLIF(idem_key, '')) STORED,
    on_request INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (tenant, id),
    UNIQUE INDEX {idx:holds_idem} (tenant, idem_unique),
    INDEX {idx:holds_allotment} (tenant, allotment_id, id),
    INDEX {idx:holds_confirmed} (tenant, allotment_id, confirmed_at),
    INDEX {idx:holds_expiry} (state, expires_at),
    INDEX {idx:holds_requests} (tenant, allotment_id, on_request, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {suppliers} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    status VARCHAR(64) NOT NULL,
    updated_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {contract_versions} (
    tenant VARCHAR(191) NOT NULL,
    contract_id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    supplier_id VARCHAR(191) NOT NULL,
    created_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, contract_id, version),
    INDEX {idx:contract_versions_supplier} (tenant, supplier_id, contract_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {cost_lines} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    supplier_id VARCHAR(191) NOT NULL,
    booking VARCHAR(191) NOT NULL,
    currency VARCHAR(16) NOT NULL,
    expected_minor BIGINT NOT NULL,
    frozen_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    service_day BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, id),
    INDEX {idx:cost_lines_booking} (tenant, booking, id),
    INDEX {idx:cost_lines_service} (tenant, supplier_id, service_day),
    INDEX {idx:cost_lines_supplier} (tenant, supplier_id, booking, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {invoices} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    supplier_id VARCHAR(191) NOT NULL,
    issued BIGINT NOT NULL,
    line_count INTEGER NOT NULL,
    lines_exact INTEGER NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:invoices_listing} (tenant, supplier_id, issued, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {bookings} (
    tenant VARCHAR(191) NOT NULL,
    reference VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    state VARCHAR(64) NOT NULL,
    lapse_at BIGINT NULL,
    currency VARCHAR(16) NOT NULL,
    outstanding_minor BIGINT NOT NULL,
    next_due BIGINT NOT NULL,
    payer VARCHAR(191) NOT NULL,
    updated_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    consultant VARCHAR(191) NOT NULL DEFAULT '',
    booked_at BIGINT NOT NULL DEFAULT 0,
    departure BIGINT NOT NULL DEFAULT 0,
    sold_minor BIGINT NOT NULL DEFAULT 0,
    customer_id VARCHAR(191) NOT NULL DEFAULT '',
    due_now_minor BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, reference),
    INDEX {idx:bookings_booked} (tenant, booked_at, consultant, currency, sold_minor),
    INDEX {idx:bookings_customer} (tenant, customer_id, reference),
    INDEX {idx:bookings_departure} (tenant, departure, consultant, currency, sold_minor),
    INDEX {idx:bookings_lapse} (lapse_at),
    INDEX {idx:bookings_open} (tenant, reference, payer, currency, outstanding_minor, next_due),
    INDEX {idx:bookings_state} (tenant, state, reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {booking_reminders} (
    tenant VARCHAR(191) NOT NULL,
    reference VARCHAR(191) NOT NULL,
    instalment INTEGER NOT NULL,
    due BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, reference, instalment, due)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {bank_transactions} (
    tenant VARCHAR(191) NOT NULL,
    tx_id VARCHAR(191) NOT NULL,
    reference TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (tenant, tx_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {travel_contracts} (
    tenant VARCHAR(191) NOT NULL,
    number VARCHAR(191) NOT NULL,
    supplement INTEGER NOT NULL,
    booking VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    issued_at BIGINT NOT NULL,
    blocking INTEGER NOT NULL,
    ever_blocked INTEGER NOT NULL,
    signed_at BIGINT NULL,
    updated_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    consultant VARCHAR(191) NOT NULL DEFAULT '',
    signed_blocked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, number, supplement),
    INDEX {idx:travel_contracts_booking} (tenant, booking, number, supplement),
    INDEX {idx:travel_contracts_kpi} (tenant, issued_at, consultant, ever_blocked),
    INDEX {idx:travel_contracts_signed} (tenant, signed_at, consultant, signed_blocked)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {inquiries} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    customer_id VARCHAR(191) NOT NULL,
    consultant VARCHAR(191) NOT NULL,
    channel VARCHAR(64) NOT NULL,
    lead_source VARCHAR(191) NOT NULL,
    status VARCHAR(64) NOT NULL,
    received_at BIGINT NOT NULL,
    proposed INTEGER NOT NULL,
    won INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:inquiries_consultant} (tenant, consultant, received_at, id),
    INDEX {idx:inquiries_customer} (tenant, customer_id, received_at, id),
    INDEX {idx:inquiries_listing} (tenant, received_at, id),
    INDEX {idx:inquiries_received} (tenant, received_at, consultant, channel, lead_source, proposed, won)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {products} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {market_observations} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    observed_at BIGINT NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:market_observations_seen} (tenant, observed_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {market_reports} (
    tenant VARCHAR(191) NOT NULL,
    id VARCHAR(191) NOT NULL,
    version INTEGER NOT NULL,
    consultant VARCHAR(191) NOT NULL,
    due_at BIGINT NOT NULL,
    submitted_at BIGINT NULL,
    on_schedule INTEGER NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    INDEX {idx:market_reports_due} (tenant, due_at, consultant, on_schedule),
    INDEX {idx:market_reports_listing} (tenant, due_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE {sales_plans} (
    tenant VARCHAR(191) NOT NULL,
    consultant VARCHAR(191) NOT NULL,
    month INTEGER NOT NULL,
    version INTEGER NOT NULL,
    body LONGTEXT NOT NULL,
    PRIMARY KEY (tenant, consultant, month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
