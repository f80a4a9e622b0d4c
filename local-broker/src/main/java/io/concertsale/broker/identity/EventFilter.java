package io.concertsale.broker.identity;

import io.cloudevents.CloudEvent;
import io.concertsale.broker.trigger.Trigger;
import java.util.List;

/**
 * A filter of the CloudEvents Subscriptions API dialect, as EventPolicies (and Triggers' {@code spec.filters}) use it:
 * {@code exact}, {@code prefix} and {@code suffix} on one attribute, and {@code all}, {@code any}, {@code not} of
 * other filters. An attribute the event does not have matches no {@code exact}, {@code prefix} or {@code suffix}.
 */
public sealed interface EventFilter {

    boolean matches(CloudEvent event);

    /** The attribute equals the value. */
    record Exact(String attribute, String value) implements EventFilter {
        @Override
        public boolean matches(CloudEvent event) {
            return value.equals(Trigger.attribute(event, attribute));
        }
    }

    /** The attribute starts with the value. */
    record Prefix(String attribute, String value) implements EventFilter {
        @Override
        public boolean matches(CloudEvent event) {
            String actual = Trigger.attribute(event, attribute);
            return actual != null && actual.startsWith(value);
        }
    }

    /** The attribute ends with the value. */
    record Suffix(String attribute, String value) implements EventFilter {
        @Override
        public boolean matches(CloudEvent event) {
            String actual = Trigger.attribute(event, attribute);
            return actual != null && actual.endsWith(value);
        }
    }

    /** Every filter matches (none: true). */
    record All(List<EventFilter> filters) implements EventFilter {
        public All {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean matches(CloudEvent event) {
            for (EventFilter filter : filters) {
                if (!filter.matches(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Some filter matches (none: false). */
    record Any(List<EventFilter> filters) implements EventFilter {
        public Any {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean matches(CloudEvent event) {
            for (EventFilter filter : filters) {
                if (filter.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The filter does not match. */
    record Not(EventFilter filter) implements EventFilter {
        @Override
        public boolean matches(CloudEvent event) {
            return !filter.matches(event);
        }
    }
}
