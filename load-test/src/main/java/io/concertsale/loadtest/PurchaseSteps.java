package io.concertsale.loadtest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Where a purchase waits, step by step, read from the local broker's event log after a sale: for each event of a
 * purchase, the {@code time} its producer gave it (in the producer's transaction), the moment the broker accepted it
 * ({@code receivedAt}) and the moment its last delivery was done. The difference of the first two is the time the
 * event spent in its producer's outbox (and commit); of the last two, the broker's queue and the subscribers'
 * handling; from one event's delivery to the next event's {@code time}, the work of a service or of the fan.
 *
 * <p>A step can be slightly negative: a handler that makes the next event in its own transaction commits before the
 * broker has recorded its answer.
 *
 * <p>The broker keeps the most recent events only ({@code broker.event-log.size}, 10,000 by default): start the sale
 * with room for a whole run, for example {@code ./sale --sale.model=none --broker.event-log.size=200000}.
 *
 * <p>The event log is an operator API of the broker: it asks the sale's admin password ({@code --admin-password} or
 * {@code SALE_ADMIN_PASSWORD}).
 *
 * <pre>load-test/purchase-steps --broker-url=http://localhost:8090 --admin-password=...</pre>
 */
public final class PurchaseSteps {

    private static final Logger log = LoggerFactory.getLogger(PurchaseSteps.class);

    /** The events of a purchase, in the order a purchase makes them. */
    static final List<String> TYPES = List.of("Queue.CustomerExited", "Tickets.Requested", "Tickets.Reserved",
            "Tickets.PaymentRequested", "Payments.RequestReceived", "Payments.Authorized", "Tickets.Issued");

    /** From one event delivered to the next one made: who works in between. */
    static final List<Step> STEPS = List.of(
            new Step("Queue.CustomerExited", "Tickets.Requested", "the fan sees the admission and asks for tickets"),
            new Step("Tickets.Requested", "Tickets.Reserved", "the tickets service reserves"),
            new Step("Tickets.Reserved", "Tickets.PaymentRequested", "the fan sees the hold, gets a card token, pays"),
            new Step("Tickets.PaymentRequested", "Payments.RequestReceived", "the tickets service calls the provider"),
            new Step("Payments.RequestReceived", "Payments.Authorized", "the provider authorizes (its delay)"),
            new Step("Payments.Authorized", "Tickets.Issued", "the tickets service issues"));

    record Step(String from, String to, String who) {
    }

    /** One event of one session: made, accepted by the broker, last delivery done. */
    record Seen(Instant made, Instant accepted, Instant delivered) {
    }

    private PurchaseSteps() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments(args);
        URI broker = URI.create(arguments.take("broker-url", "http://localhost:8090"));
        String password = arguments.take("admin-password", System.getenv("SALE_ADMIN_PASSWORD"));
        int limit = arguments.takeInt("limit", 200_000);
        arguments.requireAllTaken();
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("The broker's event log asks the operator credential: "
                    + "--admin-password=... or SALE_ADMIN_PASSWORD");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (String type : TYPES) {
            HttpRequest.Builder request = HttpRequest.newBuilder(broker.resolve("/api/events?limit=" + limit
                    + "&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60));
            request.header("Authorization", GatewayClient.adminAuthorization(password));
            HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The broker answered " + response.statusCode() + " for " + type
                        + ": " + response.body());
            }
            events.put(type, GatewayClient.JSON.readTree(response.body()));
        }
        log.info("\n{}", text(events));
    }

    /** Per type, per session (the correlation key), the first such event. */
    static Map<String, Map<String, Seen>> firstOfEach(Map<String, JsonNode> log) {
        Map<String, Map<String, Seen>> seen = new LinkedHashMap<>();
        log.forEach((type, events) -> {
            Map<String, Seen> bySession = new HashMap<>();
            for (JsonNode event : events) {
                JsonNode attributes = event.path("attributes");
                String session = attributes.path("correlationkey").asString(null);
                if (session == null) {
                    continue;
                }
                Instant made = Instant.parse(attributes.path("time").asString());
                Instant accepted = Instant.parse(event.path("receivedAt").asString());
                Instant delivered = accepted;
                for (JsonNode delivery : event.path("deliveries")) {
                    Instant done = Instant.parse(delivery.path("updatedAt").asString());
                    delivered = done.isAfter(delivered) ? done : delivered;
                }
                Seen next = new Seen(made, accepted, delivered);
                bySession.merge(session, next, (known, other) -> other.made().isBefore(known.made()) ? other : known);
            }
            seen.put(type, bySession);
        });
        return seen;
    }

    /** The report: per event the outbox and the broker, per step the work in between; p50, p90 and p99 in seconds. */
    static String text(Map<String, JsonNode> log) {
        Map<String, Map<String, Seen>> seen = firstOfEach(log);
        StringBuilder out = new StringBuilder("Where a purchase waits (seconds, p50 / p90 / p99)\n");
        out.append(String.format("  %-26s %7s  %-22s  %-22s%n", "event", "count", "in the outbox",
                "broker, handled"));
        for (String type : TYPES) {
            Map<String, Seen> events = seen.getOrDefault(type, Map.of());
            List<Long> outbox = new ArrayList<>();
            List<Long> broker = new ArrayList<>();
            events.values().forEach(event -> {
                outbox.add(nanos(event.made(), event.accepted()));
                broker.add(nanos(event.accepted(), event.delivered()));
            });
            out.append(String.format("  %-26s %7d  %-22s  %-22s%n", type, events.size(), percentiles(outbox),
                    percentiles(broker)));
        }
        out.append(String.format("  %-54s %7s  %s%n", "step: delivered -> next made", "count", "time"));
        for (Step step : STEPS) {
            Map<String, Seen> from = seen.getOrDefault(step.from(), Map.of());
            List<Long> gaps = new ArrayList<>();
            seen.getOrDefault(step.to(), Map.of()).forEach((session, to) -> {
                Seen before = from.get(session);
                if (before != null) {
                    gaps.add(nanos(before.delivered(), to.made()));
                }
            });
            out.append(String.format("  %-54s %7d  %-22s %s%n", step.from() + " -> " + step.to(), gaps.size(),
                    percentiles(gaps), step.who()));
        }
        return out.toString();
    }

    /** "p50 / p90 / p99" in seconds, nearest rank ({@link SaleReport#percentile}); "-" for none. */
    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "-";
        }
        return String.format("%.2f / %.2f / %.2f", seconds(SaleReport.percentile(nanos, 50)),
                seconds(SaleReport.percentile(nanos, 90)), seconds(SaleReport.percentile(nanos, 99)));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }
}
