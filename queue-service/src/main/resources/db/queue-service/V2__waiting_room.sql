-- The waiting room of the queue service. Runs on H2 (PostgreSQL mode) and PostgreSQL.

-- Join numbers: first come, first served. Restarted at 1 when a new sale opens.
CREATE SEQUENCE queue_entry_number START WITH 1 INCREMENT BY 1;

-- One row per customer session that joined (or left before its join arrived).
--   state: WAITING, ADMITTED (an active shopper), DONE (finished after admission),
--          ABANDONED (left while waiting), TURNED_AWAY (the queue was closed: sold out)
CREATE TABLE queue_entry (
    number           BIGINT                   PRIMARY KEY,
    session_id       VARCHAR(100)             NOT NULL,
    state            VARCHAR(16)              NOT NULL,
    joined_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    admitted_at      TIMESTAMP WITH TIME ZONE,
    admission_token  VARCHAR(1000),
    token_expires_at TIMESTAMP WITH TIME ZONE,
    reserved         BOOLEAN                  NOT NULL DEFAULT FALSE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    finished_reason  VARCHAR(200),
    CONSTRAINT queue_entry_session UNIQUE (session_id)
);
-- Admission takes the next N waiting in number order, and the active shoppers are counted, through this index.
CREATE INDEX queue_entry_state_number ON queue_entry (state, number);

-- The current sale (exactly one row): its admission settings, counters and the latest ticket availability.
-- sale_id is NULL until the first Sale.Opened: customers who join before then wait for the opening.
CREATE TABLE queue_sale (
    id                   INTEGER                  PRIMARY KEY CHECK (id = 1),
    sale_id              VARCHAR,
    opened_at            TIMESTAMP WITH TIME ZONE,
    hold_seconds         INTEGER                  NOT NULL DEFAULT 0,
    rate_per_second      DOUBLE PRECISION         NOT NULL DEFAULT 0,
    max_active_shoppers  INTEGER                  NOT NULL DEFAULT 0,
    paused               BOOLEAN                  NOT NULL DEFAULT FALSE,
    admission_updated_at TIMESTAMP WITH TIME ZONE,
    admitted_total       BIGINT                   NOT NULL DEFAULT 0,
    -- admission is first come, first served: every customer still waiting has a higher number than this,
    -- so the next admission pass reads the queue from here on and never walks over those admitted before
    last_admitted_number BIGINT                   NOT NULL DEFAULT 0,
    closed               BOOLEAN                  NOT NULL DEFAULT FALSE,
    closed_at            TIMESTAMP WITH TIME ZONE,
    -- sums over the ticket types of the latest Tickets.AvailabilityChanged; NULL until one arrives
    tickets_available    BIGINT,
    tickets_reserved     BIGINT,
    availability_at      TIMESTAMP WITH TIME ZONE
);
INSERT INTO queue_sale (id) VALUES (1);
