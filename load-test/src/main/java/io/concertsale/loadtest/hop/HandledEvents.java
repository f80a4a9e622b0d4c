package io.concertsale.loadtest.hop;

import io.concertsale.events.EventTypes;
import io.concertsale.eventkit.ingress.EventIngress;
import io.concertsale.eventkit.ingress.ReceivedEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's count of {@code Notifications.Requested} events by outcome ({@code sale.events.received}, counted
 * once the handler's transaction committed), read from its actuator with the admin credential. While it runs, a
 * thread reads the HANDLED count every {@link #POLL_INTERVAL} and remembers when it last rose: the moment the last
 * counted event committed lies between the read before that one was sent and that one's answer.
 */
final class HandledEvents implements AutoCloseable {

    /** How often the HANDLED count is read while the hop is measured; each read costs the gateway a request. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(HandledEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Object changed = new Object();
    private final Thread poller;
    private volatile Reading latest;
    private volatile Reading lastRise;
    private volatile Reading beforeLastRise;
    private volatile Runnable onRead = () -> {
    };

    /**
     * One read of the count.
     *
     * @param count HANDLED so far
     * @param sentNanos {@link System#nanoTime()} when the read was sent
     * @param answeredNanos {@link System#nanoTime()} when its answer came
     */
    record Reading(long count, long sentNanos, long answeredNanos) {
    }

    /** Reads the count once, then starts reading it every {@link #POLL_INTERVAL}. */
    HandledEvents(URI gateway, String adminPassword) throws IOException, InterruptedException {
        this.gateway = gateway;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        latest = read();
        lastRise = latest;
        beforeLastRise = latest;
        poller = Thread.ofPlatform().name("hop-handled-poller").daemon().start(this::poll);
    }

    /** Calls this after every read from now on (the client's selector wakes up to send more). */
    void onRead(Runnable listener) {
        onRead = listener;
    }

    /** The latest read. */
    Reading latest() {
        return latest;
    }

    /** Another outcome's count ({@code DUPLICATE}, {@code REJECTED}), read now. */
    long count(String outcome) throws IOException, InterruptedException {
        return count(EventTypes.NOTIFICATIONS_REQUESTED, outcome);
    }

    /** The REJECTED count of requests that were no readable event of a type the gateway takes, read now. */
    long otherRejected() throws IOException, InterruptedException {
        return count(ReceivedEvents.OTHER_TYPE, ReceivedEvents.REJECTED);
    }

    /**
     * When the count last rose: the last counted event committed after {@code before} was sent and before
     * {@code rise} was answered.
     */
    record LastRise(Reading before, Reading rise) {
    }

    /**
     * Waits until the HANDLED count reaches a number, or has not risen for a while (events are missing).
     *
     * @return when it last rose
     */
    LastRise awaitCount(long expected, Duration quiet) throws InterruptedException {
        synchronized (changed) {
            while (latest.count() < expected && System.nanoTime() - lastRise.answeredNanos() < quiet.toNanos()) {
                changed.wait(POLL_INTERVAL.toMillis());
            }
            return new LastRise(beforeLastRise, lastRise);
        }
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(POLL_INTERVAL);
                Reading reading = read();
                synchronized (changed) {
                    if (reading.count() > latest.count()) {
                        beforeLastRise = latest;
                        lastRise = reading;
                    }
                    latest = reading;
                    changed.notifyAll();
                }
                onRead.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                log.warn("Could not read the gateway's {} (trying again): {}", ReceivedEvents.METER, e.toString());
            }
        }
    }

    private Reading read() throws IOException, InterruptedException {
        long sent = System.nanoTime();
        long count = count(EventTypes.NOTIFICATIONS_REQUESTED, EventIngress.Outcome.HANDLED.name());
        return new Reading(count, sent, System.nanoTime());
    }

    private long count(String type, String outcome) throws IOException, InterruptedException {
        URI uri = URI.create(gateway + "/actuator/metrics/" + ReceivedEvents.METER + "?tag=type:" + type + "&tag=outcome:" + outcome);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode value = JSON.readTree(response.body()).path("measurements").path(0).path("value");
        if (!value.isNumber()) {
            throw new IOException("No count in the answer of GET " + uri + ": " + response.body());
        }
        return value.asLong();
    }

    @Override
    public void close() throws InterruptedException {
        poller.interrupt();
        poller.join();
        http.close();
    }
}
