package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.test.RawHttp;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The body size limit over real HTTP, on a real embedded server with the kit's auto-configuration: a Spring MVC
 * endpoint and a {@link CloudEventServlet}, both behind the limit of 1 KB, and a path with 4 KB of its own.
 */
@SpringBootTest(classes = BodySizeLimitIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=event-kit", "spring.application.name=body-limit-test",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "sale.http.max-body-bytes=1KB", "sale.http.max-body-bytes-by-path[/large]=4KB"})
class BodySizeLimitIT {

    static final AtomicInteger handled = new AtomicInteger();
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    static final Map<String, String> EVENT = Map.of("Content-Type", "application/json", "ce-specversion", "1.0",
            "ce-id", "e-1", "ce-type", "Test.Happened", "ce-source", "urn:test");

    @LocalServerPort
    int port;

    URI server() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @BeforeEach
    void reset() {
        handled.set(0);
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsRefusedBeforeTheBodyIsSent() {
        RawHttp.Response response = RawHttp.postAnnouncing(server(), "/echo", 20_000_000, JSON);

        assertTooLarge(response, 1024);
    }

    @Test
    void anEventAboveTheLimitIsRefusedBeforeTheBodyIsSent() {
        RawHttp.Response response = RawHttp.postAnnouncing(server(), "/events", 1025, EVENT);

        assertTooLarge(response, 1024);
    }

    @Test
    void aChunkedBodyAboveTheLimitIsRefusedWhileItIsRead() {
        RawHttp.Response response = RawHttp.postChunked(server(), "/echo", json(1500), 256, JSON);

        assertTooLarge(response, 1024);
    }

    @Test
    void aChunkedEventAboveTheLimitIsRefusedWhileItIsRead() {
        RawHttp.Response response = RawHttp.postChunked(server(), "/events", json(1500), 256, EVENT);

        assertTooLarge(response, 1024);
    }

    @Test
    void bodiesWithinTheLimitPassChunkedOrNot() {
        byte[] body = json(1024);
        RawHttp.Response chunked = RawHttp.postChunked(server(), "/echo", body, 256, JSON);
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("1024");

        RawHttp.Response event = RawHttp.postChunked(server(), "/events", body, 100, EVENT);
        assertThat(event.status()).isEqualTo(202);
        assertThat(handled).hasValue(2);
    }

    @Test
    void aPathWithALimitOfItsOwnTakesMoreButNotWithoutEnd() {
        RawHttp.Response within = RawHttp.postChunked(server(), "/large/echo", json(4096), 512, JSON);
        assertThat(within.status()).isEqualTo(200);
        assertThat(within.body()).isEqualTo("4096");
        handled.set(0);

        assertTooLarge(RawHttp.postAnnouncing(server(), "/large/echo", 4097, JSON), 4096);
        assertTooLarge(RawHttp.postChunked(server(), "/large/echo", json(5000), 512, JSON), 4096);
    }

    private static void assertTooLarge(RawHttp.Response response, int limit) {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith(Problems.PROBLEM_JSON);
        assertThat(response.body()).contains("\"type\":\"urn:concertsale:problem:payload-too-large\"")
                .contains("\"status\":413").contains("at most " + limit + " bytes");
        assertThat(handled).as("nothing handled the refused body").hasValue(0);
    }

    /** A JSON string of exactly {@code size} bytes. */
    static byte[] json(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        body[0] = '"';
        body[size - 1] = '"';
        return body;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Echo.class)
    static class App {

        @Bean
        ServletRegistrationBean<CloudEventServlet> events() {
            return new ServletRegistrationBean<>(new CloudEventServlet() {
                @Override
                protected void receive(CloudEvent event, HttpServletResponse response) {
                    handled.incrementAndGet();
                    response.setStatus(202);
                }
            }, "/events");
        }
    }

    @RestController
    static class Echo {

        @PostMapping({"/echo", "/large/echo"})
        String echo(@RequestBody byte[] body) {
            handled.incrementAndGet();
            return Integer.toString(body.length);
        }
    }
}
