package io.concertsale.router.trigger;

import io.fabric8.knative.eventing.v1.Trigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The Triggers to ensure for a set of message names, in a stable order: the message Triggers, then the replies'. */
final class Manifests {

    private Manifests() {
    }

    static List<Trigger> of(TriggerManifests manifests, Collection<String> messageNames, boolean replies) {
        List<Trigger> triggers = new ArrayList<>();
        for (String type : new TreeSet<>(messageNames)) {
            triggers.add(manifests.forMessage(type));
        }
        if (replies) {
            triggers.add(manifests.forReplies());
        }
        return triggers;
    }
}
