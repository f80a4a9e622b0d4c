package io.concertsale.router.deployment;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import io.concertsale.router.metrics.RouterMetrics;
import io.concertsale.router.trigger.TriggerException;
import io.concertsale.router.trigger.TriggerManager;
import io.concertsale.router.zeebe.EngineException;
import io.concertsale.router.zeebe.EngineFailures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys models: checks every resource first (nothing is deployed when one is invalid), deploys them together,
 * then ensures a Trigger for every message name they wait for (and the replies Trigger when a task waits for a
 * reply), and remembers the deployment.
 */
public class Deployments {

    private static final Logger log = LoggerFactory.getLogger(Deployments.class);

    /**
     * A resource to deploy.
     *
     * @param name the resource name, ending in {@code .bpmn} or {@code .xml}
     */
    public record Resource(String name, byte[] xml) {

        public Resource {
            Objects.requireNonNull(name, "name");
            xml = xml.clone();
        }

        @Override
        public byte[] xml() {
            return xml.clone();
        }
    }

    private final CamundaClient client;
    private final BpmnModels bpmn;
    private final BundledModels bundled;
    private final TriggerManager triggers;
    private final DeploymentHistory history;
    private final RouterMetrics metrics;
    private final Clock clock;

    public Deployments(CamundaClient client, BpmnModels bpmn, BundledModels bundled, TriggerManager triggers,
            DeploymentHistory history, RouterMetrics metrics, Clock clock) {
        this.client = client;
        this.bpmn = bpmn;
        this.bundled = bundled;
        this.triggers = triggers;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Deploys a bundled model.
     *
     * @throws UnknownModelException when no bundled model has the name
     */
    public DeploymentRecord deployBundled(String name) {
        BundledModel model = bundled.find(name).orElseThrow(() -> new UnknownModelException(name));
        return deploy(name, List.of(new Resource(model.info().resource(), model.xml())));
    }

    /** Deploys uploaded resources. */
    public DeploymentRecord deployUploaded(List<Resource> resources) {
        return deploy(null, resources);
    }

    /**
     * @throws InvalidModelException when a resource is invalid or the engine rejects the deployment
     * @throws EngineException when the engine is not available
     * @throws TriggersNotEnsuredException when the engine accepted it but a Trigger could not be ensured
     */
    private DeploymentRecord deploy(String model, List<Resource> resources) {
        if (resources.isEmpty()) {
            throw new InvalidModelException("Nothing to deploy: send at least one BPMN resource", null);
        }
        List<ModelInfo> infos = new ArrayList<>();
        for (Resource resource : resources) {
            String lower = resource.name().toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".bpmn") && !lower.endsWith(".xml")) {
                throw new InvalidModelException("The resource name '" + resource.name() + "' must end in .bpmn", null);
            }
            infos.add(bpmn.inspect(resource.name(), resource.xml()));
        }
        DeploymentEvent event = send(resources);
        SortedSet<String> messages = new TreeSet<>();
        boolean replies = false;
        for (ModelInfo info : infos) {
            messages.addAll(info.messages());
            replies |= info.waitsForReplies();
        }
        DeploymentRecord record = new DeploymentRecord(event.getKey(), clock.instant(), model,
                resources.stream().map(Resource::name).toList(),
                event.getProcesses().stream().map(process -> new DeploymentRecord.DeployedProcess(
                        process.getBpmnProcessId(), process.getVersion(), process.getProcessDefinitionKey(),
                        process.getResourceName(), elementsOf(infos, process.getResourceName(),
                                process.getBpmnProcessId()))).toList(),
                List.copyOf(messages), List.of());
        metrics.deployed();
        log.info("Deployed {} as deployment {}: processes {}, waiting for {}", record.resources(),
                record.deploymentKey(), record.processes().stream().map(process -> process.bpmnProcessId()
                        + " version " + process.version() + " (key " + process.processDefinitionKey() + ")").toList(),
                record.messages());
        try {
            record = record.withTriggers(triggers.ensure(messages, replies));
        } catch (TriggerException e) {
            DeploymentRecord partial = record.withTriggers(e.ensured());
            history.add(partial);
            log.error("Deployment {} was accepted but its Triggers were not all ensured ({}): {}",
                    record.deploymentKey(), triggers.describe(), e.getMessage());
            throw new TriggersNotEnsuredException(partial, e);
        }
        history.add(record);
        return record;
    }

    private static List<ModelInfo.FlowElement> elementsOf(List<ModelInfo> infos, String resource, String processId) {
        return infos.stream().filter(info -> info.resource().equals(resource)).findFirst()
                .map(info -> info.elementsOf(processId)).orElse(List.of());
    }

    private DeploymentEvent send(List<Resource> resources) {
        DeployResourceCommandStep1 command = client.newDeployResourceCommand();
        DeployResourceCommandStep1.DeployResourceCommandStep2 step = null;
        for (Resource resource : resources) {
            step = (step == null ? command : step).addResourceBytes(resource.xml(), resource.name());
        }
        try {
            return step.send().join();
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, "deploying " + resources.stream()
                    .map(Resource::name).toList());
            if (failure.kind() == EngineException.Kind.REJECTED) {
                throw new InvalidModelException(failure.getMessage(), failure);
            }
            throw failure;
        }
    }
}
