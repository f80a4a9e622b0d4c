package io.concertsale.gateway.backoffice.eventlog;

/** A followed event log; {@link #close()} stops it. */
public interface EventLogStream extends AutoCloseable {

    @Override
    void close();
}
