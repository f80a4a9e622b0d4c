-- Admission tokens that made a reservation: a token holds tickets once. What counts as a use is a reservation that
-- took its tickets; a request the service turned down (sold out, over the limit, unknown type) uses nothing, so the
-- customer may ask again with the same token. The token is kept as its SHA-256 (hex), never as itself. Kept with
-- its sale: a new sale deletes the uses of the previous one, whose tokens name that sale and no longer verify.
CREATE TABLE admission_token_use (
    token_sha256   CHAR(64)                 NOT NULL PRIMARY KEY,
    sale_id        VARCHAR(100)             NOT NULL REFERENCES sale (id) ON DELETE CASCADE,
    session_id     VARCHAR(100)             NOT NULL,
    reservation_id VARCHAR(36)              NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
