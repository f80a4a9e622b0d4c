package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.engine.record.EngineRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine acknowledged is on disk: a copy of its data folder taken while it runs (what a SIGKILL leaves) is
 * enough for another engine to go on where it was, messages, jobs and timers included.
 */
class DurabilityTest {

    static final BpmnModelInstance MODEL = Bpmn.createExecutableProcess("journey")
            .startEvent("Joined").message("Joined")
            .receiveTask("Admitted").message(m -> m.name("Admitted").zeebeCorrelationKeyExpression("fan"))
            .boundaryEvent("Timeout", b -> b.timerWithDuration("PT2M")).endEvent("End_TimedOut")
            .moveToActivity("Admitted")
            .serviceTask("Emit", t -> t.zeebeJobType("emit"))
            .endEvent("End")
            .done();

    @TempDir
    Path data;

    @Test
    void aCopyOfTheDataFolderTakenWhileTheEngineRunsRecoversEveryAcknowledgedCommand() throws IOException {
        Path copy = data.resolve("copy");
        try (EngineHarness running = new EngineHarness(EngineOptions.durable(data.resolve("engine")))) {
            running.deploy(MODEL);
            running.publish("Joined", "fan-1", Map.of("fan", "fan-1"));
            running.publish("Joined", "fan-2", Map.of("fan", "fan-2"));
            running.publish("Joined", "fan-3", Map.of("fan", "fan-3"));
            running.publish("Admitted", "fan-1", Map.of("seat", 7));
            running.idle();
            // what a kill -9 now would leave on disk
            copyFolder(data.resolve("engine"), copy);
        }

        try (EngineHarness recovered = new EngineHarness(EngineOptions.durable(copy))) {
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).isEqualTo(3);
            var jobs = recovered.jobs("emit");
            assertThat(jobs).as("fan-1 was admitted before the crash").singleElement()
                    .satisfies(job -> assertThat(job.getVariablesAsMap()).containsEntry("seat", 7));
            recovered.client.newCompleteCommand(jobs.getFirst()).send().join();

            recovered.publish("Admitted", "fan-2", Map.of());
            recovered.passTime(Duration.ofMinutes(2));
            assertThat(recovered.completeAll("emit", Map.of())).as("fan-2 goes on; fan-3 timed out").isEqualTo(1);
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).isZero();
        }
    }

    @Test
    void aTornEntryAtTheEndOfTheJournalIsCutOffAndTheRestRecovers() throws IOException {
        Path folder = data.resolve("torn");
        try (EngineHarness running = new EngineHarness(EngineOptions.durable(folder))) {
            running.deploy(MODEL);
            running.publish("Joined", "fan-1", Map.of("fan", "fan-1"));
            running.idle();
        }
        // a crash in the middle of writing the next entry
        Files.write(journalOf(folder), new byte[] {0, 0, 1, 0, 42, 42, 42}, StandardOpenOption.APPEND);

        try (EngineHarness recovered = new EngineHarness(EngineOptions.durable(folder))) {
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).isEqualTo(1);
            recovered.publish("Admitted", "fan-1", Map.of());
            assertThat(recovered.completeAll("emit", Map.of())).isEqualTo(1);
        }
        try (EngineHarness again = new EngineHarness(EngineOptions.durable(folder))) {
            again.idle();
            assertThat(again.engine.activeInstances()).as("the journal goes on after the cut").isZero();
        }
    }

    @Test
    void aTimerThatFellDueWhileTheEngineWasDownFiresOnRestart() {
        Path folder = data.resolve("timer");
        EngineClock clock = new EngineClock();
        try (EngineHarness running = new EngineHarness(EngineOptions.durable(folder))) {
            running.deploy(MODEL);
            running.publish("Joined", "fan-1", Map.of("fan", "fan-1"));
            running.idle();
        }
        clock.advance(Duration.ofMinutes(3));
        try (EngineHarness recovered = new EngineHarness(EngineOptions.durable(folder).withClock(clock))) {
            recovered.await(() -> recovered.engine.activeInstances() == 0, "the timed-out journey ended");
            assertThat(recovered.jobs("emit")).isEmpty();
        }
    }

    @Test
    void snapshotsKeepTheDataFolderBoundedAndRecoverWhatWasRunning() throws IOException {
        Path folder = data.resolve("snapshots");
        Path copy = data.resolve("snapshots-copy");
        long lastKeyBefore;
        try (EngineHarness running = new EngineHarness(EngineOptions.durable(folder).withSnapshotEvery(7))) {
            running.deploy(MODEL);
            for (int fan = 0; fan < 40; fan++) {
                running.publish("Joined", "fan-" + fan, Map.of("fan", "fan-" + fan));
                running.publish("Admitted", "fan-" + fan, Map.of("seat", fan));
            }
            assertThat(running.completeAll("emit", Map.of())).isEqualTo(40);
            // still running at the snapshot: one waiting to be admitted (a timer), one with its job activated,
            // one with a buffered message for a later step, one with an incident
            running.publish("Joined", "waiting", Map.of("fan", "waiting"));
            running.publish("Joined", "working", Map.of("fan", "working"));
            running.publish("Admitted", "working", Map.of());
            running.publish("Joined", "broken", Map.of("fan", "broken"));
            running.publish("Admitted", "broken", Map.of());
            running.idle();
            var activated = running.jobs("emit");
            assertThat(activated).hasSize(2);
            var broken = activated.stream().filter(job -> job.getVariablesAsMap().get("fan").equals("broken"))
                    .findFirst().orElseThrow();
            running.client.newFailCommand(broken).retries(0).errorMessage("down").send().join();
            running.idle();
            lastKeyBefore = broken.getKey();
            copyFolder(folder, copy);
        }
        try (var files = Files.list(copy)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("a snapshot and the journal since, nothing older").hasSize(2).contains("snapshot.jsonl");
        }
        assertThat(Files.readAllLines(copy.resolve("snapshot.jsonl")).stream()
                .filter(line -> line.startsWith("{\"instance\":{"))).as("finished journeys are not in it").hasSize(3);

        try (EngineHarness recovered = new EngineHarness(EngineOptions.durable(copy).withSnapshotEvery(7))) {
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).isEqualTo(3);
            var incident = recovered.history.of(EngineRecord.Incident.class)
                    .filter(record -> record.jobKey() == lastKeyBefore).toList();
            assertThat(incident).as("the incident was restored").singleElement()
                    .satisfies(record -> assertThat(record.errorMessage()).isEqualTo("down"));
            recovered.passTime(Duration.ofMinutes(1));
            var working = recovered.jobs("emit");
            assertThat(working).as("the activated job times out and comes back once its deadline passed")
                    .singleElement().satisfies(job -> {
                        assertThat(job.getVariablesAsMap()).containsEntry("fan", "working");
                        assertThat(job.getKey()).isLessThan(lastKeyBefore);
                    });
            recovered.client.newCompleteCommand(working.getFirst()).send().join();
            recovered.publish("Joined", "late", Map.of("fan", "late"));
            recovered.passTime(Duration.ofMinutes(2));
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).as("'waiting' and 'late' timed out, 'broken' waits")
                    .isEqualTo(1);
            recovered.client.newUpdateRetriesCommand(lastKeyBefore).retries(1).send().join();
            recovered.client.newResolveIncidentCommand(incident.getFirst().incidentKey()).send().join();
            assertThat(recovered.completeAll("emit", Map.of())).isEqualTo(1);
            recovered.idle();
            assertThat(recovered.engine.activeInstances()).isZero();
            long newKey = recovered.history.of(EngineRecord.Element.class)
                    .mapToLong(EngineRecord.Element::processInstanceKey).max()
                    .orElseThrow();
            assertThat(newKey).as("keys go on after the snapshot").isGreaterThan(lastKeyBefore);
        }
        // the original folder after its clean stop: a snapshot alone (an empty journal) holds the same
        try (EngineHarness restarted = new EngineHarness(EngineOptions.durable(folder))) {
            assertThat(Files.size(journalOf(folder))).isZero();
            restarted.idle();
            assertThat(restarted.engine.activeInstances()).isEqualTo(3);
            assertThat(restarted.history.of(EngineRecord.Incident.class))
                    .singleElement().satisfies(record -> assertThat(record.jobKey()).isEqualTo(lastKeyBefore));
        }
    }

    private static Path journalOf(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("journal-")).findFirst()
                    .orElseThrow();
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
