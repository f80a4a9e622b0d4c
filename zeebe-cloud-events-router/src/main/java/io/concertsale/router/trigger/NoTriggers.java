package io.concertsale.router.trigger;

import java.util.Collection;
import java.util.List;

/** Mode {@code none}: Triggers are managed elsewhere (applied by hand or by a chart). */
public final class NoTriggers implements TriggerManager {

    @Override
    public List<String> ensure(Collection<String> messageNames, boolean replies) {
        return List.of();
    }

    @Override
    public String describe() {
        return "none (Triggers are managed elsewhere)";
    }
}
