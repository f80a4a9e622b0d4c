package io.concertsale.launcher;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import io.concertsale.router.monitor.ProcessStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's process monitor numbers, counted from the embedded engine's records (the test engine keeps its whole
 * log in memory): every process definition created, whoever deployed it, and per element its activations,
 * completions and terminations. Each call reads only the records written since the last one.
 */
final class EngineStatistics implements ProcessStatistics {

    private record Known(Process process, Map<String, long[]> counts) {
    }

    private final ZeebeTestEngine engine;
    private final Map<Long, Known> definitions = new LinkedHashMap<>();
    private long lastPosition = -1;

    EngineStatistics(ZeebeTestEngine engine) {
        this.engine = engine;
    }

    @Override
    public synchronized List<Definition> definitions() {
        for (Record<?> record : engine.getRecordStreamSource().getRecords()) {
            if (record.getPosition() <= lastPosition) {
                continue;
            }
            lastPosition = record.getPosition();
            if (record.getRecordType() != RecordType.EVENT) {
                continue;
            }
            if (record.getIntent() == ProcessIntent.CREATED && record.getValue() instanceof Process process) {
                definitions.putIfAbsent(process.getProcessDefinitionKey(), new Known(process, new HashMap<>()));
            } else if (record.getValue() instanceof ProcessInstanceRecordValue value
                    && value.getBpmnElementType() != BpmnElementType.PROCESS
                    && record.getIntent() instanceof ProcessInstanceIntent intent) {
                count(value, intent);
            }
        }
        List<Definition> result = new ArrayList<>();
        definitions.forEach((key, known) -> {
            Map<String, ElementCount> counts = new HashMap<>();
            known.counts().forEach((element, c) -> counts.put(element,
                    new ElementCount(Math.max(0, c[0] - c[1] - c[2]), c[1], c[2])));
            Process process = known.process();
            result.add(new Definition(key, process.getBpmnProcessId(), process.getVersion(),
                    process.getResourceName(), process.getResource(), counts));
        });
        return result;
    }

    private void count(ProcessInstanceRecordValue value, ProcessInstanceIntent intent) {
        int slot = switch (intent) {
            case ELEMENT_ACTIVATED -> 0;
            case ELEMENT_COMPLETED -> 1;
            case ELEMENT_TERMINATED -> 2;
            default -> -1;
        };
        if (slot < 0) {
            return;
        }
        // the engine writes a definition's CREATED record before any instance of it
        Known known = definitions.get(value.getProcessDefinitionKey());
        if (known != null) {
            known.counts().computeIfAbsent(value.getElementId(), id -> new long[3])[slot]++;
        }
    }
}
