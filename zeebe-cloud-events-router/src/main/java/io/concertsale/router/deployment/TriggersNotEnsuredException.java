package io.concertsale.router.deployment;

import io.concertsale.router.trigger.TriggerException;

/**
 * The engine accepted a deployment, but its Triggers could not all be ensured. The deployment stays; sending the
 * same request again is safe (the engine keeps the same version of an unchanged model, Triggers are replaced).
 */
public class TriggersNotEnsuredException extends RuntimeException {

    private final DeploymentRecord deployment;

    public TriggersNotEnsuredException(DeploymentRecord deployment, TriggerException cause) {
        super("Deployment " + deployment.deploymentKey() + " was accepted by the engine, but its Triggers were not"
                + " all ensured: " + cause.getMessage(), cause);
        this.deployment = deployment;
    }

    /** The deployment, with the Triggers ensured before the failure. */
    public DeploymentRecord deployment() {
        return deployment;
    }
}
