package io.concertsale.broker.ingress.web;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.broker.identity.IngressGuard;
import io.concertsale.broker.ingress.BrokerOverloadedException;
import io.concertsale.broker.store.StoreException;
import io.concertsale.eventkit.http.CloudEventServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The ingress of the broker this one serves, {@code POST /{namespace}/{name}}, with a CloudEvent in binary or
 * structured mode: 202 once the event is in the delivery log; 400 for a request that is no valid CloudEvent; 429
 * when too many deliveries are under way and 503 when the log cannot take it (both with {@code Retry-After}).
 * A plain servlet at exactly that path: it is every event's first hop. {@link BrokerIngressController} answers the
 * paths of other brokers.
 *
 * <p>Every request needs the sender's OIDC token ({@code Authorization: Bearer}), checked before the body is read:
 * 401 without a valid one; 403 when no EventPolicy lets the sender send the event's type ({@link IngressGuard}).
 * A refused event is neither stored, nor logged, nor delivered.
 */
public class BrokerIngressServlet extends CloudEventServlet {

    private final transient Broker broker;
    private final transient IngressGuard guard;

    public BrokerIngressServlet(Broker broker, IngressGuard guard) {
        this.broker = broker;
        this.guard = guard;
    }

    /** The path it serves. */
    public static String path(Broker broker) {
        return "/" + broker.address();
    }

    @Override
    protected String authenticate(HttpServletRequest request) {
        try {
            return guard.authenticate(request.getHeader("Authorization"));
        } catch (ProblemException e) {
            broker.refused("unauthorized");
            throw e;
        }
    }

    @Override
    protected void receive(CloudEvent event, String sender, HttpServletResponse response) {
        try {
            guard.authorize(sender, event);
        } catch (ProblemException e) {
            broker.refused("forbidden");
            throw e;
        }
        receive(event, response);
    }

    @Override
    protected void receive(CloudEvent event, HttpServletResponse response) {
        try {
            broker.accept(event);
        } catch (BrokerOverloadedException e) {
            throw new ProblemException(429, "broker-overloaded", "Broker overloaded", e.getMessage(), 1, e);
        } catch (StoreException e) {
            throw new ProblemException(503, "broker-log-unavailable", "Broker log unavailable", e.getMessage(), 1, e);
        }
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentLength(0);
    }
}
