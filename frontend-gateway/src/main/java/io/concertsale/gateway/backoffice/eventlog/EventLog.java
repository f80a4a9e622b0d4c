package io.concertsale.gateway.backoffice.eventlog;

import tools.jackson.databind.JsonNode;

/**
 * The broker's log of the events it routed, which the backoffice shows. Only the local broker keeps one; a Knative
 * broker has none, and then every call reports {@link EventLogUnavailableException} (or, for a stream, ends at once).
 */
public interface EventLog {

    /** True when a broker with an event log is configured (it may still be unreachable). */
    boolean configured();

    /**
     * The newest events first, as the broker reports them.
     *
     * @return a JSON array of event objects
     * @throws EventLogUnavailableException when there is no event log or the broker cannot be reached
     */
    JsonNode recent(EventLogQuery query);

    /**
     * Follows the events the broker accepts from now on (after {@code afterSequence}, when given, first those the log
     * still holds). The listener is called on a thread of the stream's own until the stream ends or is cancelled.
     */
    EventLogStream follow(EventLogQuery query, Long afterSequence, EventLogListener listener);
}
