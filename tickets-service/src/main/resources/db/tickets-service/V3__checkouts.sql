-- Payments are created at the provider outside any transaction: a checkout is recorded first, in the transaction of
-- its event, and the provider is asked afterwards (payment/ProviderCalls). The same statements run on H2 and
-- PostgreSQL.

-- A customer's checkout (Tickets.PaymentRequested), recorded before its payment exists at the provider. Its id is the
-- event's id, which is also the provider's idempotency key, so asking the provider again never pays twice.
-- CREATING until the provider answered; then CREATED (payment_id names the payment), REFUSED (the provider said no)
-- or ABANDONED (the hold ended before the provider was ever asked). While CREATING, next_attempt_at is when the
-- provider may be asked (again): a call under way pushes it past the call's longest duration, a failed one by a
-- backoff. acknowledged_at and outcome_reported_at keep what the provider said about the payment before its creation
-- was recorded here. The card token (the provider's, never a card number) is dropped once the provider answered.
CREATE TABLE checkout (
    id                  VARCHAR(255)             NOT NULL PRIMARY KEY,
    reservation_id      VARCHAR(36)              NOT NULL REFERENCES reservation (id) ON DELETE CASCADE,
    session_id          VARCHAR(100)             NOT NULL,
    method              VARCHAR(20)              NOT NULL,
    card_token          VARCHAR(255),
    amount              NUMERIC(14, 2)           NOT NULL,
    currency            CHAR(3)                  NOT NULL,
    description         VARCHAR(300)             NOT NULL,
    status              VARCHAR(20)              NOT NULL,
    payment_id          VARCHAR(100),
    attempts            INTEGER                  NOT NULL,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error          VARCHAR(500),
    acknowledged_at     TIMESTAMP WITH TIME ZONE,
    outcome_reported_at TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX checkout_due ON checkout (status, next_attempt_at);
CREATE INDEX checkout_reservation ON checkout (reservation_id);

-- A payment that must not be paid, to cancel at the provider: a row until the provider cancelled it (or refused to
-- for good). Not tied to a reservation: money is never left behind because a sale was replaced.
CREATE TABLE payment_cancellation (
    payment_id      VARCHAR(100)             NOT NULL PRIMARY KEY,
    reason          VARCHAR(500)             NOT NULL,
    attempts        INTEGER                  NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX payment_cancellation_due ON payment_cancellation (next_attempt_at);
