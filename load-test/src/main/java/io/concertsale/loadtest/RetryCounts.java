package io.concertsale.loadtest;

/**
 * What the fans tried again during a run.
 *
 * @param refused calls tried again because they never reached the sale
 * @param unavailable calls tried again after a 503
 * @param answerLost calls tried again because their answer was lost (a payment is looked up instead)
 * @param serverErrors reads tried again after the server failed them (500): a fault of the sale, worth a look
 * @param reconnects WebSockets opened again after they closed or failed
 * @param lookups times a fan caught up with {@code GET /api/sessions/{id}}: after a reconnect, a stage conflict or a
 *        payment whose answer was lost
 * @param givenUp calls still failing at the run's deadline
 */
public record RetryCounts(long refused, long unavailable, long answerLost, long serverErrors, long reconnects,
        long lookups, long givenUp) {

    public long retries() {
        return refused + unavailable + answerLost + serverErrors;
    }
}
