package io.concertsale.launcher;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.concertsale.router.monitor.ProcessStatistics;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in process monitor's numbers, counted from the embedded engine's records (the engine keeps every record
 * of its log in memory): per process definition and element, activations, completions and terminations. Each call
 * counts only the records written since the last one.
 */
final class EngineStatistics implements ProcessStatistics {

    private final ZeebeTestEngine engine;
    private final Map<Long, Map<String, long[]>> counts = new HashMap<>();
    private long lastPosition = -1;

    EngineStatistics(ZeebeTestEngine engine) {
        this.engine = engine;
    }

    @Override
    public synchronized Map<Long, Map<String, ElementCount>> byProcessDefinition() {
        for (Record<?> record : engine.getRecordStreamSource().getRecords()) {
            if (record.getPosition() <= lastPosition) {
                continue;
            }
            lastPosition = record.getPosition();
            if (record.getRecordType() == RecordType.EVENT && record.getValueType() == ValueType.PROCESS_INSTANCE
                    && record.getValue() instanceof ProcessInstanceRecordValue value
                    && value.getBpmnElementType() != BpmnElementType.PROCESS
                    && record.getIntent() instanceof ProcessInstanceIntent intent) {
                int slot = switch (intent) {
                    case ELEMENT_ACTIVATED -> 0;
                    case ELEMENT_COMPLETED -> 1;
                    case ELEMENT_TERMINATED -> 2;
                    default -> -1;
                };
                if (slot >= 0) {
                    counts.computeIfAbsent(value.getProcessDefinitionKey(), key -> new HashMap<>())
                            .computeIfAbsent(value.getElementId(), id -> new long[3])[slot]++;
                }
            }
        }
        Map<Long, Map<String, ElementCount>> result = new HashMap<>();
        counts.forEach((definition, elements) -> {
            Map<String, ElementCount> byElement = new HashMap<>();
            elements.forEach((element, c) -> byElement.put(element,
                    new ElementCount(Math.max(0, c[0] - c[1] - c[2]), c[1], c[2])));
            result.put(definition, Map.copyOf(byElement));
        });
        return Map.copyOf(result);
    }
}
