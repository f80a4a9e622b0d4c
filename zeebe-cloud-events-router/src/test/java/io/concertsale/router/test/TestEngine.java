package io.concertsale.router.test;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Job;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.Variable;
import io.concertsale.bpmn.ConformanceTarget;
import io.concertsale.engine.EngineOptions;
import io.concertsale.engine.LocalEngine;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The engine the router's tests run against: the local engine (module {@code local-engine}) in memory on free ports,
 * or a real Camunda 8 when the environment names one ({@link ConformanceTarget}: {@code ZEEBE_ADDRESS} and
 * credentials). The tests look at it only as any client of Camunda 8 does, through Camunda's search API with
 * {@code camunda-client-java}, so a difference from Zeebe fails a test.
 */
public final class TestEngine implements AutoCloseable {

    /**
     * A job whose timeout the router extended to wait for its reply ({@code router.worker.reply-timeout}, 1 h): its
     * deadline lies far beyond the activation timeout ({@code router.worker.timeout}, 30 s).
     */
    public static final Predicate<Job> WAITS_FOR_REPLY = job -> job.getDeadline() != null
            && job.getDeadline().isAfter(OffsetDateTime.now().plusMinutes(10));

    private final LocalEngine local;
    private final ConformanceTarget target;
    private final CamundaClient client;

    private TestEngine(LocalEngine local, ConformanceTarget target, CamundaClient client) {
        this.local = local;
        this.target = target;
        this.client = client;
    }

    public static TestEngine start() {
        ConformanceTarget target = ConformanceTarget.fromEnvironment(System.getenv());
        if (target != null) {
            return new TestEngine(null, target, target.client());
        }
        LocalEngine local = LocalEngine.start(EngineOptions.inMemory().withRestPort(0).withSearchHistory(10_000));
        CamundaClient client = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(local.grpcAddress())
                .restAddress(local.restAddress().orElseThrow()).preferRestOverGrpc(false).build();
        return new TestEngine(local, null, client);
    }

    public URI grpcAddress() {
        return local != null ? local.grpcAddress() : target.grpcAddress();
    }

    /** The router's settings that point it at this engine: its addresses and, for a Camunda 8 with OAuth, those. */
    public Map<String, String> routerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("router.zeebe.grpc-address", grpcAddress().toString());
        properties.put("router.zeebe.rest-address", (local != null ? local.restAddress().orElseThrow()
                : target.restAddress()).toString());
        if (target != null) {
            Map<String, String> oauth = target.oauth();
            Map.of("ZEEBE_CLIENT_ID", "router.zeebe.client-id", "ZEEBE_CLIENT_SECRET", "router.zeebe.client-secret",
                    "ZEEBE_AUTHORIZATION_SERVER_URL", "router.zeebe.authorization-server-url",
                    "ZEEBE_TOKEN_AUDIENCE", "router.zeebe.audience").forEach((variable, property) -> {
                        if (oauth.containsKey(variable)) {
                            properties.put(property, oauth.get(variable));
                        }
                    });
        }
        return properties;
    }

    /** Whether a definition of the process is deployed. */
    public boolean deployed(String bpmnProcessId) {
        return !client.newProcessDefinitionSearchRequest()
                .filter(filter -> filter.processDefinitionId(bpmnProcessId)).send().join().items().isEmpty();
    }

    /** The keys of the instances of a process, in the order they started. */
    public List<Long> instances(String bpmnProcessId) {
        return client.newProcessInstanceSearchRequest().filter(filter -> filter.processDefinitionId(bpmnProcessId))
                .sort(sort -> sort.processInstanceKey().asc()).send().join().items().stream()
                .map(ProcessInstance::getProcessInstanceKey).toList();
    }

    /** Waits for the first instance of the process. */
    public long awaitInstance(String bpmnProcessId) {
        return Waiting.until(() -> instances(bpmnProcessId).stream().findFirst().orElse(null),
                "an instance of " + bpmnProcessId);
    }

    /** Whether the element of the instance has completed. */
    public boolean completed(long processInstanceKey, String elementId) {
        return client.newElementInstanceSearchRequest().filter(filter -> filter.processInstanceKey(processInstanceKey)
                        .elementId(elementId).state(ElementInstanceState.COMPLETED)).send().join().items().stream()
                .map(ElementInstance::getElementId).anyMatch(elementId::equals);
    }

    public void awaitCompleted(long processInstanceKey, String elementId) {
        Waiting.until(() -> completed(processInstanceKey, elementId),
                elementId + " completed in instance " + processInstanceKey);
    }

    /** The jobs of the element of the instance, in the order they were created. */
    public List<Job> jobs(long processInstanceKey, String elementId) {
        return client.newJobSearchRequest().filter(filter -> filter.processInstanceKey(processInstanceKey)
                        .elementId(elementId)).sort(sort -> sort.jobKey().asc()).send().join().items().stream()
                .filter(job -> elementId.equals(job.getElementId())).toList();
    }

    /** The latest job of the element of the instance, if it has one. */
    public Optional<Job> job(long processInstanceKey, String elementId) {
        List<Job> jobs = jobs(processInstanceKey, elementId);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.getLast());
    }

    /** Waits until the element's latest job is as described. */
    public Job awaitJob(long processInstanceKey, String elementId, Predicate<Job> condition, String what) {
        return Waiting.until(() -> job(processInstanceKey, elementId).filter(condition).orElse(null),
                "the job of " + elementId + " in instance " + processInstanceKey + ": " + what);
    }

    /** The first incident raised in the instance, if any. */
    public Optional<Incident> incident(long processInstanceKey) {
        return client.newIncidentSearchRequest().filter(filter -> filter.processInstanceKey(processInstanceKey))
                .send().join().items().stream().min(Comparator.comparing(Incident::getIncidentKey));
    }

    public Incident awaitIncident(long processInstanceKey) {
        return Waiting.until(() -> incident(processInstanceKey).orElse(null), "an incident in " + processInstanceKey);
    }

    /** The value (JSON) of a variable of the instance, if set: that of the instance's own scope first. */
    public Optional<String> variable(long processInstanceKey, String name) {
        return client.newVariableSearchRequest().filter(filter -> filter.processInstanceKey(processInstanceKey)
                        .name(name)).send().join().items().stream()
                .filter(variable -> name.equals(variable.getName()))
                .min(Comparator.comparing((Variable variable) -> variable.getScopeKey() != processInstanceKey)
                        .thenComparing(Variable::getVariableKey))
                .map(Variable::getValue);
    }

    @Override
    public void close() {
        client.close();
        if (local != null) {
            local.close();
        }
    }
}
