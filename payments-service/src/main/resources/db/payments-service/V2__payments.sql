-- The payment provider's own tables (the event plumbing is V1, from the event-catalog).

-- A tokenized card. The card number itself is never stored: only its brand and last four digits.
CREATE TABLE card_token (
    token          VARCHAR(40)              NOT NULL PRIMARY KEY,
    brand          VARCHAR(20)              NOT NULL,
    last4          VARCHAR(4)               NOT NULL,
    expiry         VARCHAR(5)               NOT NULL,
    holder         VARCHAR(100)             NOT NULL,
    -- the simulated outcome, decided at tokenization: NULL authorizes, otherwise the decline reason
    decline_reason VARCHAR(40),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE payment (
    id                   VARCHAR(40)              NOT NULL PRIMARY KEY,
    -- the merchant's Idempotency-Key and a hash of the request it came with
    idempotency_key      VARCHAR(255)             NOT NULL,
    request_hash         VARCHAR(64)              NOT NULL,
    method               VARCHAR(20)              NOT NULL,
    status               VARCHAR(20)              NOT NULL,
    amount               NUMERIC(14, 2)           NOT NULL,
    currency             VARCHAR(3)               NOT NULL,
    reference            VARCHAR(100)             NOT NULL,
    correlation_key      VARCHAR(100)             NOT NULL,
    description          VARCHAR(500),
    card_token           VARCHAR(40) REFERENCES card_token (token),
    card_brand           VARCHAR(20),
    card_last4           VARCHAR(4),
    transfer_beneficiary VARCHAR(100),
    transfer_iban        VARCHAR(34),
    transfer_bic         VARCHAR(11),
    transfer_reference   VARCHAR(20),
    transfer_due_by      TIMESTAMP WITH TIME ZONE,
    decline_reason       VARCHAR(40),
    authorization_code   VARCHAR(20),
    -- when the processor settles this PENDING payment (authorize/decline a card, auto-accept a transfer); NULL: never
    process_at           TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT payment_idempotency_key UNIQUE (idempotency_key),
    CONSTRAINT payment_transfer_reference UNIQUE (transfer_reference)
);
CREATE INDEX payment_due ON payment (status, process_at);
