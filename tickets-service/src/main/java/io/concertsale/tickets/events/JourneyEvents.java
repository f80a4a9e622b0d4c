package io.concertsale.tickets.events;

import io.concertsale.events.InvalidEventException;
import io.concertsale.events.SaleEvents;
import io.concertsale.eventkit.ingress.IncomingEvent;

/** Checks shared by the handlers of journey events. */
public final class JourneyEvents {

    private JourneyEvents() {
    }

    /**
     * The session the event is about: its {@code correlationkey}, which the session id in its data must repeat.
     *
     * @throws InvalidEventException when they differ (answered with 400, nothing changes)
     */
    public static String session(IncomingEvent<?> event, String dataSessionId) {
        String correlationKey = event.correlationKey();
        if (!correlationKey.equals(dataSessionId)) {
            throw new InvalidEventException("invalid-data", "The data of " + event.type() + " is about session '"
                    + dataSessionId + "' but its " + SaleEvents.CORRELATION_KEY + " is '" + correlationKey + "'");
        }
        return correlationKey;
    }
}
