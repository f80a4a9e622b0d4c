package io.concertsale.eventkit.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.util.Set;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the requests to some paths out of the {@code http.server.requests} observation: the event plane's ingress
 * endpoints, which take every event of the sale and count them with meters of their own
 * ({@code sale.events.received}, the broker's {@code broker.events.*}). Observing each delivery as well (a timer
 * with its tags, a long task timer, the observation itself) cost about a tenth of a delivery's work. As a predicate
 * it keeps them out of any observation of requests; {@link RequestObservationFilter} does not even start one.
 */
public final class UnobservedPaths implements ObservationPredicate {

    private final Set<String> paths;

    public UnobservedPaths(Set<String> paths) {
        this.paths = Set.copyOf(paths);
    }

    /** The paths left out. */
    public Set<String> paths() {
        return paths;
    }

    @Override
    public boolean test(String name, Observation.Context context) {
        return !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null && paths.contains(request.getCarrier().getRequestURI()));
    }
}
