package io.concertsale.broker.eventlog;

import java.io.IOException;

/** One live stream of the event log, written by its own thread; the web layer sends it as Server-Sent Events. */
public interface StreamSink {

    /** The stream starts: lets the client know it is subscribed. */
    void open() throws IOException;

    void send(LoggedEvent event) throws IOException;

    /** The client fell behind and missed this many events. */
    void gap(long missed) throws IOException;

    /** Nothing happened for a while: proves the connection is still there. */
    void heartbeat() throws IOException;

    /** The stream ends (the broker stops or the client is gone). */
    void close();
}
