package io.concertsale.broker.eventlog.web;

import io.concertsale.broker.eventlog.EventLog;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the live streams first when the broker stops, so that the web server's graceful shutdown does not wait
 * for clients that would never hang up.
 */
@Component
class EventStreamsLifecycle implements SmartLifecycle {

    private final EventLog eventLog;
    private volatile boolean running;

    EventStreamsLifecycle(EventLog eventLog) {
        this.eventLog = eventLog;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        eventLog.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
