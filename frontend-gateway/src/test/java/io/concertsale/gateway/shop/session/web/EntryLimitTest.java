package io.concertsale.gateway.shop.session.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The entry limit on its own, with servlet requests in memory and chains the test holds: who waits for a place, who
 * passes at once, and what a fan is told when no place came.
 */
class EntryLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** A thread per request, as the server gives each its own (the common pool may have only one). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void onlyANewSessionAndAJoinWaitForAPlace() {
        EntryLimit limit = new EntryLimit(1, Duration.ofMillis(100), meters);

        assertThat(limit.shouldNotFilter(request("POST", "/api/sessions"))).isFalse();
        assertThat(limit.shouldNotFilter(request("POST", "/api/sessions/abc/queue"))).isFalse();
        assertThat(limit.shouldNotFilter(request("DELETE", "/api/sessions/abc/queue"))).as("a leave").isTrue();
        assertThat(limit.shouldNotFilter(request("GET", "/api/sessions/abc"))).as("a look").isTrue();
        assertThat(limit.shouldNotFilter(request("POST", "/api/sessions/abc/reservation"))).isTrue();
        assertThat(limit.shouldNotFilter(request("POST", "/api/sessions/abc/payment"))).isTrue();
        assertThat(limit.shouldNotFilter(request("POST", "/api/sessions/abc/queue/more"))).isTrue();
        assertThat(limit.shouldNotFilter(request("POST", "/events"))).isTrue();
    }

    @Test
    void whileTheEntriesTakeEveryPlaceAPurchasePassesAtOnceAndAnEntryWithoutAPlaceIsAnsweredBusy() throws Exception {
        EntryLimit limit = new EntryLimit(1, Duration.ofMillis(300), meters);
        CountDownLatch inChain = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> filter(limit,
                request("POST", "/api/sessions/a/queue"), (request, response) -> {
                    inChain.countDown();
                    await(release);
                }), threads);
        assertThat(inChain.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.get(EntryLimit.IN_PROGRESS_METER).gauge().value()).isEqualTo(1.0);

        AtomicInteger purchases = new AtomicInteger();
        MockHttpServletResponse purchase = filter(limit, request("POST", "/api/sessions/b/reservation"),
                (request, response) -> purchases.incrementAndGet());
        assertThat(purchases).as("the reservation passed while the join holds the only place").hasValue(1);
        assertThat(purchase.getStatus()).isEqualTo(200);

        AtomicInteger entered = new AtomicInteger();
        Instant asked = Instant.now();
        MockHttpServletResponse refused = filter(limit, request("POST", "/api/sessions"),
                (request, response) -> entered.incrementAndGet());
        assertThat(Duration.between(asked, Instant.now())).as("waited for a place").isGreaterThanOrEqualTo(
                Duration.ofMillis(250));
        assertThat(entered).as("the refused entry did nothing").hasValue(0);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"type\":\"urn:concertsale:problem:busy\"")
                .contains("\"status\":503");
        assertThat(meters.get(EntryLimit.REFUSED_METER).counter().count()).isEqualTo(1.0);

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        filter(limit, request("POST", "/api/sessions"), (request, response) -> entered.incrementAndGet());
        assertThat(entered).as("the place is free again").hasValue(1);
        assertThat(meters.get(EntryLimit.IN_PROGRESS_METER).gauge().value()).isZero();
    }

    @Test
    void anEntryWaitingForAPlaceGetsItWhenOneIsGivenBack() throws Exception {
        EntryLimit limit = new EntryLimit(1, Duration.ofSeconds(10), meters);
        CountDownLatch inChain = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> filter(limit, request("POST", "/api/sessions"),
                (request, response) -> {
                    inChain.countDown();
                    await(release);
                }), threads);
        assertThat(inChain.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger entered = new AtomicInteger();
        CompletableFuture<MockHttpServletResponse> second = CompletableFuture.supplyAsync(() -> filter(limit,
                request("POST", "/api/sessions/b/queue"), (request, response) -> entered.incrementAndGet()), threads);
        Instant deadline = Instant.now().plusSeconds(10);
        while (meters.get(EntryLimit.WAITING_METER).gauge().value() < 1) {
            assertThat(Instant.now()).as("the second entry waits").isBefore(deadline);
            Thread.sleep(5);
        }
        assertThat(entered).hasValue(0);

        release.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(entered).hasValue(1);
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPlaceIsGivenBackWhenTheRequestFails() {
        EntryLimit limit = new EntryLimit(1, Duration.ofMillis(100), meters);

        assertThatThrownBy(() -> limit.doFilter(request("POST", "/api/sessions"), new MockHttpServletResponse(),
                (request, response) -> {
                    throw new IllegalStateException("the database is gone");
                })).hasMessage("the database is gone");

        AtomicInteger entered = new AtomicInteger();
        MockHttpServletResponse next = filter(limit, request("POST", "/api/sessions"),
                (request, response) -> entered.incrementAndGet());
        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(entered).hasValue(1);
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRequestURI(path);
        return request;
    }

    private static MockHttpServletResponse filter(EntryLimit limit, MockHttpServletRequest request,
            FilterChain chain) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            limit.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
