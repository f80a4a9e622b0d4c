package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.broker.eventlog.EventLog;
import io.concertsale.broker.identity.ServiceAccounts;
import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.broker.store.EventStore;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.test.CloudEventRequests;
import io.concertsale.eventkit.test.RawHttp;
import io.concertsale.events.EventCatalog;
import io.concertsale.events.EventDefinition;
import io.concertsale.events.SaleEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hostile-input suite (docs/security.md): what an attacker on the same network sends to every entry of a running
 * sale, the launcher's, over real HTTP. Forged events of every catalog type to every event entry, wrong, expired and
 * missing tokens, types a producer may not send, replays under a new {@code source}, events dated in the future, one
 * session's event about another, malformed and oversized bodies, and the APIs' own hostile requests. Each answer
 * must be a 4xx {@code application/problem+json}, and the databases of every service, the broker's event store and
 * log and the engine's files must be exactly as they were before the case (compared after each one).
 *
 * <p>Every case is a valid request with one thing wrong: the same builders with nothing wrong are accepted
 * ({@link #launch()} checks a delivery to each entry, a producer's event at the broker and a payment).
 */
class HostileInputIT {

    static final String VICTIM_RESERVATION = "res-victim";
    static final String ATTACKER_RESERVATION = "res-attacker";

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static TokenIssuer tokens;
    /** Signs with the broker's own key: tokens that only a claim makes wrong. */
    static RSAKey brokerKey;
    static String merchantKey;
    static String victim;
    static String attacker;
    static String attackerCard;
    static Map<String, String> baseline;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP entry that takes events, by the part that serves it. */
    enum Entry {
        BROKER(LocalSale.Part.BROKER, "/default/default"),
        ROUTER(LocalSale.Part.ROUTER, "/"),
        QUEUE(LocalSale.Part.QUEUE, "/events"),
        TICKETS(LocalSale.Part.TICKETS, "/events"),
        GATEWAY(LocalSale.Part.GATEWAY, "/events");

        final LocalSale.Part part;
        final String path;

        Entry(LocalSale.Part part, String path) {
            this.part = part;
            this.path = path;
        }

        URI uri() {
            return sale.url(part).resolve(path);
        }

        String audience() {
            return this == BROKER ? tokens.brokerAudience() : part.serviceName();
        }

        /** The participant of the catalog this entry is, or null for the broker. */
        String participant() {
            return this == BROKER ? null : part.serviceName();
        }

        /** The token a rightful sender has here: a Trigger's delivery, or at the broker the type's producer's. */
        String rightful(String type) {
            return this == BROKER ? producerToken(EventCatalog.get(type).producer())
                    : "Bearer " + tokens.issue(tokens.triggerSubject("hostile-" + name().toLowerCase()), audience());
        }
    }

    /** One hostile request and the status it must get. */
    record Case(String name, int status, Supplier<HttpResponse<String>> request) {

        @Override
        public String toString() {
            return name + " -> " + status;
        }
    }

    @BeforeAll
    static void launch() throws Exception {
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "hostile-password", Map.of()).withModel("none"));
        api = new SaleApi(sale.url(LocalSale.Part.GATEWAY), sale.adminPassword());
        tokens = sale.context(LocalSale.Part.BROKER).getBean(TokenIssuer.class);
        brokerKey = TokenIssuer.keyFile(dataDir.resolve("identity").resolve("broker-key.jwk"));
        assertThat(brokerKey.toPublicJWK()).as("the key on disk is the broker's").isEqualTo(tokens.publicKey());
        merchantKey = sale.settings(LocalSale.Part.PAYMENTS).get("payments.api-keys");

        api.openSale("""
                {"name":"Hostile","currency":"EUR",
                 "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":20}],
                 "maxTicketsPerCustomer":4,"holdSeconds":3600,
                 "admission":{"ratePerSecond":50,"maxActiveShoppers":20,"paused":false}}""");
        victim = api.newSession();
        attacker = api.newSession();
        api.join(victim);
        api.join(attacker);
        api.awaitStage(victim, "ADMITTED");
        api.awaitStage(attacker, "ADMITTED");
        api.reserve(victim, "STANDING", 2);
        api.awaitStage(victim, "RESERVED");

        // the builders with nothing wrong are accepted: an event each entry takes (it moves nothing but its
        // de-duplication record), a producer's event at the broker, a card token and a payment
        for (Entry entry : Entry.values()) {
            String type = entry == Entry.GATEWAY ? "Notifications.Requested" : "Queue.CustomerAbandoned";
            HttpResponse<String> accepted = CloudEventRequests.binary(entry.uri(), event(type, unknownSession()).build(),
                    entry.rightful(type));
            assertThat(accepted.statusCode()).as("%s takes a rightful %s: %s", entry, type, accepted.body())
                    .isEqualTo(202);
        }
        attackerCard = SaleApi.JSON.readTree(cards("""
                {"number":"4242 4242 4242 4242","expiry":"12/34","cvc":"123","holder":"Eve","reference":"%s"}"""
                .formatted(ATTACKER_RESERVATION)).body()).path("token").asString();
        assertThat(attackerCard).startsWith("card_");
        String ownCard = SaleApi.JSON.readTree(cards("""
                {"number":"4242 4242 4242 4242","expiry":"12/34","cvc":"123","holder":"Eve","reference":"own"}""")
                .body()).path("token").asString();
        assertThat(payment(paymentJson(ownCard, "own"), "Bearer " + merchantKey, "own-1").statusCode())
                .as("a payment with the card token made for it").isEqualTo(201);

        baseline = quietSnapshot();
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
    }

    @BeforeEach
    void nothingMovedBefore() {
        assertUnchanged("before the case (something else moved the sale)");
    }

    @AfterEach
    void nothingMovedAfter() {
        assertUnchanged("after the case");
    }

    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Case> forgedEventsOfEveryTypeToEveryEntry() {
        TokenIssuer stranger = new TokenIssuer(TokenIssuer.generateKey(), tokens.issuer(), tokens.namespace(),
                "default", Duration.ofMinutes(10), Clock.systemUTC());
        List<Case> cases = new ArrayList<>();
        for (EventDefinition definition : EventCatalog.all()) {
            for (Entry entry : Entry.values()) {
                String subject = entry == Entry.BROKER ? tokens.producerSubject(definition.producer())
                        : tokens.triggerSubject("forged");
                cases.add(eventCase("forged " + definition.type() + " to " + entry, 401, entry,
                        event(definition.type(), victim), "Bearer " + stranger.issue(subject, entry.audience())));
            }
        }
        return cases.stream();
    }

    static Stream<Case> everyWrongTokenAtEveryEntry() {
        List<Case> cases = new ArrayList<>();
        for (Entry entry : Entry.values()) {
            String type = entry == Entry.GATEWAY ? "Queue.CustomerExited" : "Queue.CustomerAbandoned";
            String subject = entry == Entry.BROKER ? tokens.producerSubject(EventCatalog.get(type).producer())
                    : tokens.triggerSubject("wrong-token");
            String valid = tokens.issue(subject, entry.audience());
            Map<String, String> tokensOf = new LinkedHashMap<>();
            tokensOf.put("no token", null);
            tokensOf.put("empty bearer", "Bearer ");
            tokensOf.put("Basic scheme", OperatorCredentialFilter.basic(sale.adminPassword()));
            tokensOf.put("garbage", "Bearer not.a.token");
            tokensOf.put("unsigned (alg none)", "Bearer " + unsigned(valid));
            tokensOf.put("payload swapped", "Bearer " + withPayloadOf(valid, tokens.issue(subject, "someone-else")));
            tokensOf.put("signature cut", "Bearer " + valid.substring(0, valid.lastIndexOf('.') + 1));
            tokensOf.put("expired", "Bearer " + signed(issuer -> issuer.at(Clock.offset(Clock.systemUTC(),
                    Duration.ofHours(-2))), subject, entry.audience(), Duration.ofMinutes(10)));
            tokensOf.put("another audience", "Bearer " + tokens.issue(subject,
                    entry == Entry.QUEUE ? "tickets-service" : "queue-service"));
            tokensOf.put("another issuer", "Bearer " + new TokenIssuer(brokerKey, "https://issuer.example",
                    tokens.namespace(), "default", Duration.ofMinutes(10), Clock.systemUTC()).issue(subject,
                    entry.audience()));
            for (Map.Entry<String, String> token : tokensOf.entrySet()) {
                cases.add(eventCase(token.getKey() + " at " + entry, 401, entry, event(type, victim),
                        token.getValue()));
            }
            // a valid token of someone this entry does not take from: another namespace's service account
            cases.add(eventCase("a stranger's valid token at " + entry, 403, entry, event(type, victim),
                    "Bearer " + tokens.issue(ServiceAccounts.subject("elsewhere", "intruder"), entry.audience())));
        }
        return cases.stream();
    }

    /** At the broker: each producer may send only the types the catalog says it produces (EventPolicies). */
    static Stream<Case> typesTheSenderDoesNotProduce() {
        List<String> producers = List.of(LocalSale.Part.GATEWAY.serviceName(), LocalSale.Part.QUEUE.serviceName(),
                LocalSale.Part.TICKETS.serviceName(), LocalSale.Part.PAYMENTS.serviceName(),
                LocalSale.Part.ROUTER.serviceName());
        List<Case> cases = new ArrayList<>();
        for (EventDefinition definition : EventCatalog.all()) {
            for (String producer : producers) {
                if (!producer.equals(definition.producer())) {
                    cases.add(eventCase(definition.type() + " from " + producer, 403, Entry.BROKER,
                            event(definition.type(), victim).withSource(URI.create("urn:concertsale:" + producer)),
                            producerToken(producer)));
                }
            }
        }
        return cases.stream();
    }

    /** Every type a service consumes, delivered by a rightful Trigger, each with one thing wrong. */
    static Stream<Case> rightfulDeliveriesWithOneThingWrong() {
        List<Case> cases = new ArrayList<>();
        for (EventDefinition definition : EventCatalog.all()) {
            for (Entry entry : List.of(Entry.QUEUE, Entry.TICKETS, Entry.GATEWAY)) {
                if (!definition.consumers().contains(entry.participant())) {
                    continue;
                }
                String type = definition.type();
                cases.add(eventCase("replay of " + type + " under a new source to " + entry, 400, entry,
                        event(type, victim).withSource(URI.create("urn:concertsale:replayed")), entry.rightful(type)));
                cases.add(eventCase(type + " dated tomorrow to " + entry, 400, entry,
                        event(type, victim).withTime(Instant.now().plus(Duration.ofDays(1)).atOffset(
                                java.time.ZoneOffset.UTC)), entry.rightful(type)));
                if (definition.journey() && hasSessionId(type)) {
                    cases.add(eventCase(type + " about the victim under the attacker's key to " + entry, 400, entry,
                            event(type, attacker, victim), entry.rightful(type)));
                }
            }
            // the router bridges any type to the engine: it checks the token and the time (the broker's policies
            // checked the producer)
            if (definition.consumers().contains(Entry.ROUTER.part.serviceName())) {
                cases.add(eventCase(definition.type() + " dated tomorrow to ROUTER", 400, Entry.ROUTER,
                        event(definition.type(), victim).withTime(Instant.now().plus(Duration.ofDays(1)).atOffset(
                                java.time.ZoneOffset.UTC)), Entry.ROUTER.rightful(definition.type())));
            }
        }
        return cases.stream();
    }

    static Stream<Case> malformedEventsWithRightfulTokens() {
        List<Case> cases = new ArrayList<>();
        for (Entry entry : Entry.values()) {
            String type = entry == Entry.GATEWAY ? "Queue.CustomerExited" : "Queue.CustomerAbandoned";
            String token = entry.rightful(type);
            URI uri = entry.uri();
            String source = "urn:concertsale:" + EventCatalog.get(type).producer();
            String data = exampleData(type, victim).toString();
            if (entry != Entry.BROKER) {
                // a broker passes data on as it came (Knative's contract): the subscribers read it
                cases.add(raw(entry + ": JSON cut short", entry, data.substring(0, data.length() / 2), token,
                        binaryHeaders(type, source)));
                if (entry != Entry.ROUTER) {
                    // the router bridges any type, the catalog's or a speaker's next one, with the variables it has
                    cases.add(raw(entry + ": data missing its fields", entry, "{}", token,
                            binaryHeaders(type, source)));
                }
                cases.add(raw(entry + ": data a JSON array", entry, "[1,2,3]", token, binaryHeaders(type, source)));
            }
            cases.add(raw(entry + ": no ce-id", entry, data, token, without(binaryHeaders(type, source), "ce-id")));
            cases.add(raw(entry + ": no ce-type", entry, data, token,
                    without(binaryHeaders(type, source), "ce-type")));
            cases.add(raw(entry + ": no ce-source", entry, data, token,
                    without(binaryHeaders(type, source), "ce-source")));
            Map<String, String> oldVersion = binaryHeaders(type, source);
            oldVersion.put("ce-specversion", "0.1");
            cases.add(raw(entry + ": spec version 0.1", entry, data, token, oldVersion));
            if (entry != Entry.ROUTER) {
                // at the broker the sender's policy names the types it may send; the router bridges any type its
                // Triggers bring (a speaker's next model may add one)
                cases.add(raw(entry + ": a type the catalog does not know", entry == Entry.BROKER ? 403 : 400,
                        entry, data, token, binaryHeaders("Tickets.GiveAway", source)));
            }
            cases.add(raw(entry + ": structured, not JSON", entry, "{\"specversion\":\"1.0\",", token,
                    Map.of("Content-Type", "application/cloudevents+json")));
            cases.add(raw(entry + ": structured without an id", entry, """
                    {"specversion":"1.0","type":"%s","source":"%s","datacontenttype":"application/json","data":%s}"""
                    .formatted(type, source, data), token, Map.of("Content-Type", "application/cloudevents+json")));
            cases.add(new Case(entry + ": 1 MB announced", 413, () -> asResponse(RawHttp.postAnnouncing(
                    sale.url(entry.part), entry.path, 1_048_576, withAuthorization(binaryHeaders(type, source),
                            token)))));
            cases.add(new Case(entry + ": 1 MB chunked", 413, () -> asResponse(RawHttp.postChunked(
                    sale.url(entry.part), entry.path, padded(1_048_576), 8192,
                    withAuthorization(binaryHeaders(type, source), token)))));
            if (entry != Entry.ROUTER && entry != Entry.BROKER) {
                // the router routes what it cannot read as a message with no variables; the services read data
                cases.add(raw(entry + ": data not JSON", entry, "<xml/>", token, binaryHeaders(type, source)));
            }
            cases.add(new Case(entry + ": GET", 405, () -> send(HttpRequest.newBuilder(uri).GET()
                    .header("Authorization", token))));
            Objects.requireNonNull(uri);
        }
        return cases.stream();
    }

    /** The HTTP APIs: the shop's sessions, the operators' APIs, the payment provider. */
    static Stream<Case> apiRequests() {
        URI gateway = sale.url(LocalSale.Part.GATEWAY);
        String admin = OperatorCredentialFilter.basic(sale.adminPassword());
        String wrongAdmin = OperatorCredentialFilter.basic("guessed");
        String saleJson = """
                {"name":"Taken over","currency":"EUR",
                 "ticketTypes":[{"type":"STANDING","name":"Standing","price":1.00,"quantity":1}],
                 "maxTicketsPerCustomer":4,"holdSeconds":30,
                 "admission":{"ratePerSecond":50,"maxActiveShoppers":20,"paused":false}}""";
        String admission = "{\"ratePerSecond\":0.01,\"maxActiveShoppers\":1,\"paused\":true}";
        String bearer = "Bearer " + merchantKey;
        List<Case> cases = new ArrayList<>();
        cases.add(request("sale reset without the credential", 401, gateway, "PUT", "/api/admin/sale", saleJson,
                null, null));
        cases.add(request("sale reset with a guessed password", 401, gateway, "PUT", "/api/admin/sale", saleJson,
                wrongAdmin, null));
        cases.add(request("sale reset from another site", 403, gateway, "PUT", "/api/admin/sale", saleJson, admin,
                "cross-site"));
        cases.add(request("sale reset, JSON cut short", 400, gateway, "PUT", "/api/admin/sale",
                saleJson.substring(0, 40), admin, null));
        cases.add(request("sale reset with a negative quantity", 400, gateway, "PUT", "/api/admin/sale",
                saleJson.replace("\"quantity\":1", "\"quantity\":-5"), admin, null));
        cases.add(request("admission paused without the credential", 401, gateway, "PUT",
                "/api/admin/sale/admission", admission, null, null));
        cases.add(request("admission paused from another site", 403, gateway, "PUT", "/api/admin/sale/admission",
                admission, admin, "cross-site"));
        cases.add(request("admission with a negative rate", 400, gateway, "PUT", "/api/admin/sale/admission",
                "{\"ratePerSecond\":-1,\"maxActiveShoppers\":1,\"paused\":false}", admin, null));
        cases.add(request("event log without the credential", 401, gateway, "GET", "/api/admin/events", null, null,
                null));
        cases.add(request("dead letters replayed without the credential", 401, gateway, "POST",
                "/api/admin/dead-letters/replay", null, null, null));
        cases.add(request("a model deployed without the credential", 401, gateway, "POST",
                "/api/admin/process/deployments", "{\"model\":\"tickets-v1\"}", null, null));
        cases.add(request("a model deployed from another site", 403, gateway, "POST",
                "/api/admin/process/deployments", "{\"model\":\"tickets-v1\"}", admin, "cross-site"));
        cases.add(request("the actuator's environment without the credential", 401, gateway, "GET",
                "/actuator/env", null, null, null));
        // sessions: the id is the fan's bearer secret; nothing else gets anywhere
        String unknown = "/api/sessions/" + UUID.randomUUID();
        cases.add(request("joining with an unknown session", 404, gateway, "POST", unknown + "/queue", null, null,
                null));
        cases.add(request("reserving with an unknown session", 404, gateway, "POST", unknown + "/reservation",
                "{\"ticketType\":\"STANDING\",\"quantity\":1}", null, null));
        cases.add(request("paying with an unknown session", 404, gateway, "POST", unknown + "/payment",
                "{\"method\":\"MONEY_TRANSFER\"}", null, null));
        // Tomcat refuses an encoded slash before anything reads the path: a problem all the same
        cases.add(request("a session id that climbs out of the API", 400, gateway, "POST",
                "/api/sessions/..%2F..%2Fadmin/queue", null, null, null));
        String victimPath = "/api/sessions/" + victim;
        cases.add(request("the victim's reservation, JSON cut short", 400, gateway, "POST", victimPath
                + "/reservation", "{\"ticketType\":", null, null));
        cases.add(request("the victim's payment with a card number that fails Luhn", 400, gateway, "POST",
                victimPath + "/payment", """
                {"method":"CARD","card":{"number":"4242 4242 4242 4241","expiry":"12/34","cvc":"123","holder":"Eve"}}""",
                null, null));
        cases.add(request("the victim's payment by an unknown method", 400, gateway, "POST", victimPath + "/payment",
                "{\"method\":\"CRYPTO\"}", null, null));
        cases.add(request("the attacker reserving more than the limit", 400, gateway, "POST", "/api/sessions/"
                + attacker + "/reservation", "{\"ticketType\":\"STANDING\",\"quantity\":1000}", null, null));
        // the payment provider: a merchant's API, card tokens bound to their payment
        URI payments = sale.url(LocalSale.Part.PAYMENTS);
        cases.add(new Case("the attacker's card token paying the victim's reservation", 409,
                () -> payment(paymentJson(attackerCard, VICTIM_RESERVATION), bearer, "hostile-1")));
        cases.add(new Case("a payment without the merchant key", 401,
                () -> payment(paymentJson(attackerCard, ATTACKER_RESERVATION), null, "hostile-2")));
        cases.add(new Case("a payment with a guessed merchant key", 401,
                () -> payment(paymentJson(attackerCard, ATTACKER_RESERVATION), "Bearer guessed", "hostile-3")));
        cases.add(new Case("a payment without an idempotency key", 400,
                () -> payment(paymentJson(attackerCard, ATTACKER_RESERVATION), bearer, null)));
        cases.add(new Case("a payment of a negative amount", 400, () -> payment(paymentJson(attackerCard,
                ATTACKER_RESERVATION).replace("\"amount\":59.00", "\"amount\":-59.00"), bearer, "hostile-4")));
        cases.add(new Case("a card that fails Luhn", 400, () -> cards("""
                {"number":"4242 4242 4242 4241","expiry":"12/34","cvc":"123","holder":"Eve"}""")));
        cases.add(request("the payments summary without the key", 401, payments, "GET", "/api/payments/summary",
                null, null, null));
        // the broker's and the router's operator APIs
        URI broker = sale.url(LocalSale.Part.BROKER);
        URI router = sale.url(LocalSale.Part.ROUTER);
        String matchAll = """
                {"broker":"default","subscriber":{"uri":"http://attacker.example/steal"}}""";
        cases.add(request("the broker's event log without the credential", 401, broker, "GET", "/api/events", null,
                null, null));
        cases.add(request("a match-all Trigger to the attacker without the credential", 401, broker, "PUT",
                "/api/triggers/steal-everything", matchAll, null, null));
        cases.add(request("a Trigger deleted without the credential", 401, broker, "DELETE",
                "/api/triggers/frontend-gateway-notifications-requested", null, null, null));
        cases.add(request("a match-all Trigger from another site", 403, broker, "PUT",
                "/api/triggers/steal-everything", matchAll, admin, "cross-site"));
        cases.add(request("the broker's dead letters replayed without the credential", 401, broker, "POST",
                "/api/dead-letters/replay", null, null, null));
        cases.add(request("a model deployed at the router without the credential", 401, router, "POST",
                "/models/tickets-v1/deployments", "{}", null, null));
        cases.add(request("BPMN posted to the router without the credential", 401, router, "POST", "/deployments",
                "<definitions/>", null, null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"forgedEventsOfEveryTypeToEveryEntry", "everyWrongTokenAtEveryEntry",
            "typesTheSenderDoesNotProduce", "rightfulDeliveriesWithOneThingWrong", "malformedEventsWithRightfulTokens",
            "apiRequests"})
    void isRefusedWithAProblemAndChangesNothing(Case hostile) {
        HttpResponse<String> response = hostile.request().get();

        assertThat(response.statusCode()).as("%s answered %s", hostile.name(), response.body())
                .isEqualTo(hostile.status());
        if (hostile.status() != 405 || !response.body().isEmpty()) {
            assertThat(response.headers().firstValue("Content-Type")).as("%s: its content type", hostile.name())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(SaleApi.JSON.readTree(response.body()).path("status").asInt()).as("%s: the problem's status",
                    hostile.name()).isEqualTo(hostile.status());
        }
    }

    // --- events --------------------------------------------------------------------------------------------------

    static String unknownSession() {
        return UUID.randomUUID().toString();
    }

    /** A well-formed event of the type from its producer, about this session, with the catalog's example data. */
    static CloudEventBuilder event(String type, String session) {
        return event(type, session, session);
    }

    /** ... whose correlation key is one session and whose data names another. */
    static CloudEventBuilder event(String type, String correlationKey, String dataSession) {
        EventDefinition definition = EventCatalog.get(type);
        CloudEventBuilder builder = CloudEventBuilder.v1().withId("hostile-" + UUID.randomUUID()).withType(type)
                .withSource(URI.create("urn:concertsale:" + definition.producer()))
                .withTime(Instant.now().atOffset(java.time.ZoneOffset.UTC))
                .withDataContentType(SaleEvents.JSON)
                .withData(exampleData(type, dataSession).toString().getBytes(StandardCharsets.UTF_8));
        if (definition.journey()) {
            builder.withExtension(SaleEvents.CORRELATION_KEY, correlationKey);
        }
        return builder;
    }

    static boolean hasSessionId(String type) {
        return exampleData(type, "x").has("sessionId");
    }

    /** The catalog's example data of a type (event-catalog's test resources), about this session. */
    static ObjectNode exampleData(String type, String session) {
        try (InputStream example = HostileInputIT.class.getResourceAsStream("/examples/" + type + ".json")) {
            assertThat(example).as("the catalog's example of %s", type).isNotNull();
            ObjectNode data = (ObjectNode) SaleApi.JSON.readTree(example);
            if (data.has("sessionId")) {
                data.put("sessionId", session);
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Case eventCase(String name, int status, Entry entry, CloudEventBuilder event, String authorization) {
        CloudEvent built = event.build();
        return new Case(name, status, () -> CloudEventRequests.binary(entry.uri(), built, authorization));
    }

    static Map<String, String> binaryHeaders(String type, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", SaleEvents.JSON);
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "hostile-" + UUID.randomUUID());
        headers.put("ce-type", type);
        headers.put("ce-source", source);
        headers.put("ce-correlationkey", victim);
        return headers;
    }

    static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    static Map<String, String> withAuthorization(Map<String, String> headers, String authorization) {
        headers.put("Authorization", authorization);
        return headers;
    }

    static Case raw(String name, Entry entry, String body, String authorization, Map<String, String> headers) {
        return raw(name, 400, entry, body, authorization, headers);
    }

    static Case raw(String name, int status, Entry entry, String body, String authorization,
            Map<String, String> headers) {
        return new Case(name, status, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(entry.uri())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            request.header("Authorization", authorization);
            return send(request);
        });
    }

    static byte[] padded(int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    // --- tokens ----------------------------------------------------------------------------------------------------

    static String producerToken(String producer) {
        return "Bearer " + tokens.producerToken(producer);
    }

    static String signed(Function<TokenIssuer, TokenIssuer> issuer, String subject, String audience, Duration ttl) {
        return issuer.apply(tokens).issue(subject, audience, ttl);
    }

    /** The token's claims under {@code "alg":"none"} and no signature. */
    static String unsigned(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    /** One token's header and signature around another's claims. */
    static String withPayloadOf(String token, String other) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
    }

    // --- APIs ------------------------------------------------------------------------------------------------------

    static Case request(String name, int status, URI server, String method, String path, String body,
            String authorization, String fetchSite) {
        return new Case(name, status, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", body.startsWith("<") ? "application/xml" : "application/json");
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (fetchSite != null) {
                request.header("Sec-Fetch-Site", fetchSite).header("Origin", "https://attacker.example");
            }
            return send(request);
        });
    }

    static String paymentJson(String cardToken, String reference) {
        return """
                {"method":"CARD","cardToken":"%s","amount":59.00,"currency":"EUR","reference":"%s",
                 "correlationKey":"%s","description":"1 x Standing"}""".formatted(cardToken, reference, reference);
    }

    static HttpResponse<String> payment(String json, String authorization, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(sale.url(LocalSale.Part.PAYMENTS)
                .resolve("/api/payments")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    static HttpResponse<String> cards(String json) {
        return send(HttpRequest.newBuilder(sale.url(LocalSale.Part.PAYMENTS).resolve("/api/cards"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw socket's answer as an HttpResponse-like view: status, content type and body. */
    static HttpResponse<String> asResponse(RawHttp.Response raw) {
        return new RawResponse(raw);
    }

    // --- what must not change ------------------------------------------------------------------------------------

    /** Every row of every service's database, the broker's store and log, the engine's files. */
    static Map<String, String> snapshot() {
        Map<String, String> state = new TreeMap<>();
        for (LocalSale.Part part : List.of(LocalSale.Part.QUEUE, LocalSale.Part.TICKETS, LocalSale.Part.PAYMENTS,
                LocalSale.Part.GATEWAY)) {
            tables(part.serviceName(), sale.context(part).getBean(DataSource.class), state);
        }
        EventStore store = sale.context(LocalSale.Part.BROKER).getBean(EventStore.class);
        state.put("broker.store", store.bytes() + " bytes, " + store.pendingEvents() + " pending");
        state.put("broker.log", sale.context(LocalSale.Part.BROKER).getBean(EventLog.class)
                .recent(Integer.MAX_VALUE, event -> true).stream().map(event -> event.event().getId()).toList()
                .toString());
        state.put("engine.files", files(LocalSale.engineDirectory(dataDir)));
        return state;
    }

    /**
     * A column that moves on its own while the sale stands still: the queue's admission lease, which the instance
     * holding it renews in every pass. Its holder is compared; when it runs out is not sale state.
     */
    static boolean heartbeat(String table, String column) {
        return table.toLowerCase(Locale.ROOT).endsWith("queue_ticker") && column.equalsIgnoreCase("lease_until");
    }

    static void tables(String service, DataSource dataSource, Map<String, String> state) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet tables = metaData.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    String schema = tables.getString("TABLE_SCHEM");
                    if (schema == null || !schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                        names.add((schema == null ? "" : schema + ".") + tables.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : names) {
                List<String> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            String value = heartbeat(table, result.getMetaData().getColumnName(column))
                                    ? "(heartbeat)" : result.getString(column);
                            row.append(column > 1 ? " | " : "").append(value);
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                state.put(service + "." + table, String.join("\n", rows));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database of " + service, e);
        }
    }

    static String files(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().map(file -> {
                try {
                    return directory.relativize(file) + "=" + Files.size(file);
                } catch (IOException e) {
                    return directory.relativize(file) + "=gone";
                }
            }).toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The state once the sale stands still: unchanged for three seconds (the payment provider authorizes 1.5 s
     * after a payment, and its event travels on).
     */
    static Map<String, String> quietSnapshot() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, String> last = snapshot();
        Instant since = Instant.now();
        while (Duration.between(since, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0) {
            Thread.sleep(250);
            Map<String, String> now = snapshot();
            if (!now.equals(last)) {
                assertThat(Instant.now()).as("the sale to stand still; it moved: %s", differences(last, now))
                        .isBefore(deadline);
                last = now;
                since = Instant.now();
            }
        }
        return last;
    }

    /** Fails the case when anything changed; the next case then compares with the sale as it now stands. */
    static void assertUnchanged(String when) {
        Map<String, String> changed = differences(baseline, snapshot());
        if (!changed.isEmpty()) {
            try {
                baseline = quietSnapshot();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(changed).as("what changed %s", when).isEmpty();
    }

    static Map<String, String> differences(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new TreeMap<>();
        for (String key : before.keySet()) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.put(key, "before:\n" + before.get(key) + "\nafter:\n" + after.get(key));
            }
        }
        after.keySet().stream().filter(key -> !before.containsKey(key)).forEach(key -> changed.put(key, "new"));
        return changed;
    }

    /** A raw socket's answer in the shape the cases compare. */
    record RawResponse(RawHttp.Response raw) implements HttpResponse<String> {

        @Override
        public int statusCode() {
            return raw.status();
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            raw.headers().forEach((name, value) -> headers.put(name, List.of(value)));
            return java.net.http.HttpHeaders.of(headers, (name, value) -> true);
        }

        @Override
        public String body() {
            return raw.body();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
