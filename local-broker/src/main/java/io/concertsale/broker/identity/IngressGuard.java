package io.concertsale.broker.identity;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.config.BrokerProperties.AuthorizationMode;
import io.concertsale.eventkit.http.CloudEventServlet.ProblemException;
import io.concertsale.eventkit.identity.SenderVerifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may send what to the broker's ingress, as Knative's broker ingress decides it with {@code authentication-oidc}
 * and EventPolicies: the sender's token must verify (a {@link SenderVerifier} of the broker's own tokens, {@link
 * TokenIssuer#ingressDecoder}), else 401; then, once any EventPolicy applies to the broker, some applying policy must
 * name the sender in {@code from} and let the event pass its {@code filters}, else 403; when none applies, the
 * default authorization mode decides.
 */
public final class IngressGuard {

    static final String CHALLENGE = "Bearer";
    private static final int REMEMBERED_SENDERS = 10_000;

    private final SenderVerifier verifier;
    private final List<EventPolicy> policies;
    private final AuthorizationMode defaultMode;
    private final String namespacePrefix;
    /** The applying policies that name each sender seen so far (the policies never change while the broker runs). */
    private final Map<String, List<EventPolicy>> bySender = new ConcurrentHashMap<>();

    /**
     * @param verifier checks the sender's token; it takes any subject (the policies decide who may send what)
     * @param policies every EventPolicy read; those of another namespace or for other brokers are left out here
     * @param broker the broker's name
     * @param namespace the namespace of the broker (and of policies without one)
     */
    public IngressGuard(SenderVerifier verifier, List<EventPolicy> policies, String broker, String namespace,
            AuthorizationMode defaultMode) {
        this.verifier = verifier;
        this.policies = policies.stream()
                .filter(policy -> policy.namespace() == null || policy.namespace().equals(namespace))
                .filter(policy -> policy.appliesTo(broker))
                .toList();
        this.defaultMode = defaultMode;
        this.namespacePrefix = ServiceAccounts.namespacePrefix(namespace);
    }

    /** The EventPolicies that apply to the broker. */
    public List<EventPolicy> policies() {
        return policies;
    }

    /**
     * The sender of a request.
     *
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @throws ProblemException 401 {@code unauthorized} without a valid bearer token (with its {@code
     *         WWW-Authenticate} challenge)
     */
    public String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The broker takes events from"
                    + " authenticated senders only: send an OIDC token (Authorization: Bearer) issued for its audience",
                    0, CHALLENGE, null);
        }
        return verifier.verify(authorization);
    }

    /**
     * Checks that the sender may send this event.
     *
     * @throws ProblemException 403 {@code forbidden} when it may not
     */
    public void authorize(String sender, CloudEvent event) {
        if (!allowed(sender, event)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "The sender " + sender
                    + " may not send events of type " + event.getType() + " to this broker"
                    + (policies.isEmpty() ? " (default authorization mode " + mode() + ")"
                            : " (no EventPolicy allows it)"), 0, null);
        }
    }

    /** Whether the sender may send the event. */
    public boolean allowed(String sender, CloudEvent event) {
        if (policies.isEmpty()) {
            return switch (defaultMode) {
                case ALLOW_ALL -> true;
                case DENY_ALL -> false;
                case ALLOW_SAME_NAMESPACE -> sender.startsWith(namespacePrefix);
            };
        }
        for (EventPolicy policy : naming(sender)) {
            if (policy.allowsEvent(event)) {
                return true;
            }
        }
        return false;
    }

    private List<EventPolicy> naming(String sender) {
        List<EventPolicy> known = bySender.get(sender);
        if (known != null) {
            return known;
        }
        List<EventPolicy> naming = policies.stream().filter(policy -> policy.allowsSender(sender)).toList();
        if (bySender.size() >= REMEMBERED_SENDERS) {
            bySender.clear();
        }
        bySender.put(sender, naming);
        return naming;
    }

    private String mode() {
        return defaultMode.name().toLowerCase().replace('_', '-');
    }
}
