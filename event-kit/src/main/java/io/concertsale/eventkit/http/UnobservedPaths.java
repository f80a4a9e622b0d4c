package io.concertsale.eventkit.http;

import java.util.Set;

/**
 * Paths whose requests are left out of the {@code http.server.requests} observation: the event plane's ingress
 * endpoints, which take every event of the sale and count them with meters of their own
 * ({@code sale.events.received}, the broker's {@code broker.events.*}). Observing each delivery as well (a timer
 * with its tags, a long task timer, the observation itself) cost about a tenth of a delivery's work. Declare one as a
 * bean; {@link RequestObservationFilter} does not even start an observation for them.
 *
 * @param paths request URIs, compared exactly
 */
public record UnobservedPaths(Set<String> paths) {

    public UnobservedPaths {
        paths = Set.copyOf(paths);
    }
}
