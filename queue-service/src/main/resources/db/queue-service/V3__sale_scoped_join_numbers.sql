-- Join numbers come from the gateway, one count per sale, taken in the transaction that records the join: a fan
-- whose join was acknowledged before another fan's join was sent has the lower number. The queue admits by that
-- number instead of numbering joins in the order they reach it, so its own sequence goes.
-- Entries the sequence numbered cannot be ordered with the gateway's numbers: a sale that was running when this
-- migration ran starts its waiting room over (open a new sale after upgrading).
DROP TABLE queue_entry;
DROP SEQUENCE queue_entry_number;

-- One row per customer session that joined, or left before its join arrived, numbered in its sale's join order.
-- Rows of another sale than the current one are joins that overtook their Sale.Opened (kept for that sale) or
-- arrived after a newer sale replaced theirs (never admitted); the next Sale.Opened clears every other sale's rows.
--   state: WAITING, ADMITTED (an active shopper), DONE (finished after admission),
--          ABANDONED (left while waiting, or before the join arrived), TURNED_AWAY (the queue was closed: sold out)
CREATE TABLE queue_entry (
    sale_id          VARCHAR                  NOT NULL,
    number           BIGINT                   NOT NULL,
    session_id       VARCHAR(100)             NOT NULL,
    state            VARCHAR(16)              NOT NULL,
    joined_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    admitted_at      TIMESTAMP WITH TIME ZONE,
    admission_token  VARCHAR(1000),
    token_expires_at TIMESTAMP WITH TIME ZONE,
    reserved         BOOLEAN                  NOT NULL DEFAULT FALSE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    finished_reason  VARCHAR(200),
    CONSTRAINT queue_entry_pk PRIMARY KEY (sale_id, number),
    CONSTRAINT queue_entry_session UNIQUE (session_id)
);
-- Admission takes the next N waiting in number order, and the active shoppers are counted, through this index.
CREATE INDEX queue_entry_state_number ON queue_entry (state, sale_id, number);

-- The admission frontier: every number of the current sale up to it has arrived (in any state) or was given up on
-- after the gap wait. Admission never passes it, so a later number is never let in while an earlier one is on its
-- way. gap_since is when the pass first saw a number above the frontier missing, gap_horizon the highest number
-- present then: every missing number below it was sent before it, so all of them have waited as long.
ALTER TABLE queue_sale DROP COLUMN last_admitted_number;
ALTER TABLE queue_sale ADD COLUMN frontier BIGINT NOT NULL DEFAULT 0;
ALTER TABLE queue_sale ADD COLUMN gap_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE queue_sale ADD COLUMN gap_horizon BIGINT NOT NULL DEFAULT 0;
