package io.concertsale.broker.ingress.web;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.ingress.Broker;
import io.concertsale.broker.ingress.BrokerOverloadedException;
import io.concertsale.broker.store.StoreException;
import io.concertsale.eventkit.http.CloudEventServlet;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The ingress of the broker this one serves, {@code POST /{namespace}/{name}}, with a CloudEvent in binary or
 * structured mode: 202 once the event is in the delivery log; 400 for a request that is no valid CloudEvent; 429
 * when too many deliveries are under way and 503 when the log cannot take it (both with {@code Retry-After}).
 * A plain servlet at exactly that path: it is every event's first hop. {@link BrokerIngressController} answers the
 * paths of other brokers.
 */
public class BrokerIngressServlet extends CloudEventServlet {

    private final transient Broker broker;

    public BrokerIngressServlet(Broker broker) {
        this.broker = broker;
    }

    /** The path it serves. */
    public static String path(Broker broker) {
        return "/" + broker.address();
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
