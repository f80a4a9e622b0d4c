package io.concertsale.gateway.shop.session.web;

import io.concertsale.eventkit.http.Problems;
import io.concertsale.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves fans arriving (a new session, {@code POST /api/sessions}, and a join, {@code POST /api/sessions/{id}/queue})
 * at most {@code gateway.sessions.entry-concurrency} at a time; the others wait their turn, first come first served,
 * parked at no cost. Every other request passes at once: the fans already admitted (their reservation, payment,
 * pushes) and the events that carry their purchase.
 *
 * <p>Why: on a machine the CPU bounds, every request in progress waits its turn for a core. With 10,000 fans
 * arriving as fast as they can, hundreds of entries were in progress at once, and an admitted fan's every step
 * queued behind them: admission to tickets took 11 s at the 99th percentile where it takes under 2 s on an idle
 * machine. With the entries held to a few at a time, the arrivals take what the purchases leave, and the fans
 * admitted during the storm buy as quickly as the others (docs/performance.md).
 *
 * <p>An entry that finds no place within {@code gateway.sessions.entry-wait} is answered {@code 503 busy} with
 * {@code Retry-After}, having changed nothing, as a busy database is: the page sends it again. Meters:
 * {@value #IN_PROGRESS_METER} and {@value #WAITING_METER} (entries served and waiting now) and {@value #REFUSED_METER}
 * (entries answered busy).
 */
@Component
public class EntryLimit extends OncePerRequestFilter {

    public static final String IN_PROGRESS_METER = "gateway.entries.in-progress";
    public static final String WAITING_METER = "gateway.entries.waiting";
    public static final String REFUSED_METER = "gateway.entries.refused";

    private static final Logger log = LoggerFactory.getLogger(EntryLimit.class);
    private static final Pattern JOIN = Pattern.compile("/api/sessions/[^/]+/queue");

    private final Semaphore places;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter refused;

    @Autowired
    public EntryLimit(GatewayProperties properties, MeterRegistry registry) {
        this(properties.sessions().entryConcurrency(), properties.sessions().entryWait(), registry);
    }

    EntryLimit(int concurrency, Duration wait, MeterRegistry registry) {
        this.places = new Semaphore(concurrency, true);
        this.wait = wait;
        Gauge.builder(IN_PROGRESS_METER, places, free -> concurrency - free.availablePermits())
                .description("New sessions and joins being served now")
                .register(registry);
        Gauge.builder(WAITING_METER, waiting, AtomicInteger::get)
                .description("New sessions and joins waiting for a place (gateway.sessions.entry-concurrency)")
                .register(registry);
        this.refused = Counter.builder(REFUSED_METER)
                .description("New sessions and joins answered 503 busy after gateway.sessions.entry-wait")
                .register(registry);
    }

    /** Only a new session and a join wait for a place. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.equals("/api/sessions") && !JOIN.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!take()) {
            refused.increment();
            log.debug("Answered 503 busy: no place for {} {} within {}", request.getMethod(),
                    request.getRequestURI(), wait);
            response.setHeader("Retry-After", "1");
            Problems.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Problems.type("busy"),
                    "Busy, try again", "The sale is very busy and could not take this request right now; please"
                            + " try again in a moment", request.getRequestURI());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            places.release();
        }
    }

    private boolean take() {
        if (places.tryAcquire()) {
            return true;
        }
        waiting.incrementAndGet();
        try {
            return places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
