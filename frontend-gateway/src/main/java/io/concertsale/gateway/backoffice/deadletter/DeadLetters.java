package io.concertsale.gateway.backoffice.deadletter;

import tools.jackson.databind.JsonNode;

/**
 * The broker's dead letters: events no subscriber took after every retry, kept until an operator replays or
 * discards them. Only the local broker keeps them where the backoffice can reach them; in a cluster they go to the
 * dead letter sink of the Trigger (see docs/deploy-kubernetes.md), and every call reports
 * {@link DeadLettersUnavailableException}.
 */
public interface DeadLetters {

    /** True when a broker with a dead letter API is configured (it may still be unreachable). */
    boolean configured();

    /**
     * The newest letters first, as the broker reports them: {@code id}, {@code receivedAt}, {@code attributes}
     * (with {@code knativeerrordest}, {@code knativeerrorcode}, {@code knativeerrordata}) and {@code data}.
     */
    JsonNode recent(int limit);

    /**
     * Sends a letter's event again through the Trigger that failed.
     *
     * @return where it went
     * @throws DeadLetterRejectedException when the broker has no such letter (404) or cannot replay it (409)
     */
    JsonNode replay(long id);

    /** Replays every letter that can be: what was replayed, and why the others were not. */
    JsonNode replayAll();

    /**
     * Discards a letter for good.
     *
     * @throws DeadLetterRejectedException when the broker has no such letter (404)
     */
    void discard(long id);
}
