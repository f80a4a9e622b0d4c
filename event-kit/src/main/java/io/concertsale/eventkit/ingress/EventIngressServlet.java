package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import io.concertsale.eventkit.http.CloudEventServlet;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The service's CloudEvent endpoint ({@code sale.events.ingress-path}, {@code /events} by default), where its Knative
 * Triggers deliver. 202 when handled or recognised as a duplicate (header {@code X-Event-Outcome}); 400 with
 * problem+json for an event that can never be handled, so the broker does not retry it. Any other failure (the
 * database is down) is a 5xx, which the broker retries.
 */
public class EventIngressServlet extends CloudEventServlet {

    private final transient EventIngress ingress;
    private final transient ReceivedEvents received;

    public EventIngressServlet(EventIngress ingress, ReceivedEvents received) {
        this.ingress = ingress;
        this.received = received;
    }

    @Override
    protected void receive(CloudEvent event, HttpServletResponse response) {
        EventIngress.Outcome outcome = ingress.accept(event);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setHeader("X-Event-Outcome", outcome.name());
        response.setContentLength(0);
    }

    /** A request that is no readable CloudEvent is counted as rejected ({@link EventIngress} counts the others). */
    @Override
    protected void unreadable(InvalidEventException e) {
        received.rejected(null);
    }
}
