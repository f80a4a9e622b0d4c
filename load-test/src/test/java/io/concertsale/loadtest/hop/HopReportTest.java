package io.concertsale.loadtest.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class HopReportTest {

    private static final HopSettings SETTINGS = new HopSettings(16, Duration.ofSeconds(2), Duration.ofSeconds(4), 256);
    private static final URI INGRESS = URI.create("http://localhost:8090/default/default");
    private static final HopReport.Machine MACHINE = new HopReport.Machine(2, "test CPU", "test JDK", "test OS");

    private static RequestRun floor(double requestsPerSecond) {
        return new RequestRun(1000, 1000, 0, Map.of(), 1000 / requestsPerSecond, requestsPerSecond, 10);
    }

    private static HopRun hop(double eventsPerSecond) {
        return new HopRun(500, 100, 100, 0, Map.of(), 100, 0, 0, 0, 100 / eventsPerSecond, 60, eventsPerSecond, 20);
    }

    @Test
    void ratioComparesTheHopWithTwoFloorRequests() {
        assertThat(HopReport.ratio(2_200, 22_000)).isCloseTo(0.2, within(1e-12));
        assertThat(HopReport.ratio(11_000, 22_000)).isCloseTo(1.0, within(1e-12));
        assertThat(HopReport.ratio(1_000, 0)).isZero();
    }

    @Test
    void runsRatioIsItsOwnHopOverItsOwnFloor() {
        assertThat(HopReport.Run.of(1, floor(20_000), hop(3_000)).ratio()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
        assertThat(HopReport.median(List.of(3.0, 1.0, 2.0), Double::doubleValue)).isEqualTo(2.0);
        assertThat(HopReport.median(List.of(7.0), Double::doubleValue)).isEqualTo(7.0);
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        assertThat(HopReport.median(List.of(4.0, 1.0, 3.0, 10.0), Double::doubleValue)).isEqualTo(3.5);
    }

    @Test
    void reportTakesTheMedianOfEachFigureAndOfTheRunsRatios() {
        HopReport report = HopReport.of(SETTINGS, INGRESS, floor(50_000), List.of(
                HopReport.Run.of(1, floor(10_000), hop(3_000)),   // ratio 0.6
                HopReport.Run.of(2, floor(20_000), hop(1_000)),   // ratio 0.1
                HopReport.Run.of(3, floor(40_000), hop(2_000))),  // ratio 0.1
                MACHINE);

        assertThat(report.eventsPerSecond()).isEqualTo(2_000);
        assertThat(report.floorRequestsPerSecond()).isEqualTo(20_000);
        // the median of the runs' ratios, not the ratio of the medians (which would be 0.2)
        assertThat(report.ratio()).isCloseTo(0.1, within(1e-12));
        assertThat(report.clientCeilingRequestsPerSecond()).isEqualTo(50_000);
        assertThat(report.settings().concurrency()).isEqualTo(16);
        assertThat(report.settings().durationSeconds()).isEqualTo(4.0);
        assertThat(report.settings().bodyBytes()).isPositive().isLessThan(report.settings().requestBytes());
    }

    @Test
    void reportReadsEveryStepsFiguresAndWritesTheJson(@TempDir Path folder) throws IOException {
        HopReport.JSON.writeValue(folder.resolve("ceiling.json").toFile(), floor(60_000));
        HopReport.JSON.writeValue(folder.resolve("floor-1.json").toFile(), floor(20_000));
        HopReport.JSON.writeValue(folder.resolve("hop-1.json").toFile(), hop(2_000));
        HopReport.JSON.writeValue(folder.resolve("floor-2.json").toFile(), floor(22_000));
        HopReport.JSON.writeValue(folder.resolve("hop-2.json").toFile(), hop(2_400));
        Path out = folder.resolve("hop-report.json");

        HopReport report = HopBenchmark.report(HopOptions.parse(new String[] {"--step=report",
                "--measurements=" + folder, "--out=" + out, "--concurrency=16"}, Map.of()));
        report.write(out);

        JsonNode json = HopReport.JSON.readTree(Files.readString(out));
        assertThat(json.path("eventsPerSecond").asDouble()).isEqualTo(2_200);
        assertThat(json.path("floorRequestsPerSecond").asDouble()).isEqualTo(21_000);
        assertThat(json.path("ratio").asDouble()).isCloseTo((0.2 + 2_400 / 11_000.0) / 2, within(1e-12));
        assertThat(json.path("clientCeilingRequestsPerSecond").asDouble()).isEqualTo(60_000);
        assertThat(json.path("runs")).hasSize(2);
        assertThat(json.path("runs").path(1).path("hop").path("handled").asLong()).isEqualTo(100);
        assertThat(json.path("settings").path("concurrency").asInt()).isEqualTo(16);
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("jdk").asString()).contains(String.valueOf(Runtime.version().feature()));
    }
}
