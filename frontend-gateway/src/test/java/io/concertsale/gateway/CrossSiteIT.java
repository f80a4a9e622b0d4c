package io.concertsale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.test.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests a browser sends from a page of another site: the admin API refuses their changes even with the admin's
 * credential (the browser replays it), and the session WebSocket refuses their handshakes.
 */
class CrossSiteIT extends GatewayContract {

    private static final String EVIL = "https://evil.example";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }

    private HttpResponse<String> admission(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/admin/sale/admission"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"ratePerSecond\":100,\"maxActiveShoppers\":800,\"paused\":true}"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void anAdminChangeFromAnotherSiteIsRefusedEvenWithTheCredential() throws Exception {
        String sale = admin("GET", "/api/admin/sale", null).body();

        HttpResponse<String> foreignOrigin = admission("Origin", EVIL);
        HttpResponse<String> crossSite = admission("Sec-Fetch-Site", "cross-site");
        HttpResponse<String> sameSite = admission("Sec-Fetch-Site", "same-site", "Origin", "http://shop.localhost");

        for (HttpResponse<String> refused : java.util.List.of(foreignOrigin, crossSite, sameSite)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("problem:cross-site-request");
        }
        assertThat(admin("GET", "/api/admin/sale", null).body()).as("nothing changed").isEqualTo(sale);
        HttpResponse<String> sameOrigin = admission("Origin", "http://localhost:" + port, "Sec-Fetch-Site",
                "same-origin");
        HttpResponse<String> script = admission();
        assertThat(sameOrigin.statusCode()).as("past the check (200, or 409 without a sale)").isIn(200, 409);
        assertThat(script.statusCode()).isIn(200, 409);
    }

    @Test
    void onlyPagesOfTheGatewaysOwnOriginOpenTheSessionWebSocket() {
        String id = newSession();

        assertThat(handshake(id, EVIL)).startsWith("HTTP/1.1 403");
        assertThat(handshake(id, "http://localhost:" + port)).startsWith("HTTP/1.1 101");
    }

    private String handshake(String id, String origin) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("GET /ws/sessions/" + id + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nOrigin: " + origin + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[64];
            int read = socket.getInputStream().read(head);
            return new String(head, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
