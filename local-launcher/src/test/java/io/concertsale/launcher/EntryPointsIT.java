package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concertsale.broker.identity.TokenIssuer;
import io.concertsale.eventkit.http.OperatorCredentialFilter;
import io.concertsale.eventkit.test.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The entries of a sale the launcher started, over real sockets: from another machine (a non-loopback address of
 * this one) only the gateway answers, every other part and the embedded engine refuse the connection; and every HTTP
 * entry of every part refuses a body above its limit with 413 before reading it whole.
 */
class EntryPointsIT {

    static final int DEFAULT_LIMIT = 256 * 1024;
    static final Map<String, String> EVENT = Map.of("Content-Type", "application/json", "ce-specversion", "1.0",
            "ce-id", "too-large-1", "ce-type", "Queue.CustomerJoined", "ce-source", "urn:test");

    @TempDir
    static Path dataDir;

    static LocalSale sale;
    static SaleApi api;
    static InetAddress external;

    @BeforeAll
    static void launch() throws SocketException {
        external = nonLoopbackAddress();
        sale = LocalSale.start(new LaunchOptions(dataDir, true, "entries-password", Map.of()).withModel("none"));
        api = new SaleApi(sale.url(LocalSale.Part.GATEWAY), sale.adminPassword());
    }

    @AfterAll
    static void stop() {
        if (sale != null) {
            sale.close();
        }
    }

