package io.concertsale.loadtest.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The floor server as the benchmark starts it: an empty endpoint on the services' stack and settings. */
class FloorServerIT {

    @Test
    void answers202ToAPostWithABodyOnTheServicesStackAndSettings() throws Exception {
        try (ConfigurableApplicationContext context = FloorServer.application().run();
                HttpClient http = HttpClient.newHttpClient()) {
            TomcatWebServer tomcat = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + tomcat.getPort() + EmptyEndpoint.PATH)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sessionId\":\"" + "x".repeat(10_000) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            // event-kit.yml's settings, as every service gets them
            assertThat(context.getEnvironment().getProperty("spring.threads.virtual.enabled", Boolean.class)).isTrue();
            assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
            assertThat(tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor().getClass().getSimpleName())
                    .isEqualTo("VirtualThreadExecutor");
            // the actuator observes every request, as in the services (it records once the answer has gone)
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (meters.find("http.server.requests").tag("uri", EmptyEndpoint.PATH).timer() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(meters.get("http.server.requests").tag("uri", EmptyEndpoint.PATH).timer().count()).isEqualTo(1);
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        }
    }
}
