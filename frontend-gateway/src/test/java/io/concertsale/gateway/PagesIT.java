package io.concertsale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.concertsale.eventkit.test.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The fans' shop and the backoffice are served by the gateway itself: every asset local, the backoffice protected. */
class PagesIT extends GatewayContract {

    /** {@code src="/…"}, {@code href="/…"}, and module imports ({@code from '/…'} or {@code from './…'}). */
    private static final Pattern LOCAL_REFERENCE = Pattern.compile(
            "(?:src|href)=\"(/[^\"#]*)\"|from '(\\.{0,2}/[^']+)'");
    private static final Pattern ANY_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"|from '([^']+)'");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        collaborators(registry);
    }

    @Test
    void shopIsServedAtTheRoot() {
        HttpResponse<String> page = browserGet("/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/js/shop.js\"></script>")
                .contains("<main id=\"view\"");
        assertThat(browserGet("/js/shop.js", null).headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        assertThat(browserGet("/css/site.css", null).headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void everythingThePagesLoadComesFromTheGatewayItself() {
        Set<String> seen = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of("/", "/backoffice"));
        while (!pending.isEmpty()) {
            String path = pending.removeFirst();
            if (!seen.add(path)) {
                continue;
            }
            HttpResponse<String> response = browserGet(path, ADMIN_PASSWORD);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            if (!path.endsWith(".html") && !path.endsWith(".js") && !path.equals("/") && !path.equals("/backoffice")) {
                continue;
            }
            Matcher any = ANY_REFERENCE.matcher(response.body());
            while (any.find()) {
                String reference = any.group(1) != null ? any.group(1) : any.group(2);
                assertThat(reference).as("a reference in " + path).doesNotStartWith("http:").doesNotStartWith("https:")
                        .doesNotStartWith("//");
            }
            Matcher local = LOCAL_REFERENCE.matcher(response.body());
            while (local.find()) {
                String reference = local.group(1) != null ? local.group(1) : local.group(2);
                String base = path.endsWith("/") ? path : path.substring(0, path.lastIndexOf('/') + 1);
                pending.add(reference.startsWith("/") ? reference
                        : URI.create(base).resolve(reference).getPath());
            }
        }
        assertThat(seen).contains("/js/shop.js", "/js/api.js", "/js/live-session.js", "/css/site.css",
                "/backoffice/backoffice.js", "/favicon.svg");
    }

    @Test
    void backofficeAsksBrowsersToSignInAndTellsHowWhenTheyDoNot() {
        HttpResponse<String> page = browserGet("/backoffice", null);

        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).startsWith("Basic realm="));
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("user <strong>admin</strong>").contains("href=\"/backoffice\"");

        assertThat(browserGet("/backoffice/backoffice.js", null).statusCode()).isEqualTo(401);
        assertThat(browserGet("/backoffice/index.html", "wrong").statusCode()).isEqualTo(401);
        assertProblem(admin("GET", "/backoffice", null, null), 401, "unauthorized");
    }

    @Test
    void backofficeIsServedToTheAdminWithItsProcessModelPanel() {
        for (String path : List.of("/backoffice", "/backoffice/", "/backoffice/index.html")) {
            HttpResponse<String> page = browserGet(path, ADMIN_PASSWORD);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<script type=\"module\" src=\"/backoffice/backoffice.js\">")
                    .contains("id=\"process-model\"")
                    .contains("<select id=\"model-version\"")
                    .as("enabled once the router's models are loaded")
                    .contains("<button type=\"button\" id=\"deploy-model\" disabled");
        }
    }

    private HttpResponse<String> browserGet(String path, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET();
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
