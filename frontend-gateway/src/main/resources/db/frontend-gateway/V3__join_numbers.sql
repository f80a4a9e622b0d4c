-- The gateway numbers the joins of each sale, so the waiting room can admit in the fans' own order whatever order
-- the joins reach it in. One counter row per sale, updated in the transaction that records the join and writes its
-- Queue.CustomerJoined to the outbox: the row lock orders those transactions, so a join acknowledged before another
-- is sent has the lower number, and a join that rolls back gives its number back (no gaps). Opening a sale replaces
-- the row with a new one at 0.
CREATE TABLE sale_join_counter (
    sale_id     VARCHAR(64) PRIMARY KEY,
    last_number BIGINT      NOT NULL
);
INSERT INTO sale_join_counter (sale_id, last_number) SELECT sale_id, 0 FROM sale;

-- The sale a session joined; queue_number is the join number the gateway gave it.
ALTER TABLE sale_session ADD COLUMN sale_id VARCHAR(64);
