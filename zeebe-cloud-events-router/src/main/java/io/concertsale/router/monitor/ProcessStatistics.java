package io.concertsale.router.monitor;

import java.util.List;
import java.util.Map;

/**
 * Where the process instances are: every process definition the engine knows (whoever deployed it) and, per element,
 * how many instances are there now and how many passed. Zeebe's gRPC API has no such query (Operate answers it in a
 * cluster), so a source is optional: the local launcher provides one from the records of its embedded engine.
 */
public interface ProcessStatistics {

    /** The definitions, in any order. */
    List<Definition> definitions();

    /**
     * A process definition and its counts.
     *
     * @param resourceName the name it was deployed under
     * @param resource the BPMN XML it was deployed from (element names come from it), or null when unknown
     * @param counts by element id; elements no instance reached are missing
     */
    record Definition(long processDefinitionKey, String bpmnProcessId, int version, String resourceName,
            byte[] resource, Map<String, ElementCount> counts) {

        public Definition {
            counts = Map.copyOf(counts);
        }
    }

    /**
     * @param active instances at the element now (activated, neither completed nor terminated)
     * @param completed how many times the element completed
     * @param terminated how many times it was interrupted (e.g. by an interrupting boundary event)
     * @param incidents the incidents open at the element now
     * @param incidentMessages what the open incidents say, each message once, at most {@link #MESSAGES}
     */
    record ElementCount(long active, long completed, long terminated, long incidents, List<String> incidentMessages) {

        /** How many different incident messages an element count carries. */
        public static final int MESSAGES = 5;

        public ElementCount {
            incidentMessages = List.copyOf(incidentMessages);
        }

        public ElementCount(long active, long completed, long terminated) {
            this(active, completed, terminated, 0, List.of());
        }
    }
}