    /** The ports that must be on the loopback interface only, by what listens there. */
    static Map<String, Integer> loopbackPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (LocalSale.Part part : LocalSale.Part.values()) {
            if (part != LocalSale.Part.GATEWAY) {
                ports.put(part.serviceName(), sale.url(part).getPort());
            }
        }
        ports.put("engine gRPC", sale.zeebeAddress().getPort());
        ports.put("engine REST", sale.embeddedEngine().orElseThrow().restAddress().orElseThrow().getPort());
        return ports;
    }

    @Test
    void everyPartButTheGatewayRefusesConnectionsFromOtherMachinesAndTakesThemOnLoopback() {
        Map<String, Integer> ports = loopbackPorts();
        assertThat(ports).hasSize(7);
        ports.forEach((part, port) -> {
            assertThatThrownBy(() -> connect(external, port)).as("%s on %s:%d", part, external, port)
                    .isInstanceOf(ConnectException.class);
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("%s on loopback", part).isTrue();
        });
    }

    @Test
    void theGatewayAnswersOnEveryInterface() throws Exception {
        int port = sale.url(LocalSale.Part.GATEWAY).getPort();
        String host = external instanceof Inet4Address ? external.getHostAddress()
                : "[" + external.getHostAddress() + "]";
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
        }
    }

    @Test
    void everyEventIngressRefusesAnEventAboveTheLimitAnnouncedOrChunked() {
        Map<LocalSale.Part, String> ingresses = new LinkedHashMap<>();
        ingresses.put(LocalSale.Part.BROKER, "/default/default");
        ingresses.put(LocalSale.Part.ROUTER, "/");
        // the payment provider subscribes to no event: it has no ingress
        for (LocalSale.Part part : List.of(LocalSale.Part.TICKETS, LocalSale.Part.QUEUE, LocalSale.Part.GATEWAY)) {
            ingresses.put(part, "/events");
        }
        TokenIssuer tokens = sale.context(LocalSale.Part.BROKER).getBean(TokenIssuer.class);
        ingresses.forEach((part, path) -> {
            URI server = sale.url(part);
            // with a valid token, so that what refuses the event is its size (a chunked body is measured as it is
            // read, after the sender was checked): the gateway's as a producer, a Trigger's as a delivery
            Map<String, String> headers = new LinkedHashMap<>(EVENT);
            headers.put("Authorization", part == LocalSale.Part.BROKER
                    ? sale.producerAuthorization(LocalSale.Part.GATEWAY)
                    : "Bearer " + tokens.issue(tokens.triggerSubject("entry-points"), part.serviceName));
            assertTooLarge(RawHttp.postAnnouncing(server, path, DEFAULT_LIMIT + 1, headers), DEFAULT_LIMIT,
                    part + " " + path + " announced");
            assertTooLarge(RawHttp.postChunked(server, path, json(DEFAULT_LIMIT + 8192), 8192, headers),
                    DEFAULT_LIMIT, part + " " + path + " chunked");
        });
    }

    @Test
    void twentyMegabytesToASessionAreRefusedAtOnceAndChangeNothing() {
        openSale("Entries");
        String id = api.newSession();
        String stage = api.session(id).path("stage").asString();

        assertTooLarge(RawHttp.postAnnouncing(sale.url(LocalSale.Part.GATEWAY), "/api/sessions/" + id + "/queue",
                20_000_000, Map.of("Content-Type", "application/json")), DEFAULT_LIMIT, "the queue, announced");

        assertThat(api.session(id).path("stage").asString()).as("the session did not join").isEqualTo(stage);
        api.join(id);
        JsonNode joined = api.awaitSession(id, session -> !session.path("stage").asString().equals(stage),
                "the session to leave stage " + stage);
        assertThat(joined.path("stage").asString()).isNotEqualTo(stage);
    }

    @Test
    void theApisRefuseBodiesAboveTheLimitAnnouncedOrChunkedAndChangeNothing() {
        String saleId = openSale("Before").path("saleId").asString();
        Map<String, String> admin = Map.of("Content-Type", "application/json", "Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("admin:" + sale.adminPassword()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        URI gateway = sale.url(LocalSale.Part.GATEWAY);
        assertTooLarge(RawHttp.announcing("PUT", gateway, "/api/admin/sale", 20_000_000, admin), DEFAULT_LIMIT,
                "the admin API, announced");
        assertTooLarge(RawHttp.chunked("PUT", gateway, "/api/admin/sale", saleJson("After", DEFAULT_LIMIT + 8192),
                8192, admin), DEFAULT_LIMIT, "the admin API, chunked");
        assertThat(api.counters().path("saleId").asString()).as("the sale was not replaced").isEqualTo(saleId);

        Map<String, String> merchant = Map.of("Content-Type", "application/json", "Authorization", "Bearer "
                + sale.settings(LocalSale.Part.PAYMENTS).get("payments.api-keys"));
        URI payments = sale.url(LocalSale.Part.PAYMENTS);
        assertTooLarge(RawHttp.postAnnouncing(payments, "/api/payments", DEFAULT_LIMIT + 1, merchant), DEFAULT_LIMIT,
                "the payments API, announced");
        assertTooLarge(RawHttp.postChunked(payments, "/api/payments", json(DEFAULT_LIMIT + 8192), 8192, merchant),
                DEFAULT_LIMIT, "the payments API, chunked");
        // the broker's operator APIs ask the same credential as the admin API; the limit comes before it
        assertTooLarge(RawHttp.announcing("PUT", sale.url(LocalSale.Part.BROKER), "/api/triggers/too-large",
                DEFAULT_LIMIT + 1, Map.of("Content-Type", "application/json")), DEFAULT_LIMIT,
                "the broker's trigger API, announced, before the credential");
        assertTooLarge(RawHttp.announcing("PUT", sale.url(LocalSale.Part.BROKER), "/api/triggers/too-large",
                DEFAULT_LIMIT + 1, admin), DEFAULT_LIMIT, "the broker's trigger API, announced");
        assertTooLarge(RawHttp.chunked("PUT", sale.url(LocalSale.Part.BROKER), "/api/triggers/too-large",
                json(DEFAULT_LIMIT + 8192), 8192, admin), DEFAULT_LIMIT, "the broker's trigger API, chunked");
    }

    @Test
    void theRoutersDeploymentsTakeUpToTheirOwnLargerLimit() {
        // the router's deployments ask the operator credential (a refusal for want of it would read no body)
        String operator = OperatorCredentialFilter.basic(sale.adminPassword());
        Map<String, String> xml = Map.of("Content-Type", "application/xml", "Authorization", operator);
        URI router = sale.url(LocalSale.Part.ROUTER);
        int deploymentLimit = 4 * 1024 * 1024;
        RawHttp.Response notBpmn = RawHttp.postChunked(router, "/deployments", xml(DEFAULT_LIMIT * 2), 65536, xml);
        assertThat(notBpmn.status()).as("a deployment above the default limit is read: %s", notBpmn.body())
                .isNotEqualTo(413).isBetween(400, 499);
        assertTooLarge(RawHttp.postAnnouncing(router, "/deployments", deploymentLimit + 1, xml), deploymentLimit,
                "the router's deployments, announced");
        assertTooLarge(RawHttp.postChunked(router, "/deployments", xml(deploymentLimit + 65536), 65536, xml),
                deploymentLimit, "the router's deployments, chunked");
        assertTooLarge(RawHttp.postAnnouncing(router, "/models/tickets-v1/deployments", DEFAULT_LIMIT + 1,
                Map.of("Content-Type", "application/json", "Authorization", operator)), DEFAULT_LIMIT,
                "the router's model API");
        assertTooLarge(RawHttp.postAnnouncing(router, "/deployments", deploymentLimit + 1,
                Map.of("Content-Type", "application/xml")), deploymentLimit,
                "the router's deployments, announced, before the credential");
    }

    private static JsonNode openSale(String name) {
        return api.openSale(new String(saleJson(name, 0), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A sale to open, padded with spaces to {@code size} bytes (0: not padded). */
    private static byte[] saleJson(String name, int size) {
        String sale = """
                {"name":"%s","currency":"EUR",
                 "ticketTypes":[{"type":"STANDING","name":"Standing","price":59.00,"quantity":20}],
                 "maxTicketsPerCustomer":4,"holdSeconds":30,
                 "admission":{"ratePerSecond":50,"maxActiveShoppers":20,"paused":false}}""".formatted(name);
        byte[] bytes = sale.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (size <= bytes.length) {
            return bytes;
        }
        byte[] padded = new byte[size];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        return padded;
    }

    private static void assertTooLarge(RawHttp.Response response, int limit, String what) {
        assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(413);
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.body()).as(what).contains("\"type\":\"urn:concertsale:problem:payload-too-large\"")
                .contains("at most " + limit + " bytes");
    }

    /** A JSON string of {@code size} bytes. */
    private static byte[] json(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        body[0] = '"';
        body[size - 1] = '"';
        return body;
    }

    /** An XML document of about {@code size} bytes that is no BPMN. */
    private static byte[] xml(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] head = "<?xml version=\"1.0\"?><notes>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = "</notes>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, size - tail.length, tail.length);
        return body;
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5000);
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try {
            connect(address, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this machine that other machines reach: up, not loopback, not link-local. */
    static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(EntryPointsIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .min((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)))
                .orElseThrow(() -> new IllegalStateException("This machine has no non-loopback address to test"
                        + " from"));
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
