package io.concertsale.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.metrics.BrokerMetrics;
import io.concertsale.broker.trigger.DeliverySpec;
import io.concertsale.broker.trigger.Destination;
import io.concertsale.broker.trigger.Subscribers;
import io.concertsale.broker.trigger.Trigger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher over real HTTP: how many requests go to a subscriber at once, and in which order. */
class DispatcherTest {

    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final CountDownLatch slowBusy = new CountDownLatch(2);
    private final CountDownLatch fastReached = new CountDownLatch(1);
    private final HttpServer slow = server(exchange -> {
        slowBusy.countDown();
        awaitQuietly(releaseSlow);
        answer(exchange);
    });
    private final HttpServer fast = server(exchange -> {
        fastReached.countDown();
        answer(exchange);
    });
    private final Dispatcher dispatcher = new Dispatcher(new DeliveryClient(Duration.ofSeconds(1),
            Duration.ofSeconds(30)), new Subscribers(Map.of()), new BrokerMetrics(new SimpleMeterRegistry()),
            DeliveryLog.NONE, Clock.systemUTC(), 2, 100, Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        dispatcher.close();
        slow.stop(0);
        fast.stop(0);
    }

    @Test
    void aSubscriberThatAnswersSlowlyDoesNotHoldUpDeliveriesToTheOthers() throws InterruptedException {
        Trigger toSlow = trigger("slow", slow);
        Trigger toFast = trigger("fast", fast);
        dispatch(toSlow, "s-1");
        dispatch(toSlow, "s-2");
        assertThat(slowBusy.await(10, TimeUnit.SECONDS)).as("both requests to the slow subscriber in flight").isTrue();
        dispatch(toSlow, "s-3");

        dispatch(toFast, "f-1");

        assertThat(fastReached.await(5, TimeUnit.SECONDS))
                .as("the fast subscriber got its event while the slow one held as many requests as one may").isTrue();
    }

    @Test
    void aStormOfOneEventTypeDoesNotHoldUpAnotherTypesDeliveriesToTheSameSubscriber() throws InterruptedException {
        CountDownLatch stormReleased = new CountDownLatch(1);
        CountDownLatch purchaseArrived = new CountDownLatch(1);
        AtomicInteger joinsReceived = new AtomicInteger();
        AtomicInteger joinsBeforePurchase = new AtomicInteger(-1);
        HttpServer shop = server(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/purchases")) {
                joinsBeforePurchase.set(joinsReceived.get());
                purchaseArrived.countDown();
            } else {
                joinsReceived.incrementAndGet();
                awaitQuietly(stormReleased);
            }
            answer(exchange);
        });
        try {
            Trigger joins = trigger("joins", shop, "/joins");
            Trigger purchases = trigger("purchases", shop, "/purchases");
            CloudEvent join = event("join");
            for (int i = 0; i < 100_000; i++) {
                dispatcher.dispatch(new Delivery(i, join, joins.name(), joins.subscriber(), DeliverySpec.NONE,
                        new DeliveryRecord(joins.name(), Instant.now()), 0, reply -> { }));
            }

            dispatch(purchases, "purchase");
            stormReleased.countDown();

            assertThat(purchaseArrived.await(30, TimeUnit.SECONDS)).as("the purchase arrived").isTrue();
            assertThat(joinsBeforePurchase.get())
                    .as("joins the subscriber got before the purchase, of the 100,000 queued ahead of it")
                    .isBetween(2, 6);
        } finally {
            stormReleased.countDown();
            shop.stop(0);
        }
    }

    private static CloudEvent event(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("urn:test")).withType("Test.Dispatched")
                .build();
    }

    private void dispatch(Trigger trigger, String id) {
        CloudEvent event = event(id);
        dispatcher.dispatch(new Delivery(0, event, trigger.name(), trigger.subscriber(), DeliverySpec.NONE,
                new DeliveryRecord(trigger.name(), Instant.now()), 0, reply -> { }));
    }

    private static Trigger trigger(String name, HttpServer subscriber) {
        return trigger(name, subscriber, "/events");
    }

    private static Trigger trigger(String name, HttpServer subscriber, String path) {
        URI uri = URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + path);
        return new Trigger(name, "default", "default", Map.of(), Destination.of(uri), null, "test");
    }

    private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
