package io.concertsale.broker.identity;

import io.cloudevents.CloudEvent;
import java.util.List;

/**
 * A Knative EventPolicy: who ({@code from}) may send which events ({@code filters}) to which resources ({@code to}).
 *
 * @param name the policy's name
 * @param namespace {@code metadata.namespace}, null when the manifest leaves it to kubectl
 * @param to the Brokers it applies to by name; empty: every resource of its namespace
 * @param from the subjects it allows: exact, or a prefix ending in {@code *} (refs resolved to their identity)
 * @param filters what an allowed sender may send: every filter must match (none: anything)
 * @param origin the manifest it came from
 */
public record EventPolicy(String name, String namespace, List<String> to, List<String> from,
        List<EventFilter> filters, String origin) {

    public EventPolicy {
        to = List.copyOf(to);
        from = List.copyOf(from);
        filters = List.copyOf(filters);
    }

    /** Whether it applies to the Broker of this name. */
    public boolean appliesTo(String broker) {
        return to.isEmpty() || to.contains(broker);
    }

    /** Whether a {@code from} entry matches the subject. */
    public boolean allowsSender(String subject) {
        for (String pattern : from) {
            if (matches(pattern, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the event passes every filter. */
    public boolean allowsEvent(CloudEvent event) {
        for (EventFilter filter : filters) {
            if (!filter.matches(event)) {
                return false;
            }
        }
        return true;
    }

    /** Knative's subject pattern: exact, or a prefix when it ends in {@code *}. */
    public static boolean matches(String pattern, String subject) {
        return pattern.endsWith("*") ? subject.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(subject);
    }
}
