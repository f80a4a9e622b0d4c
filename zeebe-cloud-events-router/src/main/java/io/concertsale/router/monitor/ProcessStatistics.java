package io.concertsale.router.monitor;

import java.util.Map;

/**
 * Where the process instances are: for every process definition, how many instances are at each element now and how
 * many passed it. Zeebe's gRPC API has no such query (Operate answers it in a cluster), so a source is optional: the
 * local launcher provides one from the records of its embedded engine.
 */
public interface ProcessStatistics {

    /** Element counts by process definition key, then by element id. */
    Map<Long, Map<String, ElementCount>> byProcessDefinition();

    /**
     * @param active instances at the element now (activated, neither completed nor terminated)
     * @param completed how many times the element completed
     * @param terminated how many times it was interrupted (e.g. by an interrupting boundary event)
     */
    record ElementCount(long active, long completed, long terminated) {
    }
}
