package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Tomcat refuses before any filter or servlet sees it is a problem+json too, on a real embedded server with the
 * kit's auto-configuration: paths with an encoded slash or climbing out of the root. (Without the kit's valve Tomcat
 * answers with its HTML page.)
 */
@SpringBootTest(classes = TomcatRefusalsIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=event-kit", "spring.application.name=tomcat-refusals-test",
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
class TomcatRefusalsIT {

    static final AtomicInteger handled = new AtomicInteger();

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/api/..%2F..%2Fadmin/queue", "/api/%2e%2e/%2e%2e/etc", "/api/a%00b"})
    void aPathTomcatRefusesIsAProblemAndReachesNothing(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith(Problems.PROBLEM_JSON));
            assertThat(response.body()).contains("\"type\":\"urn:concertsale:problem:invalid-request\"")
                    .contains("\"status\":400").doesNotContain("<html");
            assertThat(handled).hasValue(0);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Anything.class)
    static class App {
    }

    @RestController
    static class Anything {

        @PostMapping("/**")
        String anything() {
            handled.incrementAndGet();
            return "handled";
        }
    }
}
