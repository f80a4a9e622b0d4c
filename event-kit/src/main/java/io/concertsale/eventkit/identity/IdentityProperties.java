package io.concertsale.eventkit.identity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sender identity on the event plane ({@code sale.events.identity.*}), as Knative Eventing's {@code
 * authentication-oidc} has it: every delivery carries an OIDC token issued for this service's audience, and every
 * event this service sends carries its own token. In a cluster the issuer is the cluster's service-account issuer;
 * locally the local broker issues both kinds of token.
 *
 * @param required whether deliveries need a valid token (true unless set); false only where the event plane has no
 *        sender identity, and then anyone who can reach the ingress can state any fact
 * @param issuer the issuer every delivery's token must name ({@code iss})
 * @param jwksUri where the issuer publishes its public keys (a JWK set)
 * @param audience the audience a delivery's token must be issued for ({@code aud}): the Triggers' {@code
 *        spec.subscriber.audience}; {@code spring.application.name} unless set
 * @param senders the subjects that may deliver ({@code sub}): exact, or a prefix ending in {@code *}; any subject of
 *        the issuer when empty
 * @param tokenFile the file holding this service's own token, sent with every event it posts to the broker
 *        (Knative's SinkBinding mounts it at {@code /oidc/token}; the kubelet or the local launcher renews it)
 * @param jwksBearerTokenFile a token to present when fetching the JWK set (the Kubernetes API server's needs the
 *        pod's service-account token), or none
 * @param jwksCaFile the PEM certificate(s) that sign the JWK set's HTTPS endpoint (the cluster's CA), or the JDK's
 * @param clockSkew how far a token's times may be off this machine's clock
 */
@ConfigurationProperties("sale.events.identity")
public record IdentityProperties(
        @DefaultValue("true") boolean required,
        String issuer,
        URI jwksUri,
        String audience,
        List<String> senders,
        Path tokenFile,
        Path jwksBearerTokenFile,
        Path jwksCaFile,
        @DefaultValue("60s") Duration clockSkew) {

    public IdentityProperties {
        senders = senders == null ? List.of() : List.copyOf(senders);
    }
}
