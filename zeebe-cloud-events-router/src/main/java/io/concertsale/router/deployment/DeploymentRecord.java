package io.concertsale.router.deployment;

import java.time.Instant;
import java.util.List;

/**
 * A deployment made through the router.
 *
 * @param deploymentKey the engine's key of the deployment
 * @param deployedAt when the engine accepted it
 * @param model the bundled model's name, null for an upload
 * @param resources the resource names deployed
 * @param processes the process definitions the engine made
 * @param messages the message names the deployed models wait for, sorted
 * @param triggers the Triggers ensured for them
 */
public record DeploymentRecord(long deploymentKey, Instant deployedAt, String model, List<String> resources,
        List<DeployedProcess> processes, List<String> messages, List<String> triggers) {

    public DeploymentRecord {
        resources = List.copyOf(resources);
        processes = List.copyOf(processes);
        messages = List.copyOf(messages);
        triggers = List.copyOf(triggers);
    }

    /**
     * A process definition of a deployment.
     *
     * @param elements its flow nodes in document order (what the process monitor counts instances at)
     */
    public record DeployedProcess(String bpmnProcessId, int version, long processDefinitionKey, String resourceName,
            List<ModelInfo.FlowElement> elements) {

        public DeployedProcess {
            elements = List.copyOf(elements);
        }
    }

    DeploymentRecord withTriggers(List<String> names) {
        return new DeploymentRecord(deploymentKey, deployedAt, model, resources, processes, messages, names);
    }
}
