package io.concertsale.router.zeebe;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health "zeebe": UP when the engine answers a topology request within the timeout, DOWN otherwise, with the
 * address and the error.
 */
public class ZeebeHealthIndicator implements HealthIndicator {

    private final CamundaClient client;
    private final ZeebeConnection connection;
    private final Duration timeout;

    public ZeebeHealthIndicator(CamundaClient client, ZeebeConnection connection, Duration timeout) {
        this.client = client;
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            Topology topology = client.newTopologyRequest().requestTimeout(timeout).send()
                    .join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up()
                    .withDetail("address", connection.describe())
                    .withDetail("gatewayVersion", String.valueOf(topology.getGatewayVersion()))
                    .withDetail("brokers", topology.getBrokers().size())
                    .withDetail("partitions", topology.getPartitionsCount())
                    .build();
        } catch (RuntimeException e) {
            EngineException failure = EngineFailures.translate(e, "a topology request");
            return Health.down()
                    .withDetail("address", connection.describe())
                    .withDetail("error", failure.getMessage())
                    .build();
        }
    }
}
