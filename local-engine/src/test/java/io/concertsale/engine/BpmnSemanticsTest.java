package io.concertsale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.EngineRecord.IncidentIntent;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The BPMN elements the engine runs, driven over gRPC by camunda-client-java, checked on the recorded history. */
class BpmnSemanticsTest {

    static EngineHarness harness;

    @BeforeAll
    static void start() {
        harness = EngineHarness.inMemory();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aServiceTaskJobCarriesItsHeadersAndVariablesAndItsResultDecidesTheExclusiveGateway() {
        harness.deploy(Bpmn.createExecutableProcess("decide")
                .startEvent("Start")
                .serviceTask("Task", task -> task.zeebeJobType("decide-work").zeebeTaskHeader("kind", "check")
                        .zeebeInputExpression("amount * 2", "doubled"))
                .exclusiveGateway("Gateway")
                .defaultFlow().endEvent("End_Small")
                .moveToLastGateway()
                .conditionExpression("approved = true").endEvent("End_Approved")
                .done());
        long instance = harness.start("decide", Map.of("amount", 21));

        List<ActivatedJob> jobs = harness.jobs("decide-work");
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.getCustomHeaders()).containsEntry("kind", "check");
            assertThat(job.getVariablesAsMap()).containsEntry("amount", 21).containsEntry("doubled", 42);
            assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
            assertThat(job.getElementId()).isEqualTo("Task");
        });
        harness.client.newCompleteCommand(jobs.getFirst()).variables(Map.of("approved", true)).send().join();

        assertThat(harness.completed(instance)).containsExactly("Start", "Task", "Gateway", "End_Approved", "decide");
        assertThat(harness.history.of(EngineRecord.Variable.class)
                .filter(v -> v.processInstanceKey() == instance && v.name().equals("approved")))
                .singleElement().satisfies(v -> {
                    assertThat(v.scopeKey()).as("set on the process instance").isEqualTo(instance);
                    assertThat(v.value()).isEqualTo("true");
                });
    }

    @Test
    void aMessagePublishedBeforeTheInstanceWaitsIsBufferedAndCorrelatedOnce() {
        harness.deploy(Bpmn.createExecutableProcess("buffered")
                .startEvent("Start")
                .receiveTask("Receive").message(m -> m.name("Early").zeebeCorrelationKeyExpression("orderId"))
                .endEvent("End")
                .done());
        harness.client.newPublishMessageCommand().messageName("Early").correlationKey("o-1").messageId("m-1")
                .timeToLive(Duration.ofMinutes(5)).variables(Map.of("early", true)).send().join();
        assertThatThrownBy(() -> harness.client.newPublishMessageCommand().messageName("Early").correlationKey("o-1")
                .messageId("m-1").timeToLive(Duration.ofMinutes(5)).send().join())
                .isInstanceOfSatisfying(ClientStatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

        long first = harness.start("buffered", Map.of("orderId", "o-1"));
        long second = harness.start("buffered", Map.of("orderId", "o-1"));

        assertThat(harness.completed(first)).containsExactly("Start", "Receive", "End", "buffered");
        assertThat(harness.completed(second)).as("a message correlates once per process").containsExactly("Start");
        harness.publish("Early", "o-1", Map.of());
        assertThat(harness.completed(second)).contains("Receive", "buffered");
    }

    @Test
    void aMessageStartEventStartsOneInstancePerCorrelationKeyAtATime() {
        harness.deploy(Bpmn.createExecutableProcess("started")
                .startEvent("Start").message("Joined")
                .receiveTask("Receive").message(m -> m.name("Left").zeebeCorrelationKeyExpression("key"))
                .endEvent("End")
                .done());
        harness.publish("Joined", "fan-1", Map.of("key", "fan-1", "round", 1));
        harness.publish("Joined", "fan-1", Map.of("key", "fan-1", "round", 2));
        harness.idle();

        List<EngineRecord.MessageStartCorrelated> starts = startsOf("fan-1");
        assertThat(starts).as("the second message waits while the first instance runs").hasSize(1);

        harness.publish("Left", "fan-1", Map.of());
        harness.await(() -> startsOf("fan-1").size() == 2, "the buffered message starting the next instance");
        long secondInstance = startsOf("fan-1").get(1).processInstanceKey();
        assertThat(harness.history.of(EngineRecord.Variable.class).filter(v -> v.processInstanceKey() == secondInstance
                && v.name().equals("round"))).singleElement().extracting(EngineRecord.Variable::value).isEqualTo("2");
    }

    private static List<EngineRecord.MessageStartCorrelated> startsOf(String key) {
        return harness.history.of(EngineRecord.MessageStartCorrelated.class)
                .filter(r -> r.correlationKey().equals(key)).toList();
    }

    @Test
    void timersFireOnTheEnginesClockInterruptingOrRepeating() {
        harness.deploy(Bpmn.createExecutableProcess("timers")
                .startEvent("Start")
                .receiveTask("Wait").message(m -> m.name("Never").zeebeCorrelationKeyExpression("key"))
                .boundaryEvent("Every10s", b -> b.cancelActivity(false).timerWithCycle("R3/PT10S"))
                .serviceTask("Remind", t -> t.zeebeJobType("remind")).endEvent("Reminded")
                .moveToActivity("Wait")
                .boundaryEvent("After1m", b -> b.timerWithDuration("PT1M"))
                .endEvent("TimedOut")
                .moveToActivity("Wait").endEvent("End")
                .done());
        long instance = harness.start("timers", Map.of("key", "t-1"));
        harness.idle();
        assertThat(harness.history.of(EngineRecord.Timer.class).filter(t -> t.processInstanceKey() == instance
                && t.intent() == EngineRecord.TimerIntent.CREATED)).extracting(EngineRecord.Timer::repetitions)
                .containsExactlyInAnyOrder(3, 1);

        harness.passTime(Duration.ofSeconds(10));
        harness.passTime(Duration.ofSeconds(10));
        harness.passTime(Duration.ofSeconds(10));
        harness.passTime(Duration.ofSeconds(10));
        assertThat(harness.completeAll("remind", Map.of())).as("three repetitions, then no more").isEqualTo(3);
        assertThat(harness.ended(instance, "timers")).isFalse();

        harness.passTime(Duration.ofSeconds(30));
        assertThat(harness.completed(instance)).endsWith("After1m", "TimedOut", "timers");
        assertThat(harness.terminated(instance)).containsExactly("Wait");
    }

    @Test
    void aParallelGatewayJoinsBothBranches() {
        harness.deploy(Bpmn.createExecutableProcess("parallel")
                .startEvent("Start").parallelGateway("Fork")
                .serviceTask("A", t -> t.zeebeJobType("branch-a")).parallelGateway("Join").endEvent("End")
                .moveToNode("Fork").serviceTask("B", t -> t.zeebeJobType("branch-b")).connectTo("Join")
                .done());
        long instance = harness.start("parallel", Map.of());
        harness.completeAll("branch-a", Map.of("a", 1));
        assertThat(harness.completed(instance)).doesNotContain("Join");
        harness.completeAll("branch-b", Map.of("b", 2));
        assertThat(harness.completed(instance)).containsSubsequence("Fork", "Join", "End", "parallel")
                .containsOnlyOnce("Join");
    }

    @Test
    void aThrownErrorIsCaughtByItsBoundaryEventOrBecomesAnIncident() {
        harness.deploy(Bpmn.createExecutableProcess("errors")
                .startEvent("Start")
                .serviceTask("Task", t -> t.zeebeJobType("may-fail"))
                .boundaryEvent("Declined", b -> b.error("DECLINED")).endEvent("End_Declined")
                .moveToActivity("Task").endEvent("End")
                .done());
        long caught = harness.start("errors", Map.of());
        ActivatedJob job = harness.jobs("may-fail").getFirst();
        harness.client.newThrowErrorCommand(job).errorCode("DECLINED").send().join();
        assertThat(harness.completed(caught)).endsWith("Declined", "End_Declined", "errors");

        long uncaught = harness.start("errors", Map.of());
        ActivatedJob other = harness.jobs("may-fail").getFirst();
        harness.client.newThrowErrorCommand(other).errorCode("UNKNOWN").errorMessage("what now").send().join();
        harness.idle();
        assertThat(incidentsOf(uncaught)).singleElement().satisfies(incident -> {
            assertThat(incident.errorType()).isEqualTo("UNHANDLED_ERROR_EVENT");
            assertThat(incident.errorMessage()).contains("UNKNOWN").contains("what now");
            assertThat(incident.elementId()).isEqualTo("Task");
        });
    }

    @Test
    void aJobOutOfRetriesRaisesAnIncidentThatResolvesOnceItHasRetriesAgain() {
        harness.deploy(Bpmn.createExecutableProcess("retries")
                .startEvent("Start").serviceTask("Task", t -> t.zeebeJobType("flaky").zeebeJobRetries("2"))
                .endEvent("End").done());
        long instance = harness.start("retries", Map.of());
        ActivatedJob job = harness.jobs("flaky").getFirst();
        assertThat(job.getRetries()).isEqualTo(2);
        harness.client.newFailCommand(job).retries(1).retryBackoff(Duration.ofSeconds(30)).errorMessage("busy")
                .send().join();
        assertThat(harness.jobs("flaky")).as("backing off").isEmpty();
        harness.passTime(Duration.ofSeconds(30));
        ActivatedJob again = harness.jobs("flaky").getFirst();
        harness.client.newFailCommand(again).retries(0).errorMessage("down").send().join();
        harness.idle();
        EngineRecord.Incident incident = incidentsOf(instance).getFirst();
        assertThat(incident.errorType()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incident.errorMessage()).isEqualTo("down");

        harness.client.newUpdateRetriesCommand(again.getKey()).retries(1).send().join();
        harness.client.newResolveIncidentCommand(incident.incidentKey()).send().join();
        assertThat(harness.completeAll("flaky", Map.of())).isEqualTo(1);
        assertThat(harness.completed(instance)).endsWith("Task", "End", "retries");
    }

    @Test
    void aGatewayWithoutAFlowToTakeRaisesAnIncidentThatGoesOnOnceTheVariablesAreFixed() {
        harness.deploy(Bpmn.createExecutableProcess("stuck")
                .startEvent("Start").exclusiveGateway("Which")
                .conditionExpression("size = \"S\"").endEvent("End_Small")
                .moveToLastGateway().conditionExpression("size = \"L\"").endEvent("End_Large")
                .done());
        long instance = harness.start("stuck", Map.of("size", "M"));
        harness.idle();
        EngineRecord.Incident incident = incidentsOf(instance).getFirst();
        assertThat(incident.errorType()).isEqualTo("CONDITION_ERROR");
        assertThat(incident.elementId()).isEqualTo("Which");
        assertThat(incident.errorMessage()).contains("Expected at least one condition to evaluate to true");

        harness.client.newSetVariablesCommand(instance).variables(Map.of("size", "L")).send().join();
        harness.client.newResolveIncidentCommand(incident.incidentKey()).send().join();
        assertThat(harness.completed(instance)).containsExactly("Start", "Which", "End_Large", "stuck");
    }

    private static List<EngineRecord.Incident> incidentsOf(long instance) {
        return harness.history.of(EngineRecord.Incident.class).filter(i -> i.processInstanceKey() == instance
                && i.intent() == IncidentIntent.CREATED).toList();
    }

    @Test
    void anEventSubProcessInterruptsItsScopeOnAMessage() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("escalation")
                .eventSubProcess("Escalation", sub -> sub.startEvent("Escalated").interrupting(true)
                        .message(m -> m.name("Escalate").zeebeCorrelationKeyExpression("key"))
                        .endEvent("End_Escalated"))
                .startEvent("Start")
                .serviceTask("Task", t -> t.zeebeJobType("slow-work"))
                .endEvent("End")
                .done();
        harness.deploy(model);
        long instance = harness.start("escalation", Map.of("key", "e-1"));
        harness.idle();
        harness.publish("Escalate", "e-1", Map.of("why", "late"));
        assertThat(harness.completed(instance)).endsWith("Escalated", "End_Escalated", "Escalation", "escalation");
        assertThat(harness.terminated(instance)).containsExactly("Task");
        assertThat(harness.jobs("slow-work")).as("the job was cancelled").isEmpty();
    }

    @Test
    void anErrorEndEventInASubProcessIsCaughtByTheBoundaryEventOnTheSubProcess() {
        harness.deploy(Bpmn.createExecutableProcess("declined")
                .startEvent("Start")
                .subProcess("Payment", sub -> sub.embeddedSubProcess().startEvent("Payment_Start")
                        .exclusiveGateway("Paid").defaultFlow().endEvent("Payment_Done")
                        .moveToLastGateway().conditionExpression("declined").endEvent("Payment_Declined",
                                end -> end.error("CARD_DECLINED")))
                .boundaryEvent("Caught", boundary -> boundary.error("CARD_DECLINED")).endEvent("End_Declined")
                .moveToActivity("Payment").endEvent("End")
                .done());
        long declined = harness.start("declined", Map.of("declined", true));
        long paid = harness.start("declined", Map.of("declined", false));
        assertThat(harness.completed(declined)).endsWith("Caught", "End_Declined", "declined")
                .doesNotContain("Payment", "End");
        assertThat(harness.terminated(declined)).as("the scope ends, with the end event that threw")
                .containsExactly("Payment_Declined", "Payment");
        assertThat(harness.completed(paid)).endsWith("Payment_Done", "Payment", "End", "declined");
    }

    @Test
    void aNonInterruptingTimerEventSubProcessRunsBesideItsScopeUntilTheScopeEnds() {
        harness.deploy(Bpmn.createExecutableProcess("nudges")
                .eventSubProcess("Nudge", sub -> sub.startEvent("Every5s").interrupting(false)
                        .timerWithCycle("R/PT5S").serviceTask("SendNudge", t -> t.zeebeJobType("nudge"))
                        .endEvent("Nudged"))
                .startEvent("Start")
                .receiveTask("Wait").message(m -> m.name("Done").zeebeCorrelationKeyExpression("key"))
                .endEvent("End")
                .done());
        long instance = harness.start("nudges", Map.of("key", "n-1"));
        harness.passTime(Duration.ofSeconds(5));
        harness.passTime(Duration.ofSeconds(5));
        assertThat(harness.completeAll("nudge", Map.of())).as("two nudges while it waits").isEqualTo(2);
        harness.publish("Done", "n-1", Map.of());
        assertThat(harness.completed(instance)).contains("Wait", "End").endsWith("nudges");
        harness.passTime(Duration.ofSeconds(5));
        assertThat(harness.jobs("nudge")).as("no nudge after the process ended").isEmpty();
    }

    @Test
    void anEventBasedGatewayTakesTheFirstEvent() {
        harness.deploy(Bpmn.createExecutableProcess("race")
                .startEvent("Start").eventBasedGateway("Race")
                .intermediateCatchEvent("Paid").message(m -> m.name("Paid").zeebeCorrelationKeyExpression("key"))
                .endEvent("End_Paid")
                .moveToLastGateway()
                .intermediateCatchEvent("TooLate").timerWithDuration("PT5M").endEvent("End_TooLate")
                .done());
        long paid = harness.start("race", Map.of("key", "r-1"));
        long late = harness.start("race", Map.of("key", "r-2"));
        harness.publish("Paid", "r-1", Map.of());
        harness.passTime(Duration.ofMinutes(5));
        assertThat(harness.completed(paid)).containsExactly("Start", "Race", "Paid", "End_Paid", "race");
        assertThat(harness.completed(late)).containsExactly("Start", "Race", "TooLate", "End_TooLate", "race");
    }

    @Test
    void aTerminateEndEventEndsEverythingElseInItsScope() {
        harness.deploy(Bpmn.createExecutableProcess("terminate")
                .startEvent("Start").parallelGateway("Fork")
                .serviceTask("Long", t -> t.zeebeJobType("never-done")).endEvent("End")
                .moveToNode("Fork").endEvent("Stop", e -> e.terminate())
                .done());
        long instance = harness.start("terminate", Map.of());
        assertThat(harness.completed(instance)).endsWith("Stop", "terminate");
        assertThat(harness.terminated(instance)).containsExactly("Long");
    }

    @Test
    void aModelWithAnElementTheEngineDoesNotRunIsRefusedNamingIt() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("human")
                .startEvent("Start").userTask("Approve").endEvent("End").done();
        assertThatThrownBy(() -> harness.deploy(model))
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("'Approve'").contains("userTask");
                });
    }

    @Test
    void anUnchangedResourceDeploysNoNewVersion() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("same").startEvent("Start").endEvent("End").done();
        long first = harness.deploy(model);
        assertThat(harness.deploy(model)).isEqualTo(first);
        long changed = harness.deploy(Bpmn.createExecutableProcess("same").startEvent("Start").endEvent("Done")
                .done());
        assertThat(changed).isNotEqualTo(first);
    }
}
