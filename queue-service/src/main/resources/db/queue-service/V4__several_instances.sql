-- Several instances of the queue service on one database: what each kept in memory is in the database now.

-- How many customers of the current sale wait, and how often the waiting room changed, spread over 17 rows so that
-- concurrent joins and leaves rarely update the same row: the sums are the truth. Row 0 is for the admission pass,
-- a new sale and the close; each other transaction takes one of the rows 1..16. A position is the waiting total
-- minus the customers waiting behind (an index range above the customer's number), read in one statement.
CREATE TABLE queue_counter (
    stripe  INTEGER PRIMARY KEY,
    waiting BIGINT  NOT NULL DEFAULT 0,
    changes BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO queue_counter (stripe) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13),
    (14), (15), (16);
UPDATE queue_counter SET waiting = (
    SELECT COUNT(*) FROM queue_entry e JOIN queue_sale s ON s.sale_id = e.sale_id WHERE e.state = 'WAITING')
WHERE stripe = 0;

-- The admission lease: only the instance that holds it runs admission passes. It renews the lease in every pass,
-- in the pass's transaction, so two passes never overlap; another instance takes it over once it ran out.
CREATE TABLE queue_ticker (
    id          INTEGER                  PRIMARY KEY CHECK (id = 1),
    holder      VARCHAR(100),
    lease_until TIMESTAMP WITH TIME ZONE
);
INSERT INTO queue_ticker (id) VALUES (1);
