-- The tickets service's own state. The same statements run on H2 (PostgreSQL mode) and PostgreSQL.

-- The sale that is open: one row. Opening a new sale deletes the previous one, and with it (ON DELETE CASCADE)
-- its ticket types, reservations, payments and tickets.
CREATE TABLE sale (
    id                       VARCHAR(100)             NOT NULL PRIMARY KEY,
    name                     VARCHAR(200),
    currency                 CHAR(3)                  NOT NULL,
    max_tickets_per_customer INTEGER                  NOT NULL,
    hold_seconds             INTEGER                  NOT NULL,
    opened_at                TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Inventory per ticket type: total = available + reserved + sold, and none of them ever goes below zero.
-- Tickets are taken with one conditional update (available >= quantity), so they are never oversold.
CREATE TABLE ticket_type (
    sale_id   VARCHAR(100)   NOT NULL REFERENCES sale (id) ON DELETE CASCADE,
    type      VARCHAR(100)   NOT NULL,
    name      VARCHAR(200),
    price     NUMERIC(14, 2) NOT NULL,
    position  INTEGER        NOT NULL,
    total     INTEGER        NOT NULL,
    available INTEGER        NOT NULL,
    reserved  INTEGER        NOT NULL,
    sold      INTEGER        NOT NULL,
    PRIMARY KEY (sale_id, type),
    CONSTRAINT ticket_type_counts CHECK (available >= 0 AND reserved >= 0 AND sold >= 0
        AND total = available + reserved + sold)
);

-- A hold of tickets for one session. active_session is the session id while the reservation holds or has bought
-- its tickets (HELD, PAYMENT_PENDING, PAID, ISSUED) and NULL once it ended (EXPIRED, RELEASED): the unique
-- constraint lets a session hold at most one reservation per sale, whatever the concurrency.
CREATE TABLE reservation (
    id             VARCHAR(36)              NOT NULL PRIMARY KEY,
    sale_id        VARCHAR(100)             NOT NULL REFERENCES sale (id) ON DELETE CASCADE,
    session_id     VARCHAR(100)             NOT NULL,
    active_session VARCHAR(100),
    ticket_type    VARCHAR(100)             NOT NULL,
    quantity       INTEGER                  NOT NULL CHECK (quantity > 0),
    unit_price     NUMERIC(14, 2)           NOT NULL,
    amount         NUMERIC(14, 2)           NOT NULL,
    currency       CHAR(3)                  NOT NULL,
    status         VARCHAR(20)              NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    end_reason     VARCHAR(20),
    ended_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT reservation_one_per_session UNIQUE (sale_id, active_session)
);
CREATE INDEX reservation_due ON reservation (status, expires_at);
CREATE INDEX reservation_session ON reservation (session_id);

-- A payment created at the provider for a reservation; its id is the provider's.
CREATE TABLE payment (
    id               VARCHAR(100)             NOT NULL PRIMARY KEY,
    reservation_id   VARCHAR(36)              NOT NULL REFERENCES reservation (id) ON DELETE CASCADE,
    session_id       VARCHAR(100)             NOT NULL,
    method           VARCHAR(20)              NOT NULL,
    amount           NUMERIC(14, 2)           NOT NULL,
    currency         CHAR(3)                  NOT NULL,
    status           VARCHAR(20)              NOT NULL,
    transfer_id      VARCHAR(100),
    request_event_id VARCHAR(255)             NOT NULL,
    status_reason    VARCHAR(500),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    polled_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX payment_reservation ON payment (reservation_id);
CREATE INDEX payment_pending ON payment (status, created_at);
CREATE INDEX payment_transfer ON payment (transfer_id);

-- Issued tickets: the code is unique across every sale.
CREATE TABLE ticket (
    code           VARCHAR(20)              NOT NULL PRIMARY KEY,
    reservation_id VARCHAR(36)              NOT NULL REFERENCES reservation (id) ON DELETE CASCADE,
    sale_id        VARCHAR(100)             NOT NULL,
    session_id     VARCHAR(100)             NOT NULL,
    ticket_type    VARCHAR(100)             NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ticket_reservation ON ticket (reservation_id);
