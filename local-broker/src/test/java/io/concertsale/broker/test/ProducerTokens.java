package io.concertsale.broker.test;

import io.concertsale.broker.identity.TokenIssuer;

/**
 * The {@code Authorization} a producer posts to the broker's ingress with, from the broker's own issuer: as the local
 * launcher mints each service's token. {@value #TEST_PRODUCER} is the tests' producer, whose EventPolicy (in
 * {@code test-triggers/400-test-event-policies.yaml}) lets it send any type.
 */
public final class ProducerTokens {

    /** The SinkBinding of the tests' producer. */
    public static final String TEST_PRODUCER = "test-producer";

    private ProducerTokens() {
    }

    /** {@code Bearer <token>} of the tests' producer. */
    public static String bearer(TokenIssuer issuer) {
        return bearer(issuer, TEST_PRODUCER);
    }

    /** {@code Bearer <token>} of the producer with this SinkBinding, for the broker's audience. */
    public static String bearer(TokenIssuer issuer, String sinkBinding) {
        return "Bearer " + issuer.issue(issuer.producerSubject(sinkBinding), issuer.brokerAudience());
    }
}
