package io.concertsale.eventkit.ingress;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import io.concertsale.eventkit.http.CloudEventServlet;
import io.concertsale.eventkit.identity.SenderVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The service's CloudEvent endpoint ({@code sale.events.ingress-path}, {@code /events} by default), where its Knative
 * Triggers deliver. 202 when handled or recognised as a duplicate (header {@code X-Event-Outcome}); 400 with
 * problem+json for an event that can never be handled, so the broker does not retry it. Any other failure (the
 * database is down) is a 5xx, which the broker retries. With a {@link SenderVerifier}, a delivery without a valid
 * OIDC token issued for this service gets 401 and one from a sender it does not accept 403, before its body is
 * read.
 */
public class EventIngressServlet extends CloudEventServlet {

    private final transient EventIngress ingress;
    private final transient ReceivedEvents received;
    private final transient SenderVerifier senders;

    /**
     * @param senders checks who delivers, or {@code null} where the event plane has no sender identity
     */
    public EventIngressServlet(EventIngress ingress, ReceivedEvents received, SenderVerifier senders) {
        this.ingress = ingress;
        this.received = received;
        this.senders = senders;
    }

    @Override
    protected String authenticate(HttpServletRequest request) {
        if (senders == null) {
            return null;
        }
        try {
            return senders.verify(request.getHeader("Authorization"));
        } catch (ProblemException e) {
            received.rejected(null);
            throw e;
        }
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
