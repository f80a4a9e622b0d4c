package io.concertsale.gateway.backoffice.process;

import tools.jackson.databind.JsonNode;

/**
 * The process models the Zeebe CloudEvents router offers and has deployed, for the backoffice's "deploy model
 * version". The router owns them; the gateway only relays, so the browser never talks to the router itself.
 */
public interface ProcessModels {

    /** Whether a router is configured at all. */
    boolean configured();

    /** The bundled models ({@code name}, {@code messages} ...) the router can deploy. */
    JsonNode models();

    /** The deployments the router made, newest first. */
    JsonNode deployments();

    /**
     * Where the process instances are: per process definition deployed through the router and per element, how
     * many instances are there now and how many passed ({@code available} false when the engine gives no numbers).
     */
    JsonNode statistics();

    /**
     * Deploys a bundled model by name (e.g. {@code tickets-v2}) and lets the broker route its messages to the router.
     *
     * @return the router's account of the deployment: processes, versions, messages and Triggers
     * @throws ProcessDeploymentRejectedException when the router refuses the deployment (unknown model, invalid)
     * @throws ProcessModelsUnavailableException when there is no router or it cannot be reached
     */
    JsonNode deploy(String model);
}
