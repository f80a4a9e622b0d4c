package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestObservationFilterTest {

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final RequestObservationFilter filter = new RequestObservationFilter(registry(),
            new DefaultServerRequestObservationConvention("http.server.requests"), Set.of("/events"));

    private ObservationRegistry registry() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                started.add(((ServerRequestObservationContext) context).getCarrier().getRequestURI());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ServerRequestObservationContext;
            }
        });
        return registry;
    }

    @Test
    void aRequestToAnUnobservedPathStartsNoObservation() throws Exception {
        filter.doFilter(new MockHttpServletRequest("POST", "/events"), new MockHttpServletResponse(),
                new MockFilterChain());

        assertThat(started).isEmpty();
    }

    @Test
    void everyOtherRequestIsObserved() throws Exception {
        filter.doFilter(new MockHttpServletRequest("GET", "/api/sale"), new MockHttpServletResponse(),
                new MockFilterChain());
        filter.doFilter(new MockHttpServletRequest("POST", "/events/"), new MockHttpServletResponse(),
                new MockFilterChain());

        assertThat(started).containsExactly("/api/sale", "/events/");
    }
}
