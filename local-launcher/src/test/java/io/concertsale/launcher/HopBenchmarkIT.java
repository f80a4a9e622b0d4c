package io.concertsale.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concertsale.events.EventTypes;
import io.concertsale.eventkit.ingress.ReceivedEvents;
import io.concertsale.loadtest.floor.FloorServer;
import io.concertsale.loadtest.hop.HopMeasurements;
import io.concertsale.loadtest.hop.HopReport;
import io.concertsale.loadtest.hop.HopRun;
import io.concertsale.loadtest.hop.HopSettings;
import io.concertsale.loadtest.hop.RequestRun;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hop benchmark end to end at a tiny size against the real launcher: its counts add up and its report compares
 * what it measured. No speed is asserted: that is the benchmark's job (load-test/hop-benchmark), not a test's.
 */
class HopBenchmarkIT {

    /** The launcher's test classpath holds the gateway's Spring Security; the benchmark's floor JVM has none. */
    private static final String NO_SECURITY = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    @TempDir
    Path dataDir;

    @Test
    void tinyHopAndFloorAddUpAndTheReportComparesThem() throws Exception {
        try (LocalSale sale = LocalSale.start(new LaunchOptions(dataDir, true, "hop-password", Map.of()).withModel("none"));
                ConfigurableApplicationContext floor = FloorServer.application()
                        .run("--spring.autoconfigure.exclude=" + NO_SECURITY, "--logging.include-application-name=false")) {
            // the hop's event is the router's: sent with the router's token, the floor's requests with the same bytes
            HopSettings settings = new HopSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(2), 100,
                    sale.producerAuthorization(LocalSale.Part.ROUTER));
            URI floorEndpoint = URI.create("http://localhost:"
                    + ((WebServerApplicationContext) floor).getWebServer().getPort() + "/empty");

            RequestRun ceiling = HopMeasurements.ceiling(settings);
            RequestRun floorRun = HopMeasurements.requests(floorEndpoint, settings);
            HopRun hop = HopMeasurements.hop(sale.brokerIngress(), sale.url(LocalSale.Part.GATEWAY), sale.adminPassword(),
                    settings);
            HopReport report = HopReport.of(settings, sale.brokerIngress(), ceiling,
                    List.of(HopReport.Run.of(1, floorRun, hop)), HopReport.Machine.current());

            for (RequestRun requests : List.of(ceiling, floorRun)) {
                assertThat(requests.errors()).as("errors: %s", requests.errorKinds()).isZero();
                assertThat(requests.sent()).isPositive();
                assertThat(requests.answered()).isEqualTo(requests.sent());
                assertThat(requests.requestsPerSecond()).isCloseTo(requests.answered() / requests.seconds(), within(1e-6));
            }
            // every event the broker took was handled once by the gateway: none lost, redelivered or refused
            assertThat(hop.errors()).as("errors: %s", hop.errorKinds()).isZero();
            assertThat(hop.accepted()).isPositive().isEqualTo(hop.sent());
            assertThat(hop.handled()).isEqualTo(hop.accepted());
            assertThat(hop.missing()).isZero();
            assertThat(hop.duplicates()).isZero();
            assertThat(hop.rejected()).isZero();
            MeterRegistry gateway = sale.context(LocalSale.Part.GATEWAY).getBean(MeterRegistry.class);
            assertThat(gateway.get(ReceivedEvents.METER).tag("type", EventTypes.NOTIFICATIONS_REQUESTED)
                    .tag("outcome", "HANDLED").counter().count()).isEqualTo(hop.warmupAccepted() + hop.accepted());
            assertThat(hop.eventsPerSecond()).isCloseTo(hop.handled() / hop.seconds(), within(1e-6));
            // the last commit lies between two reads of the count, at least one poll interval apart
            assertThat(hop.lastCommitUncertaintyMillis()).isGreaterThanOrEqualTo(report.settings().pollIntervalMillis());

            assertThat(report.eventsPerSecond()).isEqualTo(hop.eventsPerSecond());
            assertThat(report.floorRequestsPerSecond()).isEqualTo(floorRun.requestsPerSecond());
            assertThat(report.ratio()).isCloseTo(hop.eventsPerSecond() / (floorRun.requestsPerSecond() / 2), within(1e-9));
            assertThat(report.clientCeilingRequestsPerSecond()).isEqualTo(ceiling.requestsPerSecond());
            assertThat(report.settings().concurrency()).isEqualTo(4);
        }
    }
}
