package io.concertsale.broker.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of deliveries: one per (subject, audience), that is per Trigger and subscriber, issued once and reused
 * until 80% of its lifetime has passed (as the kubelet renews projected tokens), then issued anew.
 */
public final class DeliveryTokens {

    private final TokenIssuer issuer;
    private final Clock clock;
    private final Map<Key, Cached> tokens = new ConcurrentHashMap<>();

    public DeliveryTokens(TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The token a Trigger's delivery to a subscriber of this audience carries. */
    public String forTrigger(String trigger, String audience) {
        return token(issuer.triggerSubject(trigger), audience);
    }

    /** A token for the subject and audience: the one in hand while it is fresh, else a new one. */
    public String token(String subject, String audience) {
        Key key = new Key(subject, audience);
        Instant now = clock.instant();
        Cached cached = tokens.get(key);
        if (cached != null && now.isBefore(cached.renewAt())) {
            return cached.token();
        }
        Duration lifetime = issuer.tokenLifetime();
        String token = issuer.issue(subject, audience, lifetime);
        tokens.put(key, new Cached(token, now.plus(lifetime.multipliedBy(8).dividedBy(10))));
        return token;
    }

    private record Key(String subject, String audience) {
    }

    private record Cached(String token, Instant renewAt) {
    }
}
