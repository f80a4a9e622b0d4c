package io.concertsale.gateway.backoffice.eventlog;

import java.io.IOException;

/**
 * Receives a followed event log. An {@link IOException} from a callback means the receiver is gone: the stream stops
 * without calling {@link #ended}.
 */
public interface EventLogListener {

    /** The broker accepted the subscription; events follow. */
    void opened() throws IOException;

    /**
     * One event of the log.
     *
     * @param id its sequence number in the broker's log
     * @param name the Server-Sent Event name: null for an event, {@code gap} when events were missed
     * @param data its JSON
     */
    void event(String id, String name, String data) throws IOException;

    /** The broker is still there and has nothing new. */
    void heartbeat() throws IOException;

    /** The stream ended: no event log is configured, the broker cannot be reached, or it closed the stream. */
    void ended(String reason);
}
